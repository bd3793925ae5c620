"""The format is declared once: schema, docs, question registry and friendlier YAML."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.errors import LessonInvalid
from pipeline.lesson.declare import key
from pipeline.lesson.docs import reference
from pipeline.lesson.loader import load_lesson
from pipeline.lesson.starter import SCHEMA_FILE, schema_text
from pipeline.questions import MEDIA, REGISTRY, Question, register
from pipeline.render.folders import BUILTIN

from .conftest import MINIMAL, ROOT, render

CHECK = str(Path(sys.executable).parent / "check-jsonschema")
TEMPLATE_FILES = {"print": "print/questions/{}.html", "slides": "slides/questions/{}.yaml",
                  "web": "web/questions/{}.html", "moodle": "export/moodle/{}.xml",
                  "gift": "export/gift/{}.txt", "qti": "export/qti/{}.xml",
                  "quizgame": "export/quizgame/{}.yaml"}


def check_jsonschema(schema, *files) -> subprocess.CompletedProcess:
    return subprocess.run([CHECK, "--schemafile", str(schema), *map(str, files)],
                          capture_output=True, text=True)


def test_schema_validates_every_lesson_and_rejects_a_typo(tmp_path):
    schema = tmp_path / "lesson.schema.json"
    schema.write_text(schema_text())
    lessons = sorted((ROOT / "lessons").glob("*.yaml"))
    done = check_jsonschema(schema, *lessons)
    assert done.returncode == 0, done.stdout + done.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text(lessons[0].read_text() + "titel: x\n")
    done = check_jsonschema(schema, bad)
    assert done.returncode == 1 and "'titel' was unexpected" in done.stdout
    wrong_type = tmp_path / "wrong.yaml"
    wrong_type.write_text(MINIMAL + "worksheet:\n  questions:\n"
                          "    - {type: multiple_choice, prompt: p, choices: [a, b], answr: A}\n")
    assert check_jsonschema(schema, wrong_type).returncode == 1


def test_committed_schema_and_reference_are_current():
    assert (ROOT / "lessons" / SCHEMA_FILE).read_text() == schema_text(), \
        "run: lessonpack schema > lessons/lesson.schema.json"
    assert (ROOT / "docs" / "lesson-format.md").read_text() == reference(), \
        "run: lessonpack schema --markdown > docs/lesson-format.md"


def test_reference_documents_every_key_and_type():
    text = reference()
    schema = json.loads(schema_text())
    for name in schema["properties"]:
        assert f"| `{name}` |" in text
    for name in REGISTRY:
        assert f"### `{name}`" in text


@pytest.mark.parametrize("medium", MEDIA)
def test_every_question_type_has_a_template_per_medium(medium):
    for name in REGISTRY:
        assert (BUILTIN / TEMPLATE_FILES[medium].format(name)).is_file(), (medium, name)


@pytest.fixture
def toy_type():
    """A ninth question type registered for one test: one class and its templates."""

    @register
    @dataclass(frozen=True, kw_only=True)
    class Estimate(Question):
        """Estimate a number."""

        TYPE = "estimate"
        ON_SLIDES = True
        KEY_SHOWS = "the number"

        answer: float = key("The right number.", minimum=0)

        def grid_answer(self, shown, labels):
            return f"≈ {self.answer:g}"

        def answer_data(self, shown):
            return {"value": self.answer}

    yield Estimate
    del REGISTRY["estimate"]


def test_a_ninth_question_type_is_one_class_and_its_templates(toy_type, tmp_path, write_lesson):
    templates = tmp_path / "templates"
    (templates / "print" / "questions").mkdir(parents=True)
    (templates / "slides" / "questions").mkdir(parents=True)
    (templates / "print/questions/estimate.html").write_text(
        "{% macro body(p, key) %}<p>{{ 'ANSWER ' ~ p.question.answer if key else "
        "'GUESS ____' }}</p>{% endmacro %}\n")
    (templates / "web" / "questions").mkdir(parents=True)
    (templates / "web/questions/estimate.html").write_text(
        "{% macro body(p, qid) %}<input type=text aria-label=angka>{% endmacro %}\n"
        "{% macro script() %}LP.register('estimate', {check: function (box, a) {"
        "return {state: Number(box.querySelector('input').value) === a.value ? 'right' : "
        "'wrong'};}});{% endmacro %}\n")
    (templates / "slides/questions/estimate.yaml").write_text(
        "{% macro options(q) %}{% endmacro %}\n{% macro answer(q) %}{{ q.answer }}{% endmacro %}\n")
    path = write_lesson(MINIMAL + "worksheet:\n  questions:\n"
                        "    - {type: estimate, prompt: Berapa negara ASEAN?, answer: 10, "
                        "objective: tp1}\n")
    lesson, _ = load_lesson(path, tmp_path)
    assert lesson.worksheet.questions[0].answer == 10
    from . import pdftext

    assert "GUESS ____" in pdftext.text(render("worksheet", lesson, tmp_path))
    key_text = pdftext.text(render("answer-key", lesson, tmp_path))
    assert "ANSWER 10" in key_text and "≈ 10" in key_text
    page = render("web", lesson, tmp_path).decode()
    assert "LP.register('estimate'" in page and '"value":10' in page
    assert '"estimate"' in schema_text() and "### `estimate`" in reference()
    with pytest.raises(LessonInvalid, match="answer: expected a number"):
        load_lesson(write_lesson(MINIMAL + "worksheet:\n  questions:\n"
                                 "    - {type: estimate, prompt: p, answer: banyak}\n"))


def test_one_pair_mapping_in_a_text_list_is_read_as_typed(write_lesson):
    path = write_lesson(MINIMAL + "activities:\n  - title: Diskusi\n    steps:\n"
                        "      - Langkah 1:  Baca teksnya.\n      - Contoh: ASEAN\n")
    lesson, warnings = load_lesson(path)
    assert lesson.activities[0].steps == ("Langkah 1:  Baca teksnya.", "Contoh: ASEAN")
    assert [(w.line, w.key) for w in warnings] == [(15, "activities[1].steps[1]"),
                                                  (16, "activities[1].steps[2]")]
    assert 'read as the text "Contoh: ASEAN"' in warnings[1].message


def test_one_pair_objective_is_text_but_id_text_mapping_is_not(write_lesson):
    text = MINIMAL.replace("  - id: tp1\n    text: Menjelaskan kerja sama.\n",
                           "  - Menjelaskan: pengertian kerja sama.\n")
    lesson, warnings = load_lesson(write_lesson(text))
    assert lesson.objectives[0].text == "Menjelaskan: pengertian kerja sama."
    assert lesson.objectives[0].id == "tp1" and len(warnings) == 1


def test_colon_in_plain_text_gets_plain_words(write_lesson):
    path = write_lesson(MINIMAL.replace("title: Kerja Sama", "title: Kerja Sama: Pengertian"))
    with pytest.raises(LessonInvalid) as caught:
        load_lesson(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.col) == (1, 18)
    assert "contains \": \"" in problem.message and "quotes" in problem.hint
    assert "mapping values" not in str(problem)


def test_warnings_point_at_their_own_line(write_lesson):
    text = MINIMAL + """\
key_terms:
  - {term: Kooptasi, definition: Penerimaan unsur baru.}
worksheet:
  questions:
    - {type: true_false, prompt: p, answer: true}
"""
    _, warnings = load_lesson(write_lesson(text))
    where = {w.key: (w.line, w.col) for w in warnings}
    assert where == {"objectives[1]": (5, 5), "key_terms[1].term": (13, 12)}


@pytest.mark.parametrize("tag", ["!!binary aGVsbG8=", "!!python/name:os.system ''"])
def test_python_and_binary_tags_are_refused(write_lesson, tag):
    with pytest.raises(LessonInvalid, match="is not allowed"):
        load_lesson(write_lesson(MINIMAL + f"subtitle: {tag}\n"))


MARKDOWN = """\
| Negara | Tahun |
|---|---|
| Indonesia | 1967 |

Catatan[^1] ~~salah~~ H~2~O dan 10^3^ orang.

- [x] sudah
- [ ] belum

Istilah
: arti istilah

[^1]: Sumber catatan kaki.
"""


def test_teacher_markdown_prints_rendered_in_every_medium(tmp_path, write_lesson):
    from . import pdftext

    body = "body: |\n" + "".join(f"      {line}\n" for line in MARKDOWN.splitlines())
    text = MINIMAL.replace("body: Kerja sama adalah usaha bersama.", body.rstrip("\n") + "\n")
    lesson, _ = load_lesson(write_lesson(text))
    printed = pdftext.text(render("handout", lesson, tmp_path))
    for raw in ("|---|", "[^1]", "~~", "H~2~O", "^3^", "[x]"):
        assert raw not in printed, raw
    for shown in ("Negara", "Indonesia", "1967", "salah", "Sumber catatan kaki"):
        assert shown in printed
    page = render("web", lesson, tmp_path).decode()
    assert "<table>" in page and "<s>salah</s>" in page and "<sub>2</sub>" in page


@pytest.mark.parametrize("text", ["Rumus $E=mc^2$ terkenal.", "$$\na^2+b^2=c^2\n$$"])
def test_math_is_a_located_error_never_printed_raw(write_lesson, text):
    body = "body: |\n" + "".join(f"      {line}\n" for line in text.splitlines())
    path = write_lesson(MINIMAL.replace("body: Kerja sama adalah usaha bersama.",
                                        body.rstrip("\n")))
    with pytest.raises(LessonInvalid) as caught:
        load_lesson(path)
    (problem,) = caught.value.problems
    assert problem.key == "sections[1].body" and "TeX math" in problem.message


def test_prices_are_not_math(write_lesson):
    path = write_lesson(MINIMAL.replace("Kerja sama adalah usaha bersama.",
                                        "Harganya US$ 5 atau $10 dan $20."))
    assert load_lesson(path)[0]
