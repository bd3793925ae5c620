"""The web lesson: the handout and a self-checking practice quiz in one offline HTML file.

The quiz offers the worksheet as the student sees it on paper: one version per variant the
build prints (``--variants``), each checked against the answers computed from that very
arrangement. Fonts are subset to the page's characters and inlined with the images, so the
file opens from a chat attachment with no network.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from pipeline.questions.arrange import arrange
from pipeline.render.context import RenderContext, Rendered, variant_letters
from pipeline.render.html import environment
from pipeline.render.markdown import blank_inputs
from pipeline.render.templates import render as render_template
from pipeline.web.assets import font_faces, inline_images

HEADING_RE = re.compile(r"<(/?)h([1-6])\b")
TAG_RE = re.compile(r"<[^>]+>|&[#a-zA-Z0-9]+;")
LABELS_FOR_SCRIPT = ("result_right", "result_wrong", "result_unanswered", "right_answer",
                     "your_score", "write_first", "essay_self")


def demote(html: str) -> Markup:
    """Headings inside a section body sit under the section's h2 (h1 -> h3, ...)."""
    return Markup(HEADING_RE.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 2, 6)}",
                                 str(html)))


def _versions(ctx: RenderContext) -> list[tuple[str, list]]:
    sheet = ctx.lesson.worksheet
    if sheet is None:
        return []
    return [(letter or "A", arrange(ctx.lesson.id, sheet.questions, sheet.shuffle, letter))
            for letter in variant_letters(ctx.options.variants)]


def _answers(ctx: RenderContext, versions: list[tuple[str, list]]) -> Markup:
    """The answers the page checks against, as JSON safe inside a <script> element."""
    data: dict = {"_labels": {k: ctx.labels[k] for k in LABELS_FOR_SCRIPT}}
    for letter, presented in versions:
        for p in presented:
            data[f"{letter}-{p.number}"] = {"type": p.question.kind,
                                            "points": p.question.points,
                                            **p.question.answer_data(p)}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("</", "<\\/").replace("<!--", "<\\!--"))


@lru_cache(maxsize=8)
def web_environment(project_root: Path) -> jinja2.Environment:
    """The HTML environment plus the web filters, built (templates parsed) once a project."""
    env = environment(project_root).overlay()
    env.filters.update(demote=demote, blank_inputs=blank_inputs)
    return env


def render(ctx: RenderContext) -> Rendered:
    """The lesson page's bytes (one page)."""
    root = ctx.project_root
    env = web_environment(root)
    versions = _versions(ctx)
    kinds = sorted({p.question.kind for _, presented in versions for p in presented})
    html = render_template(env, "web/lesson.html", root, lesson=ctx.lesson, labels=ctx.labels,
                           versions=versions, answers=_answers(ctx, versions), kinds=kinds)
    html = inline_images(html, ctx.lesson_dir, root, ctx.reads)
    text = TAG_RE.sub(" ", html.split("</head>", 1)[-1])
    html = html.replace("/*FONTS*/", font_faces(text, root), 1)
    return Rendered(html.encode("utf-8"), 1)
