"""Arrange a worksheet as one variant sees it: question order, choice order, shuffles.

Everything is seeded from the lesson id and the variant letter, so the same command
always prints the same variants, and the answer key is computed from the very same
arrangement the student sees.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from pipeline import model
from pipeline.model import LETTERS


@dataclass(frozen=True)
class Presented:
    """One question as printed: its number and the order of its parts.

    ``order`` maps printed position -> index in the source list (choices, matching
    right sides, ordering items, word-bank words).
    """

    number: int
    question: model.Question
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


def _derange(rng: random.Random, n: int, fixed_tail: int = 0) -> list[int]:
    """A shuffled order of range(n) whose free part is never left as it was (when n > 1)."""
    free = list(range(n - fixed_tail))
    if len(free) > 1:
        original = free[:]
        while free == original:
            rng.shuffle(free)
    return free + list(range(n - fixed_tail, n))


def _keep(rng: random.Random, n: int, fixed_tail: int, shuffle: bool) -> tuple[int, ...]:
    return tuple(_derange(rng, n, fixed_tail) if shuffle else range(n))


def arrange(lesson: model.Lesson, variant: str | None = None) -> list[Presented]:
    """The worksheet's questions as printed for ``variant`` (None: the authored order).

    Matching right sides and ordering items are always shuffled (otherwise the answer
    would be printed); questions and choices only for a variant of a shuffling worksheet.
    """
    worksheet = lesson.worksheet
    if worksheet is None:
        return []
    rng = random.Random(f"{lesson.id}:{variant or ''}")
    mix = variant is not None and worksheet.shuffle
    questions = list(worksheet.questions)
    if mix:
        rng.shuffle(questions)
    result = []
    for number, q in enumerate(questions, 1):
        if isinstance(q, model.MultipleChoice | model.MultipleSelect):
            order = _keep(rng, len(q.choices), q.keep_last, mix)
        elif isinstance(q, model.Matching):
            order = tuple(_derange(rng, len(q.pairs)))
        elif isinstance(q, model.Ordering):
            order = tuple(_derange(rng, len(q.items)))
        elif isinstance(q, model.FillInBlank):
            order = tuple(_derange(rng, len(q.blanks)))
        else:
            order = ()
        result.append(Presented(number, q, order))
    return result


def grid_answer(p: Presented, labels: dict[str, str]) -> str:
    """The compact answer shown in the key's grid (``B``, ``A, C``, ``1-C 2-A``...)."""
    q = p.question
    if isinstance(q, model.MultipleChoice):
        return p.letter_of(q.answer)
    if isinstance(q, model.MultipleSelect):
        return ", ".join(sorted(p.letter_of(a) for a in q.answers))
    if isinstance(q, model.TrueFalse):
        return labels["true_short"] if q.answer else labels["false_short"]
    if isinstance(q, model.Matching):
        return " ".join(f"{i}-{p.letter_of(i - 1)}" for i in range(1, len(q.pairs) + 1))
    if isinstance(q, model.Ordering):
        return "–".join(p.letter_of(i) for i in range(len(q.items)))
    if isinstance(q, model.FillInBlank):
        return " / ".join(b[0] for b in q.blanks)
    return labels["see_below"]


def variant_letters(count: int) -> list[str | None]:
    """``--variants N`` -> [A, B, ...]; 0 or 1 variant means the plain worksheet."""
    if count <= 1:
        return [None]
    if count > 26:
        raise ValueError("at most 26 variants (A-Z)")
    return [chr(ord("A") + i) for i in range(count)]
