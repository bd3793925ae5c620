"""The outputs a lesson can be built into, and which options each one depends on.

Importing this module is cheap (no renderer is imported), so the build can plan and check
its cache without loading WeasyPrint.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, fields
from pathlib import Path

from pipeline.lesson.model import Lesson
from pipeline.render.context import RenderContext, Rendered, RenderOptions


@dataclass(frozen=True)
class Output:
    """One output: its file name, its renderer module and the options it reads."""

    name: str
    file: str
    module: str                         # has ``render(ctx) -> Rendered | None`` (or ``function``)
    options: tuple[str, ...]            # RenderOptions fields that change its bytes
    function: str = "render"            # the renderer's name in ``module``

    @property
    def per_variant(self) -> bool:
        return "variant" in self.options

    def file_name(self, variant: str | None) -> str:
        """``worksheet.pdf`` -> ``worksheet-A.pdf`` for variant A."""
        stem, dot, ext = self.file.rpartition(".")
        return f"{stem}-{variant}{dot}{ext}" if variant else self.file

    def cache_options(self, options: RenderOptions) -> dict[str, object]:
        """Only the options this output reads: changing another one never rebuilds it."""
        return {f.name: getattr(options, f.name) for f in fields(options)
                if f.name in self.options}

    def render(self, ctx: RenderContext) -> Rendered | None:
        return getattr(importlib.import_module(self.module), self.function)(ctx)


OUTPUTS: dict[str, Output] = {o.name: o for o in (
    Output("handout", "handout.pdf", "pipeline.printed.handout", ("paper",)),
    Output("worksheet", "worksheet.pdf", "pipeline.printed.worksheet", ("paper", "variant")),
    Output("answer-key", "answer-key.pdf", "pipeline.printed.answer_key", ("paper", "variant")),
    Output("slides", "slides.pptx", "pipeline.slides.deck", ()),
    Output("web", "lesson.html", "pipeline.web.lesson", ("variants",)),
    Output("moodle", "quiz.moodle.xml", "pipeline.export.moodle", ()),
    Output("gift", "quiz.gift.txt", "pipeline.export.gift", ()),
    Output("qti", "quiz.qti.zip", "pipeline.export.qti", ()),
    Output("quizizz", "quiz.quizizz.xlsx", "pipeline.export.quizgame", (), "render_quizizz"),
    Output("kahoot", "quiz.kahoot.xlsx", "pipeline.export.quizgame", ("variant",),
           "render_kahoot"),
)}


def render_output(name: str, lesson: Lesson, project_root: Path,
                  options: RenderOptions | None = None) -> Rendered | None:
    """Render one output of a lesson in this process (what a build worker does per target)."""
    ctx = RenderContext(lesson, project_root.resolve(), options or RenderOptions())
    return OUTPUTS[name].render(ctx)
