"""Generate templates/slides/theme.pptx, the 16:9 master deck that slides are built on.

Run ``.venv/bin/python scripts/make_theme.py`` after changing the design here. The theme is
committed, so a school can replace it with its own deck (keeping the layout names that
templates/slides/outline.yaml asks for) without running any Python.

Starts from python-pptx's default template, sets 16:9, the school colours (dark blue
#1F3A5F, with a gold accent) and Calibri in the theme, and places the placeholders of the
layouts the slide outline uses:

- "Title Slide": dark blue background, large white title, subtitle lines below a gold bar;
- "Title and Content": title above a gold rule, one bulleted text placeholder;
- "Section Header": like the title slide, for dividers such as the quiz;
- "Title, Content and Picture": text on the left, a picture placeholder on the right.
"""

from __future__ import annotations

import sys
from io import BytesIO
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu, Inches

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipeline.slides.pptxfile import normalize_zip  # noqa: E402

TARGET = Path(__file__).resolve().parent.parent / "templates" / "slides" / "theme.pptx"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"a": A, "p": P}
WIDTH, HEIGHT = Inches(40 / 3), Inches(7.5)
OLD_WIDTH = 9144000

BLUE, GOLD, INK, MIST, PALE = "1F3A5F", "E0A526", "222B36", "D5DEE9", "EEF2F7"
COLOURS = {"dk1": INK, "lt1": "FFFFFF", "dk2": BLUE, "lt2": PALE, "accent1": BLUE,
           "accent2": "3A6EA5", "accent3": GOLD, "accent4": "6B8E23", "accent5": "8C4A6B",
           "accent6": "C0504D", "hlink": "2E6DA4", "folHlink": "6B4C9A"}
FONT = "Calibri"

MARGIN = Inches(0.6)
CONTENT_W = WIDTH - 2 * MARGIN
TITLE_BOX = (MARGIN, Inches(0.3), CONTENT_W, Inches(1.2))
RULE_BOX = (MARGIN + Inches(0.1), Inches(1.56), Inches(1.4), Inches(0.06))  # under the text
BODY_BOX = (MARGIN, Inches(1.8), CONTENT_W, Inches(5.0))
FOOTER_Y, FOOTER_H = Inches(6.95), Inches(0.4)
INSETS = {"lIns": "91440", "tIns": "45720", "rIns": "91440", "bIns": "45720"}


def q(tag: str) -> str:
    prefix, name = tag.split(":")
    return f"{{{NS[prefix]}}}{name}"


def sub(parent, tag: str, **attrs: str):
    el = etree.SubElement(parent, q(tag))
    for k, v in attrs.items():
        el.set(k, v)
    return el


def solid(parent, colour: str, scheme: bool = False) -> None:
    fill = sub(parent, "a:solidFill")
    sub(fill, "a:schemeClr" if scheme else "a:srgbClr", val=colour)


def place(shape, box: tuple[int, int, int, int]) -> None:
    shape.left, shape.top, shape.width, shape.height = (Emu(v) for v in box)


def body_pr(shape, anchor: str | None = None):
    """Fixed insets and no autofit: the builder measures text against exactly this box."""
    txbody = shape._element.find(q("p:txBody"))
    pr = txbody.find(q("a:bodyPr"))
    for k, v in INSETS.items():
        pr.set(k, v)
    if anchor:
        pr.set("anchor", anchor)
    for child in list(pr):
        pr.remove(child)
    sub(pr, "a:noAutofit")
    return txbody


def level_style(txbody, size: int, colour: str, bold: bool = False, bullets: bool = False):
    """Replace a placeholder's list style with one left-aligned level in one colour."""
    old = txbody.find(q("a:lstStyle"))
    new = etree.Element(q("a:lstStyle"))
    old.addprevious(new)
    txbody.remove(old)
    for lvl in range(1, 4):
        ppr = sub(new, f"a:lvl{lvl}pPr", algn="l")
        if not bullets:
            ppr.set("marL", "0")
            ppr.set("indent", "0")
            sub(ppr, "a:buNone")
        rpr = sub(ppr, "a:defRPr", sz=str(size if lvl == 1 else size - 400))
        if bold:
            rpr.set("b", "1")
        solid(rpr, colour)


def rect(spTree, shape_id: int, name: str, box: tuple[int, int, int, int], colour: str):
    """A plain filled rectangle (decoration that lives in the master or a layout)."""
    sp = sub(spTree, "p:sp")
    nv = sub(sp, "p:nvSpPr")
    sub(nv, "p:cNvPr", id=str(shape_id), name=name)
    sub(nv, "p:cNvSpPr")
    sub(nv, "p:nvPr")
    pr = sub(sp, "p:spPr")
    xfrm = sub(pr, "a:xfrm")
    sub(xfrm, "a:off", x=str(int(box[0])), y=str(int(box[1])))
    sub(xfrm, "a:ext", cx=str(int(box[2])), cy=str(int(box[3])))
    sub(sub(pr, "a:prstGeom", prst="rect"), "a:avLst")
    solid(pr, colour)
    sub(sub(pr, "a:ln"), "a:noFill")
    # decoration goes behind the placeholders
    first = spTree.find(q("p:sp"))
    if first is not None and first is not sp:
        first.addprevious(sp)


def background(layout_or_master, colour: str) -> None:
    csld = layout_or_master._element.find(q("p:cSld"))
    old = csld.find(q("p:bg"))
    if old is not None:
        csld.remove(old)
    bg = etree.Element(q("p:bg"))
    csld.insert(0, bg)
    pr = sub(bg, "p:bgPr")
    solid(pr, colour)
    sub(pr, "a:effectLst")


def theme_xml(blob: bytes) -> bytes:
    root = etree.fromstring(blob)
    scheme = root.find(".//a:clrScheme", NS)
    scheme.set("name", "Lessonpack")
    for key, value in COLOURS.items():
        slot = scheme.find(f"a:{key}", NS)
        for child in list(slot):
            slot.remove(child)
        sub(slot, "a:srgbClr", val=value)
    fonts = root.find(".//a:fontScheme", NS)
    fonts.set("name", "Lessonpack")
    for latin in fonts.iterfind("./*/a:latin", NS):
        latin.set("typeface", FONT)
    root.find(".//a:themeElements", NS).getparent().set("name", "Lessonpack")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def style_master(master) -> None:
    styles = master._element.find(q("p:txStyles"))
    title = styles.find("p:titleStyle/a:lvl1pPr", NS)
    title.set("algn", "l")
    rpr = title.find(q("a:defRPr"))
    rpr.set("sz", "3200")
    rpr.set("b", "1")
    rpr.find("a:solidFill/a:schemeClr", NS).set("val", "tx2")
    sizes = [2400, 2000, 1800, 1800, 1800, 1800, 1800, 1800, 1800]
    for lvl, size in enumerate(sizes, 1):
        ppr = styles.find(f"p:bodyStyle/a:lvl{lvl}pPr", NS)
        ppr.find(q("a:defRPr")).set("sz", str(size))
        spc = ppr.find(q("a:spcBef"))
        for child in list(spc):
            spc.remove(child)
        sub(spc, "a:spcPts", val="1000" if lvl == 1 else "400")
        bu_font = ppr.find(q("a:buFont"))
        clr = etree.Element(q("a:buClr"))
        sub(clr, "a:schemeClr", val="accent3" if lvl == 1 else "accent2")
        bu_font.addprevious(clr)
    for ph in master.placeholders:
        kind = ph.placeholder_format.type
        name = str(kind)
        if "TITLE" in name:
            place(ph, TITLE_BOX)
            body_pr(ph, "b")
        elif "BODY" in name:
            place(ph, BODY_BOX)
            body_pr(ph, "t")
        elif "DATE" in name:
            place(ph, (MARGIN, FOOTER_Y, Inches(2.5), FOOTER_H))
        elif "FOOTER" in name:
            place(ph, (Inches(3.6), FOOTER_Y, Inches(6.13), FOOTER_H))
        elif "SLIDE_NUMBER" in name:
            place(ph, (WIDTH - MARGIN - Inches(1.5), FOOTER_Y, Inches(1.5), FOOTER_H))
    tree = master._element.find("p:cSld/p:spTree", NS)
    rect(tree, 90, "Accent Rule", RULE_BOX, GOLD)
    rect(tree, 91, "Edge Band", (0, 0, Inches(0.16), HEIGHT), BLUE)


def scale_x(layout) -> None:
    """Stretch a layout we do not restyle from 4:3 to 16:9 so it stays usable."""
    factor = WIDTH / OLD_WIDTH
    for shape in layout.placeholders:
        if shape._element.find("p:spPr/a:xfrm", NS) is not None:
            shape.left, shape.width = Emu(int(shape.left * factor)), Emu(int(shape.width * factor))


def cover_layout(layout, title_box, body_box, title_size: int, body_size: int) -> None:
    """A dark blue layout (title slide, section header) with a gold bar between the texts."""
    layout._element.set("showMasterSp", "0")
    background(layout, BLUE)
    for ph in layout.placeholders:
        kind = str(ph.placeholder_format.type)
        if "SUBTITLE" in kind or "BODY" in kind:
            place(ph, body_box)
            level_style(body_pr(ph, "t"), body_size, MIST)
        elif "TITLE" in kind:
            place(ph, title_box)
            level_style(body_pr(ph, "b"), title_size, "FFFFFF", bold=True)
    tree = layout._element.find("p:cSld/p:spTree", NS)
    bar_y = body_box[1] - Inches(0.2)
    bar = (title_box[0] + Inches(0.1), bar_y, Inches(1.6), Inches(0.08))   # under the text
    rect(tree, 90, "Accent Bar", bar, GOLD)


def main() -> None:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    package = prs.part.package
    for rid, rel in list(package._rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # a 4:3 picture of an empty deck would mislead
            package._rels.pop(rid)
    master = prs.slide_master
    theme = master.part.part_related_by(RT.THEME)
    theme._blob = theme_xml(theme.blob)
    style_master(master)
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    left = MARGIN + Inches(0.3)
    cover_layout(layouts["Title Slide"], (left, Inches(1.2), WIDTH - 2 * left, Inches(2.8)),
                 (left, Inches(4.45), WIDTH - 2 * left, Inches(2.35)), 4400, 2400)
    cover_layout(layouts["Section Header"], (left, Inches(1.6), WIDTH - 2 * left, Inches(2.4)),
                 (left, Inches(4.45), WIDTH - 2 * left, Inches(1.8)), 4000, 2400)
    for ph in layouts["Title and Content"].placeholders:
        kind = str(ph.placeholder_format.type)
        if "TITLE" in kind:
            place(ph, TITLE_BOX)
        elif "OBJECT" in kind:
            place(ph, BODY_BOX)
    picture = layouts["Picture with Caption"]
    picture._element.find(q("p:cSld")).set("name", "Title, Content and Picture")
    text_w = Inches(6.9)
    for ph in picture.placeholders:
        kind = str(ph.placeholder_format.type)
        if "TITLE" in kind:
            place(ph, TITLE_BOX)
            body_pr(ph, "b").find(q("a:lstStyle")).clear()   # the master's title style
        elif "PICTURE" in kind:
            place(ph, (MARGIN + text_w + Inches(0.3), BODY_BOX[1],
                       CONTENT_W - text_w - Inches(0.3), BODY_BOX[3]))
        elif "BODY" in kind:
            place(ph, (MARGIN, BODY_BOX[1], text_w, BODY_BOX[3]))
            body_pr(ph, "t").find(q("a:lstStyle")).clear()   # the master's bullet styles
            ph._element.find("p:nvSpPr/p:nvPr/p:ph", NS).attrib.pop("sz", None)
    for name, layout in layouts.items():
        if name not in ("Title Slide", "Section Header", "Title and Content",
                        "Picture with Caption"):
            scale_x(layout)
    for layout in prs.slide_layouts:  # footers come from the master, at 16:9 positions
        for ph in layout.placeholders:
            kind = str(ph.placeholder_format.type)
            if any(k in kind for k in ("DATE", "FOOTER", "SLIDE_NUMBER")):
                ph._element.find(q("p:spPr")).clear()
    prs.core_properties.title = "Lessonpack theme"
    prs.core_properties.author = "lessonpack"
    buffer = BytesIO()
    prs.save(buffer)
    TARGET.write_bytes(normalize_zip(buffer.getvalue()))
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
