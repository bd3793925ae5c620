"""Markdown to safe HTML: CommonMark with raw HTML shown as text, never passed through."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from pipeline.questions.fill_in_blank import BLANK_RE

TOKEN = "LPBLANK{}Z"
TAG_RE = re.compile(r"<[^>]+>")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # html=False escapes raw HTML, so a stray <script> or <b> is printed as typed.
    return MarkdownIt("commonmark", {"html": False, "typographer": False})


def to_html(text: str | None) -> Markup:
    """A block of Markdown (paragraphs, lists) as HTML."""
    return Markup(_parser().render(text or ""))


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
