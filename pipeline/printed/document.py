"""HTML template + print stylesheet -> PDF through WeasyPrint, with no network and no files
outside the project and the template folders.

Fonts and the stylesheet are parsed once per process and reused for every document,
because loading them dominates the cost of small documents.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from pipeline.printed.pagefit import last_page_fill, may_save_page
from pipeline.render.context import HALF_PAPERS, PAPERS, RenderContext, Rendered
from pipeline.render.folders import template_dirs
from pipeline.render.html import environment
from pipeline.render.templates import render

SPARE_LAST_PAGE = 0.35          # a last page filled less than this is worth saving


class ConfinedFetcher(weasyprint.URLFetcher):
    """Serve only ``data:`` URLs and files under the given roots; record what was read."""

    def __init__(self, roots: tuple[Path, ...], reads: set[Path] | None = None):
        super().__init__(allowed_protocols=("file", "data"))
        self.roots = roots
        self.reads = reads

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        if parsed.scheme == "file":
            target = Path(unquote(parsed.path)).resolve()
            if not any(target.is_relative_to(root) for root in self.roots):
                raise ValueError(f"refusing to read {target}: outside the lesson project")
            if self.reads is not None:
                self.reads.add(target)
        elif parsed.scheme != "data":
            raise ValueError(f"refusing to fetch {url}: rendering never uses the network")
        return super().fetch(url, headers)


@lru_cache(maxsize=1)
def _font_config() -> FontConfiguration:
    return FontConfiguration()


@lru_cache(maxsize=16)
def _stylesheet(css: str, base: Path, roots: tuple[Path, ...]) -> weasyprint.CSS:
    return weasyprint.CSS(string=css, base_url=str(base) + "/",
                          url_fetcher=ConfinedFetcher(roots), font_config=_font_config())


def roots_for(project_root: Path) -> tuple[Path, ...]:
    """Folders a document may read: the lesson project and the template folders."""
    return (project_root.resolve(), *template_dirs(project_root))


def page_html(ctx: RenderContext, template: str, **extra: object) -> str:
    """The document's HTML. ``student``: the name printed on a class set's copy (None:
    a blank worksheet)."""
    return render(environment(ctx.project_root), template, ctx.project_root,
                  lesson=ctx.lesson, labels=ctx.labels, settings=ctx.settings,
                  form=ctx.options.form, **{"student": None, **extra})


def page_css(ctx: RenderContext) -> str:
    """The print stylesheet for this target's paper and form (a booklet's page is half
    the sheet)."""
    form = ctx.options.form
    paper = (HALF_PAPERS if form == "booklet" else PAPERS)[ctx.options.paper]
    return render(environment(ctx.project_root), "print/print.css", ctx.project_root,
                  paper=paper, labels=ctx.labels, form=form)


def layout(ctx: RenderContext, template: str, **extra: object) -> weasyprint.Document:
    """Render the template with the lesson and lay it out into pages."""
    root = ctx.project_root
    roots = roots_for(root)
    stylesheet = _stylesheet(page_css(ctx), template_dirs(root)[-1], roots)
    document = weasyprint.HTML(string=page_html(ctx, template, **extra),
                               base_url=str(ctx.lesson_dir) + "/",
                               url_fetcher=ConfinedFetcher(roots, ctx.reads))
    return document.render(stylesheets=[stylesheet], font_config=_font_config())


def pdf_bytes(document: weasyprint.Document) -> bytes:
    """A tagged PDF/UA-1 file: structure tree, document language and title shown, so a
    screen reader reads headings, lists, tables and two-column choices in order."""
    return document.write_pdf(pdf_variant="pdf/ua-1")


def render_pdf(ctx: RenderContext, template: str, **extra: object) -> Rendered:
    """The PDF's bytes and page count."""
    return finish(ctx, layout(ctx, template, **extra))


def finish(ctx: RenderContext, document: weasyprint.Document) -> Rendered:
    """The file: tagged PDF/UA, or, for a booklet, its pages imposed two to a sheet."""
    if ctx.options.form == "booklet":
        from pipeline.printed.booklet import impose

        data = impose(document.write_pdf(), PAPERS[ctx.options.paper])
        return Rendered(data, -(-len(document.pages) // 4) * 2)
    return Rendered(pdf_bytes(document), len(document.pages))


# Answer-line heights a worksheet tries, roomiest first (large print: bigger spaces).
LINES_MM = {"": (8.5, 7.5, 6.5), "large": (12.0, 11.0, 10.0)}


def flexible_layout(ctx: RenderContext, template: str,
                    **extra: object) -> tuple[weasyprint.Document, float]:
    """A worksheet whose last page would be nearly empty gets tighter answer lines (8.5 mm
    down to 6.5 mm, still room to write) when that saves the page; the order of the
    questions never changes. The tighter layouts are skipped when re-stacking the measured
    questions shows that even the tightest lines keep the page count (pagefit).
    Returns the document and the answer-line height it was laid out with."""
    roomy, *tighter = LINES_MM.get(ctx.options.form, LINES_MM[""])
    document = layout(ctx, template, line_mm=roomy, **extra)
    if len(document.pages) > 1 and last_page_fill(document) < SPARE_LAST_PAGE \
            and may_save_page(document, roomy - tighter[-1]):
        for line_mm in tighter:
            tight = layout(ctx, template, line_mm=line_mm, **extra)
            if len(tight.pages) < len(document.pages):
                return tight, line_mm
    return document, roomy


def render_flexible(ctx: RenderContext, template: str, **extra: object) -> Rendered:
    """The worksheet PDF with the answer lines that save a nearly empty last page."""
    return finish(ctx, flexible_layout(ctx, template, **extra)[0])
