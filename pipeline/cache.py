"""Content hashes of a target's inputs, and the build cache kept in ``output/``.

Everything here works on raw bytes: no lesson is parsed and no renderer (so no WeasyPrint)
is imported, which keeps a no-op rebuild fast.  A target's key covers the lesson file, the
images it names, every file of every template folder (templates, stylesheets, fonts, theme
decks, labels), the render options and the pipeline version (``__version__``, the sources
of ``pipeline/*.py`` and the installed WeasyPrint version).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

import pipeline
from pipeline.files import write_json_atomic

CACHE_NAME = ".lessonpack-cache.json"
CACHE_FORMAT = 1
IMAGE_RE = re.compile(rb"^[ \t-]*image:[ \t]*(.+?)[ \t]*$", re.MULTILINE)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _hash_tree(folder: Path) -> str:
    """Hash of every file below ``folder``: relative names and contents, in sorted order."""
    digest = hashlib.sha256()
    files = sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(sha256_file(path).encode() + b"\n")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """The package version, the pipeline's own sources and the WeasyPrint version."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(pipeline.__version__.encode())
    source = Path(pipeline.__file__).resolve().parent
    for path in sorted(source.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for dist in ("weasyprint", "python-pptx"):
        with contextlib.suppress(PackageNotFoundError):
            digest.update(f"{dist}={version(dist)}".encode())
    return digest.hexdigest()


def templates_hash(project_root: Path, memo: dict[Path, str] | None = None) -> str:
    """Hash of all template folders searched for this project (overrides first).

    Not cached across builds (a long-lived process must see template edits); pass ``memo``
    to hash each project once per build."""
    if memo is not None and project_root in memo:
        return memo[project_root]
    from pipeline.templating import template_dirs

    digest = hashlib.sha256()
    for folder in template_dirs(project_root):
        digest.update(str(folder).encode() + b"\0" + _hash_tree(folder).encode())
    if memo is not None:
        memo[project_root] = digest.hexdigest()
    return digest.hexdigest()


def lesson_hash(lesson: Path) -> str:
    """Hash of the lesson file's bytes and of every image file it names (``image: ...``)."""
    data = lesson.read_bytes()
    digest = hashlib.sha256(data)
    for match in IMAGE_RE.finditer(data):
        name = match.group(1).strip(b"'\"").decode("utf-8", "replace")
        image = lesson.parent / name
        digest.update(name.encode() + b"\0")
        digest.update(sha256_file(image).encode() if image.is_file() else b"missing")
    return digest.hexdigest()


def target_key(lesson_digest: str, templates_digest: str, options: dict[str, object]) -> str:
    """The input hash of one target: lesson, templates, options, pipeline version."""
    payload = json.dumps({"lesson": lesson_digest, "templates": templates_digest,
                          "options": options, "pipeline": pipeline_version()}, sort_keys=True)
    return sha256_bytes(payload.encode())


def load_cache(out_dir: Path) -> dict[str, dict]:
    """Target key -> record; an unreadable or foreign cache counts as empty."""
    try:
        data = json.loads((out_dir / CACHE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        return {}
    targets = data.get("targets")
    return targets if isinstance(targets, dict) else {}


def save_cache(out_dir: Path, targets: dict[str, dict]) -> None:
    write_json_atomic(out_dir / CACHE_NAME, {"format": CACHE_FORMAT, "targets": targets})


def still_valid(record: dict | None, inputs: str, out_dir: Path) -> bool:
    """The record was built from these inputs and its files are still there, unchanged."""
    if not record or record.get("inputs") != inputs:
        return False
    for entry in record.get("files", []):
        path = out_dir / entry["path"]
        try:
            if path.stat().st_size != entry["size"] or sha256_file(path) != entry["sha256"]:
                return False
        except OSError:
            return False
    return True
