"""``fill_in_blank``: the prompt marks each blank with its answer, ``[[answer|other]]``."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from yaml.nodes import Node

from pipeline.lesson.declare import derived, key
from pipeline.lesson.reader import Reader
from pipeline.lesson.source import join
from pipeline.questions.base import Question, derange, register

BLANK_RE = re.compile(r"\[\[(.*?)\]\]", re.S)


def blanks_of(r: Reader, node: Node, where: str, prompt: str) -> tuple[tuple[str, ...], ...]:
    blanks = []
    for match in BLANK_RE.finditer(prompt):
        options = tuple(o.strip() for o in match.group(1).split("|") if o.strip())
        if not options:
            r.error(node, where, f'the blank "{match.group(0)}" has no answer',
                    "write the answer inside: [[answer]] or [[answer|alternative]]")
        blanks.append(options)
    rest = BLANK_RE.sub("", prompt)
    if "[[" in rest or "]]" in rest:
        r.error(node, where, "a blank is not closed: every `[[` needs its `]]`")
    elif not blanks:
        r.error(node, where, "a fill_in_blank prompt needs at least one blank",
                "mark each blank with its answer: [[answer]]")
    return tuple(blanks)


@register
@dataclass(frozen=True, kw_only=True)
class FillInBlank(Question):
    """Fill each blank of the prompt; mark a blank as `[[answer]]` or `[[answer|alternative]]`."""

    TYPE = "fill_in_blank"
    SECTION = "fill"
    ON_SLIDES = True
    KEY_SHOWS = "the prompt with the blanks filled"

    word_bank: bool = key("Print the answers, shuffled, as a word bank.", default=False)
    blanks: tuple[tuple[str, ...], ...] = derived(())   # per blank: the answer, then others

    @classmethod
    def check(cls, r: Reader, values: dict, found: dict[str, Node], where: str) -> dict | None:
        values["blanks"] = blanks_of(r, found["prompt"], join(where, "prompt"), values["prompt"])
        return values

    def arrange(self, rng: random.Random, mix: bool) -> tuple[int, ...]:
        return derange(rng, len(self.blanks))      # the word bank's order

    def grid_answer(self, shown, labels: dict[str, str]) -> str:
        return " / ".join(b[0] for b in self.blanks)

    def answer_data(self, shown) -> dict:
        return {"blanks": [list(b) for b in self.blanks]}
