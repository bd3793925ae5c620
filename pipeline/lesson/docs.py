"""The format reference (docs/lesson-format.md), generated from the declaration in ``model``.

The prose around the tables is written here once; every key, type, default and meaning
comes from the dataclasses, so the reference cannot drift from what the loader accepts.
"""

from __future__ import annotations

from typing import Any

from pipeline.lesson.declare import Declared, declared, item_type, unwrap
from pipeline.lesson.model import Activity, KeyTerm, Lesson, Objective, Section, Source, Worksheet
from pipeline.questions import REGISTRY, Question

INTRO = """\
# The lesson format (version 1)

*Generated from the format's declaration (`pipeline/lesson/model.py` and the question types
in `pipeline/questions/`) by `lessonpack schema --markdown`; do not edit by hand.*

A lesson is one YAML file, `lessons/<id>.yaml`. Keys are English; the content is in the
lesson's own language (`language`), which also picks the printed labels. Every file written
to this format validates and builds; the JSON Schema for editors comes from the same
declaration (`lessonpack schema > lesson.schema.json`).

Rules for every key:
- Unknown keys are errors, with a "did you mean" hint. Duplicate keys, YAML aliases and tags
  are errors.
- Text is taken exactly as typed: `grade: 10` is the text "10", `answer: no` is the text
  "no" (never a boolean), `1.10` stays "1.10".
- *Markdown* keys take CommonMark: paragraphs, `**bold**`, `*italic*`, lists, links. Raw
  HTML is printed as text.
- A list item or text written as `Langkah 1: Baca teksnya.` (a one-line `key: value` that
  YAML would read as a mapping) is read as the text exactly as typed; `validate --strict`
  warns about it. Quote such text to be explicit.
- Every error names the file, line, column and key path
  (`lessons/aliansi.yaml:48:9: worksheet.questions[3].answer: ...`), all errors of a file
  at once. List positions count from 1.
"""

OUTRO = """\
## Checks across keys

- A question's `objective` must be the `id` of an objective.
- Ids of objectives and questions are unique.
- An answer must exist: a choice letter within the choices, a choice text exactly as
  written, at least one `[[blank]]` in a `fill_in_blank` prompt.
- Warnings (errors with `validate --strict`): an objective no question assesses; a key term
  that no section mentions.
"""


def type_words(k: Declared) -> str:
    """The type of a key in words: ``text``, ``list of Section (at least 1)``."""
    spec, typ = k.key, unwrap(k.type)
    if spec.words:
        return spec.words
    inner = item_type(typ)
    if inner is not None:
        noun = {str: "Markdown texts" if spec.text == "markdown" else "texts"}.get(
            inner, f"`{getattr(inner, '__name__', inner)}`")
        least = f" (at least {spec.min_items})" if spec.min_items else ""
        return f"list of {noun}{least}"
    if typ is str:
        if spec.choices:
            return "one of " + ", ".join(f"`{c}`" for c in spec.choices)
        return {"markdown": "Markdown", "slug": "id (`a-z`, `0-9`, `-`)"}.get(spec.text, "text")
    if typ is bool:
        return "`true` / `false`"
    if typ is int:
        return "whole number" + (f" ≥ {spec.minimum:g}" if spec.minimum is not None else "")
    if typ is float:
        return f"number ≥ {spec.minimum or 0:g}"
    if typ is Question:
        return "list of questions"
    return f"`{getattr(typ, '__name__', typ)}` (mapping)"


def default_words(k: Declared) -> str:
    if k.key.required:
        return "**required**"
    if k.key.default_doc:
        return k.key.default_doc
    value: Any = k.default
    if value in (None, (), ""):
        return ""
    return f"`{str(value).lower() if isinstance(value, bool) else value}`"


def table(cls: type, skip: tuple[str, ...] = ()) -> str:
    rows = ["| key | type | default | meaning |", "|---|---|---|---|"]
    for k in declared(cls):
        if k.name not in skip:
            doc = k.key.doc.replace("|", "\\|")
            rows.append(f"| `{k.name}` | {type_words(k)} | {default_words(k)} | {doc} |")
    return "\n".join(rows)


def reference() -> str:
    """The whole reference as Markdown."""
    parts = [INTRO]
    for cls in (Lesson, Objective, KeyTerm, Section, Activity, Source, Worksheet):
        title = "Top level" if cls is Lesson else f"`{cls.__name__}`"
        parts.append(f"## {title}\n\n{(cls.__doc__ or '').strip()}\n\n{table(cls)}\n")
    parts.append("## Questions\n\nEvery question has `type` and these keys:\n\n"
                 + table(Question) + "\n")
    for name, cls in REGISTRY.items():
        own = tuple(k.name for k in declared(Question))
        extra = table(cls, skip=own)
        nested = [unwrap(item_type(k.type)) for k in declared(cls) if k.name not in own]
        for inner in nested:
            if inner is not None and hasattr(inner, "__dataclass_fields__"):
                extra += f"\n\n`{inner.__name__}`: {(inner.__doc__ or '').strip()}\n\n" \
                         + table(inner)
        parts.append(f"### `{name}`\n\n{(cls.__doc__ or '').strip()} The answer key shows "
                     f"{cls.KEY_SHOWS}.\n\n{extra}\n")
    from pipeline.lesson.settings import Settings, WorksheetBlocks

    parts.append("## Project settings (`lessonpack.yaml`)\n\n" + (Settings.__doc__ or "").strip()
                 + " Checked like a lesson (`lessonpack schema --settings` gives its JSON "
                 "Schema).\n\n" + table(Settings) + "\n\n`WorksheetBlocks`: "
                 + (WorksheetBlocks.__doc__ or "").strip() + "\n\n" + table(WorksheetBlocks)
                 + "\n")
    parts.append(OUTRO)
    return "\n".join(parts)
