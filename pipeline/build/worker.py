"""One task of the build: load a lesson once and render some of its targets (in a worker).

Renderer modules are imported only here, when a target is actually built, so planning and
a no-op rebuild never load WeasyPrint.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.build.cache import dependencies
from pipeline.build.files import write_atomic
from pipeline.build.manifest import Outcome
from pipeline.build.plan import Target
from pipeline.errors import LessonInvalid, LessonpackError, Problem


@dataclass(frozen=True)
class Task:
    """Targets of one lesson that one worker builds together (the lesson is loaded once)."""

    lesson: Path
    out_dir: Path
    targets: tuple[Target, ...]


@dataclass
class TaskResult:
    """The lesson's problems (errors and warnings) and one outcome per target."""

    lesson: Path
    problems: list[Problem] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)


def resident_mb() -> float | None:
    """This process's resident memory, to show that workers do not grow (Linux only)."""
    try:
        with open("/proc/self/statm") as statm:
            return round(int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)
    except (OSError, ValueError, IndexError):
        return None


def _outcome(target: Target, status: str, **extra) -> Outcome:
    return Outcome(target.ident, target.name, target.output.name, target.options.variant,
                   status, **extra)


def _render(target: Target, lesson, out_dir: Path, outcome: Outcome) -> None:
    from pipeline.render.context import RenderContext

    ctx = RenderContext(lesson, target.root, target.options)
    try:
        rendered = target.output.render(ctx)
        if rendered is None:            # e.g. no worksheet in this lesson
            outcome.status = "empty"
        else:
            relative = f"{lesson.id}/{target.output.file_name(target.options.variant)}"
            write_atomic(out_dir / relative, rendered.data)
            outcome.files = [{"path": relative, "size": len(rendered.data),
                              "sha256": hashlib.sha256(rendered.data).hexdigest()}]
            outcome.pages = rendered.pages
        outcome.deps = dependencies(ctx.reads, target.root)
    except LessonpackError as exc:
        outcome.status, outcome.error = "failed", f"{target.output.name}: {exc}"
    except Exception as exc:  # noqa: BLE001 - one output failing must not stop the rest
        outcome.status = "failed"
        outcome.error = f"{target.output.name}: internal error: {type(exc).__name__}: {exc}"


def run_task(task: Task) -> TaskResult:
    """Load the lesson and build each target; never raises for a user's mistake."""
    from pipeline.lesson.loader import load_lesson

    start = time.perf_counter()
    result = TaskResult(task.lesson)
    share = max(len(task.targets), 1)
    try:
        lesson, result.problems = load_lesson(task.lesson, task.targets[0].root)
    except LessonInvalid as exc:
        result.problems = exc.problems
        seconds = (time.perf_counter() - start) / share
        result.outcomes = [_outcome(t, "invalid", seconds=seconds,
                                    error=f"{len(exc.problems)} problem(s) in the lesson file")
                           for t in task.targets]
        return result
    load_seconds = (time.perf_counter() - start) / share
    for target in task.targets:
        start = time.perf_counter()
        outcome = _outcome(target, "built", lesson_id=lesson.id)
        _render(target, lesson, task.out_dir, outcome)
        outcome.seconds = time.perf_counter() - start + load_seconds
        outcome.worker_mb = resident_mb()
        result.outcomes.append(outcome)
    return result
