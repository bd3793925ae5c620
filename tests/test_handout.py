"""The handout PDF, read back as a user would: text, pages, bookmarks, metadata, paper."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.lesson.loader import load_lesson

from . import pdftext
from .conftest import MINIMAL, ROOT, render

LESSONS = sorted((ROOT / "lessons").glob("*.yaml"))


@pytest.fixture(scope="module")
def rendered() -> dict[str, tuple]:
    out = {}
    for path in LESSONS:
        lesson, _ = load_lesson(path, ROOT)
        out[path.stem] = (lesson, render("handout", lesson, ROOT))
    return out


@pytest.mark.parametrize("name", [p.stem for p in LESSONS])
def test_handout_shows_every_section_objective_and_term(rendered, name):
    lesson, data = rendered[name]
    text = pdftext.squash(pdftext.text(data))
    for section in lesson.sections:
        assert pdftext.squash(section.title) in text
    for objective in lesson.objectives:
        assert pdftext.squash(pdftext.plain_md(objective.text)) in text
    for term in lesson.key_terms:
        assert pdftext.squash(term.term) in text
    for source in lesson.sources:
        assert pdftext.squash(source.title) in text


@pytest.mark.parametrize("name", [p.stem for p in LESSONS])
def test_handout_pages_bookmarks_and_metadata(rendered, name):
    lesson, data = rendered[name]
    pdf = pdftext.reader(data)
    pages = pdftext.page_texts(data)
    assert f"Halaman 1 dari {len(pages)}" in pages[0]
    assert f"Halaman {len(pages)} dari {len(pages)}" in pages[-1]
    assert pdf.metadata.title == lesson.title
    assert lesson.subject in pdf.metadata.subject
    assert pdf.trailer["/Root"]["/Lang"] == lesson.language
    titles = [item.title for item in pdf.outline if not isinstance(item, list)]
    expected = [f"{i}. {s.title}" for i, s in enumerate(lesson.sections, 1)]
    assert [t for t in titles if t in expected] == expected
    assert titles[0] == "Tujuan Pembelajaran" and titles[-1] == "Sumber"
    # A4 in points, portrait
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


@pytest.mark.parametrize(("paper", "size"), [("letter", (612, 792)), ("f4", (609, 935))])
def test_paper_sizes(write_lesson, paper, size):
    lesson, _ = load_lesson(write_lesson(MINIMAL))
    data = render("handout", lesson, lesson.path.parent, paper)
    box = pdftext.reader(data).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size


def test_english_labels_and_markdown(write_lesson):
    text = MINIMAL.replace("grade: X", "grade: X\nlanguage: en") + (
        "key_terms:\n  - {term: Cooperation, definition: Working together.}\n")
    text = text.replace("body: Kerja sama adalah usaha bersama.",
                        'body: "Cooperation is **joint** work. <b>raw</b> [link](https://x.org)"')
    lesson, _ = load_lesson(write_lesson(text))
    data = render("handout", lesson, lesson.path.parent)
    pages = pdftext.page_texts(data)
    assert "Page 1 of 1" in pages[0]
    assert "Learning Objectives" in pages[0] and "Key Terms" in pages[0]
    assert "<b>raw</b>" in pages[0], "raw HTML in Markdown is shown as text"
    annots = [a.get_object() for a in pdftext.reader(data).pages[0].get("/Annots", [])]
    assert any(a["/A"].get("/URI") == "https://x.org" for a in annots)


def test_project_template_overrides_builtin(tmp_path, write_lesson):
    lesson_path = write_lesson(MINIMAL)
    (tmp_path / "templates" / "print").mkdir(parents=True)
    (tmp_path / "templates" / "print" / "handout.html").write_text(
        '{% extends "print/base.html" %}{% block content %}<h1>CUSTOM {{ lesson.title }}</h1>'
        "{% endblock %}")
    lesson, _ = load_lesson(lesson_path)
    data = render("handout", lesson, tmp_path)
    assert "CUSTOM Kerja Sama" in pdftext.text(data)


def test_template_typo_fails_with_template_name_and_line(tmp_path, write_lesson):
    from pipeline.errors import TemplateProblem

    lesson, _ = load_lesson(write_lesson(MINIMAL))
    (tmp_path / "templates" / "print").mkdir(parents=True)
    (tmp_path / "templates" / "print" / "handout.html").write_text(
        "line one\n{{ lesson.titel }}\n")
    with pytest.raises(TemplateProblem, match=r"templates/print/handout.html:2: .*titel"):
        render("handout", lesson, tmp_path)


@pytest.mark.parametrize(("template", "message"), [
    (b"line one\n{{ 1 / 0 }}\n", r"handout.html:2: ZeroDivisionError: division by zero"),
    (b"line one\nline two\n{{ 5 | md }}\n", r"handout.html:3: TypeError: "),
    (b"{{ lesson.title }} caf\xe9\n", r"handout.html: the template is not UTF-8 text "
     r"\(byte 0xe9\)"),
])
def test_any_template_mistake_names_the_template_and_line(tmp_path, write_lesson, template,
                                                           message):
    from pipeline.errors import TemplateProblem

    lesson, _ = load_lesson(write_lesson(MINIMAL))
    (tmp_path / "templates" / "print").mkdir(parents=True)
    (tmp_path / "templates" / "print" / "handout.html").write_bytes(template)
    with pytest.raises(TemplateProblem, match=message):
        render("handout", lesson, tmp_path)


def test_a_misspelt_field_in_a_build_names_the_lesson_not_a_class(tmp_path):
    from .test_build import lessons, run

    lessons(tmp_path, "satu")
    (tmp_path / "templates" / "print").mkdir(parents=True)
    (tmp_path / "templates" / "print" / "handout.html").write_text("{{ lesson.titel }}\n")
    result = run("build", "--only", "handout", "-j", "1", cwd=tmp_path)
    assert result.exit_code == 1
    assert "handout.html:1: 'lesson' has no attribute 'titel'" in result.output
    assert "LessonReads" not in result.output


def test_rendering_reads_nothing_outside_the_project(tmp_path, write_lesson):
    from pipeline.printed.document import ConfinedFetcher

    fetcher = ConfinedFetcher((tmp_path,))
    with pytest.raises(ValueError, match="outside the lesson project"):
        fetcher.fetch(Path("/etc/hostname").as_uri())
    with pytest.raises(ValueError, match="never uses the network"):
        fetcher.fetch("https://example.com/x.png")
    # A Markdown image pointing outside is simply not embedded: the PDF still builds.
    text = MINIMAL.replace("body: Kerja sama adalah usaha bersama.",
                           'body: "![x](file:///etc/hostname) ![y](https://example.com/y.png)"')
    lesson, _ = load_lesson(write_lesson(text))
    assert render("handout", lesson, tmp_path).startswith(b"%PDF")
