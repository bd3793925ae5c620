"""``<id>-pack.pdf``: the handout, the worksheet(s) and the answer key(s) in one PDF, one
bookmark per part (each part's own bookmarks below it), for sharing one file in a chat.

Built with pikepdf (qpdf) from the finished PDFs, so nothing is laid out twice; pypdf
took 0.5 s a lesson to read WeasyPrint's object streams, qpdf takes a tenth of that. The
parts are tagged PDF/UA files; the pack is a file to read and print, and their structure
trees are not merged, so it carries the language and title but not the tags.
"""

from __future__ import annotations

import io

from pipeline.build.assembly import Part
from pipeline.render.context import Rendered

ORDER = ("handout", "worksheet", "answer-key")


def _copy_outline(items, offset: int, into: list) -> None:
    """A part's bookmarks, pointing at its pages in the pack."""
    from pikepdf import OutlineItem, Page

    for item in items:
        index = Page(item.destination[0]).index if item.destination else 0
        copy = OutlineItem(item.title, offset + index)
        _copy_outline(item.children, offset, copy.children)
        into.append(copy)


def assemble(parts: list[Part]) -> Rendered:
    """One PDF of the parts in teaching order, variants A, B, ... in turn; each part's
    bookmark is its title (a variant's title names it)."""
    import pikepdf

    pack = pikepdf.new()
    opened = []
    bookmarks = []
    for part in sorted(parts, key=lambda p: (ORDER.index(p.output), p.variant or "")):
        source = pikepdf.open(part.path)
        opened.append(source)
        title = str(source.docinfo.get("/Title", part.output))    # names its variant
        item = pikepdf.OutlineItem(title, len(pack.pages))
        with source.open_outline() as outline:
            _copy_outline(outline.root, len(pack.pages), item.children)
        bookmarks.append(item)
        pack.pages.extend(source.pages)
        if "/Lang" in source.Root and "/Lang" not in pack.Root:
            pack.Root.Lang = source.Root.Lang
    with pack.open_outline() as outline:
        outline.root.extend(bookmarks)
    pack.Root.PageMode = pikepdf.Name.UseOutlines
    pack.docinfo["/Title"] = bookmarks[0].title if bookmarks else ""
    pack.docinfo["/Producer"] = "lessonpack"
    out = io.BytesIO()
    pack.save(out, deterministic_id=True, compress_streams=True,
              object_stream_mode=pikepdf.ObjectStreamMode.generate)
    pages = len(pack.pages)
    for source in opened:
        source.close()
    return Rendered(out.getvalue(), pages)
