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

    Matching right sides, ordering items and word banks are always shuffled (otherwise the
    answer would be printed); questions and choices only for a variant of a shuffling
    worksheet.
    """
    rng = random.Random(f"{lesson_id}:{variant or ''}")
    mix = variant is not None and shuffle
    ordered = list(questions)
    if mix:
        rng.shuffle(ordered)
    return [Presented(number, q, q.arrange(rng, mix)) for number, q in enumerate(ordered, 1)]


def variant_letters(count: int) -> list[str | None]:
    """``--variants N`` -> [A, B, ...]; 0 or 1 variant means the plain worksheet."""
    if count <= 1:
        return [None]
    if count > 26:
        raise ValueError("at most 26 variants (A-Z)")
    return [chr(ord("A") + i) for i in range(count)]
