"""The floor rows of ``make bench``: how much of WeasyPrint's work is ours to cut.

Each seed lesson's handout, worksheet and answer key is laid out and written twice from the
same HTML: with the project's print stylesheet, and with a stylesheet that keeps only the
fonts, the page size, the body font and fixed table layout (WeasyPrint's default styles
for everything else). Whatever the unstyled documents still cost is WeasyPrint setting
the same text in the same fonts, which no change of markup or CSS can take away; the
difference is the most that cheaper styling could ever save. Reported in CPU seconds
(medians, interleaved) and in Python function calls (deterministic, so the comparison
holds on a noisy machine).

The spread row asks the other question, whether patching WeasyPrint's hot spots could halve
a page: the share of the self time (cProfile) held by its costliest functions over the
fifteen seed PDFs.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import statistics
import time
from collections.abc import Callable
from functools import lru_cache

OUTPUTS = ("handout", "worksheet", "answer-key")
PLAIN = ("@page { size: A4; margin: 20mm 18mm; }\n"
         "body { font-family: 'Body Serif'; font-size: 11pt; }\n"
         "table { table-layout: fixed; width: 100%; }\n")  # the cheapest table layout


def contexts() -> list:
    """A render context per seed lesson (A4, the default options)."""
    from bench_typst import load_lessons
    from typst_reference import ROOT

    from pipeline.render.context import RenderContext

    return [RenderContext(lesson, ROOT.resolve()) for lesson in load_lessons()]


def documents(seeds: list) -> dict[str, list[tuple[str, str]]]:
    """Each output's HTML and base URL for the seed lessons, as the pipeline renders them
    (the worksheet with the answer lines it was laid out with)."""
    from pipeline.printed.document import flexible_layout, page_html
    from pipeline.printed.worksheet import arguments

    def worksheet(c) -> str:
        lines = flexible_layout(c, "print/worksheet.html", **arguments(c))[1]
        return page_html(c, "print/worksheet.html", line_mm=lines, **arguments(c))

    html = {"handout": [page_html(c, "print/handout.html") for c in seeds],
            "worksheet": [worksheet(c) for c in seeds],
            "answer-key": [page_html(c, "print/answer-key.html", **arguments(c))
                           for c in seeds]}
    return {output: [(h, str(c.lesson_dir) + "/") for h, c in zip(pages, seeds, strict=True)]
            for output, pages in html.items()}


def stylesheets(context) -> dict:
    """The project's print stylesheet and the fonts-only one, both parsed once."""
    import weasyprint

    from pipeline.printed import document
    from pipeline.render.folders import BUILTIN

    css = document.page_css(context)
    fonts = "\n".join(line for line in css.splitlines() if line.startswith("@font-face"))
    base, config = str(BUILTIN) + "/", document._font_config()
    return {"ours": weasyprint.CSS(string=css, base_url=base, font_config=config),
            "plain": weasyprint.CSS(string=fonts + "\n" + PLAIN, base_url=base,
                                    font_config=config)}


def calls(action: Callable[[], object]) -> int:
    profile = cProfile.Profile()
    profile.enable()
    action()
    profile.disable()
    return pstats.Stats(profile, stream=io.StringIO()).total_calls


def spread_row() -> tuple[str, str]:
    """How the self time of laying out and writing the seed PDFs spreads over functions."""

    def every_pdf() -> None:
        for output in OUTPUTS:
            pack(output, "ours")

    every_pdf()                                                         # warm
    profile = cProfile.Profile()
    profile.enable()
    every_pdf()
    profile.disable()
    stats = pstats.Stats(profile, stream=io.StringIO()).stats  # type: ignore[attr-defined]
    own = sorted((row[2] for row in stats.values()), reverse=True)
    total = sum(own)
    top = {n: sum(own[:n]) / total for n in (1, 10, 20, 100)}
    return ("self time of the 15 seed PDFs (layout and writing, cProfile) spread over "
            "functions: share of the costliest 1 / 10 / 20 / 100; functions at 1 % or more",
            f"{top[1]:.0%} / {top[10]:.0%} / {top[20]:.0%} / {top[100]:.0%} of "
            f"{len(own)} functions; {sum(t >= total / 100 for t in own)} at 1 % or more")


@lru_cache(maxsize=1)
def _inputs() -> tuple[dict, dict, object]:
    """The seed documents' HTML, both stylesheets and the fonts, made once for all rows."""
    from pipeline.printed.document import _font_config

    seeds = contexts()
    return documents(seeds), stylesheets(seeds[0]), _font_config()


def pack(output: str, sheet: str) -> int:
    """Lay out and write one output of every seed lesson with one stylesheet; its pages."""
    import weasyprint

    from pipeline.printed.document import pdf_bytes

    htmls, sheets, config = _inputs()
    pages = 0
    for html, base in htmls[output]:
        doc = weasyprint.HTML(string=html, base_url=base).render(
            stylesheets=[sheets[sheet]], font_config=config)
        pdf_bytes(doc)
        pages += len(doc.pages)
    return pages


def floor_rows(runs: int) -> list[tuple[str, str]]:
    """Per output: pages, CPU seconds and Python calls with our stylesheet and without."""
    sheets = _inputs()[1]
    rows = []
    for output in OUTPUTS:
        pages = {sheet: pack(output, sheet) for sheet in sheets}           # warm
        seconds: dict[str, list[float]] = {sheet: [] for sheet in sheets}
        for run in range(runs):
            for sheet in list(sheets)[:: 1 if run % 2 else -1]:
                start = time.process_time()
                pack(output, sheet)
                seconds[sheet].append(time.process_time() - start)
        count = {sheet: calls(lambda o=output, s=sheet: pack(o, s)) for sheet in sheets}
        ours, plain = (statistics.median(seconds[s]) for s in ("ours", "plain"))
        rows.append((f"{output} ×5 from the same HTML: the project's stylesheet vs only its "
                     "fonts, page size and fixed tables (WeasyPrint's defaults for the rest): "
                     "pages, CPU, Python calls; share of the work left without our styles",
                     f"{pages['ours']} vs {pages['plain']} pages, {ours:.2f} vs {plain:.2f} s,"
                     f" {count['ours'] / 1e6:.2f}M vs {count['plain'] / 1e6:.2f}M calls; "
                     f"{plain / ours:.0%} of the time, "
                     f"{count['plain'] / count['ours']:.0%} of the calls"))
    return rows
