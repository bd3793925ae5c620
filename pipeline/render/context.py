"""One target's render context: the lesson, its project, the options and the printed words.

Every renderer is ``render(ctx) -> Rendered | None``: it reads what the context gives it,
returns the file's bytes and page count, and writes nothing. The files it reads besides
the templates (images named in Markdown, an SVG for a slide) are recorded in
``ctx.reads`` so the build cache can tell when they change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:                       # planning a build must not import the format or YAML
    from pipeline.lesson.model import Lesson

PAPERS = {"a4": "210mm 297mm", "letter": "8.5in 11in", "f4": "215mm 330mm"}
# A booklet's page: half the sheet it is printed on, two to a side (A5 on A4).
HALF_PAPERS = {"a4": "148.5mm 210mm", "letter": "5.5in 8.5in", "f4": "165mm 215mm"}


def variant_letters(count: int) -> list[str | None]:
    """``--variants N`` -> [A, B, ...]; 0 or 1 variant means the plain worksheet."""
    if count <= 1:
        return [None]
    if count > 26:
        raise ValueError("at most 26 variants (A-Z)")
    return [chr(ord("A") + i) for i in range(count)]


@dataclass(frozen=True)
class RenderOptions:
    """What changes the output besides the lesson: paper size, worksheet variant, the
    printed form (large print, booklet) and a class set's roster."""

    paper: str = "a4"
    variant: str | None = None          # worksheet/answer-key variant letter, None = plain
    variants: int = 1                   # how many variants a build prints (the web quiz
                                        # offers each of them in turn)
    form: str = ""                      # "", "large" (large print) or "booklet" (A5 folded)
    roster: tuple[tuple[str, str, str], ...] = ()   # a class set's (number, name, class)
    roster_name: str = ""               # the roster file's stem, e.g. kelas-7a


@dataclass(frozen=True)
class Rendered:
    """A renderer's result: the file's bytes and its pages (or slides)."""

    data: bytes
    pages: int
    warnings: tuple[str, ...] = ()      # e.g. a question an export format cannot express


@dataclass
class RenderContext:
    """Everything one target's renderer needs, built once per target by the build."""

    lesson: Lesson
    project_root: Path
    options: RenderOptions = RenderOptions()
    reads: set[Path] = field(default_factory=set)

    @property
    def labels(self) -> dict[str, str]:
        from pipeline.render.labels import labels

        return labels(self.lesson.language, self.project_root)

    @property
    def settings(self):
        """The project's ``lessonpack.yaml`` (defaults when it has none)."""
        from pipeline.lesson.settings import load_settings

        return load_settings(self.project_root)

    @property
    def lesson_dir(self) -> Path:
        return self.lesson.path.resolve().parent
