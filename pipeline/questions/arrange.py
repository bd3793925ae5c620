"""Arrange a worksheet as one variant sees it: question order, and each question's parts.

Everything is seeded from the lesson id and the variant letter, so the same command
always prints the same variants, and the answer key is computed from the very same
arrangement the student sees. How a question's parts shuffle is its type's ``arrange``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from pipeline.questions.base import Question
from pipeline.questions.choices import LETTERS
from pipeline.questions.sections import rank


@dataclass(frozen=True)
class Presented:
    """One question as printed: its number and the order of its parts.

    ``order`` maps printed position -> index in the source list (choices, matching
    right sides, ordering items, word-bank words).
    """

    number: int
    question: Question
    order: tuple[int, ...] = ()

    @property
    def section(self) -> str:
        """The worksheet section this question is printed in."""
        return self.question.SECTION

    @property
    def letters(self) -> str:
        return LETTERS[: len(self.order)]

    def shown(self, values: tuple[str, ...]) -> list[tuple[str, str]]:
        """(letter, text) pairs in printed order."""
        return [(LETTERS[pos], values[src]) for pos, src in enumerate(self.order)]

    def letter_of(self, index: int) -> str:
        """The printed letter of source item ``index``."""
        return LETTERS[self.order.index(index)]

    def grid_answer(self, labels: dict[str, str]) -> str:
        """The compact answer shown in the key's grid (``B``, ``A, C``, ``1-C 2-A``...)."""
        return self.question.grid_answer(self, labels)


def arrange(lesson_id: str, questions: tuple[Question, ...], shuffle: bool,
            variant: str | None = None) -> list[Presented]:
    """The questions as printed for ``variant`` (None: the authored order).

    Questions are grouped into sections by type, in the conventional order (multiple
    choice first, essays last), numbered straight through. For a variant of a shuffling
    worksheet, questions are shuffled inside their section and choices inside their
    question. Matching right sides, ordering items and word banks are always shuffled
    (otherwise the answer would be printed).
    """
    rng = random.Random(f"{lesson_id}:{variant or ''}")
    mix = variant is not None and shuffle
    ordered: list[Question] = []
    for section in sorted({q.SECTION for q in questions}, key=rank):
        group = [q for q in questions if section == q.SECTION]
        if mix:
            rng.shuffle(group)
        ordered += group
    return [Presented(number, q, q.arrange(rng, mix)) for number, q in enumerate(ordered, 1)]


def sections(presented: list[Presented]) -> list[tuple[str, list[Presented]]]:
    """The printed questions as (section, its questions), in order."""
    result: list[tuple[str, list[Presented]]] = []
    for p in presented:
        if not result or result[-1][0] != p.section:
            result.append((p.section, []))
        result[-1][1].append(p)
    return result
