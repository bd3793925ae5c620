"""The slide deck, reopened as a teacher's software would: titles, text, notes, fit, bytes."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_AUTO_SIZE
from pypdf import PdfReader

from pipeline.errors import LessonInvalid, TemplateProblem
from pipeline.lesson.loader import load_lesson
from pipeline.render.outputs import OUTPUTS
from pipeline.render.templates import find
from pipeline.slides import deck as slides
from pipeline.slides import shapes, textfit
from pipeline.slides.markdown import derived_bullets, notes_text, plain_text

from .conftest import ROOT, render


def _valid(path: Path) -> bool:
    try:
        load_lesson(path, ROOT)
    except LessonInvalid:
        return False
    return True


LESSONS = [p for p in sorted((ROOT / "lessons").glob("*.yaml")) if _valid(p)]
NAMES = [p.stem for p in LESSONS]
CONTINUED = {"id": "(lanjutan)", "en": "(continued)"}


def deck_of(data: bytes):
    return Presentation(io.BytesIO(data))


def body_of(slide):
    """The slide's text placeholder (body, object or subtitle), if it has one."""
    return next((s for s in slide.placeholders if s.placeholder_format.type in
                 (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)), None)


def bullets_of(slide) -> list[str]:
    body = body_of(slide)
    return [p.text for p in body.text_frame.paragraphs] if body is not None else []


def title_of(slide) -> str:
    return slide.shapes.title.text


def notes_of(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def group(deck, title: str, language: str) -> list:
    """The slide titled ``title`` and its continuation slides."""
    names = (title, f"{title} {CONTINUED[language]}")
    return [s for s in deck.slides if title_of(s) in names]


@pytest.fixture(scope="module")
def decks() -> dict[str, tuple]:
    out = {}
    for path in LESSONS:
        lesson, _ = load_lesson(path, ROOT)
        data = render("slides", lesson, ROOT)
        out[path.stem] = (lesson, data, deck_of(data))
    return out


@pytest.fixture
def lesson_file(tmp_path: Path):
    """Write a lesson (YAML text) into tmp_path/lessons and load it with tmp_path as project."""

    def write(text: str, name: str = "uji"):
        folder = tmp_path / "lessons"
        folder.mkdir(exist_ok=True)
        path = folder / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        lesson, _ = load_lesson(path, tmp_path)
        return lesson, tmp_path

    return write


def lesson_yaml(sections: str, extra: str = "", language: str = "id") -> str:
    return (f"title: Uji Slide\nsubject: IPS\ngrade: \"IX\"\nlanguage: {language}\n"
            f"objectives:\n  - Memahami kerja sama.\nsections:\n{sections}{extra}"
            "sources:\n  - title: Buku IPS\n")


def test_registered_as_a_build_output():
    assert (OUTPUTS["slides"].file, OUTPUTS["slides"].module) == ("slides.pptx",
                                                                  "pipeline.slides.deck")


@pytest.mark.parametrize("name", NAMES)
def test_deck_follows_the_lesson(decks, name):
    lesson, _, deck = decks[name]
    all_slides = list(deck.slides)
    assert deck.slide_width * 9 == deck.slide_height * 16
    first = all_slides[0]
    assert title_of(first) == lesson.title
    meta = " ".join(bullets_of(first))
    assert lesson.subject in meta and lesson.grade in meta
    if lesson.duration_minutes:
        assert str(lesson.duration_minutes) in meta
    objectives = [b for s in group(deck, "Tujuan Pembelajaran", "id") for b in bullets_of(s)]
    assert objectives == [plain_text(o.text) for o in lesson.objectives]
    for section in lesson.sections:
        pages = group(deck, section.title, lesson.language)
        assert pages, section.title
        expected = section.slides if section.slides is not None else \
            [text for text, _ in derived_bullets(section.body, 3)]
        assert [b for s in pages for b in bullets_of(s)] == [plain_text(t) for t in expected]
        for page in pages:          # speaker notes on every content slide
            assert notes_of(page) == notes_text(section.notes or section.body)
            assert notes_of(page).strip()
    terms = " ".join(b for s in group(deck, "Istilah Penting", "id") for b in bullets_of(s))
    for term in lesson.key_terms:
        assert f"{term.term} — {plain_text(term.definition)}" in terms
    titles = [title_of(s) for s in all_slides]
    for activity in lesson.activities:
        pages = group(deck, f"Aktivitas Pembelajaran: {activity.title}", "id")
        text = [b for s in pages for b in bullets_of(s)]
        assert text[-len(activity.steps):] == [plain_text(step) for step in activity.steps]
        if activity.minutes:
            assert f"{activity.minutes} menit" in text[0]
    quiz = [i for i, t in enumerate(titles) if t.startswith("Kuis ") and "Jawaban" not in t]
    if lesson.worksheet:
        assert 1 <= len(quiz) <= 4
        for i in quiz:      # each question is followed by its answer
            assert titles[i + 1] == f"{titles[i]} — Jawaban"
            assert bullets_of(all_slides[i + 1])[0] == bullets_of(all_slides[i])[0]
            assert "Jawaban:" in bullets_of(all_slides[i + 1])[1]
    main = [t for t in titles if not t.endswith("(lanjutan)")]
    assert main[-2:] == ["Ringkasan", "Sumber"]
    sources = " ".join(b for s in group(deck, "Sumber", "id") for b in bullets_of(s))
    for source in lesson.sources:
        assert source.title in sources


@pytest.mark.parametrize("name", NAMES)
def test_every_text_frame_fits_its_placeholder(decks, name):
    _, _, deck = decks[name]
    body_font, title_font = slides.theme_fonts(deck)
    for number, slide in enumerate(deck.slides, 1):
        for shape in slide.placeholders:
            kind = shape.placeholder_format.type
            if kind == PP_PLACEHOLDER.SLIDE_NUMBER or not shape.has_text_frame:
                continue
            frame = shape.text_frame
            assert frame.auto_size == MSO_AUTO_SIZE.NONE, (number, shape.name)
            assert all(r.font.size is not None for p in frame.paragraphs for r in p.runs)
            paragraphs = shapes.frame_paragraphs(frame)
            is_title = kind in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
            if is_title:      # the theme draws titles bold
                paragraphs = [textfit.Paragraph(tuple(textfit.Run(r.text, True, r.italic)
                                                      for r in p.runs), p.size, p.indent,
                                                p.space_before, p.line_spacing)
                              for p in paragraphs]
            family = textfit.find_family(title_font if is_title else body_font, ROOT)
            box = textfit.Box.from_emu(shape.width, shape.height,
                                       (frame.margin_left, frame.margin_top,
                                        frame.margin_right, frame.margin_bottom))
            used = textfit.text_height(paragraphs, family, box.width)
            assert used <= box.height, f"slide {number} {shape.name}: {used:.0f} > {box.height:.0f}"


@pytest.mark.parametrize("name", NAMES)
def test_same_lesson_gives_the_same_bytes(decks, name):
    lesson, data, deck = decks[name]
    assert render("slides", lesson, ROOT) == data
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert names[0] == "[Content_Types].xml" and names[1:] == sorted(names[1:])
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = deck.core_properties
    assert props.title == lesson.title and props.revision == 1
    assert props.language == "id-ID" and lesson.subject in props.subject
    assert props.created.year == props.modified.year == 2000


@pytest.fixture(scope="module")
def pdfs(decks, tmp_path_factory) -> dict[str, Path]:
    """All seed decks converted by one LibreOffice run (it starts slowly)."""
    if shutil.which("libreoffice") is None:
        pytest.skip("libreoffice is not installed")
    folder = tmp_path_factory.mktemp("decks")
    for name, (_, data, _) in decks.items():
        (folder / f"{name}.pptx").write_bytes(data)
    profile = tmp_path_factory.mktemp("lo-profile")
    subprocess.run(["libreoffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder),
                    *sorted(str(p) for p in folder.glob("*.pptx"))],
                   check=True, capture_output=True, timeout=300)
    return {name: folder / f"{name}.pdf" for name in decks}


@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_shows_one_page_per_slide(decks, pdfs, name):
    _, _, deck = decks[name]
    pdf = PdfReader(pdfs[name])
    assert len(pdf.pages) == len(deck.slides)
    first_section = decks[name][0].sections[0].title
    index = next(i for i, slide in enumerate(deck.slides) if title_of(slide) == first_section)
    assert first_section.split()[0] in pdf.pages[index].extract_text()


def test_bold_and_italic_survive_as_runs(lesson_file):
    lesson, options = lesson_file(lesson_yaml(
        "  - title: Pengertian\n    body: Isi.\n"
        "    slides:\n      - \"**Kerja sama** adalah *usaha* bersama\"\n"))
    deck = deck_of(render("slides", lesson, options))
    slide = group(deck, "Pengertian", "id")[0]
    runs = body_of(slide).text_frame.paragraphs[0].runs
    assert [(r.text, r.font.bold, r.font.italic) for r in runs] == [
        ("Kerja sama", True, False), (" adalah ", False, False), ("usaha", False, True),
        (" bersama", False, False)]


def test_long_bullet_lists_continue_on_more_slides(lesson_file):
    bullets = [f"Butir {i}: kerja sama antarnegara di kawasan Asia Tenggara membawa manfaat"
               for i in range(1, 21)]
    listing = "".join(f"      - \"{b}\"\n" for b in bullets)
    huge = " ".join(["Kalimat panjang tentang kerja sama internasional dan manfaatnya."] * 14)
    lesson, options = lesson_file(lesson_yaml(
        f"  - title: Daftar Panjang\n    body: Isi.\n    notes: Catatan.\n    slides:\n{listing}"
        f"  - title: Satu Butir\n    body: Isi.\n    slides:\n      - \"{huge}\"\n"))
    deck = deck_of(render("slides", lesson, options))
    pages = group(deck, "Daftar Panjang", "id")
    assert len(pages) >= 3
    assert [title_of(s) for s in pages[1:]] == ["Daftar Panjang (lanjutan)"] * (len(pages) - 1)
    assert [b for s in pages for b in bullets_of(s)] == bullets   # nothing lost or shortened
    assert all(notes_of(s) == "Catatan." for s in pages)
    sizes = {len(bullets_of(s)) for s in pages}
    assert max(sizes) - min(sizes) <= 1                          # balanced, no stub slide
    (single,) = group(deck, "Satu Butir", "id")
    paragraph = body_of(single).text_frame.paragraphs[0]
    assert paragraph.text == huge
    assert 16 <= paragraph.runs[0].font.size.pt < 24


def test_a_list_nested_four_deep_stays_on_the_slides_third_level(lesson_file):
    body = ("|\n      - Kerja sama ekonomi\n        - Bilateral\n          - Perdagangan\n"
            "            - Ekspor migas\n")
    lesson, options = lesson_file(lesson_yaml(f"  - title: Bertingkat\n    body: {body}"))
    deck = deck_of(render("slides", lesson, options))
    (slide,) = group(deck, "Bertingkat", "id")
    paragraphs = body_of(slide).text_frame.paragraphs
    assert [(p.text, p.level) for p in paragraphs] == [
        ("Kerja sama ekonomi", 0), ("Bilateral", 1), ("Perdagangan", 2), ("Ekspor migas", 2)]


def test_a_bullet_too_long_for_any_slide_is_an_error(lesson_file):
    huge = " ".join(["Kalimat panjang tentang kerja sama internasional dan manfaatnya."] * 40)
    lesson, options = lesson_file(lesson_yaml(
        f"  - title: Terlalu Panjang\n    body: Isi.\n    slides:\n      - \"{huge}\"\n"))
    with pytest.raises(TemplateProblem, match="the slide \"Terlalu Panjang\": .*does not fit"):
        render("slides", lesson, options)


def test_image_is_placed_whole_with_its_alt_text(lesson_file, tmp_path):
    from PIL import Image

    (tmp_path / "lessons").mkdir()
    Image.new("RGB", (800, 400), "#1F3A5F").save(tmp_path / "lessons" / "peta.png")
    lesson, options = lesson_file(lesson_yaml(
        "  - title: Peta\n    body: |\n      Kawasan ini luas. Negaranya banyak.\n"
        "    image: peta.png\n    alt: Peta kawasan Asia Tenggara\n"))
    deck = deck_of(render("slides", lesson, options))
    (slide,) = group(deck, "Peta", "id")
    pictures = [s for s in slide.shapes if s.shape_type is not None and hasattr(s, "image")]
    assert len(pictures) == 1
    picture = pictures[0]
    assert picture._element.nvPicPr.cNvPr.get("descr") == "Peta kawasan Asia Tenggara"
    assert abs(picture.width / picture.height - 2.0) < 0.01          # not cropped
    assert picture.left + picture.width <= deck.slide_width
    assert bullets_of(slide) == ["Kawasan ini luas.", "Negaranya banyak."]


def test_any_text_round_trips_through_the_outline(lesson_file):
    title = 'Kutip "dua" \'satu\': #1 {{ x }} - [a] \\ back'
    lesson, options = lesson_file(lesson_yaml(
        f"  - title: '{title.replace(chr(39), chr(39) * 2)}'\n    body: |\n"
        "      - pertama: *miring*\n      - kedua\n        - anak\n"))
    deck = deck_of(render("slides", lesson, options))
    (slide,) = group(deck, title, "id")
    assert bullets_of(slide) == ["pertama: miring", "kedua", "anak"]
    levels = [p.level for p in body_of(slide).text_frame.paragraphs]
    assert levels == [0, 0, 1]


def test_english_lessons_use_english_labels(lesson_file):
    listing = "".join(f"      - \"Point {i} about cooperation between neighbouring "
                      f"countries in one region\"\n" for i in range(12))
    lesson, options = lesson_file(lesson_yaml(
        f"  - title: Many\n    body: Text.\n    slides:\n{listing}", language="en"))
    deck = deck_of(render("slides", lesson, options))
    titles = [title_of(s) for s in deck.slides]
    assert "Many (continued)" in titles and "Learning Objectives" in titles
    assert titles[-1] == "Sources"


def test_a_project_theme_deck_overrides_the_built_in_one(lesson_file, tmp_path):
    theme = Presentation(str(find("slides/theme.pptx", None)))
    theme.slide_width, theme.slide_height = 9144000, 6858000     # 4:3
    theme.slides.add_slide(theme.slide_layouts[0])                  # a sample slide
    (tmp_path / "templates" / "slides").mkdir(parents=True)
    theme.save(str(tmp_path / "templates" / "slides" / "theme.pptx"))
    lesson, options = lesson_file(lesson_yaml("  - title: Satu\n    body: Isi.\n"))
    deck = deck_of(render("slides", lesson, options))
    assert deck.slide_width == 9144000
    assert title_of(deck.slides[0]) == "Uji Slide"                 # sample slide dropped


def test_a_missing_layout_is_reported_by_name(lesson_file, tmp_path):
    theme = Presentation(str(find("slides/theme.pptx", None)))
    theme.slide_layouts.get_by_name("Section Header")._element.find(
        "{http://schemas.openxmlformats.org/presentationml/2006/main}cSld").set("name", "Other")
    (tmp_path / "templates" / "slides").mkdir(parents=True)
    theme.save(str(tmp_path / "templates" / "slides" / "theme.pptx"))
    lesson, options = lesson_file(lesson_yaml("  - title: Satu\n    body: Isi.\n", extra=(
        "worksheet:\n  questions:\n    - type: true_false\n      prompt: Benar?\n"
        "      answer: true\n")))
    with pytest.raises(TemplateProblem, match='no layout named "Section Header"'):
        render("slides", lesson, options)


EVERY_TYPE = """\
worksheet:
  questions:
    - {type: multiple_choice, prompt: Pilih satu, choices: [satu, dua], answer: B}
    - {type: multiple_select, prompt: Pilih dua, choices: [x, y, z], answers: [A, C]}
    - {type: true_false, prompt: Benarkah?, answer: salah}
    - {type: short_answer, prompt: Sebutkan ibu kota., answer: Jakarta}
    - {type: fill_in_blank, prompt: "ASEAN berdiri tahun [[1967]]."}
    - type: matching
      prompt: Pasangkan.
      pairs: [{left: KAA, right: "1955"}, {left: GNB, right: "1961"}]
    - {type: ordering, prompt: Urutkan., items: [pertama, kedua, ketiga]}
    - type: essay
      prompt: Jelaskan.
      answer: Karena kerja sama. Itu penting.
      rubric: [{criterion: isi, points: 4}]
"""


def test_every_question_type_can_be_a_quiz_slide(lesson_file, tmp_path):
    outline = (find("slides/outline.yaml", None).read_text()
               .replace("quiz_questions(4)", "quiz_questions(8, true)"))
    (tmp_path / "templates" / "slides").mkdir(parents=True)
    (tmp_path / "templates" / "slides" / "outline.yaml").write_text(outline)
    lesson, project = lesson_file(lesson_yaml("  - title: Satu\n    body: Isi.\n",
                                              extra=EVERY_TYPE))
    deck = deck_of(render("slides", lesson, project))
    answers = {title_of(s): " ".join(bullets_of(s)) for s in deck.slides
               if title_of(s).endswith("Jawaban")}
    assert len(answers) == 8
    expected = ["B. dua", "A. x; C. z", "Salah", "Jakarta", "ASEAN berdiri tahun 1967",
                "1-", "–", "Karena kerja sama."]
    for n, text in enumerate(expected, 1):
        assert text in answers[f"Kuis {n} — Jawaban"], (n, answers[f"Kuis {n} — Jawaban"])
    question = next(s for s in deck.slides if title_of(s) == "Kuis 5")
    assert "ASEAN berdiri tahun ________" in " ".join(bullets_of(question))


def test_a_long_quiz_question_keeps_its_choices_and_answers_say_pembahasan(lesson_file):
    long = "pilihan yang panjang sekali untuk mengisi baris pada slide kuis ini"
    extra = ("worksheet:\n  questions:\n"
             "    - type: multiple_choice\n"
             f"      prompt: {'Pertanyaan yang cukup panjang untuk slide kuis ' * 3}...\n"
             f"      choices: [{', '.join(f'{long} {i}' for i in range(6))}]\n"
             "      answer: C\n      explanation: Karena alasan yang jelas.\n"
             "    - {type: true_false, prompt: Benarkah?, answer: true, explanation: Ya.}\n")
    lesson, project = lesson_file(lesson_yaml("  - title: Satu\n    body: Isi.\n", extra=extra))
    deck = deck_of(render("slides", lesson, project))
    titles = [title_of(s) for s in deck.slides]
    assert "Kuis 1" in titles and not any(t.startswith("Kuis 1 (lanjutan)") for t in titles)
    question = deck.slides[titles.index("Kuis 1")]
    assert sum(long in b for b in bullets_of(question)) == 6
    tf = deck.slides[titles.index("Kuis 2")]
    assert bullets_of(tf)[1:] == ["B. Benar", "S. Salah"]
    answer = deck.slides[titles.index("Kuis 1 — Jawaban")]
    assert any(b.startswith("Pembahasan: Karena") for b in bullets_of(answer))


def test_teacher_markdown_on_slides_is_shown_simplified_never_raw(lesson_file):
    body = ("    body: |\n      Negara anggota ASEAN[^1] ~~lima~~ sepuluh, H~2~O.\n\n"
            "      | Negara | Tahun |\n      |---|---|\n      | Indonesia | 1967 |\n\n"
            "      [^1]: Sejak 1999.\n")
    lesson, project = lesson_file(lesson_yaml("  - title: Satu\n" + body))
    deck = deck_of(render("slides", lesson, project))
    section = next(s for s in deck.slides if title_of(s) == "Satu")
    shown = " ".join(bullets_of(section)) + " " + notes_of(section)
    for raw in ("|---|", "[^1]", "~~", "H~2~O"):
        assert raw not in shown, raw
    assert "Indonesia" in notes_of(section) and "1967" in notes_of(section)
