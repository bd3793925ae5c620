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
out. It is only used with the built-in print templates and stylesheets, which print the
student nowhere else, and where a test holds a whole class set byte-identical to laying
every copy out (a school's own may size the field columns by the names, run them through
filters or show them elsewhere, which these checks cannot foresee). It also refuses:
- fields or a bookmark shown elsewhere (a named string, a bookmark, generated content) or
  set otherwise than left to right, untransformed, unclipped;
- a document whose shared boxes writing would change (links, ellipses);
- a value with control characters or white space at its ends, a field empty in one copy
  and not the other, a text wider than its cell or of another line height (a fallback
  font).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import weasyprint
from weasyprint.document import Page
from weasyprint.formatting_structure import boxes
from weasyprint.text.line_break import split_first_line, strut

FIELDS = ("name", "number", "class")      # the cells' data-field, the student's keys
_UNCLIPPED = {"text_overflow": "clip", "block_ellipsis": "none"}   # drawing sets no text
_PLAIN = {**_UNCLIPPED, "text_transform": "none", "direction": "ltr"}
Path = tuple[boxes.Box, ...]


class _LineContext:
    """What setting one line reads of a layout context: its hyphenation dictionaries
    (a name that needs hyphenating does not fit, and is refused)."""

    def __init__(self) -> None:
        self.dictionaries: dict = {}


def printed(value: str) -> str:
    """The text a field shows (runs of spaces collapse)."""
    return re.sub(" +", " ", value)


def filled(student: Mapping[str, str]) -> tuple[bool, ...]:
    """Which fields print something: copies are only filled in from a like one."""
    return tuple(bool(student[field]) for field in FIELDS)


@dataclass(frozen=True)
class Base:
    """A laid-out copy, ready to be filled in for the students of its version."""

    document: weasyprint.Document
    student: Mapping[str, str]
    fields: dict[str, Path]               # each printed field's path to its text box
    heading: Path                         # the path to the box whose bookmark names it


def prepare(document: weasyprint.Document, student: Mapping[str, str]) -> Base | None:
    """``document`` (laid out for ``student``) as a base, or None when its
    student shows anywhere but in one text box per field and one bookmark, or when
    writing it changes boxes that copies would share."""
    if not all(map(_plain, student.values())):
        return None
    fields: dict[str, list[Path]] = {}
    headings = []
    for number, page in enumerate(document.pages):
        if page.links or any(page.forms.values()):
            return None
        for path in _walk(page._page_box):
            box = path[-1]
            if any(box.style[key] != value for key, value in _UNCLIPPED.items()):
                return None
            element = box.element
            if element is None:
                continue
            if isinstance(box, boxes.TextBox) and element.get("data-field") in FIELDS:
                fields.setdefault(element.get("data-field"), []).append(path)
            if element.get("data-bookmark") is not None:
                if "::" in box.element_tag or box.bookmark_label and number:
                    return None             # generated content, or a heading further on
                if box.bookmark_label:
                    headings.append(path)
    printed_fields = {field for field in FIELDS if student[field]}
    if len(headings) != 1 or set(fields) != printed_fields \
            or any(len(paths) != 1 or _shows_elsewhere(paths[0]) for paths in fields.values()):
        return None
    heading = headings[0][-1]
    if heading.bookmark_label != printed(heading.element.get("data-bookmark")) \
            or not heading.bookmark_label.startswith(printed(student["bookmark"])) \
            or heading.style["white_space"] not in ("normal", "nowrap", "pre-line") \
            or _named_string(heading, ("content()", "attr()")):
        return None
    return Base(document, student, {field: paths[0] for field, paths in fields.items()},
                headings[0])


def fill_in(base: Base, student: Mapping[str, str]) -> list[Page] | None:
    """The base as the copy for ``student``, or None when that cannot be done exactly in
    place. Students are dicts with FIELDS and ``bookmark``."""
    if not all(map(_plain, student.values())):
        return None
    replaced: dict[int, boxes.Box] = {}
    paths = [base.heading]
    for field in FIELDS:
        old, new = printed(base.student[field]), printed(student[field])
        if old == new:
            continue
        if not old or not new:
            return None
        try:
            text = _refilled(base.fields[field], old, new)
        except Exception:               # WeasyPrint's internals: refuse, never fail
            text = None
        if text is None:
            return None
        replaced[id(base.fields[field][-1])] = text
        paths.append(base.fields[field])
    heading = base.heading[-1].copy()
    heading.bookmark_label = printed(student["bookmark"]) + \
        heading.bookmark_label[len(printed(base.student["bookmark"])):]
    replaced[id(base.heading[-1])] = heading
    along = {id(box) for path in paths for box in path[:-1]}
    first = base.document.pages[0]._page_box
    return [Page(_rebuilt(first, along, replaced)), *base.document.pages[1:]]


def _plain(value: str) -> bool:
    """No control characters, no white space at the ends: the HTML parser and
    WeasyPrint would change those in ways the fields are not set again here."""
    return value == value.strip() and not any(
        unicodedata.category(char) == "Cc" for char in value)


def _walk(box: boxes.Box, path: Path = ()) -> Iterator[Path]:
    path = (*path, box)
    yield path
    for child in getattr(box, "children", ()):
        yield from _walk(child, path)


def _named_string(box: boxes.Box, kinds: tuple[str, ...]) -> bool:
    """Whether the box sets a named string (for a running head) from its text or its
    attributes."""
    sets = box.style["string_set"]
    return sets != "none" and any(kind in kinds for _, values in sets for kind, _ in values)


def _shows_elsewhere(path: Path) -> bool:
    """Whether a field's text goes anywhere but its own line, as set here."""
    box = path[-1]
    style = box.style
    return any(style[key] != value for key, value in _PLAIN.items()) \
        or style["white_space"] not in ("normal", "pre-line") \
        or style["text_align_all"] not in ("start", "left") \
        or style["text_align_last"] not in ("auto", "start", "left") \
        or style["text_indent"].value != 0 \
        or any(b.bookmark_label or _named_string(b, ("content()",)) for b in path[1:-1])


def _refilled(path: Path, old: str, new: str) -> boxes.TextBox | None:
    """The field's text box holding ``new``, placed as the line layout would place it."""
    *_, cell, line, box = path
    if not (isinstance(cell, boxes.TableCellBox) and isinstance(line, boxes.LineBox)
            and line.children == [box] and box.text == old and box.width <= cell.width):
        return None
    style = box.style
    layout, _, resume, width, height, baseline = split_first_line(
        new, style, _LineContext(), cell.width, 0)
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
