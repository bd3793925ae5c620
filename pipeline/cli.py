"""The ``lessonpack`` command: options only; the work is done by the core modules.

Core modules are imported inside the commands so that ``--help`` stays instant.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

PAPERS = ("a4", "letter", "f4")


def _paths(values: tuple[str, ...]) -> list[Path]:
    return [Path(v) for v in values] or [Path("lessons")]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="lessonpack")
def main() -> None:
    """Turn lesson YAML files into handouts, worksheets, answer keys and slides.

    Exit codes: 0 all good, 1 a lesson is invalid or failed to build, 2 wrong usage.
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--project", type=click.Path(file_okay=False), default=".", show_default=True,
              help="Project folder: its templates/ override the built-in ones; images must "
                   "stay inside it.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def validate(paths: tuple[str, ...], project: str, strict: bool) -> None:
    """Check lesson files (files or folders; default lessons/) and print every problem."""
    from pipeline import build as core

    try:
        results = core.validate(_paths(paths), Path(project))
    except core.UsageProblem as exc:
        raise click.UsageError(str(exc)) from None
    from pipeline.reporting import print_validation

    sys.exit(1 if print_validation(results, strict) else 0)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), default="output",
              show_default=True, help="Folder for the results (one subfolder per lesson).")
@click.option("--paper", type=click.Choice(PAPERS), default="a4", show_default=True,
              help="Paper size of the PDFs (F4 is 215 x 330 mm).")
@click.option("--only", metavar="LIST", help="Comma-separated outputs to build, e.g. handout.")
@click.option("--variants", type=click.IntRange(1, 26), default=1, show_default=True,
              help="Worksheet variants A, B, ... with shuffled questions, each with its key.")
@click.option("--project", type=click.Path(file_okay=False), default=".", show_default=True,
              help="Project folder (templates/ overrides, images).")
@click.option("-j", "--jobs", type=click.IntRange(1, None), default=None,
              help="Worker processes (default: number of cores); 1 builds in-process.")
@click.option("--force", is_flag=True, help="Rebuild every target, even those up to date.")
@click.option("--shard", metavar="K/N",
              help="Build only share K of N (stable split of the targets, for CI matrices).")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems and the summary.")
def build(paths: tuple[str, ...], out_dir: str, paper: str, only: str | None, variants: int,
          project: str, jobs: int | None, force: bool, shard: str | None, quiet: bool) -> None:
    """Build lessons (files or folders; default lessons/) into OUTPUT/<lesson-id>/.

    Only targets whose inputs changed are rebuilt (content hashes in
    OUTPUT/.lessonpack-cache.json); OUTPUT/manifest.json lists every target.
    """
    import os
    import time

    from pipeline import build as core
    from pipeline.reporting import BuildReporter

    start = time.perf_counter()
    try:
        outputs, shard_spec = core.parse_only(only), core.parse_shard(shard)
        lessons = core.find_lessons(_paths(paths))
        with BuildReporter(Path(out_dir), len(lessons), quiet) as report:
            results = core.build(lessons, Path(out_dir), Path(project), paper, outputs,
                                 variants=variants, jobs=jobs or os.cpu_count() or 1,
                                 force=force, shard=shard_spec, report=report)
    except core.UsageProblem as exc:
        raise click.UsageError(str(exc)) from None
    failed = sum(not r.ok for r in results)
    click.echo(core.summary(results, time.perf_counter() - start))
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("lesson_id")
@click.option("-d", "--dir", "folder", type=click.Path(file_okay=False), default="lessons",
              show_default=True, help="Folder to write the new lesson into.")
@click.option("--language", type=click.Choice(("id", "en")), default="id", show_default=True)
def new(lesson_id: str, folder: str, language: str) -> None:
    """Write a commented starter lesson LESSON_ID.yaml that validates and builds as is."""
    from pipeline import starter

    try:
        path = starter.write_starter(lesson_id, Path(folder), language)
    except starter.StarterProblem as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"wrote {path}")
