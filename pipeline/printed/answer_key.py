"""The teacher's answer key (Kunci Jawaban), computed from the arrangement students see."""

from __future__ import annotations

from pipeline.printed.document import render_pdf
from pipeline.printed.worksheet import arguments
from pipeline.render.context import RenderContext, Rendered


def render(ctx: RenderContext) -> Rendered | None:
    """The answer key PDF, or None when the lesson has no worksheet."""
    if ctx.lesson.worksheet is None:
        return None
    return render_pdf(ctx, "print/answer-key.html", **arguments(ctx))
