"""Before/after on this machine: the same CLI builds run by two checkouts, interleaved.

Usage: git worktree add ../before <commit>; python scripts/bench_compare.py ../before [runs]

Each run builds the seed lessons' four print and slide outputs (the outputs the first
performance issue measured) with each checkout in turn, alternating which goes first:
cold at -j 2 and -j 1, a no-op rebuild, and rebuilds after a word of one lesson's reading,
then of one of its questions, is edited. Both run with this virtualenv's packages;
PYTHONPATH picks the checkout. Prints medians and ratios.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_edit import edit_lesson

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "lessons").glob("*.yaml"))
FOUR = "handout,worksheet,answer-key,slides"


def build(tree: Path, project: Path, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline", "build", "lessons", "-q", "--only", FOUR,
                    *args], cwd=project, env={**os.environ, "PYTHONPATH": str(tree)},
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def project(base: Path, name: str) -> Path:
    folder = base / name
    (folder / "lessons").mkdir(parents=True)
    for seed in SEEDS:
        shutil.copy(seed, folder / "lessons" / seed.name)
    return folder


def main() -> None:
    trees = {"before": Path(sys.argv[1]).resolve(), "after": ROOT}
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    rows = ("cold, -j 2", "cold, -j 1", "no-op rebuild", "a word of the reading edited, -j 2",
            "a word of a question edited, -j 2")
    times: dict[str, dict[str, list[float]]] = {t: {r: [] for r in rows} for t in trees}
    with tempfile.TemporaryDirectory(prefix="lessonpack-compare-") as tmp:
        for run in range(runs):
            order = list(trees.items()) if run % 2 == 0 else list(reversed(trees.items()))
            for name, tree in order:
                seen = times[name]
                folder = project(Path(tmp), f"{name}-{run}")
                seen["cold, -j 2"].append(build(tree, folder, "-j", "2"))
                seen["no-op rebuild"].append(build(tree, folder, "-j", "2"))
                lesson = folder / "lessons" / SEEDS[0].name
                edit_lesson(lesson, "reading", run)
                seen["a word of the reading edited, -j 2"].append(build(tree, folder, "-j", "2"))
                edit_lesson(lesson, "question", run)
                seen["a word of a question edited, -j 2"].append(build(tree, folder, "-j", "2"))
                seen["cold, -j 1"].append(build(tree, project(Path(tmp), f"{name}-{run}-j1"),
                                                "-j", "1"))
    print(f"Seed lessons, {FOUR}; medians of {runs} interleaved runs.\n")
    print("| build | before | after | speed-up |\n|---|---|---|---|")
    for row in rows:
        before = statistics.median(times["before"][row])
        after = statistics.median(times["after"][row])
        print(f"| {row} | {before:.2f} s | {after:.2f} s | {before / after:.2f} x |")


if __name__ == "__main__":
    main()
