"""Byte-for-byte reproducible PPTX files: fixed metadata and a normalised zip.

python-pptx writes zip entries stamped with the current time, so two builds of the same
lesson would differ in every byte of the zip headers and a CI diff would show noise.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

FIXED_DATE = datetime(2000, 1, 1, 0, 0, 0)
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
FIRST = "[Content_Types].xml"


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip with sorted entries, fixed dates and fixed permissions."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(source.namelist(), key=lambda n: (n != FIRST, n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, source.read(name))
    return out.getvalue()


def set_core_properties(prs, *, title: str, author: str, subject: str, language: str,
                        keywords: str = "") -> None:
    """Metadata from the lesson, never from the clock or the machine's user."""
    props = prs.core_properties
    props.title = title
    props.author = author
    props.subject = subject
    props.language = language
    props.keywords = keywords
    props.comments = "lessonpack"
    props.last_modified_by = "lessonpack"
    props.category = ""
    props.revision = 1
    props.created = props.modified = props.last_printed = FIXED_DATE
