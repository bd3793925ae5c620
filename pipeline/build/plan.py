"""The build as a list of targets (lesson x output x variant), in a stable order, sharded."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.build.discover import find_lessons, lesson_name, project_root_for
from pipeline.build.manifest import Outcome
from pipeline.errors import UsageProblem
from pipeline.render.context import RenderOptions, variant_letters
from pipeline.render.outputs import CLASS_SET, OUTPUTS, Output


@dataclass(frozen=True)
class BuildOptions:
    """What the user asked for: outputs, paper, variants, parallelism, shard."""

    outputs: tuple[str, ...] = tuple(OUTPUTS)
    paper: str | None = None            # None: the project's lessonpack.yaml, else A4
    variants: int = 1
    jobs: int = 1
    force: bool = False
    shard: tuple[int, int] | None = None
    target_seconds: float = 120.0       # time limit per target (0: none)
    worker_mb: int = 2048               # memory limit per pool worker (0: none)
    forms: tuple[str, ...] = ()         # printed forms besides the normal one: large, booklet
    roster: Path | None = None          # a class list: one named worksheet per student
    first: tuple[str, ...] = ()         # outputs to build before the others (what the
                                        # preview's user has open)


@dataclass(frozen=True)
class Target:
    """One thing to build: an output (and variant) of one lesson."""

    lesson: Path
    root: Path                          # the lesson's project
    name: str                           # the lesson path relative to the project
    output: Output
    options: RenderOptions = field(default_factory=RenderOptions)

    @property
    def ident(self) -> str:
        """``lesson-path:output:variant[:form]``: the stable name used by the cache and
        shards."""
        extra = "".join(f":{part}" for part in (self.options.form, self.options.roster_name)
                        if part)
        return f"{self.name}:{self.output.name}:{self.options.variant or ''}{extra}"

    def outcome(self, status: str, **extra) -> Outcome:
        """This target's outcome (for the manifest and the cache)."""
        return Outcome(self.ident, self.name, self.output.name, self.options.variant, status,
                       form=self.options.form or self.options.roster_name, **extra)


ALIASES = {"quizgame": ("quizizz", "kahoot"),
           "pdf": ("handout", "worksheet", "answer-key")}


def parse_outputs(value: str | None) -> tuple[str, ...]:
    """``handout,slides`` -> output names, checked against the known outputs; the pack
    brings the PDFs it is made from, and the zip alone every output."""
    if value is None:
        return tuple(OUTPUTS)
    names = tuple(dict.fromkeys(name for v in value.split(",") if v.strip()
                                for name in ALIASES.get(v.strip(), (v.strip(),))))
    unknown = [n for n in names if n not in OUTPUTS]
    if unknown or not names:
        raise UsageProblem(f"unknown output {', '.join(unknown) or value!r}; choose from "
                           + ", ".join([*OUTPUTS, *ALIASES]))
    needed = {part for n in names for part in OUTPUTS[n].after}    # the zip (``*``) holds
    if "*" in needed and all(OUTPUTS[n].after for n in names):      # what the build makes:
        return tuple(OUTPUTS)                                       # alone, everything
    return tuple(n for n in OUTPUTS if n in names or n in needed)


def parse_shard(value: str) -> tuple[int, int]:
    """``K/N`` -> (K, N) with 1 <= K <= N."""
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


def _project_paper(root: Path) -> str:
    """The paper a project's settings ask for; a broken settings file is reported by the
    targets that read it, so planning falls back to A4."""
    if not (root / "lessonpack.yaml").is_file():     # no settings: nothing to import
        return "a4"
    from pipeline.errors import FileInvalid
    from pipeline.lesson.settings import load_settings

    try:
        return load_settings(root).paper or "a4"
    except FileInvalid:
        return "a4"


def plan(paths: Iterable[Path], project: Path, options: BuildOptions) -> list[Target]:
    """Every target of every lesson found, in a stable order, limited to one shard if given."""
    roster: tuple = ()
    if options.roster:
        from pipeline.lesson.roster import read_roster

        roster = read_roster(options.roster)
    planned = []
    for path in find_lessons(paths):
        root, name = project_root_for(path, project), lesson_name(path, project)
        paper = options.paper or _project_paper(root)
        for output in (OUTPUTS[o] for o in options.outputs):
            letters = variant_letters(options.variants) if output.per_variant else [None]
            forms = ("", *(f for f in options.forms if f in output.forms))
            for form in forms:
                for variant in letters:
                    planned.append(Target(path, root, name, output,
                                          RenderOptions(paper, variant, options.variants, form)))
        if roster:
            planned.append(Target(path, root, name, CLASS_SET, RenderOptions(
                paper, None, options.variants, roster=roster,
                roster_name=options.roster.stem)))
    # A pack or zip needs every part of its lesson, which a shard does not hold: a sharded
    # build leaves them to a final unsharded run (whose parts are then up to date).
    return [t for t in planned if in_shard(t.ident, options.shard)
            and not (options.shard and t.output.after)]
