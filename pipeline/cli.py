"""The ``lessonpack`` command: options only; the work is done by the core packages.

Core modules are imported inside the commands so that ``--help`` stays instant. Every
user-facing error derives from ``pipeline.errors.LessonpackError``; ``_guard`` turns it into
a message and its exit code in this one place.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

PAPERS = ("a4", "letter", "f4")


class Parsed(click.ParamType):
    """An option parsed by a core function (``pipeline.build.plan.<parser>``), lazily."""

    def __init__(self, name: str, parser: str):
        self.name, self.parser = name, parser

    def convert(self, value, param, ctx):
        from pipeline.build import plan
        from pipeline.errors import UsageProblem

        try:
            return value if isinstance(value, tuple) else getattr(plan, self.parser)(value)
        except UsageProblem as exc:
            self.fail(str(exc), param, ctx)


OutputList = Parsed("LIST", "parse_outputs")     # --only handout,slides
Shard = Parsed("K/N", "parse_shard")             # --shard 2/4


def _guard(command):
    """Turn a LessonpackError into its message and exit code; no traceback for a user."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from pipeline.errors import EXIT_INTERRUPTED, EXIT_USAGE, LessonpackError

        try:
            return command(*args, **kwargs)
        except LessonpackError as exc:
            if exc.exit_code == EXIT_USAGE:
                raise click.UsageError(str(exc)) from None
            click.echo(str(exc), err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            # The cache and manifest are already saved (the engine's finally). Leave now:
            # the process pool's exit hook would otherwise write to pipes the
            # interrupted pool has closed and print a traceback.
            click.echo("interrupted: what was built before stays built and cached", err=True)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(EXIT_INTERRUPTED)

    return wrapper


def _named(ctx, param, value):
    """An empty name (``-o ''``, ``--roster ''``) is a mistake, not the current folder or
    no roster."""
    if value == "":
        raise click.BadParameter("is empty; name a file or folder")
    return value


def _paths(values: tuple[str, ...]) -> list[Path]:
    return [Path(v) for v in values] or [Path("lessons")]


project_option = click.option(
    "--project", type=click.Path(file_okay=False, exists=True), default=".",
    show_default=True, callback=_named,
    help="Project folder: its templates/ override the built-in ones; images must stay inside.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="lessonpack")
def main() -> None:
    """Turn lesson YAML files into handouts, worksheets, answer keys and slides.

    Exit codes: 0 all good, 1 a lesson is invalid or failed to build, 2 wrong usage.
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@project_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@_guard
def validate(paths: tuple[str, ...], project: str, strict: bool) -> None:
    """Check lesson files (files or folders; default lessons/) and print every problem."""
    from pipeline.build.engine import validate as check
    from pipeline.build.report import print_validation

    sys.exit(1 if print_validation(check(_paths(paths), Path(project)), strict) else 0)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), default="output",
              show_default=True, callback=_named,
              help="Folder for the results (one subfolder per lesson).")
@click.option("--paper", type=click.Choice(PAPERS), default=None,
              help="Paper size of the PDFs (F4 is 215 x 330 mm); default: the project's "
                   "lessonpack.yaml, else a4.")
@click.option("--only", type=OutputList, default=None,
              help="Comma-separated outputs to build, e.g. handout,slides (default: all).")
@click.option("--variants", type=click.IntRange(1, 26), default=1, show_default=True,
              help="Worksheet variants A, B, ... with shuffled questions, each with its key.")
@project_option
@click.option("-j", "--jobs", type=click.IntRange(1, None), default=None,
              help="Worker processes (default: number of cores); 1 builds in-process.")
@click.option("--force", is_flag=True, help="Rebuild every target, even those up to date.")
@click.option("--shard", type=Shard, default=None,
              help="Build only share K of N (stable split of the targets, for CI matrices).")
@click.option("--large-print", is_flag=True,
              help="Also print handout, worksheet and key in 18 pt large print (*-large.pdf).")
@click.option("--booklet", is_flag=True,
              help="Also impose handout and worksheet as A5 booklets on A4 or F4 sheets "
                   "(*-booklet.pdf), for duplex printing, folding and stapling.")
@click.option("--roster", type=click.Path(dir_okay=False), default=None, callback=_named,
              help="A class list (CSV with columns nomor, nama): one named worksheet per "
                   "student in class-<roster>.pdf, variants in turn.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems and the summary.")
@_guard
def build(paths: tuple[str, ...], out_dir: str, paper: str, only: tuple[str, ...] | None,
          variants: int, project: str, jobs: int | None, force: bool,
          shard: tuple[int, int] | None, large_print: bool, booklet: bool,
          roster: str | None, quiet: bool) -> None:
    """Build lessons (files or folders; default lessons/) into OUTPUT/<lesson-id>/.

    Only targets whose inputs changed are rebuilt (content hashes in
    OUTPUT/.lessonpack-cache.json); OUTPUT/manifest.json lists every target.
    """
    import os
    import time

    from pipeline.build.engine import build as run
    from pipeline.build.plan import BuildOptions
    from pipeline.build.report import BuildReporter, summary

    start = time.perf_counter()
    forms = tuple(f for f, wanted in (("large", large_print), ("booklet", booklet)) if wanted)
    options = BuildOptions(paper=paper, variants=variants, jobs=jobs or os.cpu_count() or 1,
                           force=force, shard=shard, forms=forms,
                           roster=Path(roster) if roster else None,
                           **({"outputs": only} if only else {}))
    with BuildReporter(Path(out_dir), quiet) as report:
        results = run(_paths(paths), Path(out_dir), Path(project), options, report)
    click.echo(summary(results, time.perf_counter() - start))
    sys.exit(0 if all(r.ok for r in results) else 1)


@main.command()
@click.argument("lesson_id")
@click.option("-d", "--dir", "folder", type=click.Path(file_okay=False), default="lessons",
              show_default=True, help="Folder to write the new lesson into.")
@click.option("--language", type=click.Choice(("id", "en")), default="id", show_default=True)
@_guard
def new(lesson_id: str, folder: str, language: str) -> None:
    """Write a commented starter lesson LESSON_ID.yaml that validates and builds as is
    (and the JSON Schema beside it, for editors)."""
    from pipeline.lesson.starter import write_starter

    click.echo(f"wrote {write_starter(lesson_id, Path(folder), language)}")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), default="output",
              show_default=True, callback=_named, help="Folder the preview builds into.")
@project_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default is this machine only.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--variants", type=click.IntRange(1, 26), default=1, show_default=True)
@_guard
def serve(paths: tuple[str, ...], out_dir: str, project: str, host: str, port: int,
          variants: int) -> None:
    """Preview the lessons in a browser; every save rebuilds what changed and reloads."""
    from pipeline.serve.app import serve as run

    run(_paths(paths), Path(out_dir), Path(project), host, port, variants)


@main.command()
@click.option("--markdown", is_flag=True, help="Print the format reference as Markdown.")
@click.option("--settings", is_flag=True, help="The schema of lessonpack.yaml instead.")
def schema(markdown: bool, settings: bool) -> None:
    """Print the lesson format's JSON Schema (for editors), or its reference (--markdown)."""
    if settings:
        import json

        from pipeline.lesson.schema import settings_schema

        click.echo(json.dumps(settings_schema(), indent=2, ensure_ascii=False))
    elif markdown:
        from pipeline.lesson.docs import reference

        click.echo(reference(), nl=False)
    else:
        from pipeline.lesson.starter import schema_text

        click.echo(schema_text(), nl=False)
