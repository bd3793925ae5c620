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


HUGE = [
    ("essay lines", MINIMAL + "worksheet:\n  questions:\n"
     "    - {type: essay, prompt: p, lines: 200000}\n", "lines: must be at most 60"),
    ("long list in a body", MINIMAL.replace(
        "body: Kerja sama adalah usaha bersama.",
        "body: |\n" + "".join(f"      - butir {i}\n" for i in range(10_000))),
     "at most 20,000 are allowed"),
    ("many sections", MINIMAL.replace(
        "  - title: Pengertian\n    body: Kerja sama adalah usaha bersama.\n",
        "".join(f"  - {{title: T{i}, body: B}}\n" for i in range(5_000))),
     "at most 200 sections"),
    ("long title", MINIMAL.replace("title: Kerja Sama", "title: " + "a" * 600_000),
     "at most 500 are allowed"),
    ("50 MB body", MINIMAL + "summary: " + "b" * 50_000_000 + "\n", "a lesson may have at most"),
    ("deep nesting", MINIMAL + "subtitle: " + "[" * 100_000 + "]" * 100_000 + "\n",
     "nest deeper than 16 levels"),
    ("huge number", MINIMAL + "duration_minutes: " + "9" * 5000 + "\n", "must be at most"),
    ("control character", MINIMAL.replace("title: Kerja Sama", 'title: "Kerja\\x07Sama"'),
     "control character U+0007"),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in HUGE], ids=[c[0] for c in HUGE])
def test_oversized_lessons_fail_fast_with_a_located_error(tmp_path, text, expected):
    import time

    path = tmp_path / "besar.yaml"
    path.write_text(text)
    start = time.perf_counter()
    with pytest.raises(LessonInvalid) as caught:
        load_lesson(path)
    assert time.perf_counter() - start < 3
    assert any(expected in str(p) for p in caught.value.problems), caught.value.problems
    assert all(str(p).startswith(str(path)) for p in caught.value.problems)


def test_oversized_lessons_stay_small_in_memory(tmp_path):
    import subprocess
    import sys

    for name, text, _ in HUGE:
        (tmp_path / f"{name.replace(' ', '-')}.yaml").write_text(text)
    code = ("import resource, sys\nfrom pathlib import Path\n"
            "from pipeline.lesson.loader import load_lesson\nfrom pipeline.errors import "
            "LessonInvalid\nfor p in sorted(Path(sys.argv[1]).glob('*.yaml')):\n"
            "    try:\n        load_lesson(p)\n    except LessonInvalid:\n        pass\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) < 300, f"peak {done.stdout.split()[-1]} MB"


def test_invisible_characters_are_warnings_at_their_place(write_lesson):
    _, warnings = load_lesson(write_lesson(MINIMAL.replace("Kerja sama adalah",
                                                           "Kerja\u200bsama adalah")))
    (w,) = warnings
    assert (w.line, w.col, w.key) == (9, 16, "sections[1].body") and "U+200B" in w.message
