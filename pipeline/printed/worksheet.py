"""The student's worksheet (Lembar Kerja), one PDF per variant."""

from __future__ import annotations

from pipeline.printed.document import render_flexible
from pipeline.questions.arrange import Presented, arrange, sections
from pipeline.render.context import RenderContext, Rendered


def title(ctx: RenderContext) -> str:
    """The worksheet's own title, else "<label>: <lesson title>" in the project's words."""
    sheet = ctx.lesson.worksheet
    return sheet.title if sheet and sheet.title else \
        f"{ctx.labels['worksheet']}: {ctx.lesson.title}"


def presented(ctx: RenderContext) -> list[Presented]:
    """The questions in this variant's printed order."""
    sheet = ctx.lesson.worksheet
    return arrange(ctx.lesson.id, sheet.questions, sheet.shuffle, ctx.options.variant)


def arguments(ctx: RenderContext) -> dict[str, object]:
    """What the worksheet and answer-key templates are given besides the lesson: this
    variant's questions in the order students see them."""
    return {"variant": ctx.options.variant, "worksheet_title": title(ctx),
            "presented": presented(ctx), "sections": sections}


def render(ctx: RenderContext) -> Rendered | None:
    """The worksheet PDF, or None when the lesson has no worksheet."""
    if ctx.lesson.worksheet is None:
        return None
    return render_flexible(ctx, "print/worksheet.html", **arguments(ctx))
