"""Read YAML as a node tree with positions, never as YAML 1.1-coerced Python values.

Working on nodes (not ``safe_load`` output) is what lets every error carry a line and
column, keeps ``grade: 10`` or ``answer: no`` as the text the author typed, and makes
duplicate keys visible (PyYAML silently keeps the last one).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pipeline.problems import Problem

STANDARD_TAG = "tag:yaml.org,2002:"
# libyaml parses about six times faster; the pure-Python parser words syntax errors better,
# so it is used only to explain a file that libyaml rejected.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SourceError(Exception):
    """The file cannot be read as one YAML mapping; carries the problems found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError([Problem(
            name, line, col, "lesson",
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded)",
            "save the file as UTF-8 in your editor",
        )]) from None


def join(path: str, key: str) -> str:
    """Key path as printed in errors: ``sections[2].title``; the root is ``lesson``."""
    return key if path == "lesson" else f"{path}.{key}"


def _walk_checks(node: Node, name: str, problems: list[Problem], aliases: list) -> None:
    """Reject what the lesson format never needs: aliases, custom tags, duplicate keys."""
    stack: list[tuple[Node, str]] = [(node, "lesson")]
    seen: set[int] = set()
    while stack:
        current, path = stack.pop()
        if id(current) in seen:
            m = aliases.pop(0) if aliases else current.start_mark
            problems.append(Problem(name, m.line + 1, m.column + 1, path,
                                    "YAML aliases (*name) are not supported",
                                    "write the value out in full"))
            continue
        seen.add(id(current))
        children: list[tuple[Node, str]] = []
        if not current.tag.startswith(STANDARD_TAG):
            m = current.start_mark
            problems.append(Problem(name, m.line + 1, m.column + 1, path,
                                    f"the YAML tag {current.tag} is not allowed",
                                    "remove the tag"))
        if isinstance(current, MappingNode):
            first: dict[str, Node] = {}
            for key, value in current.value:
                if isinstance(key, ScalarNode):
                    if key.value in first:
                        m = key.start_mark
                        problems.append(Problem(
                            name, m.line + 1, m.column + 1, join(path, key.value),
                            f'duplicate key "{key.value}" (first at line '
                            f'{first[key.value].start_mark.line + 1})',
                            "remove one of them; YAML would silently keep only the last"))
                    else:
                        first[key.value] = key
                children.append((value, join(path, str(getattr(key, "value", "?")))))
        elif isinstance(current, SequenceNode):
            children += [(item, f"{path}[{i}]") for i, item in enumerate(current.value, 1)]
        stack.extend(reversed(children))  # document order: an anchor is met before its alias


def _compose(text: str) -> Node | None:
    try:
        return yaml.compose(text, Loader=FAST_LOADER)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)  # raises with the clearer message


def read_nodes(path: Path, name: str | None = None) -> MappingNode:
    """Parse ``path`` into its root mapping node, or raise SourceError with located problems."""
    name = name or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError([Problem(name, 1, 1, "lesson",
                                   f"cannot read the file ({exc.strerror})")]) from None
    text = _decode(data, name)
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise SourceError([Problem(name, 1, 1, "lesson", "the file is empty",
                                   "start from `lessonpack new ID`")])
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = exc.problem or "invalid YAML"
        if exc.context:
            detail = f"{exc.context}, {detail}"
        raise SourceError([Problem(
            name, line, col, "lesson", f"YAML syntax error: {detail}",
            "check the indentation and quoting around this place")]) from None
    except yaml.YAMLError as exc:
        raise SourceError([Problem(name, 1, 1, "lesson", f"YAML error: {exc}")]) from None
    if root is None:
        raise SourceError([Problem(name, 1, 1, "lesson", "the file is empty",
                                   "start from `lessonpack new ID`")])
    if not isinstance(root, MappingNode):
        m = root.start_mark
        kind = "a list" if isinstance(root, SequenceNode) else "a single value"
        raise SourceError([Problem(name, m.line + 1, m.column + 1, "lesson",
                                   f"a lesson must be a mapping of keys, not {kind}",
                                   "the file starts with keys such as `title:`")])
    problems: list[Problem] = []
    aliases = [e.start_mark for e in yaml.parse(text, Loader=FAST_LOADER)
               if isinstance(e, yaml.AliasEvent)]
    _walk_checks(root, name, problems, aliases)
    if problems:
        raise SourceError(problems)
    return root
