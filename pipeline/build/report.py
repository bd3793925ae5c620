"""What a person sees while lessons are checked or built.

Problems always go to stderr, one located line each. During a build, a terminal gets a
progress bar naming the lesson just finished; a log (CI, a pipe) gets one plain line per
finished target instead, so the log reads the same on every machine.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.build.engine import LessonResult
from pipeline.build.manifest import Outcome
from pipeline.errors import display_name

UNITS = {".pdf": "page(s)", ".pptx": "slide(s)", ".html": "page(s)"}   # exports: questions
UNITS_BY_OUTPUT = {"zip": "file(s)"}


def problems(result: LessonResult) -> list[str]:
    """The lesson's problems and failures, one line each, as printed to stderr."""
    return [str(p) for p in result.problems] + [
        f"{display_name(result.lesson)}: {failure}" for failure in result.failures] + [
        f"{display_name(result.lesson)}: warning: {w}" for o in result.outcomes
        for w in o.warnings if o.status == "built"]


def target_line(outcome: Outcome, out_dir: Path) -> str | None:
    """``wrote output/x/handout.pdf (0.4 s, 5 page(s))`` or ``up to date ...``."""
    paths = [display_name(out_dir / f["path"]) for f in outcome.files]
    if outcome.status == "built" and paths:
        unit = UNITS_BY_OUTPUT.get(outcome.output) or \
            UNITS.get(Path(paths[0]).suffix, "question(s)")
        count = f", {outcome.pages} {unit}" if outcome.pages is not None else ""
        return f"wrote {paths[0]} ({outcome.seconds:.1f} s{count})"
    if outcome.status == "up to date":
        return f"up to date {', '.join(paths) or outcome.output}"
    return None


class BuildReporter:
    """Told the number of lessons once planned, then called once per finished lesson."""

    def __init__(self, out_dir: Path, quiet: bool = False, bar: bool | None = None):
        self.out_dir, self.quiet = out_dir, quiet
        self.bar = (sys.stderr.isatty() and not quiet) if bar is None else bar
        self.progress = None

    def __enter__(self) -> BuildReporter:
        return self

    def start(self, lessons: int) -> None:
        if self.bar:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self.progress = Progress(TextColumn("{task.description:<32.32}"), BarColumn(),
                                     MofNCompleteColumn(), TimeElapsedColumn(),
                                     console=Console(stderr=True), transient=True)
            self.progress.start()
            self.task = self.progress.add_task("lessons", total=lessons)

    def note(self, text: str) -> None:
        """A one-line remark that is not about one lesson (a lock, an ignored cache)."""
        if self.progress is not None:
            self.progress.console.print(text, markup=False, highlight=False)
        else:
            click.echo(text, err=True)

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def __call__(self, result: LessonResult) -> None:
        if self.progress is not None:
            for line in problems(result):
                self.progress.console.print(line, markup=False, highlight=False)
            self.progress.update(self.task, advance=1, description=result.lesson.stem)
            return
        for line in problems(result):
            click.echo(line, err=True)
        if not self.quiet:
            for outcome in result.outcomes:
                line = target_line(outcome, self.out_dir)
                if line:
                    click.echo(line)


def print_validation(results: list[LessonResult], strict: bool) -> int:
    """Print every problem and a count; return the number of lessons that fail."""
    for result in results:
        for line in problems(result):
            click.echo(line, err=True)
    failed = [r for r in results if not r.ok or (strict and bool(r.problems))]
    lessons = sum(r.is_lesson for r in results)
    bad = sum(r.is_lesson for r in failed)
    others = len(failed) - bad
    click.echo(f"{lessons - bad} of {lessons} lesson(s) valid"
               + (f"; {others} settings or labels file(s) with problems" if others else ""),
               err=bool(failed))
    return len(failed)


def summary(results: list[LessonResult], seconds: float) -> str:
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
