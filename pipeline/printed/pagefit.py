"""How full a laid-out document's pages are, and whether tighter answer lines could save its
last page, read from WeasyPrint's box tree without laying the document out again.

A worksheet's questions never break inside (print.css), so its pagination past the header
is a stack of blocks: each question, section title and section instruction, the last two
kept with what follows. Tighter answer lines shrink only the write lines of each question,
so re-stacking the measured blocks with shorter lines tells whether a page could be saved.
"""

from __future__ import annotations

from dataclasses import dataclass

import weasyprint

PX_PER_MM = 96 / 25.4
KEEP_WITH_NEXT = {"section-title", "section-instruction"}
SLACK_MM = 4.0              # room granted to the estimate beyond each page's bottom


@dataclass
class Block:
    """One block of the question list as laid out: where it is and what can shrink."""

    page: int
    top: float              # border-box top, px
    height: float           # border-box height, px
    margin_top: float
    margin_bottom: float
    lines: int              # write lines (.wl) inside
    keep_with_next: bool


def _text_area(document: weasyprint.Document, index: int) -> tuple[float, float]:
    page = document.pages[index]._page_box
    top = page.content_box_y()
    return top, top + page.height


def _descendants(box):
    stack = [box]
    while stack:
        box = stack.pop()
        yield box
        stack.extend(reversed(getattr(box, "children", ())))


def last_page_fill(document: weasyprint.Document) -> float:
    """How far down its text area the last page's text reaches (0-1): write lines and other
    empty boxes do not count, as in scripts/page_fill.py, which reads the glyphs."""
    top, bottom = _text_area(document, -1)
    lowest = top
    for child in document.pages[-1]._page_box.children:
        if type(child).__name__ == "MarginBox":
            continue
        for box in _descendants(child):
            if type(box).__name__ == "LineBox":
                lowest = max(lowest, box.position_y + box.height)
    return (lowest - top) / max(bottom - top, 1)


def question_blocks(document: weasyprint.Document) -> list[Block] | None:
    """The question list's blocks in order (section titles, instructions, questions), or
    None when one of them is split between pages."""
    blocks: list[Block] = []
    seen: set[int] = set()
    for number, page in enumerate(document.pages):
        for box in _descendants(page._page_box):
            element = getattr(box, "element", None)
            if type(box).__name__ != "BlockBox" or element is None \
                    or box.element_tag.endswith(("::before", "::after")):
                continue
            classes = set(element.get("class", "").split())
            if "q" not in classes and not classes & KEEP_WITH_NEXT:
                continue
            if id(element) in seen:
                return None
            seen.add(id(element))
            lines = sum(1 for b in _descendants(box) if type(b).__name__ == "BlockBox"
                        and getattr(b, "element", None) is not None
                        and b.element.get("class") == "wl")
            blocks.append(Block(number, box.border_box_y(), box.border_height(),
                                box.margin_top, box.margin_bottom, lines,
                                bool(classes & KEEP_WITH_NEXT)))
    return blocks


def _groups(blocks: list[Block], shrink_px: float) -> list[tuple[Block, Block, float]]:
    """Blocks that stay on one page: (first, last, height with the margins inside)."""
    groups: list[tuple[Block, Block, float]] = []
    first: Block | None = None
    height = 0.0
    for number, block in enumerate(blocks):
        if first is None:
            first, height = block, 0.0
        else:
            height += max(blocks[number - 1].margin_bottom, block.margin_top)
        height += block.height - shrink_px * block.lines
        if not block.keep_with_next or number + 1 == len(blocks):
            groups.append((first, block, height))
            first = None
    return groups


def stacked_pages(document: weasyprint.Document, blocks: list[Block], shrink_px: float,
                  slack_px: float = 0.0) -> int:
    """Pages the document takes when every write line is ``shrink_px`` shorter, stacking the
    blocks as WeasyPrint does: a group (kept titles and their question) that does not fit
    above the page's bottom (plus ``slack_px``) starts the next page, which drops its
    top margin."""
    groups = _groups(blocks, shrink_px)
    first, _, height = groups[0]
    page, cursor = first.page, first.top + height       # nothing above it moves
    count = len(document.pages)
    for (first, _, height), (_, previous, _) in zip(groups[1:], groups, strict=False):
        bottom = _text_area(document, min(page, count - 1))[1]
        margin = max(previous.margin_bottom, first.margin_top)
        if cursor + margin + height > bottom + slack_px:
            page += 1
            cursor = _text_area(document, min(page, count - 1))[0] + height
        else:
            cursor += margin + height
    return page + 1 + (count - 1 - blocks[-1].page)


def may_save_page(document: weasyprint.Document, shrink_mm: float) -> bool:
    """False when write lines ``shrink_mm`` shorter surely keep the page count: the stacking
    estimate reproduces the real pagination, and even with ``SLACK_MM`` more room on every
    page it needs as many pages as now."""
    blocks = question_blocks(document)
    pages = len(document.pages)
    if not blocks or stacked_pages(document, blocks, 0.0) != pages:
        return True                     # the estimate does not describe this document
    return stacked_pages(document, blocks, shrink_mm * PX_PER_MM,
                         SLACK_MM * PX_PER_MM) < pages
