"""``multiple_select``: every right answer among 2-6 choices (boxes instead of circles)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from yaml.nodes import Node

from pipeline.lesson.declare import key
from pipeline.lesson.reader import Reader
from pipeline.lesson.source import join
from pipeline.questions.base import Question, later, register
from pipeline.questions.choices import (
    CHOICES_SCHEMA,
    KEEP_LAST_SCHEMA,
    TEXTISH,
    check_keep_last,
    choice_order,
    read_choices,
    read_keep_last,
    resolve,
)


@register
@dataclass(frozen=True, kw_only=True)
class MultipleSelect(Question):
    """Choose all the right answers."""

    TYPE = "multiple_select"
    SECTION = "multi_choice"
    ON_SLIDES = True
    KEY_SHOWS = "all correct letters"

    choices: tuple[str, ...] = key("2-6 different texts, printed A-F.", read=read_choices,
                                   schema=CHOICES_SCHEMA, words="list of 2-6 texts")
    answers: tuple[int, ...] = key("The right choices: letters or exact texts (at least one).",
                                   read=later, schema={"type": "array", "items": TEXTISH,
                                                       "minItems": 1},
                                   words="list of letters or texts")
    keep_last: int = key("Pin the last N choices when variants shuffle (`true` = 1).",
                         default=0, read=read_keep_last, schema=KEEP_LAST_SCHEMA,
                         words="whole number ≥ 0, or `true`")

    @classmethod
    def check(cls, r: Reader, values: dict, found: dict[str, Node], where: str) -> dict | None:
        items = r.sequence(found["answers"], join(where, "answers"), 1, "answers")
        answers = [resolve(r, item, at, values["choices"]) for item, at in items]
        if len({a for a in answers if a is not None}) != len(answers):
            r.error(found["answers"], join(where, "answers"), "the same choice is listed twice")
        values["answers"] = tuple(sorted(a for a in answers if a is not None))
        check_keep_last(r, values, found, where)
        return values

    def arrange(self, rng: random.Random, mix: bool) -> tuple[int, ...]:
        return choice_order(rng, len(self.choices), self.keep_last, mix)

    def grid_answer(self, shown, labels: dict[str, str]) -> str:
        return ", ".join(sorted(shown.letter_of(a) for a in self.answers))

    def answer_data(self, shown) -> dict:
        return {"choices": sorted(shown.order.index(a) for a in self.answers)}
