"""``make bench``: time the build end to end and print a markdown table of medians.

Rows: the five seed lessons cold (all outputs), a no-op rebuild, a rebuild after editing one
lesson, N generated lessons (copies of the seeds under new ids) cold at ``-j 1`` and ``-j 2``
(handouts only, to keep the run within a few minutes), seconds per page, and the ratio of the
pipeline's time to WeasyPrint's own ``write_pdf`` on the same HTML.  Every build runs the real
command (``python -m pipeline build``) in a temporary folder, so start-up time is included.

Then the Typst reference (``bench_typst``, needs the ``bench`` extra): the seed lessons'
handout, worksheet and answer key typeset by Typst from the same lessons, timed in-process
against WeasyPrint, with WeasyPrint's layout / write split and its fixed cost per document;
and the floor (``bench_floor``): the same HTML laid out with only the fonts, page size and
fixed tables, the share of WeasyPrint's work that no change to our styles could remove,
and how WeasyPrint's own time spreads over its functions.

Usage: python scripts/bench.py [--runs 3] [--generated 200] [--generated-runs 3]
                               [--typst-runs 7] [--only build|typst] [--quick]
``--only typst`` runs the Typst reference rows alone (7 runs: a few minutes, nearly all of it
WeasyPrint); ``--quick`` is ``--only typst --typst-runs 3``; ``--generated 0`` skips the
generated-lesson rows and the memory curve.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "lessons").glob("*.yaml"))


def build(project: Path, *args: str) -> float:
    """Seconds for one ``lessonpack build`` in ``project`` (which must succeed)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pipeline", "build", "lessons", "-q", *args],
                          cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True)
    if done.returncode:                 # the warnings (quiz exports) only when it failed
        raise SystemExit(f"build failed in {project}:\n{done.stderr}")
    return time.perf_counter() - start


def fresh_project(base: Path, name: str, count: int | None = None) -> Path:
    """A project folder with the seed lessons, or ``count`` generated copies of them."""
    project = base / name
    (project / "lessons").mkdir(parents=True)
    if count is None:
        for seed in SEEDS:
            shutil.copy(seed, project / "lessons" / seed.name)
    else:
        for i in range(count):
            seed = SEEDS[i % len(SEEDS)]
            shutil.copy(seed, project / "lessons" / f"gen-{i:03d}-{seed.stem}.yaml")
    return project


def manifest(project: Path) -> list[dict]:
    return json.loads((project / "output" / "manifest.json").read_text())["targets"]


def raw_ratio(runs: int) -> tuple[float, float, float]:
    """Median seconds of ``handout.render`` and of raw ``write_pdf`` on the same HTML + CSS."""
    sys.path.insert(0, str(ROOT))
    import weasyprint

    from pipeline.lesson.loader import load_lesson
    from pipeline.printed import document
    from pipeline.render.context import RenderContext
    from pipeline.render.folders import BUILTIN
    from pipeline.render.outputs import render_output

    pipeline_times, raw_times = [], []
    for seed in SEEDS:
        lesson, _ = load_lesson(seed, ROOT)
        ctx = RenderContext(lesson, ROOT)
        html, css = document.page_html(ctx, "print/handout.html"), document.page_css(ctx)
        base = str(seed.resolve().parent) + "/"
        render_output("handout", lesson, ROOT)                # warm caches (fonts, CSS)
        for _ in range(runs):
            start = time.perf_counter()
            render_output("handout", lesson, ROOT)
            pipeline_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            sheet = weasyprint.CSS(string=css, base_url=str(BUILTIN) + "/",
                                   font_config=document._font_config())
            weasyprint.HTML(string=html, base_url=base).write_pdf(    # tagged, as the
                stylesheets=[sheet], font_config=document._font_config(),   # pipeline's
                pdf_variant="pdf/ua-1")
            raw_times.append(time.perf_counter() - start)
    p, r = statistics.median(pipeline_times), statistics.median(raw_times)
    return p, r, p / r


def subsetter_times(runs: int) -> tuple[float, float]:
    """Median handout render with HarfBuzz's subsetter, then with WeasyPrint's fontTools
    fallback (what a machine without libharfbuzz-subset0 gets)."""
    import weasyprint.pdf.fonts as fonts

    from pipeline.lesson.loader import load_lesson
    from pipeline.render.outputs import render_output

    lessons = [load_lesson(seed, ROOT)[0] for seed in SEEDS]
    saved, times = fonts.harfbuzz_subset, {}
    for name, subsetter in (("harfbuzz", saved), ("fonttools", None)):
        fonts.harfbuzz_subset = subsetter
        samples = []
        for _ in range(runs):
            for lesson in lessons:
                start = time.perf_counter()
                render_output("handout", lesson, ROOT)
                samples.append(time.perf_counter() - start)
        times[name] = statistics.median(samples)
    fonts.harfbuzz_subset = saved
    return times["harfbuzz"], times["fonttools"]


def worker_memory(targets: list[dict]) -> tuple[float, float, float]:
    """Workers' resident memory after each lesson, in build order: first 20, last 20, peak."""
    values = [t["worker_mb"] for t in sorted(targets, key=lambda t: t["lesson"])
              if t.get("worker_mb")]
    return statistics.median(values[:20]), statistics.median(values[-20:]), max(values)


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        kb = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    return kb / 1024


def memory_curve(count: int) -> list[tuple[int, float]]:
    """Resident memory of one process (a worker's life) after 1, 20, ..., ``count`` lessons.

    Lessons are rendered in-process exactly as a pool worker does (load, handout, worksheet,
    answer key), each under a new id, so nothing is served from a per-lesson cache."""
    from dataclasses import replace

    from pipeline.lesson.loader import load_lesson
    from pipeline.render.outputs import render_output

    marks, curve = {1, 20, count // 2, count}, []
    for i in range(1, count + 1):
        lesson, _ = load_lesson(SEEDS[i % len(SEEDS)], ROOT)
        lesson = replace(lesson, id=f"gen-{i}")
        for output in ("handout", "worksheet", "answer-key"):
            render_output(output, lesson, ROOT)
        if i in marks:
            curve.append((i, rss_mb()))
    return curve


def build_rows(args: argparse.Namespace) -> list[tuple[str, str]]:
    """The end-to-end rows (real CLI builds) and the in-process WeasyPrint rows."""
    rows: list[tuple[str, str]] = []
    j1 = 0.0
    with tempfile.TemporaryDirectory(prefix="lessonpack-bench-") as tmp:
        base = Path(tmp)
        from bench_edit import EDITS, edit_lesson

        cold, noop = [], []
        edit: dict[str, list[float]] = {part: [] for part in EDITS}
        rebuilt: dict[str, int] = {}
        for run in range(args.runs):
            project = fresh_project(base, f"seed-{run}")
            cold.append(build(project))
            noop.append(build(project))
            targets = manifest(project)
            for part in EDITS:
                edit_lesson(project / "lessons" / SEEDS[0].name, part, run)
                edit[part].append(build(project))
                rebuilt[part] = sum(t["status"] == "built" for t in manifest(project))
        pages = sum(t["pages"] or 0 for t in targets)
        rows += [(f"{len(SEEDS)} seed lessons cold, all outputs ({len(targets)} targets, "
                  f"{pages} pages and slides, -j 2)", f"{statistics.median(cold):.2f} s"),
                 ("no-op rebuild of the seed lessons", f"{statistics.median(noop):.2f} s")]
        rows += [(f"rebuild after a word of one lesson's {part} is edited "
                  f"({rebuilt[part]} targets rebuilt)", f"{statistics.median(edit[part]):.2f} s")
                 for part in EDITS]
        sizes = sorted((t["lesson_id"], t["files"][0]["size"]) for t in targets
                       if t["output"] == "web" and t["files"])
        rows.append(("web lesson (lesson.html, self-contained) size per seed lesson",
                     ", ".join(f"{name} {size / 1024:.0f} KB" for name, size in sizes)))
        project = fresh_project(base, "seed-force")
        build(project, "-j", "1")
        per_output: dict[str, list[float]] = {}
        for t in manifest(project):
            per_output.setdefault(t["output"], []).append(t["seconds"] / max(t["pages"] or 1, 1))
        for output, values in sorted(per_output.items()):
            rows.append((f"seconds per page, {output} (-j 1, median over lessons)",
                         f"{statistics.median(values):.3f} s"))
        rows += class_set_rows(base, args.runs)
        from bench_edit import edit_loop

        rows += edit_loop(max(args.runs, 5))
        if args.generated:
            j1 = generated_rows(args, base, rows)
    render, raw, ratio = raw_ratio(args.runs)
    with_hb, without_hb = subsetter_times(args.runs)
    rows.append(("handout: pipeline render() vs raw WeasyPrint write_pdf, same HTML (median)",
                 f"{render:.3f} s vs {raw:.3f} s = {ratio:.2f} x"))
    if args.generated:
        rows.append((f"{args.generated} handouts at -j 1 vs {args.generated} x raw write_pdf",
                     f"{j1 / (raw * args.generated):.2f} x"))
    rows.append(("handout render with HarfBuzz subsetter vs fontTools fallback (median)",
                 f"{with_hb:.3f} s vs {without_hb:.3f} s = {without_hb / with_hb:.2f} x slower"))
    if args.generated:
        curve = memory_curve(args.generated)
        rows.append((f"-j 1 in-process memory (RSS) after {', '.join(str(n) for n, _ in curve)} "
                     "lessons (handout + worksheet + key each)",
                     " / ".join(f"{mb:.0f} MB" for _, mb in curve)))
    return rows


def class_set_rows(base: Path, runs: int, students: int = 36) -> list[tuple[str, str]]:
    """A class set (``--roster``) of ``students`` named worksheets, three versions in turn:
    one lesson alone and the five seed lessons at -j 2, their worksheets already built."""
    roster = base / "kelas.csv"
    roster.write_text("nomor;nama\n" + "".join(f"{i};Siswa Nomor {i}\n"
                                              for i in range(1, students + 1)))
    one, every = [], []
    options = ("--only", "worksheet", "--variants", "3")
    for run in range(runs):
        single = fresh_project(base, f"class-one-{run}")
        for lesson in (single / "lessons").glob("*.yaml"):
            if lesson.name != SEEDS[0].name:
                lesson.unlink()
        build(single, *options)
        one.append(build(single, *options, "--roster", str(roster)))
        project = fresh_project(base, f"class-{run}")
        build(project, *options)
        every.append(build(project, *options, "--roster", str(roster)))
    pages = [t["pages"] for t in manifest(project) if t.get("form") == "kelas"]
    return [(f"class set of {students} students, 3 versions, one lesson ({pages[0]} pages, "
             "-j 2, worksheets up to date)", f"{statistics.median(one):.2f} s"),
            (f"class sets of {students} students for the {len(SEEDS)} seed lessons "
             f"({sum(pages)} pages, -j 2)", f"{statistics.median(every):.2f} s")]


def generated_rows(args: argparse.Namespace, base: Path, rows: list[tuple[str, str]]) -> float:
    """Append the generated-lesson rows; return the median -j 1 time (for the raw ratio)."""
    gen: dict[str, list[float]] = {"1": [], "2": []}
    worker_mb: list[tuple[float, float, float]] = []
    for run in range(args.generated_runs):
        for jobs in ("1", "2"):
            project = fresh_project(base, f"gen-{jobs}-{run}", args.generated)
            gen[jobs].append(build(project, "--only", "handout", "-j", jobs))
            if jobs == "2":
                worker_mb.append(worker_memory(manifest(project)))
            shutil.rmtree(project)
    j1, j2 = statistics.median(gen["1"]), statistics.median(gen["2"])
    first, last, peak = worker_mb[-1]
    rows += [(f"{args.generated} generated lessons cold, handouts only, -j 1",
              f"{j1:.1f} s ({j1 / args.generated:.3f} s per lesson)"),
             (f"{args.generated} generated lessons cold, handouts only, -j 2",
              f"{j2:.1f} s ({j2 / args.generated:.3f} s per lesson)"),
             ("speed-up -j 2 over -j 1", f"{j1 / j2:.2f} x"),
             (f"-j 2 worker memory (RSS): median over the first 20 / last 20 of the "
              f"{args.generated} lessons, and the peak",
              f"{first:.0f} MB / {last:.0f} MB, peak {peak:.0f} MB")]
    return j1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--generated", type=int, default=200,
                        help="generated lessons for the scaling rows (0 skips them)")
    parser.add_argument("--generated-runs", type=int, default=3)
    parser.add_argument("--typst-runs", type=int, default=7,
                        help="interleaved runs of the WeasyPrint vs Typst rows")
    parser.add_argument("--only", choices=("build", "typst"),
                        help="only the build rows, or only the Typst reference rows")
    parser.add_argument("--quick", action="store_true",
                        help="the Typst reference rows alone, 3 runs (about a minute)")
    args = parser.parse_args()
    if args.quick:
        args.only, args.typst_runs = "typst", 3
    sys.path.insert(0, str(ROOT))
    if args.only != "typst":
        print(f"Medians of {args.runs} runs ({args.generated_runs} for the generated lessons, "
              f"{args.typst_runs} for the Typst reference).\n")
    else:
        print(f"Typst reference only: medians of {args.typst_runs} interleaved runs.\n")
    print("| measurement | result |\n|---|---|", flush=True)
    for name, value in build_rows(args) if args.only != "typst" else []:
        print(f"| {name} | {value} |", flush=True)      # each part printed when it is done
    if args.only != "build":
        from bench_floor import floor_rows, spread_row
        from bench_typst import compare

        for name, value in compare(args.typst_runs):
            print(f"| {name} | {value} |", flush=True)
        for name, value in floor_rows(min(args.typst_runs, 3)):   # calls are exact anyway
            print(f"| {name} | {value} |", flush=True)
        print("| {} | {} |".format(*spread_row()), flush=True)


if __name__ == "__main__":
    main()
