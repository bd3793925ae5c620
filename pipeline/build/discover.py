"""Which lesson files a command means, and which project each one belongs to."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from pipeline.errors import UsageProblem
from pipeline.lesson.limits import MAX_FILE_BYTES

SKIP_DIRS = {"templates", "output", ".git", ".venv", "node_modules"}


def find_lessons(paths: Iterable[Path]) -> list[Path]:
    """Lesson files named directly, or found below folders (sorted, hidden ones skipped)."""
    found: list[Path] = []
    for path in paths:
        if path.is_file() or (path.exists() or path.is_symlink()) and not path.is_dir():
            found.append(path)              # a pipe or a broken link: the loader says so
        elif path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
                found += [Path(root) / f for f in sorted(files)
                          if f.endswith((".yaml", ".yml")) and not f.startswith(".")]
        else:
            raise UsageProblem(f"no such file or folder: {path}")
    return list(dict.fromkeys(found))


def project_root_for(lesson: Path, project: Path) -> Path:
    """The project is the given folder when the lesson is inside it, else the lesson's folder.
    A link counts where it lies (the loader refuses one that leads out of its project)."""
    placed, project = lesson.absolute().parent.resolve() / lesson.name, project.resolve()
    return project if placed.is_relative_to(project) else lesson.resolve().parent


ID_RE = re.compile(rb"^id:[ \t]*[\"']?([a-z0-9-]+)[\"']?[ \t]*(?:#.*)?$", re.MULTILINE)


def lesson_id(lesson: Path) -> str:
    """The lesson's id without parsing it (the top-level ``id:``, else the file name), so
    two lessons writing the same output folder are caught before either is built."""
    try:
        if stat.S_ISREG(lesson.stat().st_mode):
            with open(lesson, "rb") as handle:
                match = ID_RE.search(handle.read(MAX_FILE_BYTES))
                if match:
                    return match.group(1).decode()
    except OSError:
        pass
    return lesson.stem


def lesson_name(lesson: Path, project: Path) -> str:
    """The lesson's path relative to the project (posix), or absolute when outside it."""
    absolute, project = lesson.resolve(), project.resolve()
    if absolute.is_relative_to(project):
        return absolute.relative_to(project).as_posix()
    return absolute.as_posix()
