"""How full each printed page is: a report of the blank space at page ends.

For every PDF (handout, worksheet, answer key) below a build folder, each page's fill is
the share of the text area's height down to its lowest glyph (the running header and the
page number are not counted). Prints, per output, the pages, the median fill of pages
that are not the last, the emptiest such page, and the fill of the last page.

    python scripts/page_fill.py output/            # after `lessonpack build`
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

import pdfplumber

MM = 72 / 25.4
TOP, BOTTOM = 22 * MM, 20 * MM          # the print stylesheet's page margins


def fills(pdf_path: Path) -> list[float]:
    result = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            area = page.height - TOP - BOTTOM
            body = [c["bottom"] for c in page.chars if TOP - 2 <= c["top"] <= page.height - BOTTOM]
            result.append(max(0.0, min(1.0, (max(body, default=TOP) - TOP) / area)))
    return result


def report(folder: Path) -> list[tuple[str, int, float, float, float]]:
    rows = []
    for kind in ("handout", "worksheet", "answer-key"):
        pages = [fills(p) for p in sorted(folder.glob(f"*/{kind}.pdf"))]
        inner = [f for doc in pages for f in doc[:-1]]
        rows.append((kind, sum(len(doc) for doc in pages),
                     statistics.median(inner) if inner else 1.0, min(inner, default=1.0),
                     statistics.median(doc[-1] for doc in pages) if pages else 0.0))
    return rows


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "output")
    print("| output | pages | median fill (not last) | emptiest page (not last) | "
          "median last page |\n|---|---|---|---|---|")
    for kind, count, median, low, last in report(folder):
        print(f"| {kind} | {count} | {median:.0%} | {low:.0%} | {last:.0%} |")


if __name__ == "__main__":
    main()
