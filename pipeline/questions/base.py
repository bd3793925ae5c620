"""What every question type shares, and the registry that maps ``type:`` to its home.

Each question type lives in one module of this package: its keys (a dataclass declared
with ``key``), its checks (``check``), how variants shuffle it (``arrange``), its answer in
the key's grid (``grid_answer``), plus one template per medium
(``templates/print/questions/<type>.html``, ``templates/slides/questions/<type>.yaml``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, ClassVar

from yaml.nodes import MappingNode, Node

from pipeline.lesson.declare import ReadContext, key, read_object
from pipeline.lesson.reader import Reader
from pipeline.lesson.source import join

REGISTRY: dict[str, type[Question]] = {}
# every type has a template for each medium (the exports: one per format)
MEDIA = ("print", "slides", "web", "moodle", "gift", "qti", "quizgame")


def register(cls: type[Question]) -> type[Question]:
    """Class decorator: make a question type known to the format, schema and renderers."""
    REGISTRY[cls.TYPE] = cls
    return cls


def later(r: Reader, node: Node, where: str, ctx: ReadContext) -> Node:
    """Keep the node: the key is checked in ``check``, against its siblings."""
    return node


def derange(rng: random.Random, n: int, fixed_tail: int = 0) -> tuple[int, ...]:
    """A shuffled order of range(n) whose free part never stays as it was (when n > 1)."""
    free = list(range(n - fixed_tail))
    if len(free) > 1:
        original = free[:]
        while free == original:
            rng.shuffle(free)
    return tuple(free + list(range(n - fixed_tail, n)))


@dataclass(frozen=True, kw_only=True)
class Question:
    """Every question has ``type`` and ``prompt``; the other keys depend on the type."""

    TYPE: ClassVar[str] = ""
    DEFAULT_POINTS: ClassVar[float] = 1
    ON_SLIDES: ClassVar[bool] = False       # quick enough for the quiz slides
    SECTION: ClassVar[str] = "essay"        # its worksheet section (questions.sections)
    KEY_SHOWS: ClassVar[str] = ""           # what the answer key shows (for the docs)
    WHAT: ClassVar[str] = "a question (a mapping with type: and prompt:)"

    id: str | None = key("Names the question; must be unique in the worksheet.", text="slug",
                         default=None, default_doc="`q1`, `q2`, ... by position")
    prompt: str = key("The question as printed (Markdown, one paragraph).", text="markdown")
    points: float | None = key("What the question is worth.", minimum=0, default=None,
                               default_doc="1; 2 for matching and ordering; 4 for essay "
                                           "(or the rubric's total)")
    objective: str | None = key("The `id` of the objective this question assesses.",
                                default=None)
    explanation: str | None = key("Why the answer is right; printed in the answer key only "
                                  "(Markdown).", text="markdown", default=None)

    @property
    def kind(self) -> str:
        """The format's ``type`` of this question."""
        return self.TYPE

    @classmethod
    def read_node(cls, r: Reader, node: Node, where: str, ctx: ReadContext) -> Any:
        """Pick the type's class by ``type:``, then read the question as that type declares."""
        if not isinstance(node, MappingNode):
            r.error(node, where, f"expected {cls.WHAT}")
            return None
        type_node = r.child(node, "type")
        if type_node is None:
            r.error(node, join(where, "type"), 'the required key "type" is missing',
                    "one of: " + ", ".join(REGISTRY))
            return None
        kind = r.choice(type_node, join(where, "type"), tuple(REGISTRY))
        if kind is None:
            return None
        return read_object(r, REGISTRY[kind], node, where, ctx, extra=("type",))

    @classmethod
    def finish(cls, r: Reader, values: dict, found: dict[str, Node], node: Node, where: str,
               ctx: ReadContext) -> dict | None:
        if "points" not in found:
            values["points"] = cls.DEFAULT_POINTS
        return cls.check(r, values, found, where)

    @classmethod
    def check(cls, r: Reader, values: dict, found: dict[str, Node], where: str) -> dict | None:
        """Check the type's keys together (an answer against its choices); fill computed ones."""
        return values

    def arrange(self, rng: random.Random, mix: bool) -> tuple[int, ...]:
        """The printed order of this question's parts for one variant (``()``: no parts)."""
        return ()

    def grid_answer(self, shown: Any, labels: dict[str, str]) -> str:
        """The compact answer in the key's grid; ``shown`` is the question as printed."""
        return labels["see_below"]

    def answer_data(self, shown: Any) -> dict:
        """What the web quiz checks an answer against, in the order shown (JSON-able).
        An empty dict means the question is not marked by the page (an essay)."""
        return {}
