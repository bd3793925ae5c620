"""Typed access to YAML nodes that records located problems instead of raising.

Each reader returns ``None`` on a problem and keeps going, so one pass reports every
mistake in a file. Text is taken exactly as typed (``node.value``), never as YAML 1.1
would coerce it. ``where`` is always a key path inside the file (``sections[2].title``).
"""

from __future__ import annotations

import difflib
import math
import re

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pipeline.errors import Problem
from pipeline.lesson.limits import (
    CONTROL,
    MAX_DIGITS,
    MAX_ID,
    MAX_ITEMS,
    MAX_NUMBER,
    MAX_TEXT,
    ODD_CHARACTERS,
)
from pipeline.lesson.source import Source, join

NULL_TAG = "tag:yaml.org,2002:null"
INT_RE = re.compile(r"[-+]?[0-9]+")
FLOAT_RE = re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
SLUG_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def kind_of(node: Node) -> str:
    """What the author wrote, in words: ``a list``, ``empty``, ``"lama"``."""
    if isinstance(node, MappingNode):
        return "a mapping (key: value pairs)"
    if isinstance(node, SequenceNode):
        return "a list"
    return "empty" if is_null(node) else f'"{node.value}"'


def plain(node: Node) -> bool:
    """An unquoted scalar (libyaml reports its style as "", PyYAML as None)."""
    return isinstance(node, ScalarNode) and not node.style


def is_null(node: Node) -> bool:
    return plain(node) and node.tag == NULL_TAG


def did_you_mean(word: str, allowed, cutoff: float = 0.6) -> str:
    close = difflib.get_close_matches(word, list(allowed), n=1, cutoff=cutoff)
    return f"did you mean `{close[0]}`?" if close else ""


class Reader:
    """Collects the problems of one file while its nodes are read."""

    def __init__(self, source: Source):
        self.source = source
        self.file = source.name
        self.problems: list[Problem] = []
        self.nodes: dict[int, Node] = {}          # id(value read) -> the node it came from

    # -- problems -----------------------------------------------------------------------
    def error(self, node: Node, where: str, message: str, hint: str = "") -> None:
        m = node.start_mark
        self.problems.append(Problem(self.file, m.line + 1, m.column + 1, where, message, hint))

    def warn(self, node: Node, where: str, message: str, hint: str = "") -> None:
        m = node.start_mark
        self.problems.append(
            Problem(self.file, m.line + 1, m.column + 1, where, message, hint, warning=True))

    def error_count(self) -> int:
        return sum(not p.warning for p in self.problems)

    def remember(self, value: object, node: Node) -> object:
        """Keep the node a value was read from, so later checks can point at its line."""
        self.nodes[id(value)] = node
        return value

    def node_of(self, value: object, default: Node) -> Node:
        return self.nodes.get(id(value), default)

    @staticmethod
    def child(node: Node, key: str) -> Node | None:
        """The value node under ``key`` without validating anything (for cross-checks)."""
        if isinstance(node, MappingNode):
            return next((v for k, v in node.value if getattr(k, "value", None) == key), None)
        return None

    # -- containers -------------------------------------------------------------------
    def mapping(self, node: Node, where: str, required: tuple[str, ...],
                optional: tuple[str, ...], what: str = "") -> dict[str, Node] | None:
        """Return the mapping's value nodes by key; unknown and missing keys are problems."""
        if not isinstance(node, MappingNode):
            self.error(node, where, f"expected {what or 'a mapping (key: value pairs)'}, "
                                    f"found {kind_of(node)}")
            return None
        allowed = required + optional
        found: dict[str, Node] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, ScalarNode) else None
            if name is None:
                self.error(key, where, "keys must be plain words")
                continue
            if name not in allowed:
                hint = did_you_mean(name, allowed) or "allowed here: " + ", ".join(allowed)
                self.error(key, join(where, name), f'unknown key "{name}"', hint)
                continue
            found[name] = value
        for name in required:
            if name not in found or is_null(found[name]):
                at = found.get(name, node)
                self.error(at, join(where, name), f'the required key "{name}" is missing'
                           if name not in found else f'"{name}" is empty')
                found.pop(name, None)
        return {k: v for k, v in found.items() if not is_null(v)}

    def sequence(self, node: Node, where: str, min_items: int = 0,
                 what: str = "items", max_items: int = MAX_ITEMS) -> list[tuple[Node, str]]:
        """Items with their key paths (counted from 1, like printed question numbers)."""
        if not isinstance(node, SequenceNode):
            self.error(node, where, f"expected a list of {what}, found {kind_of(node)}",
                       "start each item on its own line with `- `")
            return []
        if len(node.value) < min_items:
            self.error(node, where, f"needs at least {min_items} {what}, found {len(node.value)}")
        if len(node.value) > max_items:
            self.error(node, where, f"at most {max_items} {what} are allowed, found "
                                    f"{len(node.value)}", "split the lesson into smaller ones")
            return []
        return [(item, f"{where}[{i}]") for i, item in enumerate(node.value, 1)]

    # -- scalars ----------------------------------------------------------------------
    def one_pair_text(self, node: Node) -> str | None:
        """``- Langkah 1: Baca teksnya.`` as typed, when YAML made it a one-pair mapping.

        Only a mapping of one plain key and one plain value on a single line qualifies;
        the text is cut from the source line, so nothing is re-spaced."""
        if not (isinstance(node, MappingNode) and len(node.value) == 1):
            return None
        key, value = node.value[0]
        if not (plain(key) and plain(value) and not is_null(value)
                and key.start_mark.line == value.end_mark.line):
            return None
        return self.source.text[key.start_mark.index:value.end_mark.index].strip()

    def _odd_characters(self, node: Node, where: str, value: str) -> bool:
        """Control characters are errors, invisible ones warnings, each at its position."""
        for char in sorted(ODD_CHARACTERS.intersection(value), key=value.index):
            m = node.start_mark
            found = self.source.text.find(char, m.index, node.end_mark.index)
            line, col = (self.source.text.count("\n", 0, found) + 1,
                         found - self.source.text.rfind("\n", 0, found)) if found >= 0 \
                else (m.line + 1, m.column + 1)
            code = f"U+{ord(char):04X}"
            if char in CONTROL:
                self.problems.append(Problem(
                    self.file, line, col, where, f"the text contains the control character "
                    f"{code}, which cannot be printed", "delete it (it often comes from "
                    "copying out of a PDF or a word processor)"))
                return False
            self.problems.append(Problem(
                self.file, line, col, where, f"the text contains the invisible character "
                f"{code}", "delete it unless you need it", warning=True))
        return True

    def text(self, node: Node, where: str, limit: int = MAX_TEXT) -> str | None:
        """Any scalar as the exact text typed: `yes`, `10`, `1.10`, dates stay text."""
        typed = self.one_pair_text(node)
        if typed is not None:
            self.warn(node, where, f'read as the text "{typed}"; YAML sees "key: value" here',
                      'put the text in quotes to say so: "' + typed.replace('"', '\\"') + '"')
            return typed
        if not isinstance(node, ScalarNode) or is_null(node):
            self.error(node, where, f"expected text, found {kind_of(node)}",
                       "a list or mapping here usually means a stray `-` or `:`; "
                       "quote text that contains `: `")
            return None
        value = node.value.strip()
        if not value:
            self.error(node, where, "is empty")
            return None
        if len(value) > limit:
            self.error(node, where, f"the text has {len(value):,} characters; at most "
                                    f"{limit:,} are allowed here", "shorten it or split it")
            return None
        return value if self._odd_characters(node, where, value) else None

    def texts(self, node: Node, where: str, min_items: int = 0,
              what: str = "texts") -> list[str]:
        values = [self.text(item, p) for item, p in self.sequence(node, where, min_items, what)]
        return [v for v in values if v is not None]

    def _too_big(self, node: Node, where: str, maximum: float) -> bool:
        digits = len(node.value.lstrip("+-").replace(".", ""))
        if digits > MAX_DIGITS or abs(float(node.value)) > maximum:
            self.error(node, where, f"must be at most {maximum:,g}, found "
                                    f"{node.value if digits <= MAX_DIGITS else 'a longer number'}")
            return True
        return False

    def integer(self, node: Node, where: str, minimum: int | None = None,
                maximum: float = MAX_NUMBER) -> int | None:
        if not (plain(node) and INT_RE.fullmatch(node.value)):
            self.error(node, where, f"expected a whole number, found {kind_of(node)}")
            return None
        if self._too_big(node, where, maximum):
            return None
        value = int(node.value)
        if minimum is not None and value < minimum:
            self.error(node, where, f"must be at least {minimum}, found {value}")
            return None
        return value

    def number(self, node: Node, where: str, minimum: float = 0) -> float | None:
        if not (plain(node) and FLOAT_RE.fullmatch(node.value)):
            self.error(node, where, f"expected a number, found {kind_of(node)}")
            return None
        if self._too_big(node, where, MAX_NUMBER):
            return None
        value = float(node.value)
        if not math.isfinite(value) or value < minimum:
            self.error(node, where,
                       f"must be a number of at least {minimum:g}, found {node.value}")
            return None
        return int(value) if value.is_integer() else value

    def boolean(self, node: Node, where: str) -> bool | None:
        word = node.value.lower() if isinstance(node, ScalarNode) else None
        if word in ("true", "false"):
            return word == "true"
        self.error(node, where, f"expected true or false, found {kind_of(node)}",
                   "write `true` or `false`" if word in ("yes", "no", "on", "off", "y", "n")
                   else "")
        return None

    def choice(self, node: Node, where: str, allowed: tuple[str, ...]) -> str | None:
        value = self.text(node, where)
        if value is None:
            return None
        if value not in allowed:
            self.error(node, where, f'"{value}" is not one of: ' + ", ".join(allowed),
                       did_you_mean(value, allowed, cutoff=0.5))
            return None
        return value

    def slug(self, node: Node, where: str) -> str | None:
        value = self.text(node, where)
        if value is not None and not SLUG_RE.fullmatch(value):
            suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
            self.error(node, where, f'"{value}" is not a valid id (lowercase letters, digits, '
                                    'and single hyphens)',
                       f"try `{suggestion}`" if suggestion else "")
            return None
        if value is not None and len(value) > MAX_ID:
            self.error(node, where, f"the id is {len(value)} characters long; at most {MAX_ID}",
                       "ids name folders and files: keep them short, e.g. kerja-sama")
            return None
        return value
