"""A class set (``--roster``): one worksheet per student in one PDF, each with the
student's name and number printed in, versions A, B, C, ... handed out in turn.

The first pages are the teacher's list (student, version, the page their copy starts on,
a column for the score). Every copy starts on an odd page, a blank page added after an
odd-length copy, so a duplex print never puts two students on one sheet. Each copy is
laid out on its own ("Halaman 1 dari 3" counts its own pages) and the pages are joined
by WeasyPrint, so the fonts are embedded once and the file stays tagged.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import weasyprint

from pipeline.printed.document import finish, flexible_layout, layout
from pipeline.printed.worksheet import arguments, title
from pipeline.render.context import PAPERS, RenderContext, Rendered, variant_letters


@lru_cache(maxsize=4)
def _blank(paper: str) -> weasyprint.Document:
    """One empty page of the given size, to keep the next copy on an odd page."""
    css = weasyprint.CSS(string=f"@page {{ size: {paper}; margin: 0 }}")
    return weasyprint.HTML(string="<html><body></body></html>").render(stylesheets=[css])


def _even(count: int) -> int:
    return count + count % 2


def render(ctx: RenderContext) -> Rendered | None:
    """The class set PDF, or None when the lesson has no worksheet."""
    if ctx.lesson.worksheet is None:
        return None
    letters = variant_letters(ctx.options.variants) if ctx.options.variants > 1 else [None]
    contexts = {v: RenderContext(ctx.lesson, ctx.project_root,
                                 replace(ctx.options, variant=v, roster=(), roster_name=""),
                                 ctx.reads) for v in letters}
    # The answer-line height each version needs is found once, then used for every copy.
    lines = {v: flexible_layout(c, "print/worksheet.html", **arguments(c))[1]
             for v, c in contexts.items()}
    copies = []
    for i, (number, name, group) in enumerate(ctx.options.roster):
        variant = letters[i % len(letters)]
        student = {"number": number, "name": name, "class": group}
        vctx = contexts[variant]
        copies.append((student, variant, layout(vctx, "print/worksheet.html",
                                                line_mm=lines[variant], student=student,
                                                **arguments(vctx))))
    listing, rows = _teacher_list(ctx, copies)
    blank = _blank(PAPERS[ctx.options.paper]).pages[0]
    pages = list(listing.pages) + [blank] * (len(listing.pages) % 2)
    for _, _, document in copies:
        pages += list(document.pages) + [blank] * (len(document.pages) % 2)
    return finish(ctx, listing.copy(pages))


def _teacher_list(ctx: RenderContext, copies: list) -> tuple[weasyprint.Document, list]:
    """The teacher's pages, with each copy's first page (which depends on how many pages
    the list itself takes: laid out again in the rare case that changes)."""
    expected = 1
    while True:
        start, rows = _even(expected) + 1, []
        for student, variant, document in copies:
            rows.append((student, variant, start))
            start += _even(len(document.pages))
        listing = layout(ctx, "print/class-list.html", rows=rows,
                         roster_name=ctx.options.roster_name, worksheet_title=title(ctx))
        if _even(len(listing.pages)) == _even(expected):
            return listing, rows
        expected = len(listing.pages)
