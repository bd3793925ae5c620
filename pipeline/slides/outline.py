"""Lesson -> slide outline: render templates/slides/outline.yaml and validate what it says.

The outline is YAML written by a Jinja template, so a school changes which slides a deck
has by editing a template, not Python. YAML needs no HTML escaping, so this environment has
autoescape off; every text goes through ``yaml_str`` (a JSON string, which YAML reads back
exactly), which is why any lesson text round-trips.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import yaml

from pipeline.errors import TemplateProblem
from pipeline.lesson.model import Lesson
from pipeline.lesson.source import load_generated
from pipeline.questions import Question
from pipeline.questions.arrange import arrange
from pipeline.questions.choices import LETTERS
from pipeline.render.context import RenderContext
from pipeline.render.templates import make_environment, render
from pipeline.slides import markdown as slide_markdown

TEMPLATE = "slides/outline.yaml"
STYLES = ("bullet", "number", "letter", "plain")
SLIDE_KEYS = {"layout", "title", "bullets", "notes", "image", "alt", "kind", "together"}
BULLET_KEYS = {"text", "level", "style", "size"}


@dataclass(frozen=True)
class Bullet:
    """One paragraph of a slide's text: Markdown, nesting level, bullet style, size (pt)."""

    text: str
    level: int = 0
    style: str = "bullet"
    size: float | None = None


@dataclass(frozen=True)
class SlideSpec:
    """One slide as the template asked for it (before text is split to fit)."""

    layout: str
    title: str
    bullets: tuple[Bullet, ...] = ()
    notes: str = ""
    image: Path | None = None
    alt: str | None = None
    kind: str = ""
    together: bool = False      # keep every bullet on one slide (shrink rather than split)


def yaml_str(value: object) -> str:
    """A YAML scalar that reads back as exactly this text (JSON strings are valid YAML)."""
    return json.dumps("" if value is None else str(value), ensure_ascii=False)


def quiz_questions(lesson: Lesson, limit: int, every_type: bool = False) -> list[Question]:
    """Up to ``limit`` questions quick to ask on a slide (every type with ``every_type``):
    one per objective first, then in order."""
    if lesson.worksheet is None:
        return []
    pool = [q for q in lesson.worksheet.questions if every_type or q.ON_SLIDES]
    chosen: list[Question] = []
    seen: set[str | None] = set()
    for q in pool:
        if len(chosen) < limit and (q.objective is None or q.objective not in seen):
            chosen.append(q)
            seen.add(q.objective)
    for q in pool:
        if len(chosen) < limit and q not in chosen:
            chosen.append(q)
    return sorted(chosen, key=pool.index)


@lru_cache(maxsize=8)
def environment(project_root: Path | None) -> jinja2.Environment:
    """Same search path as the HTML templates, but no autoescaping (the output is YAML)."""
    env = make_environment(project_root, autoescape=False)
    env.filters.update(
        yaml_str=yaml_str,
        md_escape=slide_markdown.escape,
        derived_bullets=slide_markdown.derived_bullets,
        sentences=slide_markdown.sentences,
        notes_text=slide_markdown.notes_text,
        blanked=slide_markdown.blanked,
        filled=slide_markdown.filled,
    )
    env.globals["letters"] = LETTERS
    return env


def render_text(ctx: RenderContext) -> str:
    """The outline YAML (template errors name the template and line)."""
    lesson, root = ctx.lesson, ctx.project_root
    sheet = lesson.worksheet
    shown = {p.question.id: p for p in
             (arrange(lesson.id, sheet.questions, sheet.shuffle) if sheet else [])}
    return render(environment(root), TEMPLATE, root, lesson=lesson, labels=ctx.labels,
                  arranged=lambda q: shown[q.id],
                  quiz_questions=lambda n, every_type=False: quiz_questions(lesson, n,
                                                                            every_type))


def outline(ctx: RenderContext) -> list[SlideSpec]:
    """The validated slide outline for a lesson."""
    text = render_text(ctx)
    try:
        data = load_generated(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at output line {mark.line + 1}" if mark else ""
        raise TemplateProblem(f"{TEMPLATE} did not produce valid YAML{where}: "
                              f"{getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, list) or not data:
        raise TemplateProblem(f"{TEMPLATE} must produce a list of slides")
    return [_slide(item, i) for i, item in enumerate(data, 1)]


def _fail(where: str, message: str) -> TemplateProblem:
    return TemplateProblem(f"{TEMPLATE}: {where}: {message}")


def _text(value: Any, where: str, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise _fail(where, "must be a non-empty text (write it with the yaml_str filter)")
    return value


def _slide(item: Any, number: int) -> SlideSpec:
    where = f"slide {number}"
    if not isinstance(item, dict):
        raise _fail(where, "each slide must be a mapping with layout, title and bullets")
    unknown = set(item) - SLIDE_KEYS
    if unknown:
        raise _fail(where, f"unknown key(s) {', '.join(sorted(unknown))}; "
                           f"allowed: {', '.join(sorted(SLIDE_KEYS))}")
    bullets = item.get("bullets") or []
    if not isinstance(bullets, list):
        raise _fail(f"{where}.bullets", "must be a list")
    image = _text(item.get("image"), f"{where}.image", required=False)
    alt = _text(item.get("alt"), f"{where}.alt", required=False)
    if image and not alt:
        raise _fail(f"{where}.alt", "a slide with an image needs alt text")
    return SlideSpec(
        layout=_text(item.get("layout"), f"{where}.layout"),
        title=_text(item.get("title"), f"{where}.title"),
        bullets=tuple(_bullet(b, f"{where}.bullets[{i}]") for i, b in enumerate(bullets, 1)),
        notes=_text(item.get("notes"), f"{where}.notes", required=False),
        image=Path(image) if image else None,
        alt=alt or None,
        kind=_text(item.get("kind"), f"{where}.kind", required=False),
        together=item.get("together") is True,
    )


def _bullet(item: Any, where: str) -> Bullet:
    if isinstance(item, str):
        item = {"text": item}
    if not isinstance(item, dict):
        raise _fail(where, "a bullet is a text or a mapping {text, level, style, size}")
    unknown = set(item) - BULLET_KEYS
    if unknown:
        raise _fail(where, f"unknown key(s) {', '.join(sorted(unknown))}")
    level, style, size = item.get("level", 0), item.get("style", "bullet"), item.get("size")
    if not isinstance(level, int) or isinstance(level, bool) or not 0 <= level <= 2:
        raise _fail(f"{where}.level", "must be 0, 1 or 2")
    if style not in STYLES:
        raise _fail(f"{where}.style", f"must be one of {', '.join(STYLES)}")
    if size is not None and (isinstance(size, bool) or not isinstance(size, int | float)
                             or not 10 <= size <= 60):
        raise _fail(f"{where}.size", "must be a number of points between 10 and 60")
    return Bullet(_text(item.get("text"), f"{where}.text"), level, style,
                  float(size) if size is not None else None)
