"""Load one lesson file into a validated ``Lesson``, reporting all of its problems at once."""

from __future__ import annotations

import os
import re
from pathlib import Path

from yaml.nodes import Node

from pipeline import model
from pipeline.problems import LessonInvalid, Problem
from pipeline.questions import read_question
from pipeline.reader import SLUG_RE, Reader
from pipeline.yamlsource import SourceError, join, read_nodes

TOP_REQUIRED = ("title", "subject", "grade", "objectives", "sections", "sources")
TOP_OPTIONAL = ("format", "id", "subtitle", "language", "duration_minutes", "authors", "summary",
                "prior_knowledge", "key_terms", "activities", "worksheet")
LANGUAGES = ("id", "en")
GROUPINGS = ("individual", "pairs", "groups", "class")
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".svg")
WORD_RE = re.compile(r"\W+")


def display_name(path: Path) -> str:
    """The path as the user would type it: relative to the working folder when inside it."""
    absolute = path.resolve()
    cwd = Path.cwd().resolve()
    return os.path.relpath(absolute, cwd) if absolute.is_relative_to(cwd) else str(absolute)


def _opt(r: Reader, f: dict[str, Node], key: str, path: str, reader=None):
    if key not in f:
        return None
    return (reader or r.text)(f[key], join(path, key))


def _objectives(r: Reader, node: Node) -> list[model.Objective]:
    result = []
    for i, (item, p) in enumerate(r.sequence(node, "objectives", 1, "objectives"), 1):
        if hasattr(item, "value") and isinstance(item.value, str):
            text = r.text(item, p)
            if text:
                result.append(model.Objective(f"tp{i}", text))
            continue
        f = r.mapping(item, p, ("id", "text"), (), "an objective (text, or {id: ..., text: ...})")
        if f and "id" in f and "text" in f:
            oid, text = r.slug(f["id"], join(p, "id")), r.text(f["text"], join(p, "text"))
            if any(o.id == oid for o in result):
                r.error(f["id"], join(p, "id"), f'the objective id "{oid}" is used twice')
            if oid and text:
                result.append(model.Objective(oid, text))
    return result


def _sections(r: Reader, node: Node, lesson_dir: Path, root: Path) -> list[model.Section]:
    result = []
    for item, p in r.sequence(node, "sections", 1, "sections"):
        f = r.mapping(item, p, ("title", "body"), ("slides", "notes", "image", "alt"))
        if not f or "title" not in f or "body" not in f:
            continue
        image = None
        if "image" in f:
            image = _image(r, f["image"], join(p, "image"), lesson_dir, root)
            if "alt" not in f:
                r.error(f["image"], join(p, "alt"), "an image needs `alt` text",
                        "describe the picture for students who cannot see it")
        slides = r.texts(f["slides"], join(p, "slides"), 1, "bullets") if "slides" in f else None
        title, body = r.text(f["title"], join(p, "title")), r.text(f["body"], join(p, "body"))
        if title and body:
            result.append(model.Section(
                title, body, tuple(slides) if slides is not None else None,
                _opt(r, f, "notes", p), image, _opt(r, f, "alt", p)))
    return result


def _image(r: Reader, node: Node, path: str, lesson_dir: Path, root: Path) -> Path | None:
    value = r.text(node, path)
    if value is None:
        return None
    target = (lesson_dir / value).resolve()
    if not target.is_relative_to(root):
        r.error(node, path, f'the image "{value}" is outside the project folder {root}',
                "copy the image next to the lesson and refer to it by a relative path")
    elif target.suffix.lower() not in IMAGE_TYPES:
        r.error(node, path, f'"{value}" is not a PNG, JPEG or SVG image')
    elif not target.is_file():
        r.error(node, path, f'the image "{value}" does not exist',
                f"paths are relative to the lesson file's folder {display_name(lesson_dir)}")
    else:
        return target
    return None


def _pairs_of(r: Reader, node: Node, path: str, keys: tuple[str, str], optional=()):
    for item, p in r.sequence(node, path):
        f = r.mapping(item, p, keys, optional)
        if f and all(k in f for k in keys):
            yield f, p


def _activities(r: Reader, node: Node) -> list[model.Activity]:
    result = []
    for f, p in _pairs_of(r, node, "activities", ("title", "steps"), ("minutes", "grouping")):
        title = r.text(f["title"], join(p, "title"))
        steps = r.texts(f["steps"], join(p, "steps"), 1, "steps")
        minutes = _opt(r, f, "minutes", p, lambda n, q: r.integer(n, q, 1))
        grouping = _opt(r, f, "grouping", p, lambda n, q: r.choice(n, q, GROUPINGS))
        if title and steps:
            result.append(model.Activity(title, tuple(steps), minutes, grouping))
    return result


def _sources(r: Reader, node: Node) -> list[model.Source]:
    result = []
    r.sequence(node, "sources", 1, "sources")
    for f, p in _pairs_of(r, node, "sources", ("title",),
                          ("publisher", "url", "file", "accessed")):
        title = r.text(f["title"], join(p, "title"))
        if title:
            result.append(model.Source(title, *(_opt(r, f, k, p) for k in
                                                ("publisher", "url", "file", "accessed"))))
    return result


def _worksheet(r: Reader, node: Node, objectives: list[model.Objective]) -> model.Worksheet | None:
    f = r.mapping(node, "worksheet", ("questions",), ("title", "instructions", "shuffle"))
    if not f or "questions" not in f:
        return None
    known = {o.id for o in objectives}
    questions: list[model.Question] = []
    for number, (item, p) in enumerate(r.sequence(f["questions"], "worksheet.questions", 1,
                                                  "questions"), 1):
        objective = r.child(item, "objective")
        if objective is not None and getattr(objective, "value", None) not in known:
            r.error(objective, join(p, "objective"),
                    f'there is no objective "{getattr(objective, "value", "")}"',
                    "objective ids: " + (", ".join(sorted(known)) or "none defined"))
        q = read_question(r, item, p, number)
        if q is None:
            continue
        if any(other.id == q.id for other in questions):
            r.error(item, join(p, "id"), f'the question id "{q.id}" is used twice',
                    "every question needs its own id")
        questions.append(q)
    shuffle = _opt(r, f, "shuffle", "worksheet", r.boolean)
    return model.Worksheet(tuple(questions), _opt(r, f, "title", "worksheet"),
                           _opt(r, f, "instructions", "worksheet"),
                           True if shuffle is None else shuffle)


def _warnings(r: Reader, root: Node, lesson: model.Lesson) -> None:
    """Things that build but that a careful teacher would want to know."""
    assessed = {q.objective for q in lesson.worksheet.questions} if lesson.worksheet else set()
    if lesson.worksheet:
        for o in lesson.objectives:
            if o.id not in assessed:
                r.warn(root, "objectives", f'objective "{o.id}" is not assessed by any question',
                       f"add `objective: {o.id}` to a question that checks it")
    text = " ".join(s.body for s in lesson.sections).lower()
    for i, term in enumerate(lesson.key_terms, 1):
        if term.term.lower() not in text:
            r.warn(root, f"key_terms[{i}].term", f'"{term.term}" does not appear in any section',
                   "students should meet every key term in the reading")


def load_lesson(path: Path, project_root: Path | None = None) -> tuple[model.Lesson, list[Problem]]:
    """Return the lesson and its warnings, or raise LessonInvalid listing every error."""
    name = display_name(path)
    try:
        root = read_nodes(path, name)
    except SourceError as exc:
        raise LessonInvalid(exc.problems) from None
    r = Reader(name)
    lesson_dir = path.resolve().parent
    project = (project_root or lesson_dir).resolve()
    f = r.mapping(root, "lesson", TOP_REQUIRED, TOP_OPTIONAL, "a lesson") or {}
    if "format" in f and r.integer(f["format"], "format") not in (None, 1):
        r.error(f["format"], "format", "this lessonpack reads format version 1",
                "remove `format:` or set it to 1")
    lesson_id = r.slug(f["id"], "id") if "id" in f else path.stem
    if "id" not in f and not SLUG_RE.fullmatch(path.stem):
        r.error(root, "id", f'the file name "{path.name}" is not a valid lesson id',
                "rename the file to lowercase-with-hyphens.yaml, or add an `id:` key")
    fields = {k: r.text(f[k], k) for k in ("title", "subject", "grade") if k in f}
    objectives = _objectives(r, f["objectives"]) if "objectives" in f else []
    lesson_kwargs = dict(
        subtitle=_opt(r, f, "subtitle", "lesson"),
        language=_opt(r, f, "language", "lesson", lambda n, q: r.choice(n, q, LANGUAGES)) or "id",
        duration_minutes=_opt(r, f, "duration_minutes", "lesson",
                              lambda n, q: r.integer(n, q, 1)),
        authors=tuple(_opt(r, f, "authors", "lesson", r.texts) or ()),
        summary=_opt(r, f, "summary", "lesson"),
        prior_knowledge=_opt(r, f, "prior_knowledge", "lesson"),
        key_terms=tuple(model.KeyTerm(t, d) for t, d in (
            (r.text(g["term"], join(p, "term")), r.text(g["definition"], join(p, "definition")))
            for g, p in (_pairs_of(r, f["key_terms"], "key_terms", ("term", "definition"))
                         if "key_terms" in f else ())) if t and d),
        activities=tuple(_activities(r, f["activities"]) if "activities" in f else ()),
        worksheet=_worksheet(r, f["worksheet"], objectives) if "worksheet" in f else None,
    )
    sections = _sections(r, f["sections"], lesson_dir, project) if "sections" in f else []
    sources = _sources(r, f["sources"]) if "sources" in f else []
    errors = [p for p in r.problems if not p.warning]
    if errors or not all(fields.get(k) for k in ("title", "subject", "grade")):
        raise LessonInvalid(errors or r.problems)
    lesson = model.Lesson(path=path, id=lesson_id or path.stem, objectives=tuple(objectives),
                          sections=tuple(sections), sources=tuple(sources), **fields,
                          **lesson_kwargs)
    _warnings(r, root, lesson)
    return lesson, [p for p in r.problems if p.warning]
