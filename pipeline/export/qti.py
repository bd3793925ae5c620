"""A QTI 1.2 package for Canvas, laid out as text2qti writes it.

``quiz.qti.zip`` holds ``imsmanifest.xml``, ``<id>/<id>.xml`` (the questions),
``<id>/assessment_meta.xml`` (Canvas's quiz settings) and ``images/``. Canvas shuffles
answers itself, so one package serves every variant; ordering has no QTI 1.2 question in
Canvas and is exported as matching (position -> item), as the README documents.
"""

from __future__ import annotations

import io
import re
import urllib.parse
import zipfile

from pipeline.export.document import export_text
from pipeline.render.context import RenderContext, Rendered
from pipeline.slides.pptxfile import ZIP_DATE

PLUGINFILE_RE = re.compile(r"@@PLUGINFILE@@/([^\"]+)")


def _canvas_src(text: str) -> str:
    return PLUGINFILE_RE.sub(lambda m: "%24IMS-CC-FILEBASE%24/images/"
                             + urllib.parse.quote(m.group(1)), text)


def render(ctx: RenderContext) -> Rendered | None:
    """``quiz.qti.zip``, or None when the lesson has no worksheet."""
    if ctx.lesson.worksheet is None:
        return None
    ident = "lessonpack_" + ctx.lesson.id.replace("-", "_")
    assessment, job = export_text(ctx, "export/qti/assessment.xml", ident=ident)
    points = sum(p.question.points for p in job.presented)
    meta, _ = export_text(ctx, "export/qti/meta.xml", ident=ident, points=points)
    manifest, _ = export_text(ctx, "export/qti/manifest.xml", ident=ident,
                              images=sorted(job.images))
    files = {"imsmanifest.xml": manifest.encode(), f"{ident}/{ident}.xml":
             _canvas_src(assessment).encode(), f"{ident}/assessment_meta.xml": meta.encode()}
    files.update({f"images/{name}": path.read_bytes() for name, path in job.images.items()})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files, key=lambda n: (n != "imsmanifest.xml", n)):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return Rendered(out.getvalue(), len(job.presented), tuple(job.skipped))
