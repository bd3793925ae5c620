"""``lessonpack new``: a commented starter lesson that validates and builds unchanged.

The starter names the JSON Schema in its first line (``# yaml-language-server:
$schema=lesson.schema.json``) and the schema is written beside it, so an editor with the
YAML extension completes keys and underlines mistakes at once.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.build.files import write_atomic
from pipeline.errors import UsageProblem
from pipeline.lesson.limits import MAX_ID
from pipeline.lesson.reader import SLUG_RE
from pipeline.render.templates import make_environment, render

SCHEMA_FILE = "lesson.schema.json"


def schema_text() -> str:
    from pipeline.lesson.schema import lesson_schema

    return json.dumps(lesson_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(folder: Path) -> Path:
    """Write (or refresh) the format's JSON Schema in ``folder``."""
    path = folder / SCHEMA_FILE
    text = schema_text()
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        write_atomic(path, text.encode("utf-8"))
    return path


def write_starter(lesson_id: str, folder: Path, language: str = "id") -> Path:
    """Write ``folder/<lesson_id>.yaml`` in the lesson's language; never overwrite."""
    if not SLUG_RE.fullmatch(lesson_id) or len(lesson_id) > MAX_ID:
        raise UsageProblem(f'"{lesson_id}" is not a valid lesson id: use lowercase letters, '
                           f"digits and single hyphens, at most {MAX_ID} of them, e.g. kerja-sama")
    path = folder / f"{lesson_id}.yaml"
    if path.exists():
        raise UsageProblem(f"{path} already exists; choose another id or edit that file")
    title = lesson_id.replace("-", " ").title()
    env = make_environment(None, autoescape=False)
    text = render(env, f"starter/{language}.yaml", None, id=lesson_id, title=title,
                  language=language, schema=SCHEMA_FILE)
    write_atomic(path, text.encode("utf-8"))
    write_schema(folder)
    return path
