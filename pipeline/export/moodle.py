"""Moodle XML: every question type as Moodle's own, in a category named after the lesson.

Moodle shuffles choices itself, so one file serves every variant. Images named in the
Markdown travel inside the file as base64 ``<file>`` elements.
"""

from __future__ import annotations

from pipeline.export.document import export_file
from pipeline.render.context import RenderContext, Rendered


def render(ctx: RenderContext) -> Rendered | None:
    """``quiz.moodle.xml``, or None when the lesson has no worksheet."""
    return export_file(ctx, "export/moodle/quiz.xml")
