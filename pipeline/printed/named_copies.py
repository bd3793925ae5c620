"""A class set's copies of one version from one layout: the first copy's pages with the
next student's name, number and class set into its fields.

Copies of one version differ only in the fields at the top of the first page (single
lines that never wrap, in cells whose width does not depend on their text while it fits)
and in the bookmark that names the copy. Every other box of every page is the same, so
laying the worksheet out again per student (about half a second each) repeats the same
work. Here the first page's box tree is copied along the paths to those fields, their
text set again through Pango as WeasyPrint's line layout sets it (about a millisecond),
and the other pages are shared. This reads WeasyPrint's laid-out boxes
(``Page._page_box``), so it refuses whatever it cannot make exactly as a layout would:
a field empty in one copy and not the other, a text wider than its cell or of another
line height (a fallback font), a box tree of an unexpected shape. The caller then lays
that copy out. A test holds the whole class set byte-identical to laying every copy out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

import weasyprint
from weasyprint.document import Page
from weasyprint.formatting_structure import boxes
from weasyprint.text.line_break import split_first_line, strut

FIELDS = ("name", "number", "class")      # the cells' data-field, the student's keys
_SPACES = re.compile(r"[ \t\n\r\f]+")     # HTML's collapsible white space


def printed(value: str) -> str:
    """The text a field shows: HTML collapses and trims white space."""
    return _SPACES.sub(" ", value).strip(" \t\n\r\f")


def filled(student: Mapping[str, str]) -> tuple[bool, ...]:
    """Which fields print something: copies are only filled in from a like one."""
    return tuple(bool(printed(student[field])) for field in FIELDS)


def fill_in(base: weasyprint.Document, was: Mapping[str, str],
            student: Mapping[str, str]) -> list[Page] | None:
    """``base`` (laid out for the student ``was``) as ``student``'s copy, or None when that
    cannot be done exactly in place. Students are dicts with FIELDS and ``bookmark``."""
    first = base.pages[0]._page_box
    found = dict(_fields(first))
    replaced: dict[int, boxes.Box] = {}
    paths: list[tuple[boxes.Box, ...]] = []
    for field in FIELDS:
        old, new = printed(was[field]), printed(student[field])
        if old == new:
            continue
        if not old or not new or field not in found:
            return None
        path = found[field]
        text = _refilled(path, old, new)
        if text is None:
            return None
        replaced[id(path[-1])] = text
        paths.append(path)
    label = printed(was["bookmark"])            # a bookmark's white space is collapsed too
    heading = _bookmarked(first, label)
    if heading is None:
        return None
    box = heading[-1].copy()
    box.bookmark_label = printed(student["bookmark"]) + box.bookmark_label[len(label):]
    replaced[id(heading[-1])] = box
    paths.append(heading)
    along = {id(b) for path in paths for b in path[:-1]}
    return [Page(_rebuilt(first, along, replaced)), *base.pages[1:]]


def _walk(box: boxes.Box, path: tuple = ()) -> Iterator[tuple[boxes.Box, ...]]:
    path = (*path, box)
    yield path
    for child in getattr(box, "children", ()):
        yield from _walk(child, path)


def _fields(page: boxes.Box) -> Iterator[tuple[str, tuple[boxes.Box, ...]]]:
    """Each field's path from the page box to its one text box."""
    for path in _walk(page):
        box = path[-1]
        if isinstance(box, boxes.TextBox) and box.element is not None:
            field = box.element.get("data-field")
            if field in FIELDS:
                yield field, path


def _refilled(path: tuple[boxes.Box, ...], old: str, new: str) -> boxes.TextBox | None:
    """The field's text box holding ``new``, placed as the line layout would place it."""
    *_, cell, line, box = path
    if not (isinstance(cell, boxes.TableCellBox) and isinstance(line, boxes.LineBox)
            and line.children == [box] and box.text == old and box.width <= cell.width):
        return None
    style = box.style
    layout, _, resume, width, height, baseline = split_first_line(new, style, None, None, 0)
    if resume is not None or layout.text != new or width > cell.width \
            or height != box.height:
        return None
    text = box.copy_with_text(new)
    text.width, text.height, text.pango_layout = width, height, layout
    leading = (strut(style)[0] - height) / 2
    text.margin_top = text.margin_bottom = leading
    text.baseline = baseline + leading
    return text if text.baseline == box.baseline else None


def _bookmarked(page: boxes.Box, label: str) -> tuple[boxes.Box, ...] | None:
    """The path to the one box whose bookmark names the copy."""
    found = [path for path in _walk(page)
             if (path[-1].bookmark_label or "").startswith(label)]
    return found[0] if len(found) == 1 else None


def _rebuilt(box: boxes.Box, along: set[int], replaced: dict[int, boxes.Box]) -> boxes.Box:
    """``box`` with the replaced boxes in, copying only their ancestors."""
    new = replaced.get(id(box), box)
    if id(box) in along:
        new = new.copy() if new is box else new
        new.children = [_rebuilt(child, along, replaced) for child in box.children]
    return new
