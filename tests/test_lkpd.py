"""The worksheet as an Indonesian LKPD and an answer key nobody can mistake for it."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest

from pipeline.lesson.loader import load_lesson
from pipeline.questions.sections import ORDER

from . import pdftext
from .conftest import ROOT, render

LESSONS = sorted((ROOT / "lessons").glob("*.yaml"))
TITLES = {"choice": "Pilihan Ganda", "multi_choice": "Pilihan Ganda Kompleks",
          "true_false": "Benar atau Salah", "fill": "Isian", "matching": "Menjodohkan",
          "ordering": "Mengurutkan", "essay": "Uraian"}


def largest_words(data: bytes, page: int = 0) -> str:
    """The words set in the largest type on a page."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        chars = pdf.pages[page].chars
        size = max(c["size"] for c in chars)
        return "".join(c["text"] for c in chars if abs(c["size"] - size) < 0.01).strip()


@pytest.fixture(scope="module")
def seed():
    lesson, _ = load_lesson(ROOT / "lessons" / "kerja-sama.yaml", ROOT)
    out = {}
    for variant in (None, "A", "B", "C"):
        out[variant] = (render("worksheet", lesson, ROOT, variant=variant),
                        render("answer-key", lesson, ROOT, variant=variant))
    return lesson, out


@pytest.mark.parametrize("variant", [None, "B"])
def test_key_title_is_the_largest_text_and_the_worksheet_has_none(seed, variant):
    _, out = seed
    worksheet, key = out[variant]
    assert largest_words(key).replace(" ", "") == "KUNCIJAWABAN"
    assert "KUNCI" not in pdftext.text(worksheet)
    with pdfplumber.open(io.BytesIO(key)) as pdf:
        for page in pdf.pages:
            assert "KUNCI JAWABAN · UNTUK GURU" in page.extract_text()
    if variant:
        first = pdftext.page_texts(key)[0]
        assert re.search(r"PAKET\s+B", first)


@pytest.mark.parametrize("variant", [None, "A", "B", "C"])
def test_sections_in_order_with_running_numbers(seed, variant):
    lesson, out = seed
    text = pdftext.text(out[variant][0])
    kinds = {q.SECTION for q in lesson.worksheet.questions}
    expected = [TITLES[s] for s in ORDER if s in kinds]
    names = sorted(TITLES.values(), key=len, reverse=True)
    found = re.findall(r"\b([A-G])\. (" + "|".join(map(re.escape, names)) + r")\b", text)
    assert [title for _, title in found] == expected
    assert [letter for letter, _ in found] == list("ABCDEFG"[:len(expected)])
    at = text.index(expected[0])
    for number in range(1, len(lesson.worksheet.questions) + 1):    # numbering runs on
        match = re.compile(rf"(?<![\d.]){number}\. ").search(text, at)
        assert match, number
        at = match.end()


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_scoring_guide_adds_up_to_the_worksheet_total(path):
    lesson, _ = load_lesson(path, ROOT)
    key = pdftext.text(render("answer-key", lesson, ROOT))
    total = lesson.worksheet.total_points
    guide = key.split("Pedoman Penskoran", 1)[1]
    rows = re.findall(r"[A-G]\. [A-Za-z ]+? (\d+) (\d+(?:\.\d+)?)", guide.split("Jumlah skor")[0])
    assert sum(float(points) for _, points in rows) == pytest.approx(total)
    assert sum(int(count) for count, _ in rows) == len(lesson.worksheet.questions)
    assert f"Nilai = (jumlah skor yang diperoleh : {total:g}) × 100" in guide


BOLD_AND_HYPHENS = ("**Kerja sama** adalah usaha bersama antara orang perorangan atau kelompok "
                    "manusia untuk mencapai satu atau beberapa tujuan bersama. **Interaksi "
                    "sosial** asosiatif mengarah pada kesatuan dan hubungan yang positif, "
                    "sedangkan **persaingan** dan pertentangan termasuk interaksi disosiatif. ")


def test_hyphenated_justified_text_has_no_rivers_after_bold(tmp_path):
    """Justified lines stretch their spaces; a line broken too early shows as a huge gap."""
    from .conftest import MINIMAL

    path = tmp_path / "tanda.yaml"
    path.write_text(MINIMAL.replace("body: Kerja sama adalah usaha bersama.",
                                    f'body: "{BOLD_AND_HYPHENS * 6}"'))
    lesson, _ = load_lesson(path, tmp_path)
    data = render("handout", lesson, tmp_path)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        raw = pdf.pages[0].extract_text()
        assert re.search(r"\w[‐-]\n", raw), "hyphenation is on: some line ends in a hyphen"
        words = pdf.pages[0].extract_words(keep_blank_chars=False, use_text_flow=True)
        lines: dict[int, list] = {}
        for w in words:
            if w["top"] > 250:                          # the section body, below the header
                lines.setdefault(round(w["top"]), []).append(w)
        gaps = []
        for row in list(lines.values())[:-1]:           # the last line is not justified
            row.sort(key=lambda w: w["x0"])
            gaps += [b["x0"] - a["x1"] for a, b in zip(row, row[1:], strict=False)]
        assert gaps and max(gaps) < 3.2 * sorted(gaps)[len(gaps) // 2], max(gaps)


def _every_type(tmp_path_factory):
    from .test_export import EVERY_TYPE

    folder = tmp_path_factory.mktemp("glyphs")
    (folder / "semua.yaml").write_text(EVERY_TYPE.replace(
        "Pilih satu: ", "Pilih satu https://example.org/" + "sangat-panjang-" * 12 + " "))
    return load_lesson(folder / "semua.yaml", folder)[0], folder


@pytest.mark.parametrize("name", [p.stem for p in LESSONS] + ["every-type"])
def test_no_glyph_leaves_the_text_area(name, tmp_path_factory):
    """Long URLs and words wrap, and nothing overflows a page: every glyph lies between the
    margins, and body text (larger than the running header and footer) between the top and
    bottom margins."""
    if name == "every-type":
        lesson, project = _every_type(tmp_path_factory)
    else:
        lesson, project = load_lesson(ROOT / "lessons" / f"{name}.yaml", ROOT)[0], ROOT
    mm = 72 / 25.4
    for output in ("handout", "worksheet", "answer-key"):
        with pdfplumber.open(io.BytesIO(render(output, lesson, project))) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                left, right = 20 * mm - 1, page.width - 18 * mm + 1
                top, bottom = 22 * mm - 1, page.height - 20 * mm + 1
                outside = [c["text"] for c in page.chars if c["x0"] < left or c["x1"] > right
                           or (c["size"] > 9.2 and (c["top"] < top or c["bottom"] > bottom))]
                assert not outside, (output, number, "".join(outside)[:60])


def test_worksheet_answer_lines_tighten_to_save_a_nearly_empty_last_page():
    from pipeline.printed.document import SPARE_LAST_PAGE, last_page_fill, layout
    from pipeline.printed.worksheet import presented, title
    from pipeline.questions.arrange import sections
    from pipeline.render.context import RenderContext

    lesson, _ = load_lesson(ROOT / "lessons" / "aliansi.yaml", ROOT)
    ctx = RenderContext(lesson, ROOT)
    roomy = layout(ctx, "print/worksheet.html", line_mm=8.5, variant=None,
                   worksheet_title=title(ctx), presented=presented(ctx), sections=sections)
    assert last_page_fill(roomy) < SPARE_LAST_PAGE
    built = render("worksheet", lesson, ROOT)
    assert len(pdfplumber.open(io.BytesIO(built)).pages) == len(roomy.pages) - 1
    assert pdftext.text(built).count("1.") >= 1
