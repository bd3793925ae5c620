"""Measure slide text with the theme font's real metrics, so nothing overflows a placeholder.

PowerPoint and LibreOffice do not shrink text that python-pptx writes (auto-fit only acts
when PowerPoint edits a slide), so the builder sets a fixed size on every run, turns
auto-fit off and checks here, with the advance widths from the font file, that the
wrapped lines fit the box. The theme font is Calibri; Carlito, bundled in templates/fonts,
has identical metrics (LibreOffice substitutes it for Calibri).

Wrapping is greedy at spaces only. Renderers may also break after hyphens, which can only
give them fewer lines, so the count here is never too low; kerning and ligatures likewise
only make real text narrower than measured.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from fontTools.ttLib import TTFont

from pipeline.errors import TemplateProblem, TextTooLong
from pipeline.render.folders import confine, template_dirs

EMU_PER_PT = 12700
ALIASES = {"calibri": "Carlito"}          # theme font -> metric-compatible file we bundle
STYLES = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic",
          (True, True): "BoldItalic"}
WIDTH_SLACK = 0.98                        # renderers round positions; keep 2% in hand


@dataclass(frozen=True)
class Run:
    """A piece of text in one style, as it becomes a run in the deck."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class FontMetrics:
    """Advance widths in em units and the line height as a multiple of the font size."""

    widths: dict[int, float]
    missing: float
    line_height: float

    def width(self, text: str, size: float) -> float:
        return sum(self.widths.get(ord(c), self.missing) for c in text) * size


@lru_cache(maxsize=16)
def _metrics(path: Path) -> FontMetrics:
    font = TTFont(path, lazy=True)
    upm = font["head"].unitsPerEm
    hmtx, cmap = font["hmtx"].metrics, font.getBestCmap()
    widths = {code: hmtx[glyph][0] / upm for code, glyph in cmap.items()}
    hhea = font["hhea"]
    os2 = font["OS/2"]
    line = max(hhea.ascent - hhea.descent + hhea.lineGap, os2.usWinAscent + os2.usWinDescent)
    # a character the font lacks is drawn from a fallback font: assume a wide glyph
    return FontMetrics(widths, max(widths.get(ord("M"), 1.0), 1.0), line / upm)


@dataclass(frozen=True)
class FontFamily:
    """The four styles of one family; runs are measured in the style they are shown in."""

    name: str
    files: dict[tuple[bool, bool], Path]

    def style(self, bold: bool, italic: bool) -> FontMetrics:
        return _metrics(self.files[(bold, italic)])

    @property
    def line_height(self) -> float:
        return self.style(False, False).line_height


@lru_cache(maxsize=8)
def find_family(theme_font: str, project_root: Path | None) -> FontFamily:
    """Files for the theme's font from the first template folder whose ``fonts/`` has them."""
    name = ALIASES.get(theme_font.lower(), theme_font).replace(" ", "")
    for folder in template_dirs(project_root):
        files = {key: folder / "fonts" / f"{name}-{style}.ttf" for key, style in STYLES.items()}
        if all(path.exists() or path.is_symlink() for path in files.values()):
            return FontFamily(name, {k: confine(p, project_root) for k, p in files.items()})
    raise TemplateProblem(
        f'the slide theme uses the font "{theme_font}", but no metrics for it were found: add '
        f"templates/fonts/{name}-Regular.ttf (and -Bold, -Italic, -BoldItalic) so slide text "
        "can be measured")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph as laid out: its runs, size (pt), left margin (pt) and spacing."""

    runs: tuple[Run, ...]
    size: float
    indent: float = 0.0
    space_before: float = 0.0
    line_spacing: float = 1.0
    key: int = 0                          # which outline bullet this paragraph shows


@dataclass(frozen=True)
class Box:
    """The text area of a placeholder in points, insets already taken off."""

    width: float
    height: float

    @classmethod
    def from_emu(cls, width: int, height: int, insets: tuple[int, int, int, int]) -> Box:
        left, top, right, bottom = insets
        return cls((width - left - right) / EMU_PER_PT, (height - top - bottom) / EMU_PER_PT)


def _words(runs: Sequence[Run], family: FontFamily, size: float):
    """Yield (word width, width of the spaces after it, per-character widths of the word)."""
    chars: list[float] = []
    spaces = 0.0
    for run in runs:
        metrics = family.style(run.bold, run.italic)
        for char in run.text.replace("\n", " "):
            width = metrics.width(char, size)
            if char.isspace():
                spaces += width
            else:
                if spaces and chars:
                    yield sum(chars), spaces, chars
                    chars = []
                spaces = 0.0
                chars.append(width)
    if chars:
        yield sum(chars), spaces, chars


def line_count(runs: Sequence[Run], family: FontFamily, size: float, width: float) -> int:
    """How many lines the runs wrap to in ``width`` points (greedy, breaking at spaces)."""
    width *= WIDTH_SLACK
    lines, used, gap = 1, 0.0, 0.0
    for word, spaces, chars in _words(runs, family, size):
        if used and used + gap + word <= width:
            used += gap + word
        else:
            if used:
                lines += 1
                used = 0.0
            if word <= width:
                used = word
            else:  # a word wider than the line is broken between characters
                for char in chars:
                    if used and used + char > width:
                        lines += 1
                        used = 0.0
                    used += char
        gap = spaces
    return lines


def paragraph_height(p: Paragraph, family: FontFamily, width: float) -> float:
    """Height in points, counting the space before (LibreOffice adds it on top of a box too)."""
    lines = line_count(p.runs, family, p.size, width - p.indent)
    return p.space_before + lines * p.size * family.line_height * p.line_spacing


def text_height(paragraphs: Sequence[Paragraph], family: FontFamily, width: float) -> float:
    return sum(paragraph_height(p, family, width) for p in paragraphs)


def fits(paragraphs: Sequence[Paragraph], family: FontFamily, box: Box) -> bool:
    return text_height(paragraphs, family, box.width) <= box.height


def fit_size(runs: Sequence[Run], family: FontFamily, box: Box, sizes: Sequence[float],
             spacing: float = 1.0) -> float | None:
    """The first size (largest first) at which the runs fit the box, or None."""
    for size in sizes:
        if fits([Paragraph(tuple(runs), size, line_spacing=spacing)], family, box):
            return size
    return None


def paginate(items: Sequence[Paragraph], family: FontFamily, box: Box,
             shrink: Callable[[Paragraph], Sequence[Paragraph]]) -> list[list[Paragraph]]:
    """Split paragraphs into as few pages as fit the box, balanced so no page is a stub.

    A paragraph too tall for an empty page is replaced by the first of ``shrink(p)`` (the
    same text at smaller sizes) that fits, alone on its page; if none fits, TextTooLong.
    """
    heights = [paragraph_height(p, family, box.width) for p in items]
    units: list[tuple[list[Paragraph], float]] = []
    for p, h in zip(items, heights, strict=True):
        if h <= box.height:
            units.append(([p], h))
            continue
        for smaller in shrink(p):
            h = paragraph_height(smaller, family, box.width)
            if h <= box.height:
                units.append(([smaller], math.inf))   # math.inf: alone on its page
                break
        else:
            text = "".join(r.text for r in p.runs)
            raise TextTooLong(f"this text does not fit on a slide even at the smallest "
                              f"size; split it into shorter bullets: {text[:120]!r}")
    pages: list[list[Paragraph]] = []
    start = 0
    while start < len(units):
        if units[start][1] == math.inf:
            pages.append(units[start][0])
            start += 1
            continue
        end = start
        while end < len(units) and units[end][1] != math.inf:
            end += 1
        pages += _balanced(units[start:end], box.height)
        start = end
    return pages


def _greedy(heights: list[float], capacity: float) -> list[int]:
    """Start index of each page when every page is filled up to ``capacity`` in order."""
    starts, used = [0], 0.0
    for i, h in enumerate(heights):
        if used and used + h > capacity:
            starts.append(i)
            used = 0.0
        used += h
    return starts


def _balanced(units: list[tuple[list[Paragraph], float]], limit: float) -> list[list[Paragraph]]:
    """The fewest pages for a run of paragraphs, then the split with the lowest tallest page.

    Filling pages in order is optimal for the count; the lowest tallest page is the smallest
    capacity that still needs no more pages, found by bisection: O(n log n) for any length
    (a quadratic search took 34 s for 2,000 bullets). Filling from the front leaves the
    short page last."""
    heights = [h for _, h in units]
    pages = len(_greedy(heights, limit))
    low, high = max(heights), limit
    for _ in range(40):
        middle = (low + high) / 2
        if len(_greedy(heights, middle)) <= pages:
            high = middle
        else:
            low = middle
    starts = _greedy(heights, high) + [len(units)]
    return [[p for unit, _ in units[a:b] for p in unit] for a, b in pairwise(starts)]
