"""The teacher's answer key (Kunci Jawaban), computed from the arrangement students see."""

from __future__ import annotations

from pipeline import templating, variants
from pipeline.model import Lesson
from pipeline.options import RenderOptions
from pipeline.printed import render_pdf
from pipeline.worksheet import title


def render(lesson: Lesson, options: RenderOptions) -> bytes | None:
    """Return the answer key PDF, or None when the lesson has no worksheet."""
    if lesson.worksheet is None:
        return None
    labels = templating.labels(lesson.language, options.project_root)
    return render_pdf("answer-key.html", lesson, options, variant=options.variant,
                      worksheet_title=title(lesson),
                      presented=variants.arrange(lesson, options.variant),
                      grid_answer=lambda p: variants.grid_answer(p, labels))
