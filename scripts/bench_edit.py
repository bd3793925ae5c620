"""The edit-loop rows of ``make bench``: what a teacher waits for after saving a lesson.

The preview (``lessonpack serve``) rebuilds in two phases after a save: the web lesson in
its own process, then every other output in a pool of workers it keeps warm. This runs
the same two calls (``engine.build`` with the preview's options and pool) on a copy of
the seed lessons, editing one word of one lesson before each round (in the reading, or in
a question), and reports medians: the web lesson after a save, and all outputs of the
edited lesson current after a save (an output that did not read the edited part is
reused, as in a real preview).
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "lessons").glob("*.yaml"))
# What a teacher edits: a word in the reading (the first section's text) or in a question
# (the first prompt). The build rebuilds only the outputs that read the edited part.
EDITS = {"reading": ("sections:", "body:"), "question": ("questions:", "prompt:")}


def edit_lesson(path: Path, part: str, run: int) -> None:
    """Change one word of ``part`` (a key of EDITS), differently on every run."""
    lines = path.read_text(encoding="utf-8").split("\n")
    section, key = EDITS[part]
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(section))
    at = next(i for i in range(start, len(lines)) if lines[i].strip().startswith(key))
    value = lines[at].split(":", 1)[1].strip()
    if value in ("", "|", ">", "|-", ">-"):             # a block: edit its first line
        at += 1
    line, word = lines[at].rstrip(), f" edit{run}"
    quoted = line.endswith(('"', "'")) and value[:1] in ('"', "'")
    lines[at] = line[:-1] + word + line[-1] if quoted else line + word
    path.write_text("\n".join(lines), encoding="utf-8")


def edit_loop(runs: int) -> list[tuple[str, str]]:
    """The serve rows for a reading edit and for a question edit."""
    return [row for part in EDITS for row in _edit_loop(runs, part)]


def _edit_loop(runs: int, part: str) -> list[tuple[str, str]]:
    from pipeline.build.engine import build
    from pipeline.build.plan import BuildOptions
    from pipeline.build.pool import WorkerPool
    from pipeline.render.outputs import OUTPUTS

    jobs = os.cpu_count() or 1
    rest = tuple(o for o in OUTPUTS if o != "web")
    with tempfile.TemporaryDirectory(prefix="lessonpack-edit-") as tmp:
        project = Path(tmp)
        (project / "lessons").mkdir()
        for seed in SEEDS:
            shutil.copy(seed, project / "lessons" / seed.name)
        paths, out = [project / "lessons"], project / "output"
        pool = WorkerPool(jobs) if jobs > 1 else None
        web, everything = [], []
        try:
            for run in range(runs + 1):              # the first round warms the workers
                lesson = project / "lessons" / SEEDS[run % len(SEEDS)].name
                edit_lesson(lesson, part, run)
                start = time.perf_counter()
                build(paths, out, project, BuildOptions(outputs=("web",), jobs=jobs))
                middle = time.perf_counter()
                build(paths, out, project, BuildOptions(outputs=rest, jobs=jobs,
                                                        first=("handout",)), pool=pool)
                end = time.perf_counter()
                if run:
                    web.append(middle - start)
                    everything.append(end - start)
        finally:
            if pool is not None:
                pool.close()
    return [(f"serve, {part} edited: web lesson shown after a save (median)",
             f"{statistics.median(web) * 1000:.0f} ms"),
            (f"serve, {part} edited: every output of the saved lesson current, warm pool "
             f"of {jobs} (median)", f"{statistics.median(everything):.2f} s")]
