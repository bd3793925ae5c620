"""Atomic file writes: a crash or Ctrl-C never leaves a half-written output or cache."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


# Files are created the way `open()` would create them: 0666 less the user's umask (mkstemp
# alone makes them 0600, unreadable to a web server or a colleague).
FILE_MODE = 0o666 & ~_umask()


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder, then rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            os.fchmod(handle.fileno(), FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_output(out_dir: Path, relative: str, data: bytes) -> dict:
    """Write one built file atomically; its manifest and cache entry. A folder that
    cannot be written is one message, not a traceback."""
    import hashlib

    from pipeline.errors import LessonpackError

    try:
        write_atomic(out_dir / relative, data)
    except OSError as exc:
        raise LessonpackError(f"cannot write {out_dir / relative} "
                              f"({exc.strerror or exc})") from None
    return {"path": relative, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def write_json_atomic(path: Path, data: object, compact: bool = False) -> None:
    """JSON with sorted keys, so the same content always gives the same bytes; an
    unchanged file is left alone (a no-op build writes nothing). ``compact`` (for files
    only the program reads) uses json's C encoder, several times faster than ``indent``."""
    text = (json.dumps(data, sort_keys=True, indent=None if compact else 2,
                       separators=(",", ":") if compact else None) + "\n").encode("utf-8")
    try:
        if path.stat().st_size == len(text) and path.read_bytes() == text:
            return
    except OSError:
        pass
    write_atomic(path, text)
