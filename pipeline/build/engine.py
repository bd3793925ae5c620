"""Build every lesson's changed targets, in-process or in a pool; never stop at a failure.

A target whose inputs hash the same as last time (``cache``) and whose files are unchanged
is skipped. The others are grouped per lesson into tasks (a lesson is loaded once per
task) and built in-process (``jobs == 1``) or in a pool of worker processes that keep
WeasyPrint, fonts and templates loaded across tasks. A bad lesson never stops the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pipeline.build import cache
from pipeline.build.discover import find_lessons, project_root_for
from pipeline.build.manifest import Outcome, write_manifest
from pipeline.build.plan import BuildOptions, Target, plan
from pipeline.build.worker import Task, TaskResult, run_task
from pipeline.errors import LessonInvalid, Problem

# Pango, HarfBuzz and fontconfig keep small native caches per distinct document (about
# 25 KB a lesson, measured), so workers are replaced after this many tasks each and their
# memory stays flat on curricula of any size. A fresh pool per batch, not
# ``max_tasks_per_child``: that option deadlocked the executor here (Python 3.11).
TASKS_PER_WORKER = 50


@dataclass
class LessonResult:
    """What happened to one lesson file: its problems and each of its targets."""

    lesson: Path
    problems: list[Problem] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failures(self) -> list[str]:
        return [o.error or "failed" for o in self.outcomes if o.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failures and not any(not p.warning for p in self.problems)


class Reporter(Protocol):
    def start(self, lessons: int) -> None: ...
    def __call__(self, result: LessonResult) -> None: ...


class _Silent:
    def start(self, lessons: int) -> None:
        pass

    def __call__(self, result: LessonResult) -> None:
        pass


def validate(paths: Iterable[Path], project: Path) -> list[LessonResult]:
    """Load every lesson found and collect its problems."""
    from pipeline.lesson.loader import load_lesson
    from pipeline.render.labels import project_problems

    results, roots = [], []
    for path in find_lessons(paths):
        result = LessonResult(path)
        root = project_root_for(path, project)
        roots += [root] if root not in roots else []
        try:
            _, result.problems = load_lesson(path, root)
        except LessonInvalid as exc:
            result.problems = exc.problems
        results.append(result)
    for root in roots:          # a project's labels files are checked like its lessons
        results += [LessonResult(p, problems) for p, problems in project_problems(root).items()]
    return results


def _tasks(todo: dict[Path, list[Target]], out_dir: Path, jobs: int) -> list[Task]:
    """One task per lesson; with fewer lessons than workers (one lesson edited), one task per
    target, so every core is busy."""
    if jobs > 1 and len(todo) < jobs:
        return [Task(path, out_dir, (t,)) for path, group in todo.items() for t in group]
    return [Task(path, out_dir, tuple(group)) for path, group in todo.items()]


def _pool(jobs: int):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method))


def _run(tasks: list[Task], jobs: int):
    """Yield each task's result as it finishes."""
    if jobs <= 1 or len(tasks) <= 1:
        yield from map(run_task, tasks)
        return
    from concurrent.futures import as_completed

    batch = TASKS_PER_WORKER * jobs
    for offset in range(0, len(tasks), batch):          # a fresh pool per batch: see above
        chunk = tasks[offset:offset + batch]
        with _pool(min(jobs, len(chunk))) as pool:
            try:
                for future in as_completed([pool.submit(run_task, t) for t in chunk]):
                    yield future.result()
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise


def build(paths: Iterable[Path], out_dir: Path, project: Path, options: BuildOptions,
          report: Reporter | None = None) -> list[LessonResult]:
    """Build every lesson's changed targets into ``out_dir/<lesson-id>/``; write
    ``out_dir/manifest.json`` and the cache; return one LessonResult per lesson."""
    report = report or _Silent()
    planned = plan(paths, project, options)
    records = cache.load_cache(out_dir)
    results: dict[Path, LessonResult] = {}
    todo: dict[Path, list[Target]] = {}
    keys: dict[str, str] = {}
    memo: dict[Path, str] = {}
    for target in planned:
        result = results.setdefault(target.lesson, LessonResult(target.lesson))
        try:
            keys[target.ident] = cache.target_key(
                target.lesson, cache.templates_hash(target.root, memo), target.output.name,
                target.output.cache_options(target.options))
        except OSError:
            keys[target.ident] = ""
        record = records.get(target.ident)
        if keys[target.ident] and not options.force and \
                cache.still_valid(record, keys[target.ident], out_dir):
            result.outcomes.append(Outcome(
                target.ident, target.name, target.output.name, target.options.variant,
                "up to date", record.get("lesson_id"), record.get("files", []),
                record.get("pages"), deps=record.get("deps", {})))
        else:
            todo.setdefault(target.lesson, []).append(target)
    report.start(len(results))
    for path, result in results.items():      # lessons with nothing to build, reported first
        if path not in todo:
            report(result)
    tasks = _tasks(todo, out_dir, options.jobs)
    pending = {path: sum(t.lesson == path for t in tasks) for path in todo}
    try:
        for done in _run(tasks, options.jobs):
            _finish(results[done.lesson], done, records, keys)
            pending[done.lesson] -= 1
            if not pending[done.lesson]:
                report(results[done.lesson])
    finally:        # also on Ctrl-C: keep what was built, never a half-written cache
        cache.save_cache(out_dir, records)
        write_manifest(out_dir, [o for r in results.values() for o in r.outcomes])
    return list(results.values())


def _finish(result: LessonResult, done: TaskResult, records: dict[str, dict],
            keys: dict[str, str]) -> None:
    """Fold one task's result into its lesson's result and the cache records."""
    result.problems = done.problems
    for outcome in done.outcomes:
        result.outcomes.append(outcome)
        if outcome.status in ("built", "empty") and keys.get(outcome.ident):
            records[outcome.ident] = outcome.cache_record(keys[outcome.ident])
        else:
            records.pop(outcome.ident, None)
