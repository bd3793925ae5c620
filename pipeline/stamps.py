"""When a file may count as unchanged without being read again.

Long-lived memos (hashes in the build cache, lessons loaded in a worker or in ``serve``,
settings, labels, compiled templates) key on a file's stat. The modification time alone
misses new bytes given an old one (``cp -p``, ``rsync -a``, ``touch -r``, unpacking an
archive); the change time, which only the kernel sets, and the inode, new after an editor's
save by renaming, do not. And as in git, a memo is only taken once the file's times are
older than the clock's tick, since a second write within one tick could keep every stat
field: a few milliseconds on Linux file systems, two seconds on a FAT stick.
"""

from __future__ import annotations

import os
import time

TICK_NS = 50_000_000              # a few of the kernel's timestamp ticks
COARSE_TICK_NS = 3_000_000_000    # whole-second timestamps (FAT keeps two seconds)


def stamp(info: os.stat_result) -> tuple[int, int, int, int]:
    """What must match for a file to be taken as unchanged: mtime, ctime, inode, size."""
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_size)


def settled(info: os.stat_result) -> bool:
    """Whether the file's last write is older than the clock's tick, so that a memo of it
    cannot miss another write with the same stamp."""
    coarse = info.st_mtime_ns % 1_000_000_000 == 0
    newest = max(info.st_mtime_ns, info.st_ctime_ns)
    return time.time_ns() - newest > (COARSE_TICK_NS if coarse else TICK_NS)
