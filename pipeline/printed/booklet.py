"""Booklets: half-sheet pages (A5 on A4, or half an F4 sheet) imposed two to a side in
saddle-stitch order, so a duplex copy folded in the middle and stapled reads in order.

The document is laid out at the half-sheet size first (reflowed, not shrunk), then
imposed here with pikepdf (qpdf): each page becomes a form placed in one half of the
sheet. Blank pages pad the count to a multiple of four; they fall before the back cover.
"""

from __future__ import annotations

import io
import re

UNITS = {"mm": 72 / 25.4, "in": 72.0}


def points(size: str) -> tuple[float, float]:
    """``"210mm 297mm"`` -> (width, height) in PDF points."""
    (w, wu), (h, hu) = re.findall(r"([\d.]+)(mm|in)", size)
    return float(w) * UNITS[wu], float(h) * UNITS[hu]


def saddle_order(pages: int) -> list[tuple[int, int]]:
    """(left, right) page indices for each side of each sheet, front then back, for a
    booklet of ``pages`` (a multiple of 4): the outer sheet holds the covers."""
    sides = []
    for sheet in range(pages // 4):
        sides.append((pages - 1 - 2 * sheet, 2 * sheet))            # front
        sides.append((2 * sheet + 1, pages - 2 - 2 * sheet))        # back
    return sides


def place(side, page, index: int, rect) -> None:
    """Draw ``page`` as a form in ``rect`` of ``side``, named after its page number.

    ``Page.add_overlay`` would do the same under a random resource name, so the same
    booklet came out with other bytes on every build."""
    import pikepdf

    form = page.as_form_xobject()
    name = side.add_resource(form, pikepdf.Name.XObject, pikepdf.Name(f"/Page{index + 1}"))
    side.contents_add(b"q\n" + side.calc_form_xobject_placement(form, name, rect) + b"\nQ\n")


def impose(data: bytes, sheet_size: str) -> bytes:
    """A PDF of half-sheet pages -> the booklet's sheets (landscape, two pages a side)."""
    import pikepdf

    height, width = points(sheet_size)          # the sheet lies on its side
    source = pikepdf.open(io.BytesIO(data))
    count = len(source.pages)
    booklet = pikepdf.new()
    for left, right in saddle_order(-(-count // 4) * 4):
        side = pikepdf.Page(booklet.add_blank_page(page_size=(width, height)))
        for slot, index in enumerate((left, right)):
            if index < count:
                x = slot * width / 2
                place(side, source.pages[index], index,
                      pikepdf.Rectangle(x, 0, x + width / 2, height))
    for key in ("/Title", "/Author", "/Subject"):
        if key in source.docinfo:
            booklet.docinfo[key] = source.docinfo[key]
    booklet.docinfo["/Producer"] = "lessonpack"
    if "/Lang" in source.Root:
        booklet.Root.Lang = source.Root.Lang
    out = io.BytesIO()
    booklet.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
    source.close()
    return out.getvalue()
