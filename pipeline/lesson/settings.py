"""The project's settings, ``lessonpack.yaml`` at its root: optional, declared and checked
like a lesson. School, logo, teacher, academic year and semester are printed in the
headers of the handout, worksheet and key; paper and language set project defaults; the
worksheet blocks say what an LKPD carries besides its questions.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from yaml.nodes import Node

from pipeline.errors import FileInvalid, display_name
from pipeline.lesson.declare import ReadContext, key, read_object
from pipeline.lesson.images import check_image
from pipeline.lesson.model import LANGUAGES
from pipeline.lesson.reader import Reader
from pipeline.lesson.source import ROOT, FileKind, read_source
from pipeline.render.context import PAPERS
from pipeline.stamps import settled, stamp

SETTINGS_FILE = "lessonpack.yaml"


def read_logo(r: Reader, node: Node, where: str, ctx: ReadContext) -> Path | None:
    value = r.text(node, where)
    return None if value is None else check_image(r, node, where, value, ctx.lesson_dir,
                                                  ctx.project_root.resolve())


@dataclass(frozen=True, kw_only=True)
class WorksheetBlocks:
    """What the worksheet (LKPD) carries besides its questions."""

    objectives: bool = key("Print the learning objectives (Tujuan Pembelajaran).",
                           default=True)
    activities: bool = key("Print the activities with their steps.", default=False)


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Project settings (``lessonpack.yaml`` at the project root), all optional."""

    school: str | None = key("School name, printed in every header.", default=None)
    logo: Path | None = key("The school's logo: a PNG, JPEG or SVG inside the project.",
                            default=None, read=read_logo, schema={"type": "string"},
                            words="path")
    teacher: str | None = key("Teacher's name.", default=None)
    academic_year: str | None = key("e.g. 2025/2026.", default=None)
    semester: str | None = key("e.g. 1 (Ganjil) or 2 (Genap).", default=None)
    paper: str | None = key("Default paper size when --paper is not given.", choices=tuple(PAPERS),
                            default=None)
    language: str | None = key("Language of lessons that do not say.", choices=LANGUAGES,
                               default=None)
    worksheet: WorksheetBlocks = key("Blocks on the worksheet.", default=WorksheetBlocks(),
                                     default_doc="objectives on, activities off")

    @property
    def has_header(self) -> bool:
        return any((self.school, self.logo, self.teacher, self.academic_year, self.semester))


# Without a settings file, today's look: no school header, no extra worksheet blocks.
NO_SETTINGS = Settings(worksheet=WorksheetBlocks(objectives=False, activities=False))


_KEYS = "write the school's settings as keys, such as `school: SMA Negeri 1 Bandung`"
SETTINGS_KIND = FileKind("settings file", "settings", f"{_KEYS}, or delete the file", _KEYS)


@lru_cache(maxsize=32)
def _load(path: Path, stamp: tuple[int, ...], root: Path) -> Settings:
    source = read_source(path, display_name(path), SETTINGS_KIND)
    r = Reader(source)
    settings = read_object(r, Settings, source.root, ROOT, ReadContext(path, root))
    if any(not p.warning for p in r.problems) or settings is None:
        raise FileInvalid(r.problems)
    return settings


def settings_problems(project_root: Path) -> dict[Path, list]:
    """The settings file's problems, by file (for ``lessonpack validate``)."""
    try:
        load_settings(project_root)
    except FileInvalid as exc:
        return {project_root / SETTINGS_FILE: exc.problems}
    return {}


def load_settings(project_root: Path | None) -> Settings:
    """The project's settings, or the defaults when it has no ``lessonpack.yaml``."""
    if project_root is None:
        return Settings()
    path = project_root / SETTINGS_FILE
    try:
        info = os.stat(path)
    except OSError:
        return NO_SETTINGS
    load = _load if settled(info) else _load.__wrapped__     # just written: read it now
    return load(path, stamp(info), project_root.resolve())
