"""Read what a person sees in a PDF: its text (whitespace folded), pages and metadata."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    return [fold(page.extract_text() or "") for page in reader(data).pages]


def fold(text: str) -> str:
    """Join hyphenated line breaks and fold whitespace, as a reader's eye does."""
    text = re.sub(r"(\w)[-\u00ad\u2010]\s*\n\s*(\w)", r"\1\2", text)
    return re.sub(r"\s+", " ", text).strip()


def text(data: bytes) -> str:
    return " ".join(page_texts(data))


def plain_md(value: str) -> str:
    """Markdown source reduced to the words it prints (for comparing with PDF text)."""
    from pipeline.slides.markdown import plain_text

    return fold(plain_text(value))


def squash(text: str) -> str:
    """Letters and digits only, lowercased: survives hyphenation and line breaks."""
    return re.sub(r"[\W_]+", "", text).lower()


def reading_text(data: bytes) -> str:
    """Text in reading order (top to bottom, left to right), whatever the paint order."""
    pages = []
    for page in reader(data).pages:
        parts: list[tuple[float, float, str]] = []

        def visit(text, cm, tm, font_dict, font_size, parts=parts):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                parts.append((y, x, text))

        page.extract_text(visitor_text=visit)
        lines: list[list[tuple[float, float, str]]] = []
        for y, x, text in sorted(parts, key=lambda p: (-p[0], p[1])):
            if lines and abs(lines[-1][0][0] - y) < 3:
                lines[-1].append((y, x, text))
            else:
                lines.append([(y, x, text)])
        pages.append("\n".join(" ".join(t for _, _, t in sorted(line, key=lambda p: p[1]))
                               for line in lines))
    return fold("\n".join(pages))
