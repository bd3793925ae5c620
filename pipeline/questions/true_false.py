"""``true_false``: a statement the student marks B (benar) or S (salah)."""

from __future__ import annotations

from dataclasses import dataclass

from yaml.nodes import Node, ScalarNode, SequenceNode

from pipeline.lesson.declare import ReadContext, key
from pipeline.lesson.reader import Reader
from pipeline.questions.base import Question, register

WORDS = {"true": True, "benar": True, "false": False, "salah": False}
SCHEMA = {"anyOf": [{"type": "boolean"},
                    {"enum": [w for word in WORDS for w in (word, word.title(), word.upper())]}]}


def read_answer(r: Reader, node: Node, where: str, ctx: ReadContext) -> bool | None:
    if not isinstance(node, ScalarNode):
        kind = "a list" if isinstance(node, SequenceNode) else "a mapping"
        r.error(node, where, f"expected true or false, found {kind}",
                "write true/false (or benar/salah), without brackets")
        return None
    word = node.value.strip().lower()
    if word not in WORDS:
        r.error(node, where, f'"{node.value}" is not true or false',
                "write true/false (or benar/salah)")
        return None
    return WORDS[word]


@register
@dataclass(frozen=True, kw_only=True)
class TrueFalse(Question):
    """Is the statement true or false?"""

    TYPE = "true_false"
    SECTION = "true_false"
    ON_SLIDES = True
    KEY_SHOWS = "Benar/Salah (True/False)"

    answer: bool = key("`true` or `false` (also `benar`/`salah`); nothing else.",
                       read=read_answer, schema=SCHEMA,
                       words="`true` / `false`")

    def grid_answer(self, shown, labels: dict[str, str]) -> str:
        return labels["true_short"] if self.answer else labels["false_short"]

    def answer_data(self, shown) -> dict:
        return {"value": self.answer}
