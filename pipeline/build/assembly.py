"""Assembled outputs (the lesson's pack PDF and its zip), made in the build's own process
from the files its other targets wrote, once they are all done.

They are cached like any target: their key is the hash of the files they are made from,
so an unchanged lesson's pack and zip are not made again.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.build import cache
from pipeline.build.files import write_output
from pipeline.build.manifest import Outcome
from pipeline.build.plan import Target
from pipeline.errors import LessonpackError
from pipeline.render.outputs import OUTPUTS

DONE = ("built", "up to date")
ASSEMBLED = {name for name, output in OUTPUTS.items() if output.after}


@dataclass(frozen=True)
class Part:
    """One file an assembled output is made from."""

    output: str
    variant: str | None
    form: str
    path: Path                          # absolute
    relative: str                       # as the manifest names it


def _parts_of(target: Target, outcomes: list[Outcome]) -> list[Outcome]:
    """The outcomes an assembled target is made from: the outputs it names, in their normal
    printed form; or (``*``) every file the lesson's other targets wrote (not the other
    assembled ones)."""
    after = target.output.after
    if "*" in after:
        return [o for o in outcomes if o.output not in ASSEMBLED]
    return [o for o in outcomes if o.output in after and not o.form]


def assemble(targets: list[Target], outcomes: list[Outcome], out_dir: Path,
             records: dict[str, dict], force: bool) -> list[Outcome]:
    """Make (or find up to date) each assembled target of one lesson, pack before zip."""
    made = []
    for target in targets:
        made.append(_one(target, [*outcomes, *made], out_dir, records, force))
    return made


def _one(target: Target, outcomes: list[Outcome], out_dir: Path, records: dict[str, dict],
         force: bool) -> Outcome:
    parts = _parts_of(target, outcomes)
    lesson_id = next((o.lesson_id for o in outcomes if o.lesson_id), None)
    broken = [o for o in parts if o.status not in (*DONE, "empty")]
    if lesson_id is None or any(o.status == "invalid" for o in broken):
        return target.outcome("invalid", error="the lesson has problems")
    if broken:
        names = ", ".join(sorted({o.output for o in broken}))
        return target.outcome("failed", lesson_id=lesson_id,
                              error=f"{target.output.name}: not made, because {names} failed")
    done = [(o, f) for o in parts if o.status in DONE for f in o.files]
    files = [Part(o.output, o.variant, o.form, out_dir / f["path"], f["path"]) for o, f in done]
    key = hashlib.sha256(json.dumps([
        target.output.name, cache.pipeline_version(),
        sorted((f["path"], f["sha256"]) for _, f in done)]).encode()).hexdigest()
    record = records.get(target.ident)
    if not force and cache.still_valid(record, key, out_dir):
        return target.outcome("up to date", lesson_id=lesson_id, files=record["files"],
                              pages=record.get("pages"))
    relative = target.output.relative(lesson_id, target.options)
    start = time.perf_counter()
    try:
        module = importlib.import_module(target.output.module)
        rendered = getattr(module, target.output.function)(files)
        written = write_output(out_dir, relative, rendered.data)
    except (LessonpackError, OSError, ValueError) as exc:
        records.pop(target.ident, None)
        return target.outcome("failed", lesson_id=lesson_id,
                              error=f"{target.output.name}: {exc}")
    outcome = target.outcome("built", lesson_id=lesson_id, pages=rendered.pages,
                             seconds=time.perf_counter() - start, files=[written])
    records[target.ident] = outcome.cache_record(key)
    return outcome
