"""The JSON Schema of the lesson format, generated from its declaration in ``model``.

Editors use it for completion and inline errors (VS Code's YAML extension reads the
``# yaml-language-server: $schema=...`` line that ``lessonpack new`` writes). Text keys
also accept numbers and booleans, because lessonpack reads ``grade: 10`` as the text "10".
"""

from __future__ import annotations

from typing import Any

from pipeline.lesson.declare import Key, declared, item_type, unwrap
from pipeline.lesson.limits import MAX_ID, MAX_ITEMS, MAX_MARKDOWN, MAX_NUMBER, MAX_TEXT
from pipeline.lesson.model import Lesson
from pipeline.lesson.reader import SLUG_RE
from pipeline.questions import REGISTRY, Question

DIALECT = "http://json-schema.org/draft-07/schema#"
TEXT = {"type": ["string", "number", "boolean"]}


def _scalar(typ: Any, spec: Key) -> dict | None:
    if typ is str:
        if spec.choices:
            return {"enum": list(spec.choices)}
        if spec.text == "slug":
            return {"type": "string", "pattern": f"^{SLUG_RE.pattern}$", "maxLength": MAX_ID}
        return dict(TEXT, maxLength=MAX_MARKDOWN if spec.text == "markdown" else MAX_TEXT)
    if typ is bool:
        return {"type": "boolean"}
    if typ is int:
        return {"type": "integer", **({"minimum": spec.minimum} if spec.minimum is not None
                                      else {}), "maximum": spec.maximum or MAX_NUMBER}
    if typ is float:
        return {"type": "number", "minimum": spec.minimum or 0, "maximum": MAX_NUMBER}
    return None


class _Builder:
    def __init__(self) -> None:
        self.definitions: dict[str, dict] = {}

    def value(self, typ: Any, spec: Key) -> dict:
        if spec.schema is not None:
            return dict(spec.schema)
        typ = unwrap(typ)
        inner = item_type(typ)
        if inner is not None:
            result: dict[str, Any] = {"type": "array",
                                      "items": self.value(inner, Key(spec.doc, text=spec.text))}
            if spec.min_items:
                result["minItems"] = spec.min_items
            result["maxItems"] = spec.max_items or MAX_ITEMS
            return result
        scalar = _scalar(typ, spec)
        if scalar is not None:
            return scalar
        if typ is Question:
            return self.ref("Question", self.question)
        return self.ref(typ.__name__, lambda: self.mapping(typ))

    def ref(self, name: str, make) -> dict:
        if name not in self.definitions:
            self.definitions[name] = {}          # placeholder: stops recursion
            self.definitions[name] = make()
        return {"$ref": f"#/definitions/{name}"}

    def mapping(self, cls: type, extra: dict | None = None) -> dict:
        properties = dict(extra or {})
        required = list(properties)
        for k in declared(cls):
            prop = self.value(k.type, k.key)
            prop["description"] = k.key.doc
            default = k.default
            if not k.key.required and default is not None and not k.key.default_doc \
                    and isinstance(default, str | int | float | bool):
                prop["default"] = default
            properties[k.name] = prop
            if k.key.required:
                required.append(k.name)
        schema = {"type": "object", "description": (cls.__doc__ or "").strip(),
                  "properties": properties, "additionalProperties": False}
        if required:
            schema["required"] = required
        shorthand = getattr(cls, "SHORTHAND", None)
        if shorthand:
            return {"anyOf": [dict(TEXT, description=f"Just the {shorthand}."), schema]}
        return schema

    def question(self) -> dict:
        """``type`` picks the question's keys: one definition per registered type."""
        branches = []
        for name, cls in REGISTRY.items():
            definition = f"question_{name}"
            self.ref(definition, lambda cls=cls, name=name: self.mapping(
                cls, {"type": {"const": name, "description": "The question type."}}))
            branches.append({"if": {"properties": {"type": {"const": name}},
                                    "required": ["type"]},
                             "then": {"$ref": f"#/definitions/{definition}"}})
        return {"type": "object", "required": ["type", "prompt"],
                "properties": {"type": {"enum": list(REGISTRY),
                                        "description": "The question type."}},
                "allOf": branches}


def settings_schema() -> dict:
    """The project settings file (lessonpack.yaml) as a JSON Schema."""
    from pipeline.lesson.settings import Settings

    builder = _Builder()
    root = builder.mapping(Settings)
    return {"$schema": DIALECT, "title": "lessonpack project settings", **root,
            "definitions": builder.definitions}


def lesson_schema() -> dict:
    """The whole format as a JSON Schema document (draft-07, which editors support best)."""
    builder = _Builder()
    root = builder.mapping(Lesson)
    return {"$schema": DIALECT, "title": "lessonpack lesson", **root,
            "definitions": builder.definitions}

