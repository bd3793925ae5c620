"""The handout: the lesson's reading material as a typeset PDF."""

from __future__ import annotations

from pipeline.printed.document import render_pdf
from pipeline.render.context import RenderContext, Rendered


def render(ctx: RenderContext) -> Rendered:
    """The handout PDF."""
    return render_pdf(ctx, "print/handout.html")
