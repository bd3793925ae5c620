"""An edit rebuilds only the targets whose lesson fields changed (build/content.py).

The reuse must never serve a stale file: after an edit, every reused file is compared byte
for byte with a forced rebuild, and every output is rendered again with the fields it did
not read taken from another lesson, which must not change one byte.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from pipeline.build import engine
from pipeline.build.content import ALL, LessonReads
from pipeline.build.plan import BuildOptions
from pipeline.lesson.loader import load_lesson
from pipeline.render.context import RenderContext, RenderOptions
from pipeline.render.outputs import OUTPUTS

from .conftest import ROOT

PRINTED = ("handout", "worksheet", "answer-key", "gift")


def build(project: Path, out: str = "output", force: bool = False) -> dict[str, str]:
    engine.build([project / "lessons"], project / out, project,
                 BuildOptions(outputs=PRINTED, jobs=1, force=force))
    entries = json.loads((project / out / "manifest.json").read_text())["targets"]
    return {e["output"]: e["status"] for e in entries}


def test_an_edit_rebuilds_only_what_read_the_edited_part(tmp_path):
    (tmp_path / "lessons").mkdir()
    lesson = tmp_path / "lessons" / "kerja-sama.yaml"
    shutil.copy(ROOT / "lessons" / "kerja-sama.yaml", lesson)
    assert set(build(tmp_path).values()) == {"built"}

    text = lesson.read_text()                              # a word in the reading
    lesson.write_text(text.replace("adalah usaha bersama", "ialah usaha bersama", 1))
    assert build(tmp_path) == {"handout": "built", "worksheet": "up to date",
                               "answer-key": "up to date", "gift": "up to date"}
    text = lesson.read_text()                              # a word in a question
    lesson.write_text(text.replace("Kerja sama termasuk interaksi", "Kerja sama tergolong "
                                   "interaksi", 1))
    assert build(tmp_path) == {"handout": "up to date", "worksheet": "built",
                               "answer-key": "built", "gift": "built"}
    lesson.write_text(lesson.read_text() + "\n# a comment\n")      # nothing read changed
    assert set(build(tmp_path).values()) == {"up to date"}

    assert set(build(tmp_path, "fresh", force=True).values()) == {"built"}
    for name in ("handout.pdf", "worksheet.pdf", "answer-key.pdf", "quiz.gift.txt"):
        reused = (tmp_path / "output" / "kerja-sama" / name).read_bytes()
        assert reused == (tmp_path / "fresh" / "kerja-sama" / name).read_bytes(), name


def test_an_invalid_edit_is_built_and_reported_not_reused(tmp_path):
    (tmp_path / "lessons").mkdir()
    lesson = tmp_path / "lessons" / "kerja-sama.yaml"
    shutil.copy(ROOT / "lessons" / "kerja-sama.yaml", lesson)
    build(tmp_path)
    lesson.write_text(lesson.read_text().replace("sections:", "sectoins:", 1))
    assert set(build(tmp_path).values()) == {"invalid"}


@pytest.mark.parametrize("output", [o for o in OUTPUTS if not OUTPUTS[o].after])
def test_fields_an_output_did_not_read_do_not_change_it(output):
    """Render, note the fields read, swap every other field for another lesson's: the
    bytes stay the same (so reusing the file after such an edit is exact)."""
    root = ROOT
    lesson = load_lesson(root / "lessons" / "kerja-sama.yaml", root)[0]
    other = load_lesson(root / "lessons" / "aliansi.yaml", root)[0]
    reads = LessonReads(lesson)
    first = OUTPUTS[output].render(RenderContext(reads, root, RenderOptions()))
    assert ALL not in reads.names and reads.names, reads.names
    unread = {f.name for f in dataclasses.fields(lesson)} - reads.names - {"id", "path"}
    assert unread or output in ("web", "slides"), output
    swapped = dataclasses.replace(lesson, **{n: getattr(other, n) for n in unread})
    again = OUTPUTS[output].render(RenderContext(swapped, root, RenderOptions()))
    assert (first and first.data) == (again and again.data), sorted(unread)
