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
    text = re.sub(r"(\w)[-\u00ad]\s*\n\s*(\w)", r"\1\2", text)
    return re.sub(r"\s+", " ", text).strip()


def text(data: bytes) -> str:
    return " ".join(page_texts(data))


def plain_md(value: str) -> str:
    """Markdown source reduced to the words it prints (for comparing with PDF text)."""
    from pipeline.markdown import plain

    return fold(plain(value))


def squash(text: str) -> str:
    """Letters and digits only, lowercased: survives hyphenation and line breaks."""
    return re.sub(r"[\W_]+", "", text).lower()
