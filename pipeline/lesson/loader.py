"""Load one lesson file into a validated ``Lesson``, reporting all of its problems at once."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import FileInvalid, LessonInvalid, Problem, display_name
from pipeline.lesson.declare import ReadContext, read_object
from pipeline.lesson.model import Lesson
from pipeline.lesson.reader import Reader
from pipeline.lesson.source import ROOT, read_source


def _warnings(r: Reader, root, lesson: Lesson) -> None:
    """Things that build but that a careful teacher would want to know, at their own line."""
    if lesson.worksheet:
        assessed = {q.objective for q in lesson.worksheet.questions}
        for i, o in enumerate(lesson.objectives, 1):
            if o.id not in assessed:
                r.warn(r.node_of(o, root), f"objectives[{i}]",
                       f'objective "{o.id}" is not assessed by any question',
                       f"add `objective: {o.id}` to a question that checks it")
    text = " ".join(s.body for s in lesson.sections).lower()
    for i, term in enumerate(lesson.key_terms, 1):
        if term.term.lower() not in text:
            at = r.node_of(term, root)
            r.warn(r.child(at, "term") or at, f"key_terms[{i}].term",
                   f'"{term.term}" does not appear in any section',
                   "students should meet every key term in the reading")


def _default_language(project_root: Path) -> str:
    """The project's settings may name the language of lessons that do not say; a broken
    settings file is reported by the targets that read it."""
    from pipeline.lesson.settings import load_settings

    try:
        return load_settings(project_root).language or "id"
    except FileInvalid:
        return "id"


def load_lesson(path: Path, project_root: Path | None = None) -> tuple[Lesson, list[Problem]]:
    """Return the lesson and its warnings, or raise LessonInvalid listing every error."""
    root = (project_root or path.resolve().parent).resolve()
    if path.is_symlink() and not path.resolve().is_relative_to(root):
        raise LessonInvalid([Problem(display_name(path), 1, 1, ROOT, "this lesson is a link "
                                     f"to a file outside the project folder {root}",
                                     "copy the lesson into the project instead of linking")])
    try:
        source = read_source(path, display_name(path), keep_going=True)
    except FileInvalid as exc:
        raise LessonInvalid(exc.problems) from None
    r = Reader(source)
    ctx = ReadContext(path, root, _default_language(root))
    lesson = read_object(r, Lesson, source.root, ROOT, ctx)
    errors = [*source.problems, *(p for p in r.problems if not p.warning)]
    if errors or lesson is None:
        raise LessonInvalid(errors or r.problems)
    _warnings(r, source.root, lesson)
    return lesson, [p for p in r.problems if p.warning]
