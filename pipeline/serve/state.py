"""What the preview knows: the last build of every lesson, and who waits for the next."""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.build.discover import lesson_id
from pipeline.build.engine import LessonResult, build
from pipeline.build.plan import BuildOptions
from pipeline.build.pool import WorkerPool
from pipeline.errors import LessonpackError
from pipeline.render.outputs import OUTPUTS


@dataclass
class LessonView:
    """One lesson as the index shows it."""

    id: str
    path: Path
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)   # output name -> path under out_dir
    failures: list[str] = field(default_factory=list)


class Preview:
    """Builds the project and wakes the pages waiting for a change."""

    def __init__(self, paths: list[Path], out_dir: Path, project: Path, variants: int = 1):
        self.paths, self.out_dir, self.project = paths, out_dir, project
        self.variants = variants
        self.lessons: dict[str, LessonView] = {}
        self.generation = 0
        self.error: str | None = None
        self.changed = asyncio.Condition()
        self.lock = asyncio.Lock()
        self.jobs = os.cpu_count() or 1
        # Workers stay warm between saves: no start-up, imports or font loading per save.
        self.pool = WorkerPool(self.jobs) if self.jobs > 1 else None
        self.recent: list[str] = []     # outputs the user opened, the latest first

    def viewed(self, file_name: str) -> None:
        """Remember that a file was opened (``worksheet-A.pdf`` -> worksheet)."""
        for name, output in OUTPUTS.items():
            stem = output.file.rsplit(".", 1)[0]
            if "{" not in stem and file_name.startswith(stem):
                self.recent = [name, *(n for n in self.recent if n != name)][:3]
                return

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()

    def _build(self, outputs: tuple[str, ...]) -> list[LessonResult]:
        options = BuildOptions(outputs=outputs, jobs=self.jobs, variants=self.variants,
                               first=tuple(self.recent))     # paper: the project's settings
        return build(self.paths, self.out_dir, self.project, options, pool=self.pool)

    def _record(self, results: list[LessonResult]) -> None:
        lessons = {}
        for result in results:
            ident = next((o.lesson_id for o in result.outcomes if o.lesson_id), None) \
                or lesson_id(result.lesson)
            view = lessons.get(ident) or LessonView(ident, result.lesson)
            view.problems += [str(p) for p in result.problems if not p.warning]
            view.warnings += [str(p) for p in result.problems if p.warning]
            view.failures += result.failures
            view.files.update({o.output: f["path"] for o in result.outcomes for f in o.files})
            lessons[ident] = view
        for ident, view in lessons.items():        # keep files the first phase did not touch
            old = self.lessons.get(ident)
            if old is not None:
                view.files = {**old.files, **view.files}
        self.lessons = lessons

    async def rebuild(self) -> None:
        """The web lessons first (what an open tab shows), then every other output."""
        async with self.lock:
            for outputs in (("web",), tuple(o for o in OUTPUTS if o != "web")):
                try:
                    results = await asyncio.to_thread(self._build, outputs)
                    self.error = None
                except LessonpackError as exc:
                    results, self.error = [], str(exc)
                self._record(results)
                async with self.changed:
                    self.generation += 1
                    self.changed.notify_all()

    async def next_change(self, seen: int) -> int:
        """Wait until a build newer than ``seen`` has finished."""
        async with self.changed:
            await self.changed.wait_for(lambda: self.generation > seen)
            return self.generation
