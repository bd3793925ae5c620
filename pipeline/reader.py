"""Typed access to YAML nodes that records located problems instead of raising.

Each reader returns ``None`` on a problem and keeps going, so one pass reports every
mistake in a file. Text is taken exactly as typed (``node.value``), never as YAML 1.1
would coerce it.
"""

from __future__ import annotations

import difflib
import math
import re

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pipeline.problems import Problem
from pipeline.yamlsource import join

NULL_TAG = "tag:yaml.org,2002:null"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
BOOL_TAG = "tag:yaml.org,2002:bool"
INT_RE = re.compile(r"[-+]?[0-9]+")
FLOAT_RE = re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
SLUG_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping (key: value pairs)"
    if isinstance(node, SequenceNode):
        return "a list"
    return "empty" if _is_null(node) else f'"{node.value}"'


def _plain(node: Node) -> bool:
    """An unquoted scalar (libyaml reports its style as "", PyYAML as None)."""
    return isinstance(node, ScalarNode) and not node.style


def _is_null(node: Node) -> bool:
    return _plain(node) and node.tag == NULL_TAG


class Reader:
    """Collects the problems of one file while its nodes are read."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def error(self, node: Node, path: str, message: str, hint: str = "") -> None:
        m = node.start_mark
        self.problems.append(Problem(self.file, m.line + 1, m.column + 1, path, message, hint))

    def warn(self, node: Node, path: str, message: str, hint: str = "") -> None:
        m = node.start_mark
        self.problems.append(
            Problem(self.file, m.line + 1, m.column + 1, path, message, hint, warning=True))

    @staticmethod
    def child(node: Node, key: str) -> Node | None:
        """The value node under ``key`` without validating anything (for cross-checks)."""
        if isinstance(node, MappingNode):
            return next((v for k, v in node.value if getattr(k, "value", None) == key), None)
        return None

    # -- containers -------------------------------------------------------------------
    def mapping(self, node: Node, path: str, required: tuple[str, ...],
                optional: tuple[str, ...], what: str = "") -> dict[str, Node] | None:
        """Return the mapping's key nodes by name; unknown and missing keys are problems."""
        if not isinstance(node, MappingNode):
            self.error(node, path, f"expected {what or 'a mapping (key: value pairs)'}, "
                                   f"found {_kind(node)}")
            return None
        allowed = required + optional
        found: dict[str, Node] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, ScalarNode) else None
            if name is None:
                self.error(key, path, "keys must be plain words")
                continue
            if name not in allowed:
                close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
                hint = f"did you mean `{close[0]}`?" if close else \
                    "allowed here: " + ", ".join(allowed)
                self.error(key, join(path, name), f'unknown key "{name}"', hint)
                continue
            found[name] = value
        for name in required:
            if name not in found or _is_null(found[name]):
                where = found.get(name, node)
                self.error(where, join(path, name), f'the required key "{name}" is missing'
                           if name not in found else f'"{name}" is empty')
                found.pop(name, None)
        return {k: v for k, v in found.items() if not _is_null(v)}

    def sequence(self, node: Node, path: str, min_items: int = 0,
                 what: str = "items") -> list[tuple[Node, str]]:
        """Items with their paths (counted from 1, like printed question numbers)."""
        if not isinstance(node, SequenceNode):
            self.error(node, path, f"expected a list of {what}, found {_kind(node)}",
                       "start each item on its own line with `- `")
            return []
        if len(node.value) < min_items:
            self.error(node, path, f"needs at least {min_items} {what}, found {len(node.value)}")
        return [(item, f"{path}[{i}]") for i, item in enumerate(node.value, 1)]

    # -- scalars ----------------------------------------------------------------------
    def text(self, node: Node, path: str) -> str | None:
        """Any scalar as the exact text typed: `yes`, `10`, `1.10`, dates stay text."""
        if not isinstance(node, ScalarNode) or _is_null(node):
            self.error(node, path, f"expected text, found {_kind(node)}",
                       "a list or mapping here usually means a stray `-` or `:`; "
                       "quote text that contains `: `")
            return None
        value = node.value.strip()
        if not value:
            self.error(node, path, "is empty")
            return None
        return value

    def texts(self, node: Node, path: str, min_items: int = 0,
              what: str = "texts") -> list[str]:
        values = [self.text(item, p) for item, p in self.sequence(node, path, min_items, what)]
        return [v for v in values if v is not None]

    def integer(self, node: Node, path: str, minimum: int | None = None) -> int | None:
        if not (_plain(node) and INT_RE.fullmatch(node.value)):
            self.error(node, path, f"expected a whole number, found {_kind(node)}")
            return None
        value = int(node.value)
        if minimum is not None and value < minimum:
            self.error(node, path, f"must be at least {minimum}, found {value}")
            return None
        return value

    def number(self, node: Node, path: str, minimum: float = 0) -> float | None:
        if not (_plain(node) and FLOAT_RE.fullmatch(node.value)):
            self.error(node, path, f"expected a number, found {_kind(node)}")
            return None
        value = float(node.value)
        if not math.isfinite(value) or value < minimum:
            self.error(node, path, f"must be a number of at least {minimum:g}, found {node.value}")
            return None
        return int(value) if value.is_integer() else value

    def boolean(self, node: Node, path: str) -> bool | None:
        word = node.value.lower() if isinstance(node, ScalarNode) else None
        if word in ("true", "false"):
            return word == "true"
        self.error(node, path, f"expected true or false, found {_kind(node)}",
                   "write `true` or `false`" if word in ("yes", "no", "on", "off", "y", "n")
                   else "")
        return None

    def choice(self, node: Node, path: str, allowed: tuple[str, ...]) -> str | None:
        value = self.text(node, path)
        if value is None:
            return None
        if value not in allowed:
            close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.5)
            self.error(node, path, f'"{value}" is not one of: ' + ", ".join(allowed),
                       f"did you mean `{close[0]}`?" if close else "")
            return None
        return value

    def slug(self, node: Node, path: str) -> str | None:
        value = self.text(node, path)
        if value is not None and not SLUG_RE.fullmatch(value):
            suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
            self.error(node, path, f'"{value}" is not a valid id (lowercase letters, digits, '
                                   'and single hyphens)',
                       f"try `{suggestion}`" if suggestion else "")
            return None
        return value
