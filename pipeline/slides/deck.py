"""The slide deck: the outline from templates/slides/outline.yaml on templates/slides/theme.pptx.

Every text sits in a layout placeholder (editable in PowerPoint, Impress and Google
Slides). Sizes are set on every run and auto-fit is off, so what textfit measured is what
is shown; bullets that do not fit continue on "<title> (lanjutan)" slides.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from pipeline.errors import TemplateProblem, TextTooLong
from pipeline.render.context import RenderContext, Rendered
from pipeline.render.templates import find
from pipeline.slides import textfit
from pipeline.slides.markdown import inline_runs
from pipeline.slides.outline import Bullet, SlideSpec, outline
from pipeline.slides.pptxfile import normalize_zip, set_core_properties
from pipeline.slides.shapes import INSETS, empty_frame, paragraph_format, picture, slide_number
from pipeline.slides.textfit import Box, FontFamily, Paragraph, Run

THEME = "slides/theme.pptx"
LANG_TAGS = {"id": "id-ID", "en": "en-US"}
SIZES = (24.0, 20.0, 18.0)                   # body text per level (pt)
SPACE_BEFORE = (10.0, 6.0, 4.0)
MIN_SIZE = 16.0                              # never shrink body text below this
MIN_TITLE = 24.0
QUIZ_MIN_SIZE = 14.0                         # a question and its choices share one slide
INDENT = {"bullet": ((0.32, -0.32), (0.75, -0.30), (1.15, -0.28)),    # inches: marL, indent
          "number": ((0.45, -0.45), (0.90, -0.40), (1.30, -0.36)),
          "letter": ((0.45, -0.45), (0.95, -0.45), (1.35, -0.40)),
          "plain": ((0.0, 0.0), (0.45, 0.0), (0.9, 0.0))}
BULLET_CHARS = ("•", "–", "•")
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
TEXT_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)


def render(ctx: RenderContext) -> Rendered:
    """The .pptx; the same lesson and templates always give the same bytes."""
    lesson, root = ctx.lesson, ctx.project_root
    prs = Presentation(str(find(THEME, root)))
    _drop_slides(prs)
    body_font, title_font = theme_fonts(prs)
    deck = _Deck(prs, textfit.find_family(body_font, root),
                 textfit.find_family(title_font, root), lesson.language,
                 ctx.labels.get("slide_continued", "(…)"), ctx.reads)
    for spec in outline(ctx):
        deck.add(spec)
    lang = LANG_TAGS.get(lesson.language, lesson.language)
    set_core_properties(prs, title=lesson.title, author=", ".join(lesson.authors),
                        subject=f"{lesson.subject} · {lesson.grade}", language=lang,
                        keywords=lesson.id)
    buffer = io.BytesIO()
    prs.save(buffer)
    return Rendered(normalize_zip(buffer.getvalue()), len(prs.slides))


def theme_fonts(prs) -> tuple[str, str]:
    """The theme's body (minor) and heading (major) Latin fonts."""
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    minor = root.find(".//a:fontScheme/a:minorFont/a:latin", ns)
    major = root.find(".//a:fontScheme/a:majorFont/a:latin", ns)
    return (minor.get("typeface") if minor is not None else "Calibri",
            major.get("typeface") if major is not None else "Calibri")


def _drop_slides(prs) -> None:
    """A school's theme deck may carry sample slides; the lesson deck starts empty."""
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)


class _Deck:
    """Adds outline slides to a presentation, splitting text that does not fit."""

    def __init__(self, prs, body: FontFamily, title: FontFamily, language: str,
                 continued: str, reads: set[Path]) -> None:
        self.prs, self.body, self.title_font, self.reads = prs, body, title, reads
        self.lang = LANG_TAGS.get(language, language)
        self.continued = continued
        self.layouts = {layout.name: layout for master in prs.slide_masters
                        for layout in master.slide_layouts}

    def layout(self, name: str):
        if name not in self.layouts:
            raise TemplateProblem(f'the theme deck has no layout named "{name}"; it has: '
                                  + ", ".join(sorted(self.layouts)))
        return self.layouts[name]

    def add(self, spec: SlideSpec) -> None:
        layout = self.layout(spec.layout)
        title_ph, body_ph, picture_ph = _placeholders(layout)
        if spec.bullets and body_ph is None:
            raise TemplateProblem(f'the layout "{spec.layout}" has no text placeholder for '
                                  f'the bullets of the slide "{spec.title}"')
        pages: list[list[Paragraph]] = [[]]
        if spec.bullets:
            box = Box.from_emu(body_ph.width, body_ph.height, INSETS)
            paragraphs = [self.paragraph(b, i) for i, b in enumerate(spec.bullets)]
            try:
                pages = textfit.paginate(paragraphs, self.body, box, self.shrunk)
            except TextTooLong as exc:            # which slide: the teacher finds it by title
                raise TextTooLong(f'the slide "{spec.title}": {exc}') from None
            if spec.together and len(pages) > 1:
                pages = self.together(paragraphs, box) or pages
        titles = [spec.title] + [f"{spec.title} {self.continued}"] * (len(pages) - 1)
        size = min(self.title_size(t, title_ph, layout) for t in titles) if title_ph else 0
        for title, page in zip(titles, pages, strict=True):
            slide = self.prs.slides.add_slide(layout)
            self.fill_title(slide, title, size)
            self.fill_body(slide, spec, page)
            if spec.image is not None:
                self.reads.add(spec.image.resolve())
                picture(slide, spec.image, spec.alt or "", picture_ph, spec.layout)
            if spec.notes.strip():
                slide.notes_slide.notes_text_frame.text = spec.notes
            if layout._element.get("showMasterSp") != "0":
                slide_number(slide, layout, len(self.prs.slides))

    def paragraph(self, bullet: Bullet, key: int) -> Paragraph:
        level = bullet.level
        runs = tuple(inline_runs(bullet.text)) or (Run(bullet.text),)
        return Paragraph(runs, bullet.size or SIZES[level], INDENT[bullet.style][level][0] * 72,
                         SPACE_BEFORE[level], 1.0, key)

    def together(self, paragraphs: list[Paragraph], box: Box) -> list[list[Paragraph]] | None:
        """All paragraphs on one slide, every size scaled down together (a quiz question
        with its choices), no smaller than QUIZ_MIN_SIZE; None if they cannot fit."""
        largest = max(p.size for p in paragraphs)
        for step in range(1, int(largest - QUIZ_MIN_SIZE) + 1):
            scale = (largest - step) / largest
            smaller = [dataclasses.replace(p, size=round(p.size * scale, 1),
                                           space_before=p.space_before * scale)
                       for p in paragraphs]
            if textfit.fits(smaller, self.body, box):
                return [smaller]
        return None

    @staticmethod
    def shrunk(p: Paragraph) -> list[Paragraph]:
        """The same paragraph at each smaller size down to MIN_SIZE (1 pt steps)."""
        sizes = [p.size - step for step in range(1, int(p.size - MIN_SIZE) + 1)]
        return [dataclasses.replace(p, size=s) for s in sizes]

    def title_size(self, title: str, placeholder, layout) -> float:
        start = _theme_size(placeholder, layout) or 32.0
        box = Box.from_emu(placeholder.width, placeholder.height, INSETS)
        sizes = [start - step for step in range(int(start - MIN_TITLE) + 1)]
        size = textfit.fit_size([Run(title, bold=True)], self.title_font, box, sizes)
        if size is None:
            raise TextTooLong(f'the slide title "{title}" is too long for the '
                                      f"title box even at {MIN_TITLE:g} pt; shorten it")
        return size

    def fill_title(self, slide, title: str, size: float) -> None:
        shape = slide.shapes.title
        if shape is None:
            return
        frame = empty_frame(shape)
        p = frame.paragraphs[0]
        paragraph_format(p, 0, 0, 0, None)
        self.add_run(p, Run(title), size, title=True)

    def fill_body(self, slide, spec: SlideSpec, page: list[Paragraph]) -> None:
        shape = next((s for s in slide.placeholders
                      if s.placeholder_format.type in TEXT_TYPES), None)
        if shape is None:
            return
        if not page:
            shape._element.getparent().remove(shape._element)
            return
        frame = empty_frame(shape)
        for i, para in enumerate(page):
            bullet = spec.bullets[para.key]
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            margin, indent = INDENT[bullet.style][bullet.level]
            number = None
            if bullet.style in ("number", "letter"):    # continues across slides
                number = 1 + sum(1 for b in spec.bullets[:para.key]
                                 if b.style == bullet.style and b.level == bullet.level)
            marker = (bullet.style, BULLET_CHARS[bullet.level], number)
            paragraph_format(p, bullet.level, Emu(int(margin * 914400)),
                              Emu(int(indent * 914400)), marker, para.space_before)
            for run in para.runs:
                self.add_run(p, run, para.size)

    def add_run(self, paragraph, run: Run, size: float, title: bool = False) -> None:
        r = paragraph.add_run()
        r.text = run.text
        r.font.size = Pt(size)
        if not title:          # titles take bold from the theme (and are measured as bold)
            r.font.bold = run.bold
            r.font.italic = run.italic
        r._r.get_or_add_rPr().set("lang", self.lang)


def _placeholders(layout):
    title = body = picture = None
    for ph in sorted(layout.placeholders, key=lambda p: p.placeholder_format.idx):
        kind = ph.placeholder_format.type
        if kind in TITLE_TYPES and title is None:
            title = ph
        elif kind in TEXT_TYPES and body is None:
            body = ph
        elif kind == PP_PLACEHOLDER.PICTURE and picture is None:
            picture = ph
    return title, body, picture


def _theme_size(placeholder, layout) -> float | None:
    """The title size the layout (or else the master) asks for, in points."""
    own = placeholder._element.find(
        "/".join(qn(t) for t in ("p:txBody", "a:lstStyle", "a:lvl1pPr", "a:defRPr")))
    master = layout.slide_master._element.find(
        "/".join(qn(t) for t in ("p:txStyles", "p:titleStyle", "a:lvl1pPr", "a:defRPr")))
    for style in (own, master):
        if style is not None and style.get("sz"):
            return int(style.get("sz")) / 100
    return None
