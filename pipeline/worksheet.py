"""The student's worksheet (Lembar Kerja), one PDF per variant."""

from __future__ import annotations

from pipeline import templating, variants
from pipeline.model import Lesson
from pipeline.options import RenderOptions
from pipeline.printed import render_pdf


def title(lesson: Lesson) -> str:
    labels = templating.labels(lesson.language, None)
    return (lesson.worksheet.title if lesson.worksheet and lesson.worksheet.title
            else f"{labels['worksheet']}: {lesson.title}")


def render(lesson: Lesson, options: RenderOptions) -> bytes | None:
    """Return the worksheet PDF, or None when the lesson has no worksheet."""
    if lesson.worksheet is None:
        return None
    return render_pdf("worksheet.html", lesson, options, variant=options.variant,
                      worksheet_title=title(lesson),
                      presented=variants.arrange(lesson, options.variant))
