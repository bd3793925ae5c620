"""GIFT, Moodle's plain-text question format: the types it can express, escaped right.

A type GIFT cannot express (ordering; a fill-in-the-blank with several blanks; matching
with fewer than three pairs) is left out with a warning naming the question.
"""

from __future__ import annotations

from pipeline.export.document import export_text
from pipeline.render.context import RenderContext, Rendered


def render(ctx: RenderContext) -> Rendered | None:
    """``quiz.gift.txt``, or None when the lesson has no worksheet."""
    if ctx.lesson.worksheet is None:
        return None
    text, job = export_text(ctx, "export/gift/quiz.txt")
    return Rendered(text.encode("utf-8"), len(job.presented) - len(job.skipped),
                    tuple(job.skipped))
