"""The lesson format is declared once: frozen dataclasses whose fields carry a ``Key``.

A field's Python type says what it holds (``str``, ``int``, ``tuple[Section, ...]``, ...);
its ``Key`` says how it is documented, checked and, if needed, read by a custom function.
From these declarations come the reader (``read_object``: validation with located
problems), the JSON Schema (``pipeline.lesson.schema``) and the format reference
(``pipeline.lesson.docs``). A class may add ``finish`` to check its keys together.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from dataclasses import MISSING, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from yaml.nodes import Node, ScalarNode

from pipeline.lesson.images import check_markdown_images
from pipeline.lesson.limits import MAX_ITEMS, MAX_MARKDOWN, MAX_NUMBER, MAX_TEXT
from pipeline.lesson.reader import Reader
from pipeline.lesson.source import join

TEXT_KINDS = ("text", "markdown", "slug")


@dataclass(frozen=True)
class Key:
    """How one key of the format is written, documented and checked."""

    doc: str
    required: bool = False
    text: str = "text"                  # for str fields: text, markdown or slug
    minimum: float | None = None
    maximum: float | None = None
    min_items: int = 0
    max_items: int | None = None
    choices: tuple[str, ...] = ()
    what: str = ""                      # plural noun for list messages ("objectives")
    read: Callable | None = None        # custom reader: (reader, node, where, ctx) -> value
    schema: dict | None = None          # JSON Schema of a custom-read key
    yaml: bool = True                   # False: computed by the loader, not in the file
    default_doc: str = ""               # the default in words, when it is not a constant
    words: str = ""                     # the type in words, for a custom-read key


def key(doc: str, *, default: Any = MISSING, **options: Any) -> Any:
    """A key of the format; without a default it is required."""
    spec = Key(doc, required=default is MISSING, **options)
    return dataclasses.field(default=None if default is MISSING else default,
                             metadata={"key": spec})


def derived(default: Any = None) -> Any:
    """A model attribute the loader computes; it is not written in the file."""
    return dataclasses.field(default=default, metadata={"key": Key("", yaml=False)})


@dataclass(frozen=True)
class ReadContext:
    """What readers need besides the nodes: where the lesson and its project are."""

    lesson_path: Path
    project_root: Path
    default_language: str = "id"        # from the project's settings

    @property
    def lesson_dir(self) -> Path:
        return self.lesson_path.resolve().parent


@dataclass(frozen=True)
class Declared:
    """One YAML key of a declared class: its name, Python type and Key."""

    name: str
    type: Any
    key: Key
    default: Any


@cache
def declared(cls: type) -> tuple[Declared, ...]:
    """The YAML keys of ``cls`` in declaration order (derived fields left out)."""
    hints = typing.get_type_hints(cls)
    result = []
    for f in dataclasses.fields(cls):
        spec = f.metadata.get("key")
        if spec is not None and spec.yaml:
            result.append(Declared(f.name, hints[f.name], spec, f.default))
    return tuple(result)


def unwrap(typ: Any) -> Any:
    """``X | None`` -> ``X``."""
    if isinstance(typ, types.UnionType) or typing.get_origin(typ) is typing.Union:
        args = [a for a in typing.get_args(typ) if a is not type(None)]
        return args[0] if len(args) == 1 else typ
    return typ


def item_type(typ: Any) -> Any | None:
    """``tuple[X, ...]`` -> ``X``; anything else -> None."""
    typ = unwrap(typ)
    if typing.get_origin(typ) is tuple:
        return typing.get_args(typ)[0]
    return None


def read_value(r: Reader, node: Node, where: str, typ: Any, spec: Key,
               ctx: ReadContext) -> Any:
    """Read one value as declared, or record its problems and return None."""
    if spec.read is not None:
        return spec.read(r, node, where, ctx)
    typ = unwrap(typ)
    inner = item_type(typ)
    if inner is not None:
        values = []
        for item, at in r.sequence(node, where, spec.min_items, spec.what or "items",
                                   spec.max_items or MAX_ITEMS):
            value = read_value(r, item, at, inner, Key(spec.doc, text=spec.text), ctx)
            if value is not None:
                values.append(value)
        return tuple(values)
    if typ is str:
        if spec.choices:
            return r.choice(node, where, spec.choices)
        if spec.text == "slug":
            return r.slug(node, where)
        if spec.text == "markdown":
            text = _markdown(r, node, where)
            if text and ctx is not None:    # every image a Markdown text names, anywhere
                check_markdown_images(r, node, where, text, ctx.lesson_dir,
                                      ctx.project_root.resolve())
            return text
        return r.text(node, where, MAX_TEXT)
    if typ is bool:
        return r.boolean(node, where)
    if typ is int:
        return r.integer(node, where, None if spec.minimum is None else int(spec.minimum),
                         spec.maximum or MAX_NUMBER)
    if typ is float:
        return r.number(node, where, spec.minimum or 0)
    if hasattr(typ, "read_node"):
        return typ.read_node(r, node, where, ctx)
    if dataclasses.is_dataclass(typ):
        return read_object(r, typ, node, where, ctx)
    raise TypeError(f"no reader for {typ!r} at {where}")


def by_position(r: Reader, values, list_node: Node | None, default: Node):
    """(position from 1, node, value) of each list item that was read; items that failed
    are skipped, so positions stay those of the file (for ``q3`` or ``tp2``)."""
    read = {id(r.node_of(value, default)): value for value in values}
    items = getattr(list_node, "value", None) or []
    return [(i, item, read[id(item)]) for i, item in enumerate(items, 1) if id(item) in read]


def _markdown(r: Reader, node: Node, where: str) -> str | None:
    """Markdown text; TeX math is refused here, so it is never printed raw."""
    from pipeline.render.markdown import math_in

    value = r.text(node, where, MAX_MARKDOWN)
    found = math_in(value)
    if found:
        r.error(node, where, f"TeX math (${found[0].strip()}$) cannot be printed by "
                             "lessonpack yet", "write the formula in words, or put it in an "
                             "image; a price like US$ 5 is fine")
        return None
    return value


def read_object(r: Reader, cls: type, node: Node, where: str, ctx: ReadContext,
                extra: tuple[str, ...] = ()) -> Any:
    """Read a mapping into ``cls``: every key checked, every problem recorded.

    A class with ``SHORTHAND = "field"`` also accepts a bare text for that one field.
    ``cls.finish(r, values, found, node, where, ctx)`` (optional) checks keys together and
    may complete ``values``; it runs when every required key was read (a key that failed is
    missing from ``values``), so cross-checks are reported together with other problems.
    ``extra`` names keys the caller has read already (a question's ``type``)."""
    keys = declared(cls)
    shorthand = getattr(cls, "SHORTHAND", None)
    if shorthand and (isinstance(node, ScalarNode) or (
            r.one_pair_text(node) is not None
            and getattr(node.value[0][0], "value", None) not in {k.name for k in keys})):
        text = r.text(node, where)
        return None if text is None else r.remember(cls(**{shorthand: text}), node)
    required = extra + tuple(k.name for k in keys if k.key.required)
    optional = tuple(k.name for k in keys if not k.key.required)
    found = r.mapping(node, where, required, optional, getattr(cls, "WHAT", ""))
    if found is None:
        return None
    before = r.error_count()
    values: dict[str, Any] = {}
    for k in keys:
        if k.name in found:
            value = read_value(r, found[k.name], join(where, k.name), k.type, k.key, ctx)
            if value is not None:
                values[k.name] = value
    if any(k.key.required and k.name not in values for k in keys) and not getattr(
            cls, "FINISH_ALWAYS", False):
        return None
    finish = getattr(cls, "finish", None)
    if finish is not None:
        values = finish(r, values, found, node, where, ctx)
    if values is None or r.error_count() > before:
        return None
    return r.remember(cls(**values), node)
