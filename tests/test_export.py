"""Every export read back by a reader this project did not write: lxml (Moodle XML, QTI),
pygiftparser (GIFT), openpyxl (spreadsheets); compared question by question with the lesson.
"""

from __future__ import annotations

import html
import io
import re
import zipfile

import pytest
from lxml import etree
from lxml import html as lxml_html

from pipeline.lesson.loader import load_lesson
from pipeline.render.markdown import plain, to_html

from .conftest import MINIMAL, ROOT, render

LESSONS = sorted((ROOT / "lessons").glob("*.yaml"))
NASTY = 'a <b> & c ]]> {d} ~e =f #g h: i \\ j'
EVERY_TYPE = MINIMAL + f"""\
worksheet:
  questions:
    - type: multiple_choice
      prompt: "Pilih satu: {NASTY}"
      choices: ["satu {{1}}", "dua ~ = #", "tiga ]]> <x>"]
      answer: B
      explanation: "Karena {NASTY}"
    - {{type: multiple_select, prompt: "Pilih dua & <tiga>", choices: [x, y, z],
       answers: [A, C], points: 2}}
    - {{type: true_false, prompt: "Benarkah 1 < 2 & 3 > 2?", answer: salah}}
    - {{type: short_answer, prompt: "Ibu kota: ...?", answer: "**Jakarta**",
       accept: ["DKI Jakarta", "a*b"]}}
    - {{type: fill_in_blank, prompt: "ASEAN berdiri tahun [[1967]] di [[Bangkok|Thailand]].",
       points: 2}}
    - {{type: fill_in_blank, prompt: "Satu isian {{x}}: [[ya]] saja."}}
    - type: matching
      prompt: "Pasangkan #1"
      pairs: [{{left: KAA, right: "1955"}}, {{left: GNB, right: "1961 & <y>"}},
              {{left: ASEAN, right: "1967"}}]
    - {{type: ordering, prompt: Urutkan., items: [pertama, kedua, ketiga]}}
    - type: essay
      prompt: "Jelaskan {{aliansi}}."
      answer: "Karena ]]> kerja sama."
      rubric: [{{criterion: "Isi & tepat", points: 4}}]
"""


@pytest.fixture(scope="module")
def every(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    path = folder / "semua.yaml"
    path.write_text(EVERY_TYPE, encoding="utf-8")
    lesson, _ = load_lesson(path, folder)
    return lesson, folder


def lessons_and_every(every):
    yield every
    for path in LESSONS:
        yield load_lesson(path, ROOT)[0], ROOT


def in_order(lesson) -> list:
    """The questions as every export lists them: grouped by section, authored order inside."""
    from pipeline.questions.arrange import arrange

    sheet = lesson.worksheet
    return [p.question for p in arrange(lesson.id, sheet.questions, sheet.shuffle)]


def text_of(markup: str) -> str:
    """HTML (as an LMS shows it) -> its words (HTML5 references such as &lbrace; too)."""
    words = lxml_html.fromstring(f"<div>{markup}</div>").text_content()
    return " ".join(html.unescape(words).split())


def squash(text: str) -> str:
    return re.sub(r"\W+", "", text).lower()


def words(markdown_text: str) -> str:
    return " ".join(plain(markdown_text).split())


# -- Moodle XML: the structure Moodle's importer (question/format/xml/format.php) reads --

MOODLE_TYPES = {"multiple_choice": "multichoice", "multiple_select": "multichoice",
                "true_false": "truefalse", "short_answer": "shortanswer",
                "fill_in_blank": "multianswer", "matching": "matching",
                "ordering": "ordering", "essay": "essay"}


def check_moodle(lesson, data: bytes) -> None:
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    assert root.tag == "quiz"
    category, *items = root.findall("question")
    assert category.get("type") == "category"
    assert category.findtext("category/text") == f"$course$/top/{lesson.title}"
    assert len(items) == len(lesson.worksheet.questions)
    for q, item in zip(in_order(lesson), items, strict=True):
        assert item.get("type") == MOODLE_TYPES[q.kind], q.id
        shown = text_of(item.findtext("questiontext/text"))
        assert float(item.findtext("defaultgrade")) == pytest.approx(q.points)
        if q.explanation:
            assert text_of(item.findtext("generalfeedback/text")) == words(q.explanation)
        answers = [(text_of(a.findtext("text")), float(a.get("fraction")))
                   for a in item.findall("answer")]
        if q.kind in ("multiple_choice", "multiple_select"):
            assert shown == words(q.prompt)
            right = [q.answer] if q.kind == "multiple_choice" else list(q.answers)
            assert [t for t, _ in answers] == [words(c) for c in q.choices]
            assert [i for i, (_, f) in enumerate(answers) if f > 0] == right
            assert sum(f for _, f in answers if f > 0) == pytest.approx(100, abs=0.01)
            assert item.findtext("single") == ("true" if q.kind == "multiple_choice" else "false")
        elif q.kind == "true_false":
            assert dict(answers) == {"true": 100.0 if q.answer else 0.0,
                                     "false": 0.0 if q.answer else 100.0}
        elif q.kind == "short_answer":
            assert [t.replace("\\*", "*") for t, _ in answers] == \
                [words(a) for a in (q.answer, *q.accept)]
            assert all(f == 100 for _, f in answers)
        elif q.kind == "fill_in_blank":
            codes = re.findall(r"\{(\d+):SHORTANSWER:((?:[^}\\]|\\.)*)\}", shown)
            assert [[a.replace("\\", "") for a in c[1][1:].split("~=")] for c in codes] == \
                [list(b) for b in q.blanks]
            whole = float(q.points).is_integer() and q.points >= len(q.blanks)
            assert sum(int(c[0]) for c in codes) == (q.points if whole else len(q.blanks))
        elif q.kind == "matching":
            pairs = [(text_of(s.findtext("text")), s.findtext("answer/text"))
                     for s in item.findall("subquestion")]
            assert pairs == [(words(p.left), words(p.right)) for p in q.pairs]
        elif q.kind == "ordering":
            assert [t for t, _ in answers] == [words(i) for i in q.items]
        elif q.kind == "essay":
            info = text_of(item.findtext("graderinfo/text"))
            assert squash(text_of(str(to_html(q.answer)))) in squash(info)
            assert all(squash(words(r.criterion)) in squash(info) for r in q.rubric)


def test_moodle_xml_every_type_and_every_seed_lesson(every):
    for lesson, project in lessons_and_every(every):
        check_moodle(lesson, render("moodle", lesson, project))


# -- GIFT, read back by pygiftparser -----------------------------------------------------

def ungift(text: str) -> str:
    """GIFT's backslash escapes undone, as the format defines them (pygiftparser keeps them
    in answers)."""
    return re.sub(r"\\([~=#{}:\\])", r"\1", text)


def test_gift_read_back_by_pygiftparser(every, tmp_path):
    from pygiftparser import parser

    for lesson, project in lessons_and_every(every):
        path = tmp_path / f"{lesson.id}.gift"
        path.write_bytes(render("gift", lesson, project))
        with open(path, encoding="utf-8") as handle:
            parsed = {q.title.split("-", 1)[1] if "-" in q.title else q.title: q
                      for q in parser.parseFile(handle)}
        for q in lesson.worksheet.questions:
            leftout = q.kind == "ordering" or (q.kind == "fill_in_blank" and len(q.blanks) > 1) \
                or (q.kind == "matching" and len(q.pairs) < 2)
            key = next((k for k in parsed if k.endswith(q.id) and
                        k[:-len(q.id)].endswith(("-", ""))), None)
            assert (key is None) == leftout, (lesson.id, q.id)
            if leftout:
                continue
            got = parsed[key]
            assert got.valid, (lesson.id, q.id)
            kind = type(got.answers).__name__
            if q.kind in ("multiple_choice", "multiple_select"):
                assert kind == ("SelectSet" if q.kind == "multiple_choice"
                                else "MultipleChoicesSet")
                texts = [text_of(ungift(a.answer)) for a in got.answers.answers]
                assert texts == [words(c) for c in q.choices]
                right = [i for i, a in enumerate(got.answers.answers) if a.fraction > 0]
                assert right == ([q.answer] if q.kind == "multiple_choice" else list(q.answers))
            elif q.kind == "true_false":
                assert kind == "TrueFalseSet" and got.answers.answer is q.answer
            elif q.kind == "short_answer":
                assert kind == "ShortSet"
                assert [ungift(a.answer).strip() for a in got.answers.answers] == \
                    [words(a) for a in (q.answer, *q.accept)]
            elif q.kind == "matching":
                assert kind == "MatchingSet"
                assert [(text_of(ungift(a.question)), ungift(a.answer).strip())
                        for a in got.answers.answers] \
                    == [(words(p.left), words(p.right)) for p in q.pairs]
            elif q.kind == "essay":
                assert kind == "Essay"


def test_gift_escapes_every_special_character():
    from pipeline.export.document import gift_escape

    assert gift_escape("a~b=c#d{e}f:g\\h") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h"


# -- Quiz-game spreadsheets, read back by openpyxl -------------------------------------------

def sheet_rows(data: bytes) -> list[tuple]:
    from openpyxl import load_workbook

    return [r for r in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]


def test_quizizz_rows(every):
    for lesson, project in lessons_and_every(every):
        rows = sheet_rows(render("quizizz", lesson, project))
        header, help_row, *questions = rows
        assert header[:3] == ("Question Text", "Question Type", "Option 1")
        assert help_row[0] == "Text of the question (required)"
        wanted = [q for q in in_order(lesson) if q.kind not in ("matching", "ordering")
                  and not (q.kind == "fill_in_blank" and len(q.blanks) > 1)]
        assert len(questions) == len(wanted)
        for q, row in zip(wanted, questions, strict=True):
            options = [c for c in row[2:7] if c is not None]
            if q.kind in ("multiple_choice", "multiple_select"):
                assert row[1] == ("Multiple Choice" if q.kind == "multiple_choice" else "Checkbox")
                assert options == [words(c) for c in q.choices]
                right = [q.answer + 1] if q.kind == "multiple_choice" else \
                    [a + 1 for a in q.answers]
                assert row[7] == ",".join(map(str, right))
            elif q.kind == "true_false":
                assert options == ["Benar", "Salah"] and row[7] == ("1" if q.answer else "2")
            elif q.kind == "essay":
                assert row[1] == "Open-Ended"


def test_kahoot_rows_keep_limits_and_report_the_rest(every):
    from pipeline.render.context import RenderOptions
    from pipeline.render.outputs import render_output

    lesson, project = every
    result = render_output("kahoot", lesson, project, RenderOptions(variant="B"))
    rows = sheet_rows(result.data)
    header_at = next(i for i, r in enumerate(rows) if r[1] == "Question - max 120 characters")
    questions = [r for r in rows[header_at + 1:] if r[1]]
    assert sorted(" ".join(r[1].split()) for r in questions) == sorted(
        words(q.prompt) for q in lesson.worksheet.questions
        if q.kind in ("multiple_choice", "multiple_select", "true_false"))
    for row in questions:
        assert len(row[1]) <= 120 and all(len(a) <= 75 for a in row[2:6] if a)
        assert row[6] in (5, 10, 20, 30, 60, 90, 120, 240)
    skipped = "\n".join(result.warnings)
    assert "short_answer" in skipped and "essay" in skipped and "ordering" in skipped


def test_a_title_on_several_lines_names_one_category(tmp_path):
    """A title's line break must not end the GIFT category line (the next line would be
    read as a question) nor reach Moodle's category name."""
    title = 'title: "Bab 1\\nAliansi\\n::evil::Injected question{=pwned}"'
    (tmp_path / "judul.yaml").write_text(FORMULAS.replace("title: Kerja Sama", title, 1),
                                         encoding="utf-8")
    lesson, _ = load_lesson(tmp_path / "judul.yaml", tmp_path)
    gift = render("gift", lesson, tmp_path).decode()
    [category] = [line for line in gift.splitlines() if line.startswith("$CATEGORY")]
    assert category.endswith("Bab 1 Aliansi ::evil::Injected question{=pwned}")
    assert not any(line.startswith("::evil::") for line in gift.splitlines())
    moodle = etree.fromstring(render("moodle", lesson, tmp_path))
    assert moodle.findtext("question/category/text") == (
        "$course$/top/Bab 1 Aliansi ::evil::Injected question{=pwned}")


FORMULAS = MINIMAL + """\
worksheet:
  questions:
    - type: multiple_choice
      prompt: "=1+1 berapa?"
      choices: ["= 5 + 3", '=HYPERLINK("http://contoh.id","klik")', "@SUM(A1)"]
      answer: A
"""


@pytest.mark.parametrize("output", ["quizizz", "kahoot"])
def test_text_that_looks_like_a_formula_stays_text(tmp_path, output):
    """A spreadsheet never computes a lesson's text: "= 5 + 3" is a choice, not 8."""
    (tmp_path / "rumus.yaml").write_text(FORMULAS, encoding="utf-8")
    lesson, _ = load_lesson(tmp_path / "rumus.yaml", tmp_path)
    data = render(output, lesson, tmp_path)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        assert b"<f>" not in book.read("xl/worksheets/sheet1.xml")
    cells = [c for r in sheet_rows(data) for c in r if isinstance(c, str)]
    for text in ("=1+1 berapa?", "= 5 + 3", '=HYPERLINK("http://contoh.id","klik")'):
        assert text in cells


@pytest.mark.parametrize("output", ["moodle", "gift", "qti", "quizizz", "kahoot"])
def test_exports_are_reproducible(every, output):
    lesson, project = every
    assert render(output, lesson, project) == render(output, lesson, project)



# -- QTI for Canvas: the package layout, the IMS QTI 1.2 schema, every item -----------------

QTI_TYPES = {"multiple_choice": "multiple_choice_question",
             "multiple_select": "multiple_answers_question",
             "true_false": "true_false_question", "short_answer": "short_answer_question",
             "fill_in_blank": "fill_in_multiple_blanks_question",
             "matching": "matching_question", "ordering": "matching_question",
             "essay": "essay_question"}
NS = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}


def mattext(element) -> str:
    """A QTI material's words: HTML when it says so, else plain text."""
    if element is None:
        return ""
    if element.get("texttype") == "text/html":
        return text_of(element.text or "")
    return " ".join((element.text or "").split())


def test_qti_package_valid_and_faithful(every):
    schema = etree.XMLSchema(etree.parse(str(ROOT / "tests" / "schemas" / "ims_qtiasiv1p2.xsd")))
    for lesson, project in lessons_and_every(every):
        archive = zipfile.ZipFile(io.BytesIO(render("qti", lesson, project)))
        ident = "lessonpack_" + lesson.id.replace("-", "_")
        assert {"imsmanifest.xml", f"{ident}/{ident}.xml", f"{ident}/assessment_meta.xml"} \
            <= set(archive.namelist())
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
        assert manifest.xpath("//*[local-name()='resource'][@type='imsqti_xmlv1p2']/@identifier")\
            == [ident]
        doc = etree.fromstring(archive.read(f"{ident}/{ident}.xml"))
        assert schema.validate(etree.ElementTree(doc)), schema.error_log
        items = doc.findall(".//q:item", NS)
        assert len(items) == len(lesson.worksheet.questions)
        for q, item in zip(in_order(lesson), items, strict=True):
            meta = {f.findtext("q:fieldlabel", namespaces=NS): f.findtext("q:fieldentry",
                                                                          namespaces=NS)
                    for f in item.findall(".//q:qtimetadatafield", NS)}
            assert meta["question_type"] == QTI_TYPES[q.kind], q.id
            assert float(meta["points_possible"]) == pytest.approx(q.points)
            prompt = text_of(item.findtext("q:presentation/q:material/q:mattext", namespaces=NS))
            labels = {lab.get("ident"): mattext(lab.find(".//q:mattext", NS))
                      for lab in item.findall(".//q:response_label", NS)}
            scored = [v.text for c in item.findall(".//q:respcondition", NS)
                      if c.find("q:setvar", NS) is not None for v in c.findall(".//q:varequal",
                                                                               NS)]
            if q.kind == "multiple_choice":
                assert prompt == words(q.prompt)
                assert list(labels.values()) == [words(c) for c in q.choices]
                assert [labels[s] for s in scored] == [words(q.choices[q.answer])]
            elif q.kind == "multiple_select":
                right = item.findall(".//q:and/q:varequal", NS)
                assert sorted(labels[v.text] for v in right) == \
                    sorted(words(q.choices[a]) for a in q.answers)
            elif q.kind == "true_false":
                assert [labels[s] for s in scored] == ["Benar" if q.answer else "Salah"]
            elif q.kind == "short_answer":
                assert scored == [words(a) for a in (q.answer, *q.accept)]
            elif q.kind == "fill_in_blank":
                assert prompt.count("[blank") == len(q.blanks)
                assert [labels[s] for s in scored] == [a for b in q.blanks for a in b]
            elif q.kind == "matching":
                lefts = [mattext(r.find("q:material/q:mattext", NS))
                         for r in item.findall(".//q:response_lid", NS)]
                assert list(zip(lefts, [labels[s] for s in scored], strict=True)) == \
                    [(words(p.left), words(p.right)) for p in q.pairs]
            elif q.kind == "ordering":
                assert [labels[s] for s in scored] == [words(i) for i in q.items]


def test_images_of_the_same_name_in_two_folders_stay_two_images(tmp_path):
    """bab1/gambar.png and bab2/gambar.png are two pictures in the LMS too; a name with a
    space is exported under a plain one."""
    from PIL import Image

    for folder, colour in (("bab1", "#1F3A5F"), ("bab2", "#F2C14E")):
        (tmp_path / folder).mkdir()
        Image.new("RGB", (8, 8), colour).save(tmp_path / folder / "gambar.png")
    Image.new("RGB", (8, 8), "#2E7D32").save(tmp_path / "Peta ASEAN.png")
    lesson_text = MINIMAL + """\
worksheet:
  questions:
    - {type: true_false, prompt: "![a](bab1/gambar.png) Biru?", answer: benar}
    - {type: true_false, prompt: "![b](bab2/gambar.png) Kuning?", answer: benar}
    - {type: true_false, prompt: "![c](Peta%20ASEAN.png) Hijau?", answer: benar}
"""
    (tmp_path / "gambar.yaml").write_text(lesson_text, encoding="utf-8")
    lesson, _ = load_lesson(tmp_path / "gambar.yaml", tmp_path)
    archive = zipfile.ZipFile(io.BytesIO(render("qti", lesson, tmp_path)))
    images = sorted(n for n in archive.namelist() if n.startswith("images/"))
    assert images == ["images/Peta-ASEAN.png", "images/gambar-2.png", "images/gambar.png"]
    assert archive.read("images/gambar.png") == (tmp_path / "bab1" / "gambar.png").read_bytes()
    assert archive.read("images/gambar-2.png") == (tmp_path / "bab2" / "gambar.png").read_bytes()
    moodle = etree.fromstring(render("moodle", lesson, tmp_path))
    files = [(f.get("name"), f.text) for f in moodle.iter("file")]
    assert len({name for name, _ in files}) == 3 and len({data for _, data in files}) == 3
