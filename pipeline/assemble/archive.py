"""``<id>.zip``: every file the lesson was built into, for one upload or one chat message.

Reproducible: fixed dates and permissions, names sorted, so the same outputs give the
same bytes. Files that are already compressed (PDF, PPTX, XLSX, ZIP) are stored as they
are; deflating them again costs time and saves nothing.
"""

from __future__ import annotations

import io
import zipfile

from pipeline.build.assembly import Part
from pipeline.render.context import Rendered

STORED = (".pdf", ".pptx", ".xlsx", ".zip", ".png", ".jpg")
EPOCH = (1980, 1, 1, 0, 0, 0)


def assemble(parts: list[Part]) -> Rendered:
    """A zip of the parts under ``<id>/``, as they lie in the output folder."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for part in sorted(parts, key=lambda p: p.relative):
            info = zipfile.ZipInfo(part.relative, date_time=EPOCH)
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            stored = part.relative.lower().endswith(STORED)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, part.path.read_bytes(), compresslevel=None if stored else 9)
    return Rendered(out.getvalue(), len(parts))
