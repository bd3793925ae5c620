"""Lesson Markdown -> Typst markup, for the Typst reference of ``make bench``.

Crude on purpose: paragraphs, **bold**, *italic*, ~~strike~~, `code`, links, lists and
headings, parsed by markdown-it (the parser the pipeline uses) so both engines see the
same structure. Anything else (tables, footnotes) comes out as its plain text. Every ASCII
punctuation character of the text is escaped, so the text prints as typed (no smart quotes,
no Typst syntax by accident), the same as WeasyPrint prints it.
"""

from __future__ import annotations

import json
import re
import string
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

ESCAPE = re.compile("([" + re.escape(string.punctuation) + "])")
BLANK_RE = re.compile(r"\[\[(.*?)\]\]", re.S)      # fill_in_blank marks, as in the pipeline
BLANK_TOKEN = "LPBLANK{}Z"                         # survives Markdown and escaping untouched
INLINE_OPEN = {"strong_open": "#strong[", "em_open": "#emph[", "s_open": "#strike["}
INLINE_CLOSE = ("strong_close", "em_close", "s_close", "link_close")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def escape(text: str) -> str:
    """Plain text as Typst markup that prints exactly that text."""
    return ESCAPE.sub(r"\\\1", text).replace("\n", " ")


def string_literal(text: str) -> str:
    """A Typst string literal (JSON's escapes are a subset of Typst's)."""
    return json.dumps(text, ensure_ascii=False)


def _inline(children: list[Token]) -> str:
    out: list[str] = []
    for t in children:
        if t.type == "text":
            out.append(escape(t.content))
        elif t.type in INLINE_OPEN:
            out.append(INLINE_OPEN[t.type])
        elif t.type in INLINE_CLOSE:
            out.append("]")
        elif t.type == "link_open":
            out.append(f"#link({string_literal(str(t.attrs.get('href', '')))})[")
        elif t.type == "code_inline":
            out.append(f"#raw({string_literal(t.content)})")
        elif t.type == "softbreak":
            out.append(" ")
        elif t.type == "hardbreak":
            out.append("#linebreak()")
        elif t.type == "image":
            out.append(escape(t.content))
    return "".join(out)


def _blocks(tokens: list[Token]) -> str:
    out: list[str] = []
    lists: list[str] = []               # the open lists' markers, innermost last
    for t in tokens:
        if t.type == "inline":
            out.append(_inline(t.children or []))
        elif t.type in ("paragraph_close", "heading_close"):
            out.append("\n" if lists else "\n\n")
        elif t.type == "heading_open":
            out.append("=" * max(int(t.tag[1]), 3) + " ")
        elif t.type in ("bullet_list_open", "ordered_list_open"):
            if lists and out and not out[-1].endswith("\n"):
                out.append("\n")
            lists.append("-" if t.type == "bullet_list_open" else "+")
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            if not lists:
                out.append("\n")
        elif t.type == "list_item_open":
            out.append("  " * (len(lists) - 1) + lists[-1] + " ")
        elif t.type in ("code_block", "fence"):
            out.append(f"#raw(block: true, {string_literal(t.content)})\n\n")
    return "".join(out).strip()


def markup(text: str | None, inline: bool = False) -> str:
    """A Markdown field as Typst markup: a block (paragraphs, lists) or one line."""
    if not text:
        return ""
    if inline:
        return _inline(_parser().parseInline(text)[0].children or [])
    return _blocks(_parser().parse(text))


def with_blanks(prompt: str, filled: bool) -> str:
    """A fill_in_blank prompt: each ``[[answer|alt]]`` becomes ``#blank(answer or none)``,
    a function the Typst template passes to ``eval``."""
    answers: list[str] = []

    def mark(match: re.Match) -> str:
        answers.append(match.group(1).split("|")[0].strip())
        return BLANK_TOKEN.format(len(answers) - 1)

    result = markup(BLANK_RE.sub(mark, prompt), inline=True)
    for i, answer in enumerate(answers):
        call = f"#blank({string_literal(answer)})" if filled else "#blank(none)"
        result = result.replace(BLANK_TOKEN.format(i), call)
    return result
