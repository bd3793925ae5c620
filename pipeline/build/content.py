"""Which parts of a lesson a target read, so an edit rebuilds only the targets it touches.

A renderer sees the lesson through ``LessonReads``, which notes every field it reads: an
answer key never looks at ``sections``, so fixing a word in the reading does not lay the
key out again. The cache keeps those field names and a digest of their values (after
loading, so values derived from other fields count). When a lesson file changes, the build
loads it once and reuses a target whose fields, templates and options are unchanged.
Anything but a plain field (a method, a property) counts as reading the whole lesson.
"""

from __future__ import annotations

import dataclasses
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

ALL = "*"


@lru_cache(maxsize=8)
def _fields(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


class LessonReads:
    """Stands in for a lesson while one target renders; ``names`` are the fields read."""

    __slots__ = ("_lesson", "names")

    def __init__(self, lesson: Any) -> None:
        self._lesson = lesson
        self.names: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._lesson, name)
        self.names.add(name if name in _fields(type(self._lesson)) else ALL)
        return value


def digest(lesson: Any, names: list[str] | set[str]) -> str:
    """A hash of the values of these fields (every field for ``*``); model values are
    frozen dataclasses, tuples and strings, whose ``repr`` is stable across runs."""
    chosen = _fields(type(lesson)) if ALL in names else sorted(names)
    hashed = hashlib.sha256()
    for name in chosen:
        hashed.update(f"{name}={getattr(lesson, name)!r}\0".encode())
    return hashed.hexdigest()


def read_record(reads: LessonReads, lesson: Any) -> dict:
    """What the cache keeps about a built target's lesson reads (the id always: it names
    the output folder)."""
    names = reads.names | {"id"}
    return {"reads": sorted(names), "digest": digest(lesson, names)}


def unchanged(record: dict | None, context: str, lesson: Any) -> bool:
    """Whether a target built before reads the same values of this (valid) lesson, with the
    same templates, options and pipeline (``context``)."""
    content = (record or {}).get("content")
    if lesson is None or not isinstance(content, dict) or content.get("context") != context:
        return False
    reads = content.get("reads")
    if not isinstance(reads, list) or not all(isinstance(r, str) for r in reads):
        return False
    known = set(_fields(type(lesson))) | {ALL}
    return set(reads) <= known and content.get("digest") == digest(lesson, reads)


def valid_lesson(path: Path, root: Path, memo: dict[Path, Any]) -> Any:
    """The lesson loaded in the build's process, once, or None when it has errors (then
    its targets are built, and fail with the lesson's problems as usual)."""
    if path not in memo:
        from pipeline.build.worker import load_once  # an in-process task reuses it

        try:
            memo[path] = load_once(path, root)[0]
        except Exception:  # noqa: BLE001 - any problem: build it and let the worker report
            memo[path] = None
    return memo[path]
