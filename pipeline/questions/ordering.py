"""``ordering``: put the items in order; the worksheet prints them shuffled."""

from __future__ import annotations

import random
from dataclasses import dataclass

from yaml.nodes import Node

from pipeline.lesson.declare import key
from pipeline.lesson.reader import Reader
from pipeline.lesson.source import join
from pipeline.questions.base import Question, derange, register


@register
@dataclass(frozen=True, kw_only=True)
class Ordering(Question):
    """Put the items in the right order."""

    TYPE = "ordering"
    SECTION = "ordering"
    DEFAULT_POINTS = 2
    KEY_SHOWS = "the correct order"

    items: tuple[str, ...] = key("The items in the correct order (at least 2, distinct).",
                                 text="markdown", min_items=2, what="items")

    @classmethod
    def check(cls, r: Reader, values: dict, found: dict[str, Node], where: str) -> dict | None:
        items = values["items"]
        for text in sorted({t for t in items if items.count(t) > 1}):
            r.error(found["items"], join(where, "items"), f'the item "{text}" appears twice')
        return values

    def arrange(self, rng: random.Random, mix: bool) -> tuple[int, ...]:
        return derange(rng, len(self.items))

    def grid_answer(self, shown, labels: dict[str, str]) -> str:
        return "–".join(shown.letter_of(i) for i in range(len(self.items)))

    def answer_data(self, shown) -> dict:
        return {"order": [shown.letter_of(i) for i in range(len(self.items))]}
