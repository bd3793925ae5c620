"""What the two choice types (multiple_choice, multiple_select) share: reading and
resolving choices, pinning the last ones, and the class both derive from."""

from __future__ import annotations

import difflib
import random
from dataclasses import dataclass

from yaml.nodes import Node, ScalarNode

from pipeline.lesson.declare import ReadContext, key
from pipeline.lesson.reader import Reader
from pipeline.lesson.source import join
from pipeline.questions.base import Question, derange

LETTERS = "ABCDEF"
TEXTISH = {"type": ["string", "number", "boolean"]}
CHOICES_SCHEMA = {"type": "array", "items": TEXTISH, "minItems": 2, "maxItems": 6}
KEEP_LAST_SCHEMA = {"anyOf": [{"type": "boolean"}, {"type": "integer", "minimum": 0}]}


def read_choices(r: Reader, node: Node, where: str, ctx: ReadContext) -> tuple[str, ...] | None:
    values = r.texts(node, where, 2, "choices")
    if len(values) > len(LETTERS):
        r.error(node, where, f"at most 6 choices (A-F) are allowed, found {len(values)}")
        return None
    seen: set[str] = set()
    for item, value in zip(node.value, values, strict=False):
        if value in seen:
            r.error(item, where, f'the choice "{value}" appears twice',
                    "every choice must be different")
        seen.add(value)
    return tuple(values) if len(values) >= 2 else None


def read_keep_last(r: Reader, node: Node, where: str, ctx: ReadContext) -> int | None:
    if isinstance(node, ScalarNode) and node.value.lower() in ("true", "false"):
        return int(node.value.lower() == "true")
    return r.integer(node, where, 0)


def resolve(r: Reader, node: Node, where: str, choices: tuple[str, ...]) -> int | None:
    """A letter A-F or the exact text of one choice -> its index."""
    value = r.text(node, where)
    if value is None:
        return None
    last = LETTERS[len(choices) - 1]
    if len(value) == 1 and value.upper() in LETTERS and value not in choices:
        index = LETTERS.index(value.upper())
        if index < len(choices):
            return index
        r.error(node, where, f'"{value}" is not one of the {len(choices)} choices (A-{last})',
                f"use a letter from A to {last}, or the exact text of a choice")
        return None
    if value in choices:
        return choices.index(value)
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    r.error(node, where, f'"{value}" is not one of the choices',
            f'did you mean "{close[0]}"?' if close else
            f"use a letter from A to {last}, or copy the text of a choice exactly")
    return None


@dataclass(frozen=True, kw_only=True)
class ChoiceQuestion(Question):
    """What the two choice types share: lettered choices, pinned last ones, their shuffle.
    A subclass declares its answer key(s) and resolves them in ``resolve_answers``."""

    choices: tuple[str, ...] = key("2-6 different texts, printed A-F.", read=read_choices,
                                   schema=CHOICES_SCHEMA, words="list of 2-6 texts")
    keep_last: int = key("Pin the last N choices when variants shuffle (`true` = 1), for "
                         "\"Semua jawaban benar\".", default=0, read=read_keep_last,
                         schema=KEEP_LAST_SCHEMA, words="whole number ≥ 0, or `true`")

    @classmethod
    def check(cls, r: Reader, values: dict, found: dict[str, Node], where: str) -> dict | None:
        cls.resolve_answers(r, values, found, where)
        keep = values.get("keep_last", 0)
        if keep >= len(values["choices"]):
            r.error(found["keep_last"], join(where, "keep_last"),
                    f"keep_last {keep} would pin every one of the {len(values['choices'])} "
                    "choices", "pin only the last one or two, such as “Semua benar”")
        return values

    @classmethod
    def resolve_answers(cls, r: Reader, values: dict, found: dict[str, Node],
                        where: str) -> None:
        """Turn the answer key(s) as written (letters or texts) into choice indexes."""
        raise NotImplementedError

    def arrange(self, rng: random.Random, mix: bool) -> tuple[int, ...]:
        """Choices move only for a variant of a shuffling worksheet; pinned ones stay."""
        count = len(self.choices)
        return derange(rng, count, self.keep_last) if mix else tuple(range(count))
