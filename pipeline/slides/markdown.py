"""Markdown for slides: inline text as styled runs, bullets derived from a body, plain notes.

Everything goes through markdown-it-py's tokens (the same CommonMark parser as the
handout), so a list or an emphasis reads the same on slides as in print.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from markdown_it.token import Token

from pipeline.questions.fill_in_blank import BLANK_RE
from pipeline.render.markdown import _parser
from pipeline.slides.textfit import Run

FOOTNOTE_REF_RE = re.compile(r"\[\^[^\]\s]+\](?!:)")
ESCAPE_RE = re.compile(r"([\\`*_\[\]<>&!#|~])")
# A sentence ends at . ! or ? followed by space and a capital, digit, quote or bracket ...
SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’)]*\s+(?=[\"'“‘(\[]?[A-Z0-9À-Ý])")
# ... unless the period belongs to an initial (Charles H. Cooley) or an abbreviation.
ABBREVIATION_RE = re.compile(
    r"(?:\b[A-Z]|\b(?:dkk|dll|dsb|dst|hlm|No|no|Dr|Prof|St|Jl|Bpk|Ibu|Mr|Mrs|Ms|vs|etc|e\.g|"
    r"i\.e|cf|al|Vol|ed|eds|pp|p))\.$")


def inline_runs(text: str) -> list[Run]:
    """One line of Markdown as runs; emphasis becomes bold/italic, links keep their text.
    A footnote mark (``[^1]``) has no place on a slide and is dropped."""
    tokens = _parser().parseInline(FOOTNOTE_REF_RE.sub("", text or ""))
    runs: list[Run] = []
    bold = italic = 0
    children = tokens[0].children if tokens else None
    for token in children or []:
        kind = token.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind in ("text", "code_inline", "html_inline"):
            _add(runs, Run(token.content, bold > 0, italic > 0))
        elif kind in ("softbreak", "hardbreak"):
            _add(runs, Run(" ", bold > 0, italic > 0))
        elif kind == "image":
            _add(runs, Run(token.content or "", bold > 0, italic > 0))
    return runs


def _add(runs: list[Run], run: Run) -> None:
    """Append, merging with the previous run when the style is the same."""
    if not run.text:
        return
    if runs and (runs[-1].bold, runs[-1].italic) == (run.bold, run.italic):
        runs[-1] = Run(runs[-1].text + run.text, run.bold, run.italic)
    else:
        runs.append(run)


def plain_text(text: str | None) -> str:
    """Markdown inline text without its markup (titles, metadata)."""
    return "".join(r.text for r in inline_runs(text or ""))


def blanked(text: str) -> str:
    """A fill_in_blank prompt with every ``[[answer]]`` shown as a line to fill."""
    return BLANK_RE.sub("\\_" * 8, text)


def filled(text: str) -> str:
    """A fill_in_blank prompt with every blank filled with its (bold) answer."""
    return BLANK_RE.sub(lambda m: "**" + escape(m.group(1).split("|")[0].strip()) + "**", text)


def escape(text: object) -> str:
    """Plain text made safe to use as Markdown: it shows exactly as typed."""
    return ESCAPE_RE.sub(r"\\\1", str(text))


def to_markdown(runs: Iterable[Run]) -> str:
    """Runs back to inline Markdown (used for sentences cut out of a paragraph)."""
    merged: list[Run] = []
    for run in runs:
        _add(merged, run)
    out = []
    for run in merged:
        core = run.text.strip()
        if not core:
            out.append(run.text)
            continue
        mark = ("**" if run.bold else "") + ("*" if run.italic else "")
        lead, trail = run.text[:len(run.text) - len(run.text.lstrip())], \
            run.text[len(run.text.rstrip()):]
        out.append(f"{lead}{mark}{escape(core)}{mark[::-1]}{trail}")
    return "".join(out)


def _inline_after(tokens: Sequence[Token], i: int) -> Token | None:
    """The inline token of the paragraph that starts at tokens[i], if it is one."""
    if tokens[i].type == "paragraph_open" and i + 1 < len(tokens):
        return tokens[i + 1]
    return None


def list_items(body: str | None) -> list[tuple[str, int]]:
    """Each list item's first paragraph (Markdown, joined to one line) and its nesting level
    (a list nested deeper than a slide's three levels stays at the third)."""
    tokens = _parser().parse(body or "")
    items: list[tuple[str, int]] = []
    depth = 0
    pending = False
    for i, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open":
            pending = True
        elif pending and (inline := _inline_after(tokens, i)) is not None:
            text = " ".join(inline.content.split())
            items.append((text.rstrip(";,").rstrip(), min(depth - 1, 2)))  # slides have 3
            pending = False
    return items


def sentences(text: str | None, limit: int | None = None) -> list[str]:
    """The first ``limit`` sentences of the paragraphs outside lists, each as Markdown."""
    tokens = _parser().parse(text or "")
    found: list[str] = []
    depth = 0
    for i, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            depth -= 1
        elif depth == 0 and (inline := _inline_after(tokens, i)) is not None:
            found += [to_markdown(s) for s in split_sentences(inline_runs(inline.content))]
        if limit is not None and len(found) >= limit:
            return found[:limit]
    return found


def split_sentences(runs: Sequence[Run]) -> list[list[Run]]:
    """Cut styled text into sentences, keeping each piece's bold and italic."""
    text = "".join(r.text for r in runs)
    cuts = [m for m in SENTENCE_END_RE.finditer(text)
            if not ABBREVIATION_RE.search(text[:m.start() + 1])]
    spans, start = [], 0
    for m in cuts:
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    result = []
    for begin, end in spans:
        piece, offset = [], 0
        for run in runs:
            lo, hi = max(begin, offset), min(end, offset + len(run.text))
            if lo < hi:
                piece.append(Run(run.text[lo - offset:hi - offset], run.bold, run.italic))
            offset += len(run.text)
        if "".join(r.text for r in piece).strip():
            result.append(_strip(piece))
    return result


def _strip(runs: list[Run]) -> list[Run]:
    runs = list(runs)
    runs[0] = Run(runs[0].text.lstrip(), runs[0].bold, runs[0].italic)
    runs[-1] = Run(runs[-1].text.rstrip(), runs[-1].bold, runs[-1].italic)
    return [r for r in runs if r.text]


def derived_bullets(body: str | None, limit: int = 3) -> list[tuple[str, int]]:
    """Bullets for a section without ``slides``: its list items, else its first sentences."""
    return list_items(body) or [(s, 0) for s in sentences(body, limit)]


def notes_text(text: str | None) -> str:
    """Markdown blocks as plain text for speaker notes: a line per paragraph or list item."""
    lines: list[str] = []
    numbers: list[int] = []         # per open list: the next number, or 0 for bullets
    marker: str | None = None
    for token in _parser().parse(text or ""):
        if token.type == "bullet_list_open":
            numbers.append(0)
        elif token.type == "ordered_list_open":
            numbers.append(int(token.attrGet("start") or 1))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            numbers.pop()
        elif token.type == "list_item_open":
            marker = f"{numbers[-1]}. " if numbers[-1] else "• "
            numbers[-1] += 1 if numbers[-1] else 0
        elif token.type == "inline":
            indent = "   " * max(len(numbers) - 1, 0)
            line = " ".join(plain_text(token.content).split())
            lines.append(f"{indent}{marker or ''}{line}")
            marker = None
        elif token.type in ("fence", "code_block"):
            lines.append(token.content.rstrip("\n"))
    return "\n".join(lines)
