"""Find lessons, render the requested outputs, write them atomically, report each result.

A bad lesson never stops the others: its problems are reported and the build goes on.
Renderer modules are imported only when a target actually needs them.
"""

from __future__ import annotations

import importlib
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.options import RenderOptions
from pipeline.problems import LessonInvalid, Problem

# output name -> (file name, module with ``render(lesson, options) -> bytes``)
OUTPUTS: dict[str, tuple[str, str]] = {
    "handout": ("handout.pdf", "pipeline.handout"),
    "worksheet": ("worksheet.pdf", "pipeline.worksheet"),
    "answer-key": ("answer-key.pdf", "pipeline.answer_key"),
}
VARIANT_OUTPUTS = {"worksheet", "answer-key"}
SKIP_DIRS = {"templates", "output", ".git", ".venv", "node_modules"}


class UsageProblem(Exception):
    """The command was called wrongly (exit code 2), e.g. a path that does not exist."""


@dataclass
class Result:
    """What happened to one lesson file (and each of its outputs)."""

    lesson: Path
    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures and not any(not p.warning for p in self.problems)


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


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and rename, so no half file is left."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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


def build(paths: Iterable[Path], out_dir: Path, project: Path, paper: str, only: list[str],
          variants: int = 1, report: Callable[[Result], None] = lambda r: None) -> list[Result]:
    """Build every lesson's outputs into ``out_dir/<lesson-id>/``; never stops at a failure."""
    from pipeline.loader import load_lesson
    from pipeline.templating import TemplateProblem

    results = []
    for path in find_lessons(paths):
        start = time.perf_counter()
        result = Result(path)
        root = project_root_for(path, project)
        try:
            lesson, result.problems = load_lesson(path, root)
        except LessonInvalid as exc:
            result.problems = exc.problems
        else:
            for name, variant in targets(only, variants):
                file_name, module = OUTPUTS[name]
                options = RenderOptions(project_root=root, paper=paper, variant=variant)
                try:
                    data = importlib.import_module(module).render(lesson, options)
                    if data is None:        # e.g. no worksheet in this lesson
                        continue
                    target = out_dir / lesson.id / variant_name(file_name, variant)
                    write_atomic(target, data)
                    result.written.append(target)
                except TemplateProblem as exc:
                    result.failures.append(f"{name}: {exc}")
                except Exception as exc:  # noqa: BLE001 - one output failing must not stop the rest
                    result.failures.append(f"{name}: internal error: {type(exc).__name__}: {exc}")
        result.seconds = time.perf_counter() - start
        report(result)
        results.append(result)
    return results
