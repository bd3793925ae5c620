"""Choices and answers shared by the two choice types (multiple_choice, multiple_select)."""

from __future__ import annotations

import difflib
import random

from yaml.nodes import Node, ScalarNode

from pipeline.lesson.declare import ReadContext
from pipeline.lesson.reader import Reader
from pipeline.lesson.source import join
from pipeline.questions.base import derange

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


def check_keep_last(r: Reader, values: dict, found: dict[str, Node], where: str) -> None:
    keep = values.get("keep_last", 0)
    if keep >= len(values["choices"]):
        r.error(found["keep_last"], join(where, "keep_last"),
                f"keep_last {keep} would pin every one of the {len(values['choices'])} choices",
                "pin only the last one or two, such as “Semua benar”")


def choice_order(rng: random.Random, count: int, keep_last: int, mix: bool) -> tuple[int, ...]:
    """Choices are shuffled only for a variant of a shuffling worksheet; pinned ones stay."""
    return derange(rng, count, keep_last) if mix else tuple(range(count))
