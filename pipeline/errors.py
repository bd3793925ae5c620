"""Every error a user can cause, in one place, and the exit code each one means.

A user error is never shown as a traceback: the CLI catches ``LessonpackError`` and prints
its message. Problems in a file (a lesson, a labels file) are located: file, line, column
and the *key path* inside the file (``worksheet.questions[3].answer``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def display_name(path: Path) -> str:
    """The path as the user would type it: relative to the working folder when inside it."""
    absolute = Path(os.path.abspath(path))      # links are shown as the user named them
    cwd = Path.cwd().resolve()
    return os.path.relpath(absolute, cwd) if absolute.is_relative_to(cwd) else str(absolute)


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake (or warning) in a file, located for a person to fix."""

    file: str
    line: int
    col: int
    key: str                 # the key path inside the file, e.g. sections[2].title
    message: str
    hint: str = ""
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        text = f"{self.file}:{self.line}:{self.col}: {self.key}: {kind}{self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


class LessonpackError(Exception):
    """Base of every user-facing error; ``exit_code`` is what the command exits with."""

    exit_code = EXIT_FAILED


class UsageProblem(LessonpackError):
    """The command was called wrongly: a missing path, a bad option value, a file in the way."""

    exit_code = EXIT_USAGE


class FileInvalid(LessonpackError):
    """A lesson, labels or settings file has problems; carries every one of them at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class LessonInvalid(FileInvalid):
    """A lesson file does not follow the format."""


class TemplateProblem(LessonpackError):
    """A template (or theme deck) cannot be read or rendered; names the template and line."""


class TextTooLong(TemplateProblem):
    """Text that cannot be placed on a slide without overflowing, even at the smallest size."""
