"""A class set's copies of one version from one layout: the first copy's pages with the
next student's name, number and class set into its fields.

Copies of one version differ only in the fields at the top of the first page (single
lines in cells whose width does not depend on their text while it fits) and in the
bookmark that names the copy. Every other box of every page is the same, so laying the
worksheet out again per student (about half a second each) repeats the same work. Here
the first page's box tree is copied along the paths to those fields, their text set again
through Pango as WeasyPrint's line layout sets it (about a millisecond), and the other
pages are shared. This reads WeasyPrint's laid-out boxes (``Page._page_box``), so it
refuses whatever it cannot make exactly as a layout would, and the caller lays that copy
out: a template that prints the student anywhere else (``uses_student_only_in_fields``),
a stylesheet that copies a field elsewhere (string-set, bookmarks, the name in any other
box), a field empty in one copy and not the other, a text wider than its cell or of
another line height (a fallback font). A test holds a whole class set byte-identical to
laying every copy out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import weasyprint
from weasyprint.document import Page
from weasyprint.formatting_structure import boxes
from weasyprint.text.line_break import split_first_line, strut

FIELDS = ("name", "number", "class")      # the cells' data-field, the student's keys
# Private-use characters no roster holds: where a template prints a student's fields.
SENTINEL = {"name": "\ue000", "number": "\ue001", "class": "\ue002"}
_SPACES = re.compile(r"[ \t\n\r\f]+")     # HTML's collapsible white space
_EXPECTED = re.compile(r'data-bookmark="[^"]*"|<td[^>]*\bdata-field="(?:name|number|class)"'
                       r'[^>]*>\s*[\ue000-\ue002]\s*</td>')
Path = tuple[boxes.Box, ...]


def printed(value: str) -> str:
    """The text a field shows: HTML collapses and trims white space."""
    return _SPACES.sub(" ", value).strip(" \t\n\r\f")


def filled(student: Mapping[str, str]) -> tuple[bool, ...]:
    """Which fields print something: copies are only filled in from a like one."""
    return tuple(bool(printed(student[field])) for field in FIELDS)


def uses_student_only_in_fields(html: str) -> bool:
    """Whether a worksheet made for the SENTINEL student prints them only in the field
    cells and the copy's bookmark (a school's own template may print the name elsewhere)."""
    return not re.search("[\ue000-\ue002]", _EXPECTED.sub("", html))


@dataclass(frozen=True)
class Base:
    """A laid-out copy, ready to be filled in for the students of its version."""

    document: weasyprint.Document
    student: Mapping[str, str]
    fields: dict[str, Path]               # each printed field's path to its text box
    heading: Path                         # the path to the box whose bookmark names it
    label: str                            # that bookmark's student part, as printed


def prepare(document: weasyprint.Document, student: Mapping[str, str]) -> Base | None:
    """``document`` (laid out for ``student``) as a base, or None when the copy shows its
    student in more places than the fields and one bookmark."""
    first = document.pages[0]._page_box
    fields = {box.element.get("data-field"): path for path in _walk(first)
              if isinstance(box := path[-1], boxes.TextBox) and box.element is not None
              and box.element.get("data-field") in FIELDS}
    label = printed(student["bookmark"])          # a bookmark's white space is collapsed
    named = [path for path in _walk(first) if (path[-1].bookmark_label or "").startswith(label)]
    name = printed(student["name"])
    if len(named) != 1 or set(fields) != {f for f in FIELDS if printed(student[f])} \
            or any(_copies_text(box) for path in fields.values() for box in path[1:]) \
            or sum(isinstance(path[-1], boxes.TextBox) and name in path[-1].text
                   for page in document.pages for path in _walk(page._page_box)) != 1:
        return None
    return Base(document, student, fields, named[0], label)


def _copies_text(box: boxes.Box) -> bool:
    """Whether a box on a field's path puts its text elsewhere (a bookmark, a named
    string made with content() for a running head)."""
    sets = box.style["string_set"]
    return bool(box.bookmark_label) or sets != "none" and any(
        kind.startswith("content") for _, values in sets for kind, _ in values)


def fill_in(base: Base, student: Mapping[str, str]) -> list[Page] | None:
    """The base as ``student``'s copy, or None when that cannot be done exactly in place.
    Students are dicts with FIELDS and ``bookmark``."""
    replaced: dict[int, boxes.Box] = {}
    paths = [base.heading]
    for field in FIELDS:
        old, new = printed(base.student[field]), printed(student[field])
        if old == new:
            continue
        if not old or not new:
            return None
        text = _refilled(base.fields[field], old, new)
        if text is None:
            return None
        replaced[id(base.fields[field][-1])] = text
        paths.append(base.fields[field])
    heading = base.heading[-1].copy()
    heading.bookmark_label = printed(student["bookmark"]) + \
        heading.bookmark_label[len(base.label):]
    replaced[id(base.heading[-1])] = heading
    along = {id(box) for path in paths for box in path[:-1]}
    first = base.document.pages[0]._page_box
    return [Page(_rebuilt(first, along, replaced)), *base.document.pages[1:]]


def _walk(box: boxes.Box, path: Path = ()) -> Iterator[Path]:
    path = (*path, box)
    yield path
    for child in getattr(box, "children", ()):
        yield from _walk(child, path)


def _refilled(path: Path, old: str, new: str) -> boxes.TextBox | None:
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


def _rebuilt(box: boxes.Box, along: set[int], replaced: dict[int, boxes.Box]) -> boxes.Box:
    """``box`` with the replaced boxes in, copying only their ancestors."""
    new = replaced.get(id(box), box)
    if id(box) in along:
        new = new.copy() if new is box else new
        new.children = [_rebuilt(child, along, replaced) for child in box.children]
    return new
