"""A class set (``--roster``): one worksheet per student in one PDF, each with the
student's name and number printed in, versions A, B, C, ... handed out in turn.

The first pages are the teacher's list (student, version, the page their copy starts on,
a column for the score). Every copy starts on an odd page, a blank page added after an
odd-length copy, so a duplex print never puts two students on one sheet. Each version is
laid out once per way its fields are filled ("Halaman 1 dari 3" counts a copy's own
pages); its other copies are that layout with their names set in (named_copies: the same
bytes as laying each out, a third of the time for a class), and the pages are joined by
WeasyPrint, so the fonts are embedded once and the file stays tagged.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import weasyprint

from pipeline.printed import named_copies
from pipeline.printed.document import finish, flexible_layout, layout
from pipeline.printed.worksheet import arguments, title
from pipeline.render.context import PAPERS, RenderContext, Rendered, variant_letters
from pipeline.render.folders import template_dirs


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
    students = [student(*row) for row in ctx.options.roster]
    copies = _copies(contexts, letters, students)
    listing, rows = _teacher_list(ctx, copies)
    blank = _blank(PAPERS[ctx.options.paper]).pages[0]
    every = list(listing.pages) + [blank] * (len(listing.pages) % 2)
    for _, _, pages in copies:
        every += list(pages) + [blank] * (len(pages) % 2)
    return finish(ctx, listing.copy(every))


def student(number: str, name: str, group: str) -> dict[str, str]:
    """What the worksheet template is given of a student (bookmark: the copy's name)."""
    return {"number": number, "name": name, "class": group, "bookmark": f"{number}. {name}"}


def _own_print_templates(project_root: Path) -> bool:
    """Whether the project has its own print templates or stylesheets."""
    return any(path.is_file() for folder in template_dirs(project_root)[:-1]
               for path in (folder / "print").rglob("*"))


def _copies(contexts: dict, letters: list, students: list[dict]) -> list[tuple]:
    """(student, version, pages) per student, in the roster's order. Copies are filled
    in (named_copies) only with the built-in print templates."""
    fillable = not _own_print_templates(next(iter(contexts.values())).project_root)
    firsts: dict[str | None, dict] = {}
    for i, one in enumerate(students):
        firsts.setdefault(letters[i % len(letters)], one)
    # Each version's first copy is laid out with the answer lines that save a nearly empty
    # last page; the version's other copies are filled in from a laid-out copy whose
    # fields are filled the same way (a class printed or not), or else laid out themselves.
    args = {v: arguments(c) for v, c in contexts.items()}
    laid = {v: (s, *flexible_layout(contexts[v], "print/worksheet.html", student=s, **args[v]))
            for v, s in firsts.items()}
    bases: dict[tuple, named_copies.Base] = {}

    def keep(variant: str | None, one: dict, document: weasyprint.Document) -> None:
        key = (variant, named_copies.filled(one))
        if fillable and key not in bases:
            base = named_copies.prepare(document, one)
            if base:
                bases[key] = base

    for v, (one, document, _) in laid.items():
        keep(v, one, document)
    copies = []
    for i, one in enumerate(students):
        variant = letters[i % len(letters)]
        was, document, line_mm = laid[variant]
        if one is was:
            pages = document.pages
        else:
            base = bases.get((variant, named_copies.filled(one)))
            pages = named_copies.fill_in(base, one) if base else None
        if pages is None:
            document = layout(contexts[variant], "print/worksheet.html", line_mm=line_mm,
                              student=one, **args[variant])
            keep(variant, one, document)
            pages = document.pages
        copies.append((one, variant, pages))
    return copies


def _teacher_list(ctx: RenderContext, copies: list) -> tuple[weasyprint.Document, list]:
    """The teacher's pages, with each copy's first page (which depends on how many pages
    the list itself takes: laid out again in the rare case that changes)."""
    expected = 1
    while True:
        start, rows = _even(expected) + 1, []
        for student, variant, pages in copies:
            rows.append((student, variant, start))
            start += _even(len(pages))
        listing = layout(ctx, "print/class-list.html", rows=rows,
                         roster_name=ctx.options.roster_name, worksheet_title=title(ctx))
        if _even(len(listing.pages)) == _even(expected):
            return listing, rows
        expected = len(listing.pages)
