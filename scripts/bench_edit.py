"""The edit-loop rows of ``make bench``: what a teacher waits for after saving a lesson.

The preview (``lessonpack serve``) rebuilds in two phases after a save: the web lesson in
its own process, then every other output in a pool of workers it keeps warm. This runs
the same two calls (``engine.build`` with the preview's options and pool) on a copy of
the seed lessons, editing one lesson before each round, and reports medians: the web
lesson after a save, and all outputs of the edited lesson after a save.
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


def edit_loop(runs: int) -> list[tuple[str, str]]:
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
                lesson.write_text(lesson.read_text() + f"\n# saved {run}\n")
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
    return [("serve: web lesson shown after a save (median)",
             f"{statistics.median(web) * 1000:.0f} ms"),
            (f"serve: every output of the saved lesson rebuilt, warm pool of {jobs} "
             "(median)", f"{statistics.median(everything):.2f} s")]
