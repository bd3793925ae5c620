"""Read YAML as a node tree with positions, never as YAML 1.1-coerced Python values.

Working on nodes (not ``safe_load`` output) is what lets every error carry a line and
column, keeps ``grade: 10`` or ``answer: no`` as the text the author typed, and makes
duplicate keys visible (PyYAML silently keeps the last one).
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, replace
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pipeline.errors import FileInvalid, Problem
from pipeline.lesson.limits import MAX_DEPTH, MAX_FILE_BYTES

STANDARD_TAG = "tag:yaml.org,2002:"
# The only tags a lesson needs; !!binary, !!python/... and every custom tag are refused.
ALLOWED_TAGS = {STANDARD_TAG + t for t in
                ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}
# libyaml parses about six times faster; the pure-Python parser words syntax errors better,
# so it is used only to explain a file that libyaml rejected.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ROOT = "lesson"                 # the key path of a file's root mapping
COLON_PROBLEM = "mapping values are not allowed here"


def load_generated(text: str):
    """YAML that the pipeline's own templates produced (slide outline, quiz-game rows):
    safe loading, with libyaml; no line numbers needed, so no node tree."""
    return yaml.load(text, Loader=FAST_LOADER)  # noqa: S506 - a safe loader


@dataclass(frozen=True)
class Source:
    """A parsed YAML file: its root mapping node and its text (to quote what was typed)."""

    name: str
    root: MappingNode
    text: str
    problems: tuple[Problem, ...] = ()   # aliases, tags, duplicate keys (``keep_going``)


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise FileInvalid([Problem(
            name, line, col, ROOT,
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded)",
            "save the file as UTF-8 in your editor",
        )]) from None


def join(where: str, key: str) -> str:
    """Key path as printed in errors: ``sections[2].title``; the root is ``lesson``."""
    return key if where == ROOT else f"{where}.{key}"


def _check_text(node: ScalarNode, name: str, where: str, problems: list[Problem]) -> None:
    """A lone surrogate (``"\\ud800"`` in double quotes) is half of a character: no file,
    PDF or web page can hold it."""
    half = next((c for c in node.value if "\ud800" <= c <= "\udfff"), None)
    if half is not None:
        m = node.start_mark
        problems.append(Problem(name, m.line + 1, m.column + 1, where,
                                f"\\u{ord(half):04x} is half of a character (a lone "
                                "surrogate), which cannot be printed",
                                "type the character itself, or write \\U0001F600 (eight "
                                "digits) for one beyond \\uFFFF"))


def _walk_checks(node: Node, name: str, problems: list[Problem], aliases: list) -> None:
    """Reject what the lesson format never needs: aliases, custom tags, duplicate keys."""
    stack: list[tuple[Node, str]] = [(node, ROOT)]
    seen: set[int] = set()
    while stack:
        current, where = stack.pop()
        if id(current) in seen:
            m = aliases.pop(0) if aliases else current.start_mark
            problems.append(Problem(name, m.line + 1, m.column + 1, where,
                                    "YAML aliases (*name) are not supported",
                                    "write the value out in full"))
            continue
        seen.add(id(current))
        children: list[tuple[Node, str]] = []
        if current.tag not in ALLOWED_TAGS:
            m = current.start_mark
            problems.append(Problem(name, m.line + 1, m.column + 1, where,
                                    f"the YAML tag {current.tag} is not allowed",
                                    "remove the tag"))
        if isinstance(current, ScalarNode):
            _check_text(current, name, where, problems)
        if isinstance(current, MappingNode):
            first: dict[str, Node] = {}
            for key, value in current.value:
                if isinstance(key, ScalarNode):
                    _check_text(key, name, where, problems)
                    if key.value in first:
                        m = key.start_mark
                        problems.append(Problem(
                            name, m.line + 1, m.column + 1, join(where, key.value),
                            f'duplicate key "{key.value}" (first at line '
                            f'{first[key.value].start_mark.line + 1})',
                            "remove one of them; YAML would silently keep only the last"))
                    else:
                        first[key.value] = key
                children.append((value, join(where, str(getattr(key, "value", "?")))))
        elif isinstance(current, SequenceNode):
            children += [(item, f"{where}[{i}]") for i, item in enumerate(current.value, 1)]
        stack.extend(reversed(children))  # document order: an anchor is met before its alias


def _scan(text: str, name: str) -> tuple[Problem | None, list]:
    """One pass over the event stream, before any node is built: nesting deeper than
    MAX_DEPTH (100,000 nested lists would exhaust the stack) and where aliases are."""
    depth, aliases = 0, []
    deep = (f"the lists and mappings here nest deeper than {MAX_DEPTH} levels",
            "a lesson needs at most 6 levels; check the indentation and the brackets")
    try:
        for event in yaml.parse(text, Loader=FAST_LOADER):
            if isinstance(event, yaml.AliasEvent):
                aliases.append(event.start_mark)
            elif isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    m = event.start_mark
                    return Problem(name, m.line + 1, m.column + 1, ROOT, *deep), aliases
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:     # libyaml's own limit is met while scanning ahead
        if "nesting depth" in str(exc.problem) and exc.problem_mark is not None:
            m = exc.problem_mark
            return Problem(name, m.line + 1, m.column + 1, ROOT, *deep), aliases
    except yaml.YAMLError:
        pass                        # a syntax error: composing reports it with its place
    return None, aliases


def _compose(text: str) -> Node | None:
    try:
        return yaml.compose(text, Loader=FAST_LOADER)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)  # raises with the clearer message


def _syntax_problem(name: str, exc: yaml.MarkedYAMLError) -> Problem:
    """A YAML syntax error in plain words; the common `: ` inside text gets its own advice."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if exc.problem == COLON_PROBLEM:
        return Problem(name, line, col, ROOT,
                       'the text on this line contains ": ", which YAML reads as the start of '
                       "another key", 'put the whole text in quotes: key: "text: more text"')
    if exc.context == "while scanning a quoted scalar" and exc.context_mark:
        m = exc.context_mark                # where the quote opened, not the file's end
        quote = exc.context_mark.buffer[exc.context_mark.pointer] if \
            exc.context_mark.buffer else '"'
        inside = "'' for an apostrophe" if quote == "'" else '\\" for a quotation mark'
        return Problem(name, m.line + 1, m.column + 1, ROOT, f"the quotation mark {quote} "
                       "opened here is never closed", f"end the text with {quote}, and write "
                       f"{inside} inside it")
    detail = exc.problem or "invalid YAML"
    if exc.context:
        detail = f"{exc.context}, {detail}"
    return Problem(name, line, col, ROOT, f"YAML syntax error: {detail}",
                   "check the indentation and quoting around this place")


def _character_problem(name: str, text: str, exc: yaml.reader.ReaderError) -> Problem:
    """A character YAML does not allow in a file (a NUL, a control character)."""
    at = min(max(exc.position, 0), len(text))
    line, col = text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
    if text.count("\0") > len(text) // 4:
        return Problem(name, 1, 1, ROOT, "this looks like a UTF-16 file without a byte "
                       "order mark, not UTF-8 text", "save the file as UTF-8 in your editor")
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    return Problem(name, line, col, ROOT, f"the file has a control character (U+{code:04X}) "
                   "here, which YAML does not allow", "delete it; it usually comes with a "
                   "copy from another program")


@dataclass(frozen=True)
class FileKind:
    """What a YAML file read here is, for its errors' words: a lesson, settings, labels."""

    noun: str                   # "settings file"
    root: str                   # the key path of its root
    start: str                  # the hint for an empty file
    shape: str                  # the hint for a file that is not a mapping of keys


LESSON = FileKind("lesson", ROOT, "start from `lessonpack new ID`",
                  "the file starts with keys such as `title:`")


def read_source(path: Path, name: str | None = None, kind: FileKind = LESSON,
                keep_going: bool = False) -> Source:
    """Parse ``path`` into its root mapping node, or raise FileInvalid with located problems
    (worded for ``kind``). ``keep_going``: a file that parsed is returned with its aliases,
    tags and duplicate keys in ``problems``, so that the reader's problems can be reported
    with them, all at once."""
    try:
        return _read_source(path, name or str(path), keep_going, kind)
    except FileInvalid as exc:
        if kind.root == ROOT:
            raise
        raise FileInvalid([replace(p, key=kind.root) if p.key == ROOT else p
                           for p in exc.problems]) from None


def _read_source(path: Path, name: str, keep_going: bool, kind: FileKind) -> Source:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise FileInvalid([Problem(name, 1, 1, ROOT, "this is not a regular file (a "
                                       "folder, a pipe or a device)",
                                       f"{kind.noun}s are .yaml files")])
        if info.st_size > MAX_FILE_BYTES:
            raise FileInvalid([Problem(
                name, 1, 1, ROOT, f"the file is {info.st_size:,} bytes; a {kind.noun} may have "
                f"at most {MAX_FILE_BYTES:,}", f"split it into several {kind.noun}s")])
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise FileInvalid([Problem(name, 1, 1, ROOT,
                                   f"cannot read the file ({exc.strerror})")]) from None
    text = _decode(data, name)
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise FileInvalid([Problem(name, 1, 1, ROOT, "the file is empty", kind.start)])
    deep, aliases = _scan(text, name)
    if deep is not None:
        raise FileInvalid([deep])
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as exc:
        raise FileInvalid([_syntax_problem(name, exc)]) from None
    except yaml.reader.ReaderError as exc:
        raise FileInvalid([_character_problem(name, text, exc)]) from None
    except yaml.YAMLError as exc:
        raise FileInvalid([Problem(name, 1, 1, ROOT, f"YAML error: {exc}")]) from None
    if root is None:
        raise FileInvalid([Problem(name, 1, 1, ROOT, "the file is empty", kind.start)])
    if not isinstance(root, MappingNode):
        m = root.start_mark
        found = "a list" if isinstance(root, SequenceNode) else "a single value"
        raise FileInvalid([Problem(name, m.line + 1, m.column + 1, ROOT,
                                   f"a {kind.noun} must be a mapping of keys, not {found}",
                                   kind.shape)])
    problems: list[Problem] = []
    had_aliases = bool(aliases)
    _walk_checks(root, name, problems, aliases)
    if problems and (not keep_going or had_aliases):  # aliases can make the tree exponential
        raise FileInvalid(problems)
    return Source(name, root, text, tuple(problems))
