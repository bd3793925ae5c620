"""Worksheets and answer keys read back from the PDFs, for every type and variants A-C.

The key's letters are checked against the letters printed next to the right text on
the student's sheet of the same variant, so a shuffle bug cannot hide.
"""

from __future__ import annotations

import re

import pytest

from pipeline.lesson.loader import load_lesson
from pipeline.lesson.model import Lesson
from pipeline.questions import Question
from pipeline.questions.arrange import arrange

from . import pdftext
from .conftest import MINIMAL, ROOT, render

LESSONS = sorted((ROOT / "lessons").glob("*.yaml"))
SEED = ROOT / "lessons" / "aliansi.yaml"


def prompt_key(q: Question) -> str:
    """The start of a prompt as printed on the worksheet (blanks print as empty lines)."""
    text = pdftext.fold(pdftext.plain_md(re.sub(r"\[\[.*?\]\]", " ", q.prompt)))
    return text[:30]


def segments(lesson: Lesson, text: str) -> list[tuple[Question, str]]:
    """Questions in printed order, each with the worksheet text from its prompt onwards."""
    found = sorted((text.find(prompt_key(q)), q.id, q) for q in lesson.worksheet.questions)
    missing = [q.id for pos, _, q in found if pos < 0]
    assert not missing, missing
    bounds = [pos for pos, _, _ in found] + [len(text)]
    return [(q, text[bounds[i]:bounds[i + 1]]) for i, (_, _, q) in enumerate(found)]


def grid(text: str, count: int) -> dict[int, str]:
    """The answer grid at the top of the key: number -> answer text."""
    region = text.split("Ringkasan Jawaban", 1)[1]
    cells: dict[int, str] = {}
    tokens = re.split(r"(?<!\S)(\d{1,2}) (?=\S)", region)
    for i in range(1, len(tokens) - 1, 2):
        n = int(tokens[i])
        if n == len(cells) + 1 and n <= count:
            cells[n] = tokens[i + 1].strip()
    return cells


def letter_before(segment: str, value: str, sep: str = "", words: int = 0) -> str:
    """The letter printed right before ``value`` in a question's worksheet text.

    ``words`` limits the match to the value's first words, for two-column blocks whose
    wrapped lines interleave in reading order.
    """
    shown = pdftext.fold(value)
    if words:
        shown = " ".join(shown.split()[:words])
    match = re.search(rf"(?<!\w)([A-F]){re.escape(sep)}\s*{re.escape(shown)}", segment)
    assert match, f"{value!r} not found in {segment!r}"
    return match.group(1)


@pytest.fixture(scope="module")
def seed_variants() -> dict[str, tuple[Lesson, str, str]]:
    lesson, _ = load_lesson(SEED, ROOT)
    out = {}
    for v in ("A", "B", "C"):
        out[v] = (lesson, pdftext.reading_text(render("worksheet", lesson, ROOT, variant=v)),
                  pdftext.text(render("answer-key", lesson, ROOT, variant=v)))
    return out


@pytest.mark.parametrize("variant", ["A", "B", "C"])
def test_key_matches_what_the_student_sees(seed_variants, variant):
    lesson, ws_text, key_text = seed_variants[variant]
    order = segments(lesson, ws_text)
    answers = grid(key_text, len(order))
    assert len(answers) == len(order)
    kinds = set()
    for n, (q, seg) in enumerate(order, 1):
        kinds.add(q.kind)
        got = answers[n]
        if q.kind == "multiple_choice":
            assert got.split()[0] == letter_before(seg, q.choices[q.answer]), (n, q.id)
        elif q.kind == "multiple_select":
            assert re.match(r"[A-F](, [A-F])*", got).group(0).split(", ") == sorted(
                letter_before(seg, q.choices[a]) for a in q.answers), (n, q.id)
        elif q.kind == "true_false":
            assert got.split()[0] == ("B" if q.answer else "S")
        elif q.kind == "matching":
            expected = " ".join(f"{i}-{letter_before(seg, pair.right, '.', 3)}"
                                for i, pair in enumerate(q.pairs, 1))
            assert got.startswith(expected), (n, q.id)
        elif q.kind == "ordering":
            expected = "–".join(letter_before(seg, item, ".") for item in q.items)
            assert got.replace(" ", "").startswith(expected), (n, q.id)
        elif q.kind == "fill_in_blank":
            assert pdftext.squash(got).startswith(pdftext.squash(q.blanks[0][0]))
        else:
            assert got.startswith("lihat uraian")
    assert kinds == {"multiple_choice", "multiple_select", "true_false", "short_answer",
                     "fill_in_blank", "matching", "ordering", "essay"}


def test_variants_differ_and_are_reproducible(seed_variants):
    lesson = seed_variants["A"][0]
    orders = {v: [q.id for q, _ in segments(lesson, seed_variants[v][1])] for v in "ABC"}
    assert len({tuple(o) for o in orders.values()}) == 3, "each variant has its own order"
    again = pdftext.reading_text(render("worksheet", lesson, ROOT, variant="B"))
    assert again == seed_variants["B"][1]


def test_keep_last_choice_stays_last():
    lesson, _ = load_lesson(SEED, ROOT)
    pinned = [q for q in lesson.worksheet.questions
              if q.kind in ("multiple_choice", "multiple_select") and q.keep_last]
    assert pinned
    for v in "ABCDEFGH":
        for p in arrange(lesson.id, lesson.worksheet.questions, True, v):
            if p.question in pinned:
                assert p.order[-1] == len(p.question.choices) - 1


def test_shuffle_false_keeps_order(write_lesson):
    text = MINIMAL + "worksheet:\n  shuffle: false\n  questions:\n" + "".join(
        f"    - {{type: multiple_choice, prompt: p{i}, choices: [a, b, c], answer: A}}\n"
        for i in range(6))
    lesson, _ = load_lesson(write_lesson(text))
    arranged = arrange(lesson.id, lesson.worksheet.questions, lesson.worksheet.shuffle, "B")
    assert [p.question.prompt for p in arranged] == [f"p{i}" for i in range(6)]
    assert all(p.order == (0, 1, 2) for p in arranged)


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_header_fields_points_and_total(path):
    lesson, _ = load_lesson(path, ROOT)
    pages = pdftext.page_texts(render("worksheet", lesson, ROOT))
    for label in ("Nama", "Kelas", "No. Absen", "Tanggal", "Nilai"):
        assert label.lower() in pages[0].lower()
    total = lesson.worksheet.total_points
    assert f"/ {total:g}" in pages[0]
    printed_points = [float(x) for x in re.findall(r"(\d+(?:\.\d+)?) poin", " ".join(pages))]
    assert len(printed_points) == len(lesson.worksheet.questions)
    assert sum(printed_points) == pytest.approx(total)
    key = pdftext.text(render("answer-key", lesson, ROOT))
    for q in lesson.worksheet.questions:
        if q.explanation:
            assert pdftext.squash(pdftext.plain_md(q.explanation)) in pdftext.squash(key)
        if q.kind == "essay" and q.rubric:
            for row in q.rubric:
                assert pdftext.squash(row.criterion) in pdftext.squash(key)


FORTY = MINIMAL + "worksheet:\n  questions:\n" + "".join(
    [f"    - {{type: essay, prompt: Esai {i} tentang kerja sama, lines: 9}}\n" for i in range(8)]
    + [f"    - {{type: multiple_choice, prompt: Pilihan {i}, choices: [satu pilihan panjang "
       f"sekali untuk mengisi baris, dua, tiga, empat], answer: B}}\n" for i in range(12)]
    + [f"    - {{type: matching, prompt: Pasangkan {i}, pairs: [{{left: a{i}, right: x}}, "
       f"{{left: b{i}, right: y}}, {{left: c{i}, right: z}}, {{left: d{i}, right: w}}]}}\n"
       for i in range(6)]
    + [f"    - {{type: short_answer, prompt: Singkat {i}, answer: ya, lines: 4}}\n"
       for i in range(8)]
    + [f"    - {{type: ordering, prompt: Urutkan {i}, items: [satu, dua, tiga, empat, lima]}}\n"
       for i in range(6)])


@pytest.mark.parametrize("template", ["print/worksheet.html", "print/answer-key.html"])
def test_no_question_splits_across_pages_with_40_questions(write_lesson, template):
    from pipeline.printed.document import layout
    from pipeline.printed.worksheet import presented
    from pipeline.questions.arrange import sections
    from pipeline.render.context import RenderContext

    lesson, _ = load_lesson(write_lesson(FORTY))
    assert len(lesson.worksheet.questions) == 40
    ctx = RenderContext(lesson, lesson.path.parent)
    document = layout(ctx, template, variant=None, worksheet_title="Uji",
                      presented=presented(ctx), sections=sections)
    seen: dict[str, int] = {}

    def walk(box, page):
        element_id = getattr(box, "element", None) is not None and box.element.get("id")
        if element_id and element_id.startswith("q") and "q" in box.element.get("class", ""):
            seen.setdefault(element_id, set()).add(page)
        for child in getattr(box, "children", []):
            walk(child, page)

    for number, page in enumerate(document.pages):
        walk(page._page_box, number)
    assert len(seen) == 40
    split = {k: v for k, v in seen.items() if len(v) > 1}
    assert not split, f"questions split across pages: {split}"
    assert len(document.pages) > 3
