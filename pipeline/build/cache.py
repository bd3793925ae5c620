"""Content hashes of a target's inputs, and the build cache kept in ``output/``.

Everything here works on raw bytes: no lesson is parsed and no renderer (so no WeasyPrint)
is imported, which keeps a no-op rebuild fast. A target's key covers the lesson file, every
file of every template folder (templates, stylesheets, fonts, theme decks, labels), the
options *that output reads* and the pipeline version. The other files a renderer read (an
image named in the lesson or in its Markdown) are recorded with their hashes when it is
built (``deps``) and checked on the next build.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from functools import lru_cache
from pathlib import Path

import pipeline
from pipeline.build.files import write_json_atomic
from pipeline.render.folders import template_dirs
from pipeline.stamps import settled, stamp

CACHE_NAME = ".lessonpack-cache.json"
CACHE_FORMAT = 2


# path -> [mtime_ns, ctime_ns, inode, size, sha256] of files hashed in earlier builds (saved
# in the cache): a file whose stamp is unchanged is not read again, so a no-op build does not
# re-hash the fonts and every output (see ``pipeline.stamps`` for what a stamp must hold).
_STAT_MEMO: dict[str, list] = {}


def sha256_file(path: Path) -> str:
    info = os.stat(path)
    key = list(stamp(info))
    known = _STAT_MEMO.get(str(path))
    if known and known[:4] == key:
        return known[4]
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    if settled(info):
        _STAT_MEMO[str(path)] = [*key, digest.hexdigest()]
    else:
        _STAT_MEMO.pop(str(path), None)      # written within the clock's tick: read again
    return digest.hexdigest()


def _hash_tree(folder: Path) -> str:
    """Hash of every file below ``folder``: relative names and contents, in sorted order."""
    digest = hashlib.sha256()
    files = sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(sha256_file(path).encode() + b"\n")
    return digest.hexdigest()


ENGINES = ("weasyprint", "python_pptx", "pikepdf")


def _engine_versions() -> list[str]:
    """The installed engines' ``<name>-<version>.dist-info`` folder names, found on
    ``sys.path`` without importlib.metadata (which costs 60 ms of a 100 ms no-op build)."""
    import sys

    found = []
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        found += [n for n in names if n.endswith(".dist-info") and
                  n.split("-")[0].lower().replace(".", "_") in ENGINES]
    return sorted(set(found))


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """The package version, the pipeline's own sources and the engines' versions."""
    digest = hashlib.sha256(pipeline.__version__.encode())
    source = Path(pipeline.__file__).resolve().parent
    for path in sorted(source.rglob("*.py")):
        digest.update(path.relative_to(source).as_posix().encode() + b"\0" + path.read_bytes())
    for engine in _engine_versions():
        digest.update(engine.encode() + b"\0")
    return digest.hexdigest()


def templates_hash(project_root: Path, memo: dict[Path, str]) -> str:
    """Hash of all template folders searched for this project, once per build (``memo``)."""
    if project_root not in memo:
        digest = hashlib.sha256()
        for folder in template_dirs(project_root):
            digest.update(str(folder).encode() + b"\0" + _hash_tree(folder).encode())
        settings = project_root / "lessonpack.yaml"        # the project's settings
        if settings.is_file():
            digest.update(b"settings\0" + sha256_file(settings).encode())
        memo[project_root] = digest.hexdigest()
    return memo[project_root]


def context_key(templates_digest: str, output: str, options: dict[str, object]) -> str:
    """The hash of a target's inputs besides the lesson: templates, the options that output
    reads, pipeline version."""
    payload = json.dumps({"templates": templates_digest, "output": output, "options": options,
                          "pipeline": pipeline_version()}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def target_key(lesson: Path, context: str) -> str:
    """The input hash of one target: the lesson file's bytes and its ``context_key``.

    Only a regular file is hashed (a pipe named ``x.yaml`` would block forever)."""
    if not stat.S_ISREG(lesson.stat().st_mode):
        raise OSError(f"{lesson} is not a regular file")
    return hashlib.sha256(f"{sha256_file(lesson)}\0{context}".encode()).hexdigest()


def dependencies(reads: set[Path], project_root: Path) -> dict[str, str]:
    """Files a renderer read outside the template folders -> their hashes (for the cache)."""
    skip = template_dirs(project_root)
    deps = {}
    for path in sorted(reads):
        if any(path.is_relative_to(folder) for folder in skip):
            continue
        try:
            deps[path.as_posix()] = sha256_file(path)
        except OSError:
            deps[path.as_posix()] = "missing"
    return deps


def _valid_record(record: object) -> bool:
    """The shape ``Outcome.cache_record`` writes; anything else is ignored, never trusted."""
    if not isinstance(record, dict) or not isinstance(record.get("inputs"), str):
        return False
    files, deps = record.get("files", []), record.get("deps", {})
    return (isinstance(files, list) and isinstance(deps, dict)
            and all(isinstance(f, dict) and isinstance(f.get("path"), str)
                    and ".." not in Path(f["path"]).parts and not Path(f["path"]).is_absolute()
                    and isinstance(f.get("sha256"), str) and type(f.get("size")) is int
                    for f in files)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in deps.items()))


def load_cache(out_dir: Path) -> tuple[dict[str, dict], int]:
    """Target name -> record, and how many records were ignored because they were broken.

    An unreadable or foreign cache counts as empty: the build is slower, never wrong."""
    try:
        data = json.loads((out_dir / CACHE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, 0
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        return {}, 0
    memo = data.get("stat")
    if isinstance(memo, dict):
        _STAT_MEMO.update({k: v for k, v in memo.items() if isinstance(k, str) and
                           isinstance(v, list) and len(v) == 5 and
                           all(type(n) is int for n in v[:4]) and isinstance(v[4], str)})
    targets = data.get("targets")
    if not isinstance(targets, dict):
        return {}, 1
    good = {k: v for k, v in targets.items() if isinstance(k, str) and _valid_record(v)}
    return good, len(targets) - len(good)


def save_cache(out_dir: Path, targets: dict[str, dict]) -> None:
    memo = {k: v for k, v in _STAT_MEMO.items() if os.path.exists(k)}
    write_json_atomic(out_dir / CACHE_NAME, {"format": CACHE_FORMAT, "targets": targets,
                                            "stat": memo}, compact=True)


def _unchanged(path: Path, sha256: str, size: int | None = None) -> bool:
    try:
        if size is not None and path.stat().st_size != size:
            return False
        return sha256_file(path) == sha256
    except OSError:
        return sha256 == "missing" and not path.exists()


def still_valid(record: dict | None, inputs: str, out_dir: Path) -> bool:
    """Built from these inputs, its files are there unchanged, and so is every file it read."""
    if not record or record.get("inputs") != inputs:
        return False
    return (all(_unchanged(out_dir / f["path"], f["sha256"], f["size"])
                for f in record.get("files", []))
            and all(_unchanged(Path(p), sha) for p, sha in record.get("deps", {}).items()))
