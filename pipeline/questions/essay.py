"""``essay``: a written answer on ruled lines, marked with a rubric."""

from __future__ import annotations

from dataclasses import dataclass

from yaml.nodes import Node

from pipeline.lesson.declare import key
from pipeline.lesson.limits import MAX_LINES
from pipeline.lesson.reader import Reader
from pipeline.lesson.source import join
from pipeline.questions.base import Question, register


@dataclass(frozen=True, kw_only=True)
class RubricRow:
    """One criterion of an essay's rubric."""

    WHAT = "a row {criterion: ..., points: ...}"

    criterion: str = key("What the answer must show (Markdown).", text="markdown")
    points: float = key("Points for this criterion.", minimum=0)


@register
@dataclass(frozen=True, kw_only=True)
class Essay(Question):
    """A written answer; without `points` it is worth its rubric's total."""

    TYPE = "essay"
    SECTION = "essay"
    DEFAULT_POINTS = 4
    KEY_SHOWS = "the model answer and the rubric"

    answer: str | None = key("Model answer or key points (Markdown).", text="markdown",
                             default=None)
    rubric: tuple[RubricRow, ...] = key("Marking criteria; their points add up to the "
                                        "question's points.", default=(), min_items=1,
                                        what="rubric rows")
    lines: int = key("Answer lines printed on the worksheet.", minimum=1, maximum=MAX_LINES,
                     default=8)

    @classmethod
    def check(cls, r: Reader, values: dict, found: dict[str, Node], where: str) -> dict | None:
        rubric = values.get("rubric", ())
        if rubric:
            total = sum(row.points for row in rubric)
            total = int(total) if float(total).is_integer() else total
            if "points" not in found:
                values["points"] = total
            elif "points" in values and abs(total - values["points"]) > 1e-9:
                r.error(found["rubric"], join(where, "rubric"),
                        f"the rubric's points add up to {total:g}, but the question is worth "
                        f"{values['points']:g}", "make the rubric rows add up to `points`")
        return values
