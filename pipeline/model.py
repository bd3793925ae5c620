"""The validated lesson: plain frozen dataclasses that renderers read and never change."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

LETTERS = "ABCDEF"


@dataclass(frozen=True)
class Objective:
    id: str
    text: str


@dataclass(frozen=True)
class KeyTerm:
    term: str
    definition: str


@dataclass(frozen=True)
class Section:
    title: str
    body: str
    slides: tuple[str, ...] | None = None
    notes: str | None = None
    image: Path | None = None
    alt: str | None = None


@dataclass(frozen=True)
class Activity:
    title: str
    steps: tuple[str, ...]
    minutes: int | None = None
    grouping: str | None = None


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str | None = None
    url: str | None = None
    file: str | None = None
    accessed: str | None = None


@dataclass(frozen=True)
class Question:
    """Common fields; ``kind`` is the format's ``type`` and picks the template macro."""

    kind: str
    id: str
    prompt: str
    points: float
    objective: str | None = None
    explanation: str | None = None


@dataclass(frozen=True)
class MultipleChoice(Question):
    choices: tuple[str, ...] = ()
    answer: int = 0                     # index into choices
    keep_last: int = 0                  # the last N choices never move when shuffled


@dataclass(frozen=True)
class MultipleSelect(Question):
    choices: tuple[str, ...] = ()
    answers: tuple[int, ...] = ()
    keep_last: int = 0


@dataclass(frozen=True)
class TrueFalse(Question):
    answer: bool = True


@dataclass(frozen=True)
class ShortAnswer(Question):
    answer: str = ""
    accept: tuple[str, ...] = ()
    lines: int = 2


@dataclass(frozen=True)
class FillInBlank(Question):
    blanks: tuple[tuple[str, ...], ...] = ()   # per blank: the answer, then alternatives
    word_bank: bool = False


@dataclass(frozen=True)
class Pair:
    left: str
    right: str


@dataclass(frozen=True)
class Matching(Question):
    pairs: tuple[Pair, ...] = ()


@dataclass(frozen=True)
class Ordering(Question):
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class RubricRow:
    criterion: str
    points: float


@dataclass(frozen=True)
class Essay(Question):
    answer: str | None = None
    rubric: tuple[RubricRow, ...] = ()
    lines: int = 8


@dataclass(frozen=True)
class Worksheet:
    questions: tuple[Question, ...]
    title: str | None = None
    instructions: str | None = None
    shuffle: bool = True

    @property
    def total_points(self) -> float:
        total = sum(q.points for q in self.questions)
        return int(total) if float(total).is_integer() else total


@dataclass(frozen=True)
class Lesson:
    path: Path
    id: str
    title: str
    subject: str
    grade: str
    objectives: tuple[Objective, ...]
    sections: tuple[Section, ...]
    sources: tuple[Source, ...]
    language: str = "id"
    subtitle: str | None = None
    duration_minutes: int | None = None
    authors: tuple[str, ...] = ()
    summary: str | None = None
    prior_knowledge: str | None = None
    key_terms: tuple[KeyTerm, ...] = ()
    activities: tuple[Activity, ...] = ()
    worksheet: Worksheet | None = None
    format: int = 1
