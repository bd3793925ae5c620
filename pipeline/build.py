"""Find lessons, plan their targets, build what changed (in a process pool), report each result.

The build is a list of targets: lesson x output x variant.  A target whose inputs hash the
same as last time (see ``pipeline.cache``) and whose files are unchanged is skipped.  The
others are grouped per lesson, so a lesson is loaded once per task, and built in-process
(``jobs == 1``) or in a pool of worker processes that each keep WeasyPrint, fonts and
templates loaded across tasks.  A bad lesson never stops the others: its problems are
reported and the build goes on.  Renderer modules are imported only when a target is built.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import os
import re
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from pipeline.files import write_atomic, write_json_atomic
from pipeline.options import RenderOptions
from pipeline.problems import LessonInvalid, Problem

# output name -> (file name, module with ``render(lesson, options) -> bytes``)
OUTPUTS: dict[str, tuple[str, str]] = {
    "handout": ("handout.pdf", "pipeline.handout"),
    "worksheet": ("worksheet.pdf", "pipeline.worksheet"),
    "answer-key": ("answer-key.pdf", "pipeline.answer_key"),
    "slides": ("slides.pptx", "pipeline.slides"),
}
VARIANT_OUTPUTS = {"worksheet", "answer-key"}
SKIP_DIRS = {"templates", "output", ".git", ".venv", "node_modules"}
MANIFEST_NAME = "manifest.json"
PDF_PAGE_RE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
PDF_STREAM_RE = re.compile(rb"/Type\s*/ObjStm.*?stream\r?\n(.*?)endstream", re.DOTALL)
SLIDE_RE = re.compile(r"ppt/slides/slide\d+\.xml")


class UsageProblem(Exception):
    """The command was called wrongly (exit code 2), e.g. a path that does not exist."""


@dataclass
class Outcome:
    """What happened to one target.  ``status``: built, up to date, empty, failed, invalid."""

    ident: str
    lesson: str
    output: str
    variant: str | None
    status: str
    lesson_id: str | None = None
    files: list[dict] = field(default_factory=list)   # {path (relative to out_dir), sha256, size}
    pages: int | None = None
    seconds: float = 0.0
    error: str | None = None
    worker_mb: float | None = None  # resident memory of the process that built it

    def manifest_entry(self) -> dict:
        return {"lesson": self.lesson, "lesson_id": self.lesson_id, "output": self.output,
                "variant": self.variant, "status": self.status, "files": self.files,
                "pages": self.pages, "seconds": round(self.seconds, 3), "error": self.error,
                "worker_mb": self.worker_mb}


@dataclass
class Result:
    """What happened to one lesson file (and each of its targets)."""

    lesson: Path
    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and not any(not p.warning for p in self.problems)


@dataclass(frozen=True)
class Target:
    """One thing to build: an output (and variant) of one lesson."""

    lesson: Path
    root: Path
    output: str
    variant: str | None
    ident: str          # "lesson-path:output:variant", the stable name used by cache and shards


def find_lessons(paths: Iterable[Path]) -> list[Path]:
    """Lesson files named directly, or found below folders (sorted, hidden ones skipped)."""
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
                found += [Path(root) / f for f in sorted(files)
                          if f.endswith((".yaml", ".yml")) and not f.startswith(".")]
        else:
            raise UsageProblem(f"no such file or folder: {path}")
    return list(dict.fromkeys(found))


def project_root_for(lesson: Path, project: Path) -> Path:
    """The project is the given folder when the lesson is inside it, else the lesson's folder."""
    lesson, project = lesson.resolve(), project.resolve()
    return project if lesson.is_relative_to(project) else lesson.parent


def parse_only(value: str | None) -> list[str]:
    """``--only handout,slides`` -> output names, checked against the known outputs."""
    if not value:
        return list(OUTPUTS)
    names = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [n for n in names if n not in OUTPUTS]
    if unknown:
        raise UsageProblem(f"unknown output {', '.join(unknown)}; choose from "
                           + ", ".join(OUTPUTS))
    return names


def parse_shard(value: str | None) -> tuple[int, int] | None:
    """``--shard K/N`` -> (K, N) with 1 <= K <= N."""
    if not value:
        return None
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", value)
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise UsageProblem(f"--shard wants K/N with 1 <= K <= N, e.g. 2/4, not {value!r}")
    return int(match.group(1)), int(match.group(2))


def in_shard(ident: str, shard: tuple[int, int] | None) -> bool:
    """Stable share: sha1 of the target's name modulo N picks its shard, on every machine."""
    if shard is None:
        return True
    k, n = shard
    return int(hashlib.sha1(ident.encode()).hexdigest(), 16) % n == k - 1


def validate(paths: Iterable[Path], project: Path) -> list[Result]:
    from pipeline.loader import load_lesson

    results = []
    for path in find_lessons(paths):
        result = Result(path)
        try:
            _, result.problems = load_lesson(path, project_root_for(path, project))
        except LessonInvalid as exc:
            result.problems = exc.problems
        results.append(result)
    return results


def variant_name(file_name: str, variant: str | None) -> str:
    """``worksheet.pdf`` -> ``worksheet-A.pdf`` for variant A."""
    stem, dot, ext = file_name.rpartition(".")
    return f"{stem}-{variant}{dot}{ext}" if variant else file_name


def targets(only: list[str], variants: int) -> list[tuple[str, str | None]]:
    """(output, variant) pairs for one lesson, in a stable order."""
    from pipeline.variants import variant_letters

    letters = variant_letters(variants)
    return [(name, v) for name in only for v in (letters if name in VARIANT_OUTPUTS else [None])]


def lesson_name(lesson: Path, project: Path) -> str:
    """The lesson's path relative to the project (posix), or absolute when outside it."""
    absolute, project = lesson.resolve(), project.resolve()
    if absolute.is_relative_to(project):
        return absolute.relative_to(project).as_posix()
    return absolute.as_posix()


def plan(paths: Iterable[Path], project: Path, only: list[str], variants: int = 1,
         shard: tuple[int, int] | None = None) -> list[Target]:
    """Every target of every lesson found, in a stable order, limited to one shard if given."""
    planned = []
    for path in find_lessons(paths):
        root, name = project_root_for(path, project), lesson_name(path, project)
        for output, variant in targets(only, variants):
            ident = f"{name}:{output}:{variant or ''}"
            if in_shard(ident, shard):
                planned.append(Target(path, root, output, variant, ident))
    return planned


def _count_pdf_pages(data: bytes) -> int:
    """Page objects, also inside compressed object streams (a full PDF parser costs 100x)."""
    count = len(PDF_PAGE_RE.findall(data))
    for match in PDF_STREAM_RE.finditer(data):
        with contextlib.suppress(zlib.error):
            count += len(PDF_PAGE_RE.findall(zlib.decompress(match.group(1))))
    return count


def count_pages(data: bytes, file_name: str) -> int | None:
    """Pages of a PDF (page objects) or slides of a PPTX (slide parts); cheap, no parser."""
    if file_name.endswith(".pdf"):
        return _count_pdf_pages(data)
    if file_name.endswith(".pptx"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                return sum(bool(SLIDE_RE.fullmatch(n)) for n in archive.namelist())
        except zipfile.BadZipFile:
            return None
    return None


def build_lesson(path: Path, root: Path, out_dir: Path, paper: str, variants: int,
                 todo: list[tuple[str, str | None, str]], lesson: str
                 ) -> tuple[list[Problem], list[Outcome]]:
    """Load one lesson and build the given (output, variant, ident) targets.  Runs in workers."""
    from pipeline.loader import load_lesson
    from pipeline.templating import TemplateProblem

    start = time.perf_counter()
    try:
        loaded, problems = load_lesson(path, root)
    except LessonInvalid as exc:
        seconds = (time.perf_counter() - start) / max(len(todo), 1)
        return exc.problems, [Outcome(ident, lesson, output, variant, "invalid", seconds=seconds,
                                      error=f"{len(exc.problems)} problem(s) in the lesson file")
                              for output, variant, ident in todo]
    outcomes = []
    load_seconds = (time.perf_counter() - start) / max(len(todo), 1)
    for output, variant, ident in todo:
        start = time.perf_counter()
        file_name, module = OUTPUTS[output]
        outcome = Outcome(ident, lesson, output, variant, "built", loaded.id)
        options = RenderOptions(project_root=root, paper=paper, variant=variant)
        try:
            data = importlib.import_module(module).render(loaded, options)
            if data is None:        # e.g. no worksheet in this lesson
                outcome.status = "empty"
            else:
                relative = f"{loaded.id}/{variant_name(file_name, variant)}"
                write_atomic(out_dir / relative, data)
                outcome.files = [{"path": relative, "size": len(data),
                                  "sha256": hashlib.sha256(data).hexdigest()}]
                outcome.pages = count_pages(data, file_name)
        except TemplateProblem as exc:
            outcome.status, outcome.error = "failed", f"{output}: {exc}"
        except Exception as exc:  # noqa: BLE001 - one output failing must not stop the rest
            outcome.status = "failed"
            outcome.error = f"{output}: internal error: {type(exc).__name__}: {exc}"
        outcome.seconds = time.perf_counter() - start + load_seconds
        outcome.worker_mb = resident_mb()
        outcomes.append(outcome)
    return problems, outcomes


def resident_mb() -> float | None:
    """This process's resident memory, to show that workers do not grow (Linux only)."""
    try:
        with open("/proc/self/statm") as statm:
            return round(int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)
    except (OSError, ValueError, IndexError):
        return None


# Pango, HarfBuzz and fontconfig keep small native caches per distinct document (about
# 25 KB a lesson, measured), so workers are replaced after this many tasks each and their
# memory stays flat on curricula of any size, at the cost of one re-import of WeasyPrint per
# batch. A fresh pool per batch, not ``max_tasks_per_child``: that option deadlocked the
# executor here (Python 3.11) when it had to replace a worker.
TASKS_PER_WORKER = 50


def _pool(jobs: int):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method))


def build(paths: Iterable[Path], out_dir: Path, project: Path, paper: str, only: list[str],
          variants: int = 1, report: Callable[[Result], None] = lambda r: None,
          jobs: int = 1, force: bool = False, shard: tuple[int, int] | None = None
          ) -> list[Result]:
    """Build every lesson's changed targets into ``out_dir/<lesson-id>/``; never stops at a
    failure.  Writes ``out_dir/manifest.json`` and the cache; returns one Result per lesson."""
    from pipeline import cache

    planned = plan(paths, project, only, variants, shard)
    records = cache.load_cache(out_dir)
    results: dict[Path, Result] = {}
    groups: dict[Path, list[Target]] = {}
    keys: dict[str, str] = {}
    memo: dict[Path, str] = {}
    for target in planned:
        result = results.setdefault(target.lesson, Result(target.lesson))
        try:
            digest = cache.lesson_hash(target.lesson)
        except OSError:
            digest = None
        options = {"output": target.output, "variant": target.variant, "paper": paper,
                   "variants": variants}
        key = cache.target_key(digest, cache.templates_hash(target.root, memo),
                               options) if digest else ""
        keys[target.ident] = key
        record = records.get(target.ident)
        if key and not force and cache.still_valid(record, key, out_dir):
            result.outcomes.append(Outcome(
                target.ident, lesson_name(target.lesson, project), target.output, target.variant,
                "up to date", record.get("lesson_id"), record.get("files", []),
                record.get("pages")))
        else:
            groups.setdefault(target.lesson, []).append(target)

    def finish(path: Path, problems: list[Problem], outcomes: list[Outcome]) -> None:
        result = results[path]
        result.problems = problems
        pending[path] -= 1
        for outcome in outcomes:
            result.outcomes.append(outcome)
            result.seconds += outcome.seconds
            result.written += [out_dir / f["path"] for f in outcome.files]
            if outcome.status in ("built", "empty") and keys.get(outcome.ident):
                records[outcome.ident] = {"inputs": keys[outcome.ident], "files": outcome.files,
                                          "pages": outcome.pages, "lesson_id": outcome.lesson_id}
            else:
                records.pop(outcome.ident, None)
                if outcome.status == "failed":
                    result.failures.append(outcome.error or "failed")
        if not pending[path]:
            report(result)

    for path, result in results.items():      # lessons with nothing to build, reported first
        if path not in groups:
            report(result)
    # One task per lesson loads it once; with fewer lessons than workers (one lesson edited),
    # one task per target keeps every core busy instead.
    split = jobs > 1 and len(groups) < jobs
    chunks = ([(path, [t]) for path, group in groups.items() for t in group] if split
              else list(groups.items()))
    work = [(path, chunk[0].root, out_dir, paper, variants,
             [(t.output, t.variant, t.ident) for t in chunk], lesson_name(path, project))
            for path, chunk in chunks]
    pending = {path: sum(job[0] == path for job in work) for path in groups}
    try:
        if jobs <= 1 or len(work) <= 1:
            for job in work:
                finish(job[0], *build_lesson(*job))
        else:
            from concurrent.futures import as_completed

            batch = TASKS_PER_WORKER * jobs
            for offset in range(0, len(work), batch):   # a fresh pool per batch: see above
                jobs_now = work[offset:offset + batch]
                with _pool(min(jobs, len(jobs_now))) as pool:
                    try:
                        futures = {pool.submit(build_lesson, *job): job[0] for job in jobs_now}
                        for future in as_completed(futures):
                            finish(futures[future], *future.result())
                    except BaseException:
                        pool.shutdown(wait=True, cancel_futures=True)
                        raise
    finally:        # also on Ctrl-C: keep what was built, never a half-written cache
        cache.save_cache(out_dir, records)
        write_manifest(out_dir, [o for r in results.values() for o in r.outcomes])
    return list(results.values())


def write_manifest(out_dir: Path, outcomes: list[Outcome]) -> None:
    """``manifest.json``: every target of this build, sorted by lesson, output and variant."""
    entries = [o.manifest_entry() for o in sorted(outcomes, key=lambda o: o.ident)]
    write_json_atomic(out_dir / MANIFEST_NAME, {"format": 1, "targets": entries})


def summary(results: list[Result], seconds: float) -> str:
    """``21 built, 3 up to date, 1 failed in 4.2 s`` (invalid lessons count as failed)."""
    counts: dict[str, int] = {}
    for outcome in (o for r in results for o in r.outcomes):
        status = "failed" if outcome.status == "invalid" else outcome.status
        counts[status] = counts.get(status, 0) + 1
    parts = [f"{counts.get('built', 0)} built", f"{counts.get('up to date', 0)} up to date",
             f"{counts.get('failed', 0)} failed"]
    if counts.get("empty"):
        parts.append(f"{counts['empty']} with nothing to write")
    return ", ".join(parts) + f" in {seconds:.1f} s"
