"""One build at a time per output folder: an advisory lock, so two builds never lose each
other's cache records or write the same file at once."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from pipeline.errors import LessonpackError

LOCK_NAME = ".lessonpack.lock"


def prepare(out_dir: Path) -> None:
    """Create the output folder, or say in one line why it cannot be written."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        if not os.access(out_dir, os.W_OK):
            raise PermissionError(13, "Permission denied")
    except OSError as exc:
        raise LessonpackError(f"{out_dir}: cannot write to the output folder "
                              f"({exc.strerror or exc}) (hint: choose another folder with -o, "
                              "or fix its permissions)") from None


@contextlib.contextmanager
def locked(out_dir: Path, waiting: Callable[[str], None]) -> Iterator[None]:
    """Hold the folder's lock; if another build holds it, say which and wait for it."""
    prepare(out_dir)
    path = out_dir / LOCK_NAME
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            waiting(f"waiting for the build running as process {holder} to finish with "
                    f"{out_dir}")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
