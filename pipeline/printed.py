"""Shared machinery of the PDF documents: template + print stylesheet + WeasyPrint."""

from __future__ import annotations

from pipeline import pdf, templating
from pipeline.model import Lesson
from pipeline.options import PAPERS, RenderOptions


def render_html(template: str, lesson: Lesson, options: RenderOptions, **extra: object) -> str:
    """The document's HTML, with the lesson's own printed labels."""
    return templating.render(template, options.project_root, lesson=lesson,
                             labels=templating.labels(lesson.language, options.project_root),
                             **extra)


def stylesheet(lesson: Lesson, options: RenderOptions) -> str:
    return templating.render("print.css", options.project_root, paper=PAPERS[options.paper],
                             labels=templating.labels(lesson.language, options.project_root))


def render_pdf(template: str, lesson: Lesson, options: RenderOptions, **extra: object) -> bytes:
    html = render_html(template, lesson, options, **extra)
    return pdf.html_to_pdf(html, stylesheet(lesson, options), options.project_root,
                           lesson.path.resolve().parent)
