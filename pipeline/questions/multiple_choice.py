"""``multiple_choice``: one right answer among 2-6 choices, printed A-F."""

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
class MultipleChoice(Question):
    """Choose the one right answer."""

    TYPE = "multiple_choice"
    SECTION = "choice"
    ON_SLIDES = True
    KEY_SHOWS = "the letter and the text, with `explanation`"

    choices: tuple[str, ...] = key("2-6 different texts, printed A-F.", read=read_choices,
                                   schema=CHOICES_SCHEMA, words="list of 2-6 texts")
    answer: int = key("A letter `A`-`F`, or the exact text of one choice.", read=later,
                      schema=TEXTISH, words="letter or text")
    keep_last: int = key("Pin the last N choices when variants shuffle (`true` = 1), for "
                         "\"Semua jawaban benar\".", default=0, read=read_keep_last,
                         schema=KEEP_LAST_SCHEMA, words="whole number ≥ 0, or `true`")

    @classmethod
    def check(cls, r: Reader, values: dict, found: dict[str, Node], where: str) -> dict | None:
        values["answer"] = resolve(r, found["answer"], join(where, "answer"), values["choices"])
        check_keep_last(r, values, found, where)
        return values

    def arrange(self, rng: random.Random, mix: bool) -> tuple[int, ...]:
        return choice_order(rng, len(self.choices), self.keep_last, mix)

    def grid_answer(self, shown, labels: dict[str, str]) -> str:
        return shown.letter_of(self.answer)

    def answer_data(self, shown) -> dict:
        return {"choice": shown.order.index(self.answer)}
