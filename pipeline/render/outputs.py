"""The outputs a lesson can be built into, and which options each one depends on.

Importing this module is cheap (no renderer is imported), so the build can plan and check
its cache without loading WeasyPrint.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.render.context import RenderContext, Rendered, RenderOptions

if TYPE_CHECKING:
    from pipeline.lesson.model import Lesson


@dataclass(frozen=True)
class Output:
    """One output: its file name, its renderer module and the options it reads."""

    name: str
    file: str                           # "{id}" stands for the lesson id, "{roster}" for
                                        # the roster's name
    module: str                         # has ``render(ctx) -> Rendered | None`` (or ``function``)
    options: tuple[str, ...]            # RenderOptions fields that change its bytes
    function: str = "render"            # the renderer's name in ``module``
    forms: tuple[str, ...] = ()         # other printed forms it comes in ("large", "booklet")
    after: tuple[str, ...] = ()         # an assembled output: made from these outputs' files
    folder: bool = True                 # written in OUTPUT/<id>/ (else OUTPUT/ itself)
    laid_out: bool = False              # laid out by WeasyPrint: a process needs it loaded
                                        # (about a second) before it can render this one

    @property
    def per_variant(self) -> bool:
        return "variant" in self.options

    def file_name(self, variant: str | None, form: str = "", lesson_id: str = "",
                  roster: str = "") -> str:
        """``worksheet.pdf`` -> ``worksheet-A.pdf`` for variant A, ``worksheet-A-large.pdf``
        in large print."""
        stem, dot, ext = self.file.format(id=lesson_id, roster=roster).rpartition(".")
        suffix = "".join(f"-{part}" for part in (variant, form) if part)
        return f"{stem}{suffix}{dot}{ext}"

    def relative(self, lesson_id: str, options: RenderOptions) -> str:
        """Where the file goes, relative to the output folder."""
        name = self.file_name(options.variant, options.form, lesson_id, options.roster_name)
        return f"{lesson_id}/{name}" if self.folder else name

    def cache_options(self, options: RenderOptions) -> dict[str, object]:
        """Only the options this output reads: changing another one never rebuilds it."""
        return {f.name: getattr(options, f.name) for f in fields(options)
                if f.name in self.options}

    def render(self, ctx: RenderContext) -> Rendered | None:
        return getattr(importlib.import_module(self.module), self.function)(ctx)


PRINTED = ("paper", "variant", "form")
OUTPUTS: dict[str, Output] = {o.name: o for o in (
    Output("handout", "handout.pdf", "pipeline.printed.handout", ("paper", "form"),
           forms=("large", "booklet"), laid_out=True),
    Output("worksheet", "worksheet.pdf", "pipeline.printed.worksheet", PRINTED,
           forms=("large", "booklet"), laid_out=True),
    Output("answer-key", "answer-key.pdf", "pipeline.printed.answer_key", PRINTED,
           forms=("large",), laid_out=True),
    Output("slides", "slides.pptx", "pipeline.slides.deck", ()),
    Output("web", "lesson.html", "pipeline.web.lesson", ("variants",)),
    Output("moodle", "quiz.moodle.xml", "pipeline.export.moodle", ()),
    Output("gift", "quiz.gift.txt", "pipeline.export.gift", ()),
    Output("qti", "quiz.qti.zip", "pipeline.export.qti", ()),
    Output("quizizz", "quiz.quizizz.xlsx", "pipeline.export.quizgame", (), "render_quizizz"),
    Output("kahoot", "quiz.kahoot.xlsx", "pipeline.export.quizgame", ("variant",),
           "render_kahoot"),
    Output("pack", "{id}-pack.pdf", "pipeline.assemble.pack", (), "assemble",
           after=("handout", "worksheet", "answer-key")),
    Output("zip", "{id}.zip", "pipeline.assemble.archive", (), "assemble",
           after=("*",), folder=False),
)}
# Made only when asked for (``--roster``): every student's named worksheet in one PDF.
CLASS_SET = Output("class-set", "class-{roster}.pdf", "pipeline.printed.class_set",
                   ("paper", "variants", "roster", "roster_name"), laid_out=True)
EVERY_OUTPUT: dict[str, Output] = {**OUTPUTS, CLASS_SET.name: CLASS_SET}


def render_output(name: str, lesson: Lesson, project_root: Path,
                  options: RenderOptions | None = None) -> Rendered | None:
    """Render one output of a lesson in this process (what a build worker does per target)."""
    ctx = RenderContext(lesson, project_root.resolve(), options or RenderOptions())
    return EVERY_OUTPUT[name].render(ctx)
