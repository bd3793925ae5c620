"""The lesson format, declared once: each class is a mapping of the file, each field a key.

Renderers read these frozen dataclasses and never change them. ``key(...)`` documents and
constrains a key (see ``declare``); ``finish`` checks keys together. The JSON Schema
(``lessonpack schema``) and docs/lesson-format.md are generated from this module.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from yaml.nodes import Node, ScalarNode

from pipeline.lesson.declare import ReadContext, by_position, derived, key
from pipeline.lesson.images import check_image
from pipeline.lesson.limits import MAX_ID
from pipeline.lesson.reader import SLUG_RE, Reader
from pipeline.lesson.source import join
from pipeline.questions import Question

LANGUAGES = ("id", "en")
GROUPINGS = ("individual", "pairs", "groups", "class")
FORMAT_VERSION = 1


def read_image(r: Reader, node: Node, where: str, ctx: ReadContext) -> Path | None:
    """An image path relative to the lesson that stays inside the project (checked first)."""
    value = r.text(node, where)
    if value is None:
        return None
    return check_image(r, node, where, value, ctx.lesson_dir, ctx.project_root.resolve())


def read_format(r: Reader, node: Node, where: str, ctx: ReadContext) -> int | None:
    value = r.integer(node, where)
    if value not in (None, FORMAT_VERSION):
        r.error(node, where, f"this lessonpack reads format version {FORMAT_VERSION}",
                "remove `format:` or set it to 1")
        return None
    return value


@dataclass(frozen=True, kw_only=True)
class Objective:
    """A learning objective: a text, or `{id, text}` so questions can name it."""

    SHORTHAND = "text"
    WHAT = "an objective (text, or {id: ..., text: ...})"

    id: str | None = key("Names the objective for `objective:` in questions.", text="slug",
                         default=None, default_doc="`tp1`, `tp2`, ... by position")
    text: str = key("The objective, e.g. \"Menjelaskan pengertian aliansi.\"")


@dataclass(frozen=True, kw_only=True)
class KeyTerm:
    """A glossary entry; the term should appear in a section's body."""

    term: str = key("The term.")
    definition: str = key("Its definition (Markdown).", text="markdown")


@dataclass(frozen=True, kw_only=True)
class Section:
    """A part of the reading, with its heading."""

    title: str = key("Heading.")
    body: str = key("The handout text (Markdown).", text="markdown")
    slides: tuple[str, ...] | None = key(
        "Bullets for this section's slides (Markdown); if absent they come from `body` (its "
        "list items, else its first sentences).", text="markdown", default=None, min_items=1,
        what="bullets")
    notes: str | None = key("Speaker notes for its slides; if absent, `body` is used.",
                            text="markdown", default=None)
    image: Path | None = key("A PNG, JPEG or SVG, relative to the lesson file, inside the "
                             "project; needs `alt`.", default=None, read=read_image,
                             schema={"type": "string"}, words="path")
    alt: str | None = key("What the image shows, for students who cannot see it.",
                          default=None)

    @classmethod
    def finish(cls, r: Reader, values: dict, found: dict[str, Node], node: Node, where: str,
               ctx: ReadContext) -> dict:
        if "image" in found and "alt" not in found:
            r.error(found["image"], join(where, "alt"), "an image needs `alt` text",
                    "describe the picture for students who cannot see it")
        return values


@dataclass(frozen=True, kw_only=True)
class Activity:
    """A classroom activity with numbered steps."""

    title: str = key("Name of the activity.")
    steps: tuple[str, ...] = key("What students do, in order (Markdown).", text="markdown",
                                 min_items=1, what="steps")
    minutes: int | None = key("Planned time.", minimum=1, default=None)
    grouping: str | None = key("How students work.", choices=GROUPINGS, default=None)


@dataclass(frozen=True, kw_only=True)
class Source:
    """Where the content comes from; printed in the handout and on the last slide."""

    title: str = key("Title of the article, book or page.")
    publisher: str | None = key("Publisher or website.", default=None)
    url: str | None = key("Web address.", default=None)
    file: str | None = key("The local file the content was taken from (kept for the record, "
                           "not printed).", default=None)
    accessed: str | None = key("When a web page was read, e.g. 2024-05-01.", default=None)


@dataclass(frozen=True, kw_only=True)
class Worksheet:
    """Questions for the worksheet and its answer key."""

    title: str | None = key("Printed title.", default=None,
                            default_doc='"Lembar Kerja: <lesson title>" (from the labels)')
    instructions: str | None = key("Printed at the top (Markdown).", text="markdown",
                                   default=None)
    shuffle: bool = key("Variants shuffle the order of questions and choices.", default=True)
    questions: tuple[Question, ...] = key("The questions (see the question types).",
                                          min_items=1, what="questions")

    @classmethod
    def finish(cls, r: Reader, values: dict, found: dict[str, Node], node: Node, where: str,
               ctx: ReadContext) -> dict:
        """Number unnamed questions by position; every id once."""
        questions: list[Question] = []
        for number, item, q in by_position(r, values["questions"], found["questions"], node):
            if q.id is None:
                q = r.remember(replace(q, id=f"q{number}"), item)
            if any(other.id == q.id for other in questions):
                r.error(item, f"{where}.questions[{number}].id",
                        f'the question id "{q.id}" is used twice',
                        "every question needs its own id")
            questions.append(q)
        values["questions"] = tuple(questions)
        return values

    @property
    def total_points(self) -> float:
        total = sum(q.points for q in self.questions)
        return int(total) if float(total).is_integer() else total


@dataclass(frozen=True, kw_only=True)
class Lesson:
    """One lesson: reading, activities and worksheet, in the lesson's own language."""

    WHAT = "a lesson"
    FINISH_ALWAYS = True            # cross-checks run even when a required key is missing

    format: int = key("Format version.", default=FORMAT_VERSION, read=read_format,
                      schema={"const": FORMAT_VERSION}, words="`1`")
    id: str | None = key("Names the output folder.", text="slug", default=None,
                         default_doc="the file name without `.yaml`")
    title: str = key("Lesson title.")
    subtitle: str | None = key("Printed under the title.", default=None)
    subject: str = key("e.g. `Sosiologi`, `PPKn`, `IPS`.")
    grade: str = key("Class or phase, e.g. `X`, `XI`, `Fase E` (always text, even `10`).")
    language: str = key("Picks the printed labels.", choices=LANGUAGES, default="id",
                        default_doc="`id`, or the project's `language` setting")
    duration_minutes: int | None = key("Planned teaching time.", minimum=1, default=None)
    authors: tuple[str, ...] = key("Who wrote the lesson.", default=(), what="authors")
    summary: str | None = key("A one-paragraph abstract under the title (Markdown).",
                              text="markdown", default=None)
    objectives: tuple[Objective, ...] = key("Learning objectives.", min_items=1,
                                            what="objectives")
    prior_knowledge: str | None = key("What students should already know (Markdown).",
                                      text="markdown", default=None)
    key_terms: tuple[KeyTerm, ...] = key("The glossary.", default=(), what="key terms")
    sections: tuple[Section, ...] = key("The reading, in order.", min_items=1,
                                        what="sections")
    activities: tuple[Activity, ...] = key("Classroom activities.", default=(),
                                           what="activities")
    worksheet: Worksheet | None = key("Questions for the worksheet and answer key.",
                                      default=None)
    sources: tuple[Source, ...] = key("Where the content was taken from.", min_items=1,
                                      what="sources")
    path: Path = derived(Path())        # the lesson file

    @classmethod
    def finish(cls, r: Reader, values: dict, found: dict[str, Node], node: Node, where: str,
               ctx: ReadContext) -> dict:
        """The id from the file name, objective ids by position, questions' objectives."""
        stem = ctx.lesson_path.stem
        if "id" not in found and (not SLUG_RE.fullmatch(stem) or len(stem) > MAX_ID):
            r.error(node, "id", f'the file name "{ctx.lesson_path.name}" is not a valid '
                                "lesson id",
                    "rename the file to lowercase-with-hyphens.yaml, or add an `id:` key")
        values.setdefault("id", stem)
        if "language" not in found:
            values["language"] = ctx.default_language
        objectives: list[Objective] = []
        for i, at, objective in by_position(r, values.get("objectives", ()),
                                            found.get("objectives"), node):
            if objective.id is None:
                objective = r.remember(replace(objective, id=f"tp{i}"), at)
            elif any(o.id == objective.id for o in objectives):
                r.error(r.child(at, "id") or at, f"objectives[{i}].id",
                        f'the objective id "{objective.id}" is used twice')
            objectives.append(objective)
        if "objectives" in values:
            values["objectives"] = tuple(objectives)
        cls._check_question_objectives(r, found, {o.id for o in objectives})
        values["path"] = ctx.lesson_path
        return values

    @staticmethod
    def _check_question_objectives(r: Reader, found: dict[str, Node], known: set) -> None:
        """Every ``objective:`` names an objective (checked on every question, even bad ones)."""
        questions = r.child(found.get("worksheet"), "questions")
        for number, item in enumerate(getattr(questions, "value", None) or [], 1):
            objective = r.child(item, "objective")
            value = objective.value if isinstance(objective, ScalarNode) else None
            if objective is not None and value not in known:
                r.error(objective, f"worksheet.questions[{number}].objective",
                        f'there is no objective "{value or ""}"',
                        "objective ids: " + (", ".join(sorted(known)) or "none defined"))

