"""GIFT, Moodle's plain-text question format: the types it can express, escaped right.

A type GIFT cannot express (ordering; a fill-in-the-blank with several blanks; matching
with fewer than two pairs, which Moodle's importer needs) is left out with a warning naming
the question.
"""

from __future__ import annotations

from pipeline.export.document import export_file
from pipeline.render.context import RenderContext, Rendered


def render(ctx: RenderContext) -> Rendered | None:
    """``quiz.gift.txt``, or None when the lesson has no worksheet."""
    return export_file(ctx, "export/gift/quiz.txt")
