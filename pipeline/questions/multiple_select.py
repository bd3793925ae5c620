"""``multiple_select``: every right answer among 2-6 choices (boxes instead of circles)."""

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
class MultipleSelect(ChoiceQuestion):
    """Choose all the right answers."""

    TYPE = "multiple_select"
    SECTION = "multi_choice"
    ON_SLIDES = True
    KEY_SHOWS = "all correct letters"

    answers: tuple[int, ...] = key("The right choices: letters or exact texts (at least one).",
                                   read=later, schema={"type": "array", "items": TEXTISH,
                                                       "minItems": 1},
                                   words="list of letters or texts")

    @classmethod
    def resolve_answers(cls, r: Reader, values: dict, found: dict[str, Node],
                        where: str) -> None:
        items = r.sequence(found["answers"], join(where, "answers"), 1, "answers")
        answers = [resolve(r, item, at, values["choices"]) for item, at in items]
        resolved = [a for a in answers if a is not None]     # the others were reported
        if len(set(resolved)) != len(resolved):
            r.error(found["answers"], join(where, "answers"), "the same choice is listed twice")
        values["answers"] = tuple(sorted(resolved))

    def grid_answer(self, shown, labels: dict[str, str]) -> str:
        return ", ".join(sorted(shown.letter_of(a) for a in self.answers))

    def answer_data(self, shown) -> dict:
        return {"choices": sorted(shown.order.index(a) for a in self.answers)}
