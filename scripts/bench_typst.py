"""The Typst reference rows of ``make bench``: WeasyPrint against Typst on the same lessons.

Both engines run in this process, from the same loaded lessons to PDF bytes: WeasyPrint
through the pipeline's own renderer (Jinja, Markdown, layout, ``write_pdf``), Typst through
``typst_reference`` (lesson -> JSON with Markdown as Typst markup, then ``compile``). Both
are warmed first (fonts, stylesheet, templates), then each run renders the whole pack,
document by document, alternating which engine goes first.

Typst memoises layout across compilations (comemo; the bindings keep entries used in the
last 10 compiles), so recompiling one document back to back would mostly be served from
that cache. Cycling through all 15 documents keeps each one's cache entries out of reach,
so every compile lays its document out again, as WeasyPrint does; the back-to-back figure
is printed separately for comparison.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial

from typst_reference import ROOT, SEEDS, Reference, document_data, empty_source, page_count

OUTPUTS = ("handout", "worksheet", "answer-key")
Doc = tuple[int, str]                        # (lesson index, output)


@dataclass
class Split:
    """Seconds spent in WeasyPrint's layout (``HTML.render``) and in ``write_pdf``."""

    layout: float = 0.0
    write: float = 0.0
    layouts: int = 0


@contextmanager
def split_clock() -> Iterator[Split]:
    """Time WeasyPrint's two phases wherever the pipeline calls them (a worksheet may be
    laid out more than once to save a page), by wrapping the two methods for a while."""
    import weasyprint
    from weasyprint.document import Document

    split, render, write = Split(), weasyprint.HTML.render, Document.write_pdf

    def timed(method: Callable, phase: str) -> Callable:
        def wrapper(self, *args, **kwargs):
            start = time.perf_counter()
            try:
                return method(self, *args, **kwargs)
            finally:
                setattr(split, phase, getattr(split, phase) + time.perf_counter() - start)
                split.layouts += phase == "layout"
        return wrapper

    timed_render, timed_write = timed(render, "layout"), timed(write, "write")
    weasyprint.HTML.render, Document.write_pdf = timed_render, timed_write
    try:
        yield split
    finally:
        weasyprint.HTML.render, Document.write_pdf = render, write


@dataclass
class Samples:
    """Per document, one value per run."""

    values: dict[Doc, list[float]] = field(default_factory=dict)

    def add(self, doc: Doc, value: float) -> None:
        self.values.setdefault(doc, []).append(value)

    def median(self, doc: Doc) -> float:
        return statistics.median(self.values[doc])

    def total(self, output: str) -> float:
        """Sum over the lessons of each document's median."""
        return sum(self.median(d) for d in self.values if d[1] == output)


def clocked(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def fixed_costs(reference: Reference, runs: int) -> tuple[float, float, float, float]:
    """Warm medians for a near-empty one-page A4 document: WeasyPrint's layout and write
    (the pipeline's print stylesheet and fonts), and Typst's compile (the project's fonts),
    plus Typst recompiling one unchanged document back to back (its cache at work)."""
    import weasyprint

    from pipeline.printed import document
    from pipeline.render.context import RenderContext
    from pipeline.render.folders import BUILTIN

    lesson = load_lessons()[0]
    css = document.page_css(RenderContext(lesson, ROOT))
    fonts = document._font_config()
    sheet = weasyprint.CSS(string=css, base_url=str(BUILTIN) + "/", font_config=fonts)
    layout, write, typst, same = [], [], [], []
    repeat = document_data(lesson, "handout")
    for run in range(runs + 1):                          # run 0 warms
        html = weasyprint.HTML(string=f'<html lang="id"><body><h1>Test {run}</h1><p>x</p>'
                                      "</body></html>")
        t_layout, doc = clocked(partial(html.render, stylesheets=[sheet], font_config=fonts))
        t_write, _ = clocked(doc.write_pdf)
        t_typst, _ = clocked(partial(reference.source, empty_source(run)))
        t_same, _ = clocked(partial(reference.compile, repeat, "handout"))
        if run:
            layout.append(t_layout)
            write.append(t_write)
            typst.append(t_typst)
            same.append(t_same)
    return (statistics.median(layout), statistics.median(write), statistics.median(typst),
            statistics.median(same))


def load_lessons() -> list:
    from pipeline.lesson.loader import load_lesson

    return [load_lesson(seed, ROOT)[0] for seed in SEEDS]


def intercept(seconds: dict[Doc, float], pages: dict[Doc, int]) -> tuple[float, float]:
    """Least-squares fit of a document's seconds on its pages: (intercept, slope)."""
    docs = sorted(seconds)
    slope, icpt = statistics.linear_regression([pages[d] for d in docs],
                                               [seconds[d] for d in docs])
    return icpt, slope


def one_layout(layout: Samples, write: Samples, layouts: Samples) -> dict[Doc, float]:
    """WeasyPrint's seconds for one layout and one write of each document (a worksheet is
    laid out twice when tighter answer lines may save a page; Typst lays it out once)."""
    return {d: layout.median(d) / max(layouts.median(d), 1) + write.median(d)
            for d in layout.values}


def compare(runs: int) -> list[tuple[str, str]]:
    """The reference rows: per output and for the whole pack, WeasyPrint vs Typst."""
    import typst
    import weasyprint

    from pipeline.render.outputs import render_output

    lessons, reference = load_lessons(), Reference()
    docs: list[Doc] = [(i, output) for i in range(len(lessons)) for output in OUTPUTS]
    # warm both engines on the lesson with the most question types (fonts, stylesheet,
    # templates); the medians absorb what little is left for the first run
    widest = max(lessons, key=lambda x: len({q.kind for q in x.worksheet.questions}))
    for output in OUTPUTS:
        render_output(output, widest, ROOT)
        reference.render(widest, output)
    wp_pages: dict[Doc, int] = {}
    ty_pages: dict[Doc, int] = {}
    weasy, layout, write, layouts = Samples(), Samples(), Samples(), Samples()
    ty, prep = Samples(), Samples()
    pack_wp, pack_ty = [], []
    with split_clock() as split:
        for run in range(runs):
            for doc in docs:
                lesson, output = lessons[doc[0]], doc[1]
                for engine in ("weasyprint", "typst")[:: 1 if run % 2 else -1]:
                    if engine == "weasyprint":
                        before = (split.layout, split.write, split.layouts)
                        seconds, result = clocked(partial(render_output, output, lesson,
                                                          ROOT))
                        wp_pages[doc] = result.pages
                        weasy.add(doc, seconds)
                        layout.add(doc, split.layout - before[0])
                        write.add(doc, split.write - before[1])
                        layouts.add(doc, split.layouts - before[2])
                    else:
                        t_prep, data = clocked(partial(document_data, lesson, output))
                        t_compile, pdf = clocked(partial(reference.compile, data, output))
                        ty_pages[doc] = page_count(pdf)
                        ty.add(doc, t_prep + t_compile)
                        prep.add(doc, t_prep)
            pack_wp.append(sum(v[-1] for v in weasy.values.values()))
            pack_ty.append(sum(v[-1] for v in ty.values.values()))
    empty_layout, empty_write, empty_typst, same = fixed_costs(reference, runs)

    n, rows = len(lessons), []
    head = f"{n} seed lessons, lesson -> PDF in-process, median of {runs} interleaved runs"
    for output in OUTPUTS:
        w, t = weasy.total(output), ty.total(output)
        pw = sum(p for d, p in wp_pages.items() if d[1] == output)
        pt = sum(p for d, p in ty_pages.items() if d[1] == output)
        rows += [(f"{output} ×{n} ({head}, summed over lessons): WeasyPrint vs Typst",
                  f"{w:.2f} s vs {t:.3f} s = {w / t:.1f} x"),
                 (f"seconds per page, {output}: WeasyPrint vs Typst ({pw} vs {pt} pages)",
                  f"{w / pw:.3f} s vs {t / pt:.4f} s")]
    w, t = statistics.median(pack_wp), statistics.median(pack_ty)
    pw, pt = sum(wp_pages.values()), sum(ty_pages.values())
    rows += [(f"whole pack: {n} lessons × handout, worksheet, answer key ({len(docs)} PDFs, "
              f"{pw} vs {pt} pages), median of the runs' totals: WeasyPrint vs Typst",
              f"{w:.2f} s vs {t:.3f} s = {w / t:.1f} x "
              f"({w / pw:.3f} vs {t / pt:.4f} s per page)")]
    single = one_layout(layout, write, layouts)
    for output in OUTPUTS:
        total, lay, wri = weasy.total(output), layout.total(output), write.total(output)
        per_doc = statistics.mean(layouts.median(d) for d in layouts.values if d[1] == output)
        once = sum(v for d, v in single.items() if d[1] == output)
        rows.append((f"WeasyPrint {output} ×{n}: layout (document.render) + write_pdf + the "
                     "rest (Jinja, Markdown); layouts per document; one layout + write vs "
                     "Typst", f"{lay:.2f} + {wri:.2f} + {total - lay - wri:.2f} s "
                     f"({lay / total:.0%} layout, {wri / total:.0%} write); {per_doc:.1f}; "
                     f"{once:.2f} s vs {ty.total(output):.3f} s = "
                     f"{once / ty.total(output):.1f} x"))
    all_prep = sum(prep.total(o) for o in OUTPUTS)
    all_ty = sum(ty.total(o) for o in OUTPUTS)
    wp_icpt, wp_slope = intercept(single, wp_pages)
    ty_icpt, ty_slope = intercept({d: ty.median(d) for d in ty.values}, ty_pages)
    rows += [(f"Typst, all {len(docs)} PDFs: lesson -> JSON with Markdown as Typst markup "
              "(Python) + compile", f"{all_prep:.3f} + {all_ty - all_prep:.3f} s"),
             ("fixed cost per document: near-empty one-page A4 document, warm (median): "
              "WeasyPrint layout + write vs Typst",
              f"{empty_layout + empty_write:.3f} s ({empty_layout:.3f} + {empty_write:.3f}) "
              f"vs {empty_typst:.4f} s"),
             (f"fixed cost per document: intercept + slope of time on pages, least squares "
              f"over the {len(docs)} seed PDFs (WeasyPrint: one layout + write): "
              "WeasyPrint vs Typst",
              f"{wp_icpt:.3f} s + {wp_slope:.3f} s/page vs "
              f"{ty_icpt:.4f} s + {ty_slope:.4f} s/page"),
             ("Typst recompiling one unchanged handout back to back (its memo cache warm; "
              "not used above)", f"{same:.4f} s"),
             ("pages per lesson (" + ", ".join(lesson.id for lesson in lessons) +
              "): WeasyPrint / Typst",
              "; ".join(f"{o} " + ", ".join(f"{wp_pages[(i, o)]}/{ty_pages[(i, o)]}"
                                            for i in range(n)) for o in OUTPUTS)),
             ("engines", f"WeasyPrint {weasyprint.__version__}, typst (Python) "
                         f"{typst.__version__}")]
    return rows
