"""Printed words per language, from ``templates/labels/<lang>.yaml``, validated like lessons.

The built-in Indonesian file declares which labels exist; a project's labels file may
override any of them, one key at a time. A misspelt key or a YAML error is a located
problem naming the file, never silently ignored.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pipeline.errors import FileInvalid, Problem, TemplateProblem, display_name
from pipeline.lesson.reader import Reader
from pipeline.lesson.source import ROOT, FileKind, join, read_source
from pipeline.render.folders import BUILTIN, confine, template_dirs
from pipeline.stamps import settled, stamp

DECLARING = BUILTIN / "labels" / "id.yaml"


_KEYS = "write each printed word to change as a key, such as `worksheet: Lembar Kerja`"
LABELS_KIND = FileKind("labels file", "labels", _KEYS, _KEYS)


def read_labels(path: Path, allowed: tuple[str, ...] | None) -> dict[str, str]:
    """One labels file as text values; unknown keys (when ``allowed`` is given) are errors."""
    source = read_source(path, display_name(path), LABELS_KIND)
    r = Reader(source)
    keys = tuple(getattr(k, "value", "") for k, _ in source.root.value)
    found = r.mapping(source.root, ROOT, (), allowed if allowed is not None else keys,
                      "a mapping of label: text") or {}
    values = {name: r.text(node, join(ROOT, name)) for name, node in found.items()}
    if any(not p.warning for p in r.problems):
        raise FileInvalid(r.problems)
    return {k: v for k, v in values.items() if v is not None}


@lru_cache(maxsize=1)
def label_keys() -> tuple[str, ...]:
    """Every label that exists: the keys of the built-in Indonesian labels."""
    return tuple(read_labels(DECLARING, None))


def project_problems(project_root: Path) -> dict[Path, list]:
    """Every problem of the project's own labels files (for ``validate``)."""
    found = {}
    folder = project_root / "templates" / "labels"
    if folder.resolve() != (BUILTIN / "labels").resolve():
        for path in sorted(folder.glob("*.yaml")):
            try:
                confine(path, project_root)
                read_labels(path, label_keys())
            except FileInvalid as exc:
                found[path] = exc.problems
            except TemplateProblem as exc:
                found[path] = [Problem(display_name(path), 1, 1, "labels", str(exc))]
    return found


def labels(language: str, project_root: Path | None) -> dict[str, str]:
    """Printed words for one language; a project's labels file overrides single keys.
    Read again only when a labels file changes (a preview server lives long)."""
    files = [folder / "labels" / f"{language}.yaml"
             for folder in reversed(template_dirs(project_root))]
    infos = [(str(p), p.stat() if p.exists() else p.lstat()) for p in files
             if p.exists() or p.is_symlink()]
    load = _labels if all(settled(i) for _, i in infos) else _labels.__wrapped__
    return load(tuple((name, stamp(info)) for name, info in infos), project_root)


@lru_cache(maxsize=16)
def _labels(stamps: tuple[tuple[str, tuple[int, ...]], ...],
            project_root: Path | None) -> dict[str, str]:
    merged: dict[str, str] = {}
    for name, _ in stamps:
        path = Path(name)
        confine(path, project_root)
        merged.update(read_labels(path, label_keys()))
    return merged
