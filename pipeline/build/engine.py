"""Build every lesson's changed targets, in-process or in a pool; never stop at a failure.

A target whose inputs hash the same as last time (``cache``) and whose files are unchanged
is skipped. The others are built in-process (``jobs == 1``, one task per lesson) or in a
pool of worker processes, one task per target, longest first (``pool.py``). A bad lesson
never stops the others.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pipeline.build import cache
from pipeline.build.assembly import assemble
from pipeline.build.discover import find_lessons, lesson_id, project_root_for
from pipeline.build.lock import locked
from pipeline.build.manifest import Outcome, write_manifest
from pipeline.build.plan import BuildOptions, Target, plan
from pipeline.build.pool import WorkerPool, prestart, run, schedule
from pipeline.build.worker import TaskResult
from pipeline.errors import LessonInvalid, Problem, display_name


@dataclass
class LessonResult:
    """What happened to one lesson file: its problems and each of its targets."""

    lesson: Path
    problems: list[Problem] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    is_lesson: bool = True              # False: the project's settings or a labels file

    @property
    def failures(self) -> list[str]:
        """Failed targets, and invalid ones when no problem of the lesson says why."""
        errors = any(not p.warning for p in self.problems)
        return [o.error or "failed" for o in self.outcomes
                if o.status == "failed" or (o.status == "invalid" and not errors)]

    @property
    def ok(self) -> bool:
        return not self.failures and not any(not p.warning for p in self.problems)


class Reporter(Protocol):
    def start(self, lessons: int) -> None: ...
    def note(self, text: str) -> None: ...
    def __call__(self, result: LessonResult) -> None: ...


class _Silent:
    def start(self, lessons: int) -> None:
        pass

    def note(self, text: str) -> None:
        pass

    def __call__(self, result: LessonResult) -> None:
        pass


def validate(paths: Iterable[Path], project: Path) -> list[LessonResult]:
    """Load every lesson found and collect its problems."""
    from pipeline.lesson.loader import load_lesson
    from pipeline.lesson.settings import settings_problems
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
    for root in roots:          # a project's labels and settings are checked like its lessons
        checked = {**project_problems(root), **settings_problems(root)}
        results += [LessonResult(p, problems, is_lesson=False) for p, problems in checked.items()]
    return results


def build(paths: Iterable[Path], out_dir: Path, project: Path, options: BuildOptions,
          report: Reporter | None = None, pool: WorkerPool | None = None) -> list[LessonResult]:
    """Build every lesson's changed targets into ``out_dir/<lesson-id>/``; write
    ``out_dir/manifest.json`` and the cache; return one LessonResult per lesson.
    One build at a time holds the output folder (a second one waits). ``pool``: worker
    processes kept warm by the caller (the preview) instead of started for this build."""
    report = report or _Silent()
    planned = plan(paths, project, options)
    with locked(out_dir, report.note):
        return _build(planned, out_dir, options, report, pool)


def _duplicate_ids(planned: list[Target]) -> dict[Path, Problem]:
    """Lessons that would write the same output folder: an error for each, naming the other."""
    by_id: dict[str, list[Target]] = {}
    for target in {t.lesson: t for t in planned}.values():
        by_id.setdefault(lesson_id(target.lesson), []).append(target)
    problems = {}
    for lesson_id_, targets in by_id.items():
        for target in targets if len(targets) > 1 else ():
            others = ", ".join(t.name for t in targets if t is not target)
            problems[target.lesson] = Problem(
                display_name(target.lesson), 1, 1, "id", f'the lesson id "{lesson_id_}" is '
                f"also used by {others}; both would write output/{lesson_id_}/",
                "give one of them another `id:` (or rename the file)")
    return problems


def _build(planned: list[Target], out_dir: Path, options: BuildOptions,
           report: Reporter, pool: WorkerPool | None) -> list[LessonResult]:
    records, ignored = cache.load_cache(out_dir)
    if ignored:
        report.note(f"{out_dir / cache.CACHE_NAME}: ignored {ignored} cache record(s) that "
                    "were not valid; those targets are rebuilt")
    clashes = _duplicate_ids(planned)
    assembled: dict[Path, list[Target]] = {}
    for target in [t for t in planned if t.output.after]:
        assembled.setdefault(target.lesson, []).append(target)
    planned = [t for t in planned if not t.output.after]
    results: dict[Path, LessonResult] = {p: LessonResult(p) for p in assembled}
    todo: dict[Path, list[Target]] = {}
    keys: dict[str, tuple[str, str]] = {}      # ident -> (inputs key, context key)
    memo: dict[Path, str] = {}
    loaded: dict[Path, object] = {}
    started = False
    for target in planned:
        result = results.setdefault(target.lesson, LessonResult(target.lesson))
        if target.lesson in clashes:
            result.problems = [clashes[target.lesson]]
            result.outcomes.append(target.outcome("invalid",
                                                  error=clashes[target.lesson].message))
            continue
        try:
            context = cache.context_key(cache.templates_hash(target.root, memo),
                                        target.output.name,
                                        target.output.cache_options(target.options))
            keys[target.ident] = (cache.target_key(target.lesson, context), context)
        except OSError:
            keys[target.ident] = ("", "")
        record = records.get(target.ident)
        if target.output.laid_out and not started and \
                (options.force or not record or record.get("inputs") != keys[target.ident][0]):
            prestart(options)           # a PDF may need laying out: load WeasyPrint meanwhile
            started = True
        if not options.force and _reusable(target, record, keys[target.ident], out_dir, loaded):
            record["inputs"] = keys[target.ident][0]
            result.outcomes.append(target.outcome(
                "up to date", lesson_id=record.get("lesson_id"), files=record.get("files", []),
                pages=record.get("pages"), deps=record.get("deps", {})))
        else:
            todo.setdefault(target.lesson, []).append(target)
    def done(path: Path) -> None:
        result = results[path]
        result.outcomes += assemble(assembled.get(path, []), result.outcomes, out_dir,
                                    records, options.force)
        report(result)

    report.start(len(results))
    for path in results:                      # lessons with nothing to build, reported first
        if path not in todo:
            done(path)
    tasks = schedule(todo, out_dir, options)
    pending = Counter(t.lesson for t in tasks)     # tasks left per lesson
    try:
        for finished in run(tasks, options, pool):
            _finish(results[finished.lesson], finished, records, keys)
            pending[finished.lesson] -= 1
            if not pending[finished.lesson]:
                done(finished.lesson)
    finally:        # also on Ctrl-C: keep what was built, never a half-written cache
        cache.save_cache(out_dir, records)
        write_manifest(out_dir, [o for r in results.values() for o in r.outcomes])
    return list(results.values())


def _reusable(target: Target, record: dict | None, key: tuple[str, str], out_dir: Path,
              loaded: dict[Path, object]) -> bool:
    """Up to date: built from these inputs, or from an earlier version of the lesson file
    whose fields this target read are unchanged (the lesson is then loaded here, once);
    either way its files and the files it read are unchanged."""
    inputs, context = key
    if not inputs or not record:
        return False
    if record.get("inputs") != inputs:
        from pipeline.build.content import unchanged, valid_lesson

        lesson = valid_lesson(target.lesson, target.root, loaded)
        if not unchanged(record, context, lesson):
            return False
    return cache.still_valid(record, record["inputs"], out_dir)


def _finish(result: LessonResult, done: TaskResult, records: dict[str, dict],
            keys: dict[str, tuple[str, str]]) -> None:
    """Fold one task's result into its lesson's result and the cache records. Problems are
    gathered from every task, not taken from the last: a lesson saved again during a build
    (``serve``) can be loaded broken by one task and whole by the next, and its invalid
    targets must still show why."""
    result.problems += [p for p in done.problems if p not in result.problems]
    for outcome in done.outcomes:
        result.outcomes.append(outcome)
        inputs, context = keys.get(outcome.ident, ("", ""))
        if outcome.status in ("built", "empty") and inputs:
            records[outcome.ident] = outcome.cache_record(inputs, context)
        else:
            records.pop(outcome.ident, None)
