"""Markdown to safe HTML: CommonMark with raw HTML shown as text, never passed through.

Beyond CommonMark, what teachers write: GFM tables and ~~strikethrough~~, footnotes
(``[^1]``), ``H~2~O`` and ``x^2^``, task lists (``- [x]``) and definition lists
(mdit-py-plugins). TeX math (``$...$``) is recognised so the loader can refuse it with a
located error instead of printing it raw.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markupsafe import Markup, escape
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.subscript import sub_plugin
from mdit_py_plugins.superscript import superscript_plugin as sup_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from pipeline.questions.fill_in_blank import BLANK_RE

TOKEN = "LPBLANK{}Z"
# Lesson text sits under a section's <h2>: its "# Heading" is an <h3>, so a screen reader
# (and the tagged PDF) sees headings in order.
HEADING_SHIFT = 2
TAG_RE = re.compile(r"<[^>]+>")
IMG_SRC_RE = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")')   # before, src, after


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # html=False escapes raw HTML, so a stray <script> or <b> is printed as typed.
    parser = MarkdownIt("commonmark", {"html": False, "typographer": False})
    parser.enable(["table", "strikethrough"])
    for plugin in (footnote_plugin, deflist_plugin, tasklists_plugin, sub_plugin, sup_plugin):
        parser.use(plugin)
    # Only unmistakable TeX: no space inside the dollars, no digit next to them (US$ 5, $5).
    parser.use(dollarmath_plugin, allow_space=False, allow_digits=False)
    return parser


def local_image(src: str, base: Path, root: Path) -> Path | None:
    """The file an ``<img src>`` of rendered HTML names, when it is one inside ``root``:
    the src is HTML- and percent-decoded ("Peta%20ASEAN.png"), relative to ``base``."""
    if src.startswith(("data:", "http:", "https:")):
        return None
    name = unquote(html.unescape(src)).removeprefix("file://")
    target = (base / name).resolve()
    return target if target.is_relative_to(root) and target.is_file() else None


def math_in(text: str | None) -> list[str]:
    """The TeX math spans of a Markdown text (``$...$``, ``$$...$$``)."""
    if not text or "$" not in text:
        return []
    return [t.content for t in _tokens(text) if t.type in ("math_inline", "math_block",
                                                           "math_inline_double")]


def _tokens(text: str):
    for token in _parser().parse(text):
        yield token
        yield from token.children or ()


def to_html(text: str | None) -> Markup:
    """A block of Markdown (paragraphs, lists) as HTML, its headings below a section's."""
    parser, env = _parser(), {}
    tokens = parser.parse(text or "", env)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + HEADING_SHIFT, 6)}"
    return Markup(parser.renderer.render(tokens, parser.options, env))


def to_inline_html(text: str | None) -> Markup:
    """One line of Markdown (a prompt, a choice) as inline HTML, without a <p>."""
    return Markup(_parser().renderInline(text or ""))


def plain(text: str | None) -> str:
    """One line of Markdown as the plain words it shows (for comparing typed answers)."""
    return html.unescape(TAG_RE.sub("", str(to_inline_html(text)))).strip()


def blank_inputs(text: str, qid: str, label: str) -> Markup:
    """A fill_in_blank prompt for the web: each ``[[answer]]`` becomes a labelled input."""
    count = 0

    def mark(match: re.Match) -> str:
        nonlocal count
        count += 1
        return TOKEN.format(count - 1)

    html = str(to_inline_html(BLANK_RE.sub(mark, text)))
    for i in range(count):
        html = html.replace(TOKEN.format(i), f'<input type="text" class="blank" '
                                             f'name="{escape(qid)}-{i + 1}" autocomplete="off" '
                                             f'aria-label="{escape(label)} {i + 1}">')
    return Markup(html)


def with_blanks(text: str, filled: bool, block: bool = False) -> Markup:
    """Render a fill_in_blank prompt, its ``[[answer|alt]]`` marks as lines or as answers."""
    answers: list[str] = []

    def mark(match: re.Match) -> str:
        answers.append(match.group(1).split("|")[0].strip())
        return TOKEN.format(len(answers) - 1)

    html = str((to_html if block else to_inline_html)(BLANK_RE.sub(mark, text)))
    for i, answer in enumerate(answers):
        if filled:
            span = f'<span class="blank filled">{escape(answer)}</span>'
        else:
            span = f'<span class="blank" aria-label="blank {i + 1}"></span>'
        html = html.replace(TOKEN.format(i), span)
    return Markup(html)
