"""Hostile lessons and templates: nothing runs, nothing leaks, nothing is lost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.errors import LessonInvalid, TemplateProblem
from pipeline.lesson.loader import load_lesson

from . import pdftext
from .conftest import MINIMAL, render

PAYLOADS = [
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ lesson.__class__.__init__.__globals__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ labels.update({'x': 1}) }}",
]


def project(tmp_path: Path) -> Path:
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "satu.yaml").write_text(MINIMAL)
    return lessons / "satu.yaml"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_handout_template_cannot_run_code(tmp_path, payload):
    lesson, _ = load_lesson(project(tmp_path), tmp_path)
    (tmp_path / "templates" / "print").mkdir(parents=True)
    (tmp_path / "templates" / "print" / "handout.html").write_text(
        "{% extends 'print/base.html' %}{% block content %}\n" + payload
        + "\n{% endblock %}")
    with pytest.raises(TemplateProblem) as caught:
        render("handout", lesson, tmp_path)
    assert "templates/print/handout.html:2" in str(caught.value)
    assert "uid=" not in str(caught.value)


@pytest.mark.parametrize("payload", PAYLOADS[:2])
def test_slide_outline_template_cannot_run_code(tmp_path, payload):
    lesson, _ = load_lesson(project(tmp_path), tmp_path)
    (tmp_path / "templates" / "slides").mkdir(parents=True)
    (tmp_path / "templates" / "slides" / "outline.yaml").write_text(
        f"- layout: Title Slide\n  title: {payload}\n")
    with pytest.raises(TemplateProblem, match="outline.yaml:2"):
        render("slides", lesson, tmp_path)


@pytest.mark.parametrize("name", ["print/handout.html", "labels/id.yaml", "print/print.css",
                                  "fonts/Carlito-Regular.ttf", "slides/theme.pptx"])
def test_a_linked_template_file_outside_the_project_is_refused(tmp_path, name):
    secret = tmp_path.parent / f"secret-{tmp_path.name}.txt"
    secret.write_text("root:x:0:0:SECRET\n")
    lesson, _ = load_lesson(project(tmp_path), tmp_path)
    link = tmp_path / "templates" / name
    link.parent.mkdir(parents=True)
    link.symlink_to(secret)
    output = "slides" if name.startswith("slides") else "handout"
    with pytest.raises(TemplateProblem, match="outside the project") as caught:
        render(output, lesson, tmp_path)
    assert str(link) in str(caught.value)


def test_a_linked_templates_folder_is_refused(tmp_path):
    elsewhere = tmp_path.parent / f"elsewhere-{tmp_path.name}"
    (elsewhere / "print").mkdir(parents=True)
    (elsewhere / "print" / "handout.html").write_text("SECRET")
    lesson, _ = load_lesson(project(tmp_path), tmp_path)
    (tmp_path / "templates").symlink_to(elsewhere)
    with pytest.raises(TemplateProblem, match="outside the project"):
        render("handout", lesson, tmp_path)


def test_a_link_inside_the_project_is_fine(tmp_path):
    lesson, _ = load_lesson(project(tmp_path), tmp_path)
    (tmp_path / "shared-labels.yaml").write_text("handout: Materi\n")
    (tmp_path / "templates" / "labels").mkdir(parents=True)
    (tmp_path / "templates" / "labels" / "id.yaml").symlink_to(tmp_path / "shared-labels.yaml")
    assert "Materi" in pdftext.text(render("handout", lesson, tmp_path))


def test_an_image_outside_the_project_is_refused_before_it_is_read(tmp_path, monkeypatch):
    opened: list[str] = []
    real_open = open

    def spy(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    path = project(tmp_path)
    path.write_text(MINIMAL.replace("  - title: Pengertian\n",
                                    "  - title: Pengertian\n    image: /etc/passwd\n    alt: x\n"))
    monkeypatch.setattr("builtins.open", spy)
    with pytest.raises(LessonInvalid, match="outside the project"):
        load_lesson(path, tmp_path)
    assert "/etc/passwd" not in opened
    assert os.path.exists("/etc/passwd")
