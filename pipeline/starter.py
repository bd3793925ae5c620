"""``lessonpack new``: a commented starter lesson that validates and builds unchanged."""

from __future__ import annotations

from pathlib import Path

from pipeline import templating
from pipeline.files import write_atomic
from pipeline.reader import SLUG_RE


class StarterProblem(Exception):
    """The starter cannot be written (bad id, file exists)."""


def write_starter(lesson_id: str, folder: Path, language: str = "id") -> Path:
    if not SLUG_RE.fullmatch(lesson_id):
        raise StarterProblem(f'"{lesson_id}" is not a valid lesson id: use lowercase letters, '
                             "digits and single hyphens, e.g. kerja-sama")
    path = folder / f"{lesson_id}.yaml"
    if path.exists():
        raise StarterProblem(f"{path} already exists; choose another id or edit that file")
    title = lesson_id.replace("-", " ").title()
    text = templating.render("new-lesson.yaml", None, id=lesson_id, title=title,
                             language=language)
    write_atomic(path, text.encode("utf-8"))
    return path
