"""``short_answer``: a word or a sentence on a few lines."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.lesson.declare import key
from pipeline.lesson.limits import MAX_LINES
from pipeline.questions.base import Question, register


@register
@dataclass(frozen=True, kw_only=True)
class ShortAnswer(Question):
    """Answer in a word or a sentence."""

    TYPE = "short_answer"
    SECTION = "fill"
    ON_SLIDES = True
    KEY_SHOWS = "the model answer and the accepted ones"

    answer: str = key("The model answer.", text="markdown")
    accept: tuple[str, ...] = key("Other answers that are also right.", default=(),
                                  what="answers")
    lines: int = key("Answer lines printed on the worksheet.", minimum=1, maximum=MAX_LINES,
                     default=2)

    def answer_data(self, shown) -> dict:
        from pipeline.render.markdown import plain

        return {"accept": [plain(a) for a in (self.answer, *self.accept)]}
