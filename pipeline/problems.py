"""User-facing problems: one line each, naming file, line, column and key path."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake (or warning) in a lesson file, located for a person to fix."""

    file: str
    line: int
    col: int
    path: str
    message: str
    hint: str = ""
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        text = f"{self.file}:{self.line}:{self.col}: {self.path}: {kind}{self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


class LessonInvalid(Exception):
    """Raised with every problem of one file, so all of them are reported at once."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = sorted(problems)
