"""The handout: the lesson's reading material as a typeset PDF."""

from __future__ import annotations

from pipeline.model import Lesson
from pipeline.options import RenderOptions
from pipeline.printed import render_pdf


def render(lesson: Lesson, options: RenderOptions) -> bytes:
    """Return the handout PDF's bytes."""
    return render_pdf("handout.html", lesson, options)
