"""``matching``: pair each left item with its right item; the right column is shuffled."""

from __future__ import annotations

import random
from dataclasses import dataclass

from yaml.nodes import Node

from pipeline.lesson.declare import key
from pipeline.lesson.reader import Reader
from pipeline.lesson.source import join
from pipeline.questions.base import Question, derange, register


@dataclass(frozen=True, kw_only=True)
class Pair:
    """One row of a matching question."""

    WHAT = "a pair {left: ..., right: ...}"

    left: str = key("Printed in the left column, numbered.", text="markdown")
    right: str = key("Its partner, printed in the shuffled right column, lettered.",
                     text="markdown")


@register
@dataclass(frozen=True, kw_only=True)
class Matching(Question):
    """Match the two columns."""

    TYPE = "matching"
    SECTION = "matching"
    DEFAULT_POINTS = 2
    KEY_SHOWS = "the pairs, as number-letter"

    pairs: tuple[Pair, ...] = key("The pairs in their right matching (at least 2; both sides "
                                  "distinct).", min_items=2, what="pairs")

    @classmethod
    def check(cls, r: Reader, values: dict, found: dict[str, Node], where: str) -> dict | None:
        for side in ("left", "right"):
            texts = [getattr(pair, side) for pair in values["pairs"]]
            for text in sorted({t for t in texts if texts.count(t) > 1}):
                r.error(found["pairs"], join(where, "pairs"),
                        f'the {side} side "{text}" appears in more than one pair',
                        "each side of a matching question must be different")
        return values

    def arrange(self, rng: random.Random, mix: bool) -> tuple[int, ...]:
        return derange(rng, len(self.pairs))

    def grid_answer(self, shown, labels: dict[str, str]) -> str:
        return " ".join(f"{i}-{shown.letter_of(i - 1)}" for i in range(1, len(self.pairs) + 1))

    def answer_data(self, shown) -> dict:
        return {"letters": [shown.letter_of(i) for i in range(len(self.pairs))]}
