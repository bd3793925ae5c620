"""Shape-level PPTX work python-pptx leaves to us: text frames, bullets, pictures, numbers.

Everything is set explicitly (insets, spacing, bullet characters), so the theme cannot
change what ``textfit`` measured.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

from lxml import etree
from PIL import Image
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.util import Emu

from pipeline.errors import TemplateProblem
from pipeline.slides.textfit import Paragraph, Run

INSETS = (91440, 45720, 91440, 45720)        # left, top, right, bottom (EMU), set on frames
SLIDE_NUMBER_FIELD = "{6D3A2B8E-4C1F-4E2A-9B7D-2F5C8A1E0B31}"


def empty_frame(shape):
    """The shape's text frame, emptied, with the insets we measure with and no auto-fit."""
    frame = shape.text_frame
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left, frame.margin_top, frame.margin_right, frame.margin_bottom = \
        (Emu(v) for v in INSETS)
    return frame


def paragraph_format(p, level: int, margin: int, indent: int, marker,
                      space_before: float = 0.0) -> None:
    """Explicit indent, spacing and bullet, so the theme cannot change what was measured."""
    p.level = level
    ppr = p._p.get_or_add_pPr()
    ppr.set("marL", str(int(margin)))
    ppr.set("indent", str(int(indent)))
    for child in list(ppr):
        ppr.remove(child)
    line = etree.SubElement(ppr, qn("a:lnSpc"))
    etree.SubElement(line, qn("a:spcPct"), val="100000")
    before = etree.SubElement(ppr, qn("a:spcBef"))
    etree.SubElement(before, qn("a:spcPts"), val=str(int(space_before * 100)))
    if marker is None:
        return
    style, char, number = marker
    if style == "bullet":
        etree.SubElement(ppr, qn("a:buFont"), typeface="Arial")
        etree.SubElement(ppr, qn("a:buChar"), char=char)
    elif style in ("number", "letter"):
        kind = "arabicPeriod" if style == "number" else "alphaUcPeriod"
        etree.SubElement(ppr, qn("a:buAutoNum"), type=kind, startAt=str(number))
    else:
        etree.SubElement(ppr, qn("a:buNone"))


def picture(slide, path: Path, alt: str, placeholder, layout_name: str) -> None:
    """Put the image in the picture placeholder, whole (no cropping), with its alt text."""
    if placeholder is None:
        raise TemplateProblem(f'the layout "{layout_name}" has no picture placeholder for '
                              f"the image {path.name}")
    ph = next(s for s in slide.placeholders
              if s.placeholder_format.type == PP_PLACEHOLDER.PICTURE)
    data = raster(path)
    with Image.open(io.BytesIO(data)) as img:
        px_w, px_h = img.size
    left, top, width, height = ph.left, ph.top, ph.width, ph.height
    pic = ph.insert_picture(io.BytesIO(data))
    pic.crop_left = pic.crop_right = pic.crop_top = pic.crop_bottom = 0.0
    scale = min(width / px_w, height / px_h)
    w, h = int(px_w * scale), int(px_h * scale)
    pic.left, pic.top = Emu(left + (width - w) // 2), Emu(top + (height - h) // 2)
    pic.width, pic.height = Emu(w), Emu(h)
    pic._element.nvPicPr.cNvPr.set("descr", alt)


def raster(path: Path) -> bytes:
    """PNG/JPEG as is; SVG (which python-pptx cannot embed) rasterised if a converter exists."""
    if path.suffix.lower() != ".svg":
        return path.read_bytes()
    for command in (["rsvg-convert", "--zoom", "2", str(path)],
                    ["convert", "-density", "192", "-background", "none", str(path),
                     "-strip", "png:-"]):
        if shutil.which(command[0]):
            done = subprocess.run(command, capture_output=True, check=False)
            if done.returncode == 0 and done.stdout:
                return done.stdout
    raise TemplateProblem(f"cannot put the SVG image {path.name} on a slide: install "
                          "librsvg2-bin (rsvg-convert) or use a PNG/JPEG")


def slide_number(slide, layout, number: int) -> None:
    """Copy the layout's slide-number placeholder onto the slide (python-pptx does not)."""
    source = next((ph for ph in layout.placeholders
                   if ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER), None)
    if source is None:
        return
    sp = etree.fromstring(etree.tostring(source._element))
    tx = sp.find(qn("p:txBody"))
    for p in tx.findall(qn("a:p")):
        tx.remove(p)
    p = etree.SubElement(tx, qn("a:p"))
    field = etree.SubElement(p, qn("a:fld"), id=SLIDE_NUMBER_FIELD, type="slidenum")
    etree.SubElement(field, qn("a:rPr"), lang="en-US")
    etree.SubElement(field, qn("a:t")).text = str(number)
    ids = [int(e.get("id")) for e in slide.shapes._spTree.iter(qn("p:cNvPr"))]
    sp.find(f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}").set("id", str(max(ids) + 1))
    slide.shapes._spTree.append(sp)


def frame_paragraphs(frame) -> list[Paragraph]:
    """Read a built text frame back as textfit paragraphs (to re-check that it fits)."""
    result = []
    for p in frame.paragraphs:
        ppr = p._p.pPr
        runs = tuple(Run(r.text, bool(r.font.bold), bool(r.font.italic)) for r in p.runs)
        size = max((r.font.size.pt for r in p.runs if r.font.size is not None), default=18.0)
        margin = int(ppr.get("marL", "0")) / 12700 if ppr is not None else 0.0
        before = ppr.find(f"{qn('a:spcBef')}/{qn('a:spcPts')}") if ppr is not None else None
        spacing = ppr.find(f"{qn('a:lnSpc')}/{qn('a:spcPct')}") if ppr is not None else None
        result.append(Paragraph(runs, size, margin,
                                int(before.get("val")) / 100 if before is not None else 0.0,
                                int(spacing.get("val")) / 100000 if spacing is not None else 1.0))
    return result
