"""``multiple_choice``: one right answer among 2-6 choices, printed A-F."""

from __future__ import annotations

from dataclasses import dataclass

from yaml.nodes import Node

from pipeline.lesson.declare import key
from pipeline.lesson.reader import Reader
from pipeline.lesson.source import join
from pipeline.questions.base import later, register
from pipeline.questions.choices import TEXTISH, ChoiceQuestion, resolve


@register
@dataclass(frozen=True, kw_only=True)
class MultipleChoice(ChoiceQuestion):
    """Choose the one right answer."""

    TYPE = "multiple_choice"
    SECTION = "choice"
    ON_SLIDES = True
    KEY_SHOWS = "the letter and the text, with `explanation`"

    answer: int = key("A letter `A`-`F`, or the exact text of one choice.", read=later,
                      schema=TEXTISH, words="letter or text")

    @classmethod
    def resolve_answers(cls, r: Reader, values: dict, found: dict[str, Node],
                        where: str) -> None:
        values["answer"] = resolve(r, found["answer"], join(where, "answer"), values["choices"])

    def grid_answer(self, shown, labels: dict[str, str]) -> str:
        return shown.letter_of(self.answer)

    def answer_data(self, shown) -> dict:
        return {"choice": shown.order.index(self.answer)}
