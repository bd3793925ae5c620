"""One task of the build: load a lesson once and render some of its targets (in a worker).

Renderer modules are imported only here, when a target is actually built, so planning and
a no-op rebuild never load WeasyPrint.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.build.cache import dependencies
from pipeline.build.files import write_output
from pipeline.build.manifest import Outcome
from pipeline.build.plan import Target
from pipeline.errors import LessonInvalid, LessonpackError, Problem, display_name
from pipeline.stamps import settled, stamp


class TargetTimeout(LessonpackError):
    """A target ran longer than the limit per target."""


@dataclass(frozen=True)
class Task:
    """Targets of one lesson that one worker builds together (the lesson is loaded once)."""

    lesson: Path
    out_dir: Path
    targets: tuple[Target, ...]
    seconds: float = 120.0              # time limit per target


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a killed, unreaped parent counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        return True


def _watch(parent: int) -> None:
    while _alive(parent):
        time.sleep(0.2)
    os._exit(1)                         # the build is gone: never linger with its memory


def init_worker(parent: int, memory_mb: int) -> None:
    """In each pool worker: leave Ctrl-C to the main process, exit when it dies, and cap
    the worker's memory so one runaway target fails alone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    cap_memory(memory_mb)


def cap_memory(memory_mb: int) -> tuple[int, int] | None:
    """Lower this process's data limit to ``memory_mb`` (never raise it); the limits before,
    to restore, or None when nothing changed."""
    if not memory_mb:
        return None
    import resource

    limit = memory_mb * 2**20
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if (soft != resource.RLIM_INFINITY and soft <= limit) or (
            hard != resource.RLIM_INFINITY and hard <= limit):
        return None
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    return soft, hard


@contextmanager
def capped(memory_mb: int) -> Iterator[None]:
    """The worker's memory limit while this process builds in-process (``-j 1``): a
    runaway template fails its target instead of taking the machine's memory."""
    before = cap_memory(memory_mb)
    try:
        yield
    finally:
        if before is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_DATA, before)


def _on_alarm(signum, frame) -> None:
    raise TargetTimeout("timeout")


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


def _render(target: Target, lesson, task: Task, outcome: Outcome) -> None:
    from pipeline.build.content import LessonReads, read_record
    from pipeline.render.context import RenderContext

    reads = LessonReads(lesson)
    ctx = RenderContext(reads, target.root, target.options)  # type: ignore[arg-type]
    name = target.output.name
    timed = threading.current_thread() is threading.main_thread() and task.seconds > 0
    if timed:
        signal.signal(signal.SIGALRM, _on_alarm)
        # fires at the limit, then every second: an alarm swallowed by a callback (gc) recurs
        signal.setitimer(signal.ITIMER_REAL, task.seconds, 1.0)
    try:
        rendered = target.output.render(ctx)
        if rendered is None:            # e.g. no worksheet in this lesson
            outcome.status = "empty"
        else:
            relative = target.output.relative(lesson.id, target.options)
            outcome.files = [write_output(task.out_dir, relative, rendered.data)]
            outcome.pages = rendered.pages
            outcome.warnings = [f"{name}: {w}" for w in rendered.warnings]
        outcome.deps = dependencies(ctx.reads, target.root)
        outcome.content = read_record(reads, lesson)
    except TargetTimeout:
        outcome.status = "failed"
        outcome.error = (f"{name}: stopped after {task.seconds:g} s, the time limit per "
                         "target (hint: shorten the lesson or split it)")
    except MemoryError:
        outcome.status = "failed"
        outcome.error = f"{name}: ran out of memory (the limit per build worker)"
    except LessonpackError as exc:
        outcome.status, outcome.error = "failed", f"{name}: {exc}"
    except Exception as exc:  # noqa: BLE001 - one output failing must not stop the rest
        outcome.status = "failed"
        outcome.error = f"{name}: internal error: {type(exc).__name__}: {exc}"
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)


_LOADED: dict[tuple, tuple] = {}         # (path, root, *stamp) -> (lesson, problems)
LOADED_MAX = 8                          # lessons a process keeps loaded (the oldest goes)


def load_once(path: Path, root: Path):
    """A lesson loaded once per process while its file is unchanged: targets of one lesson
    are separate tasks, often run by the same worker one after another, and the build
    loads an edited lesson to see which targets it changed before building them."""
    from pipeline.lesson.loader import load_lesson

    try:
        info = path.stat()
    except OSError:                     # a dangling link: the loader says what is wrong
        return load_lesson(path, root)
    key = (path, root, *stamp(info))
    loaded = _LOADED.get(key)
    if loaded is None:
        loaded = load_lesson(path, root)
        if settled(info):                # just written: another write could keep the stamp
            if len(_LOADED) >= LOADED_MAX:
                _LOADED.pop(next(iter(_LOADED)))
            _LOADED[key] = loaded
    lesson, problems = loaded
    return lesson, list(problems)


def run_task(task: Task) -> TaskResult:
    """Load the lesson and build each target; never raises for a user's mistake."""
    start = time.perf_counter()
    result = TaskResult(task.lesson)
    share = max(len(task.targets), 1)
    try:
        lesson, result.problems = load_once(task.lesson, task.targets[0].root)
    except MemoryError:
        result.outcomes = [t.outcome("failed", error=f"{t.output.name}: ran out of memory "
                                     "(the limit per build worker)") for t in task.targets]
        return result
    except (LessonInvalid, Exception) as exc:  # noqa: BLE001 - a lesson never stops a batch
        result.problems = exc.problems if isinstance(exc, LessonInvalid) else [Problem(
            display_name(task.lesson), 1, 1, "lesson",
            f"could not be read: {type(exc).__name__}: {exc}")]
        seconds = (time.perf_counter() - start) / share
        error = f"{len(result.problems)} problem(s) in the lesson file"
        result.outcomes = [t.outcome("invalid", seconds=seconds, error=error)
                           for t in task.targets]
        return result
    load_seconds = (time.perf_counter() - start) / share
    for target in task.targets:
        start = time.perf_counter()
        outcome = target.outcome("built", lesson_id=lesson.id)
        _render(target, lesson, task, outcome)
        outcome.seconds = time.perf_counter() - start + load_seconds
        outcome.worker_mb = resident_mb()
        result.outcomes.append(outcome)
    return result
