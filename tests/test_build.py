"""The build engine: incremental cache, manifest, shards, process pool, reproducible bytes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.build import cache, engine
from pipeline.build.plan import BuildOptions, plan
from pipeline.cli import main
from pipeline.render.outputs import OUTPUTS

from .conftest import MINIMAL, ROOT


def run(*args: str, cwd: Path):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)


def handout(tmp_path: Path, *extra: str):
    return run("build", "--only", "handout", "-j", "1", *extra, cwd=tmp_path)


def manifest(tmp_path: Path) -> list[dict]:
    return json.loads((tmp_path / "output" / "manifest.json").read_text())["targets"]


def lessons(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "lessons"
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / f"{name}.yaml").write_text(MINIMAL)
    return folder


def test_skip_on_no_change_and_force(tmp_path):
    lessons(tmp_path, "satu")
    first = handout(tmp_path)
    assert first.exit_code == 0, first.output
    assert "1 built, 0 up to date, 0 failed" in first.output
    pdf = tmp_path / "output" / "satu" / "handout.pdf"
    before = pdf.stat().st_mtime_ns
    second = handout(tmp_path)
    assert second.exit_code == 0, second.output
    assert "0 built, 1 up to date, 0 failed" in second.output
    assert pdf.stat().st_mtime_ns == before, "an up-to-date file is not rewritten"
    [entry] = manifest(tmp_path)
    assert entry["status"] == "up to date" and entry["pages"] >= 1
    assert "1 built" in handout(tmp_path, "--force").output
    pdf.write_bytes(b"changed by hand")
    assert "1 built" in handout(tmp_path).output, "a changed output file is rebuilt"


def test_new_bytes_under_the_old_mtime_and_size_are_built(tmp_path):
    """``cp -p``, ``rsync -a``, ``touch -r``: other bytes of the same size with the same
    modification time as the lesson built are seen (its change time is not the same)."""
    lesson = lessons(tmp_path, "satu") / "satu.yaml"
    old = time.time_ns() - 10**10
    os.utime(lesson, ns=(old, old))
    time.sleep(0.1)                                # past the clock's tick: remembered
    assert "1 built" in handout(tmp_path).output
    text = lesson.read_text()
    edited = text.replace("usaha bersama", "usaha Bersama")
    assert edited != text and len(edited) == len(text)
    lesson.write_text(edited)
    os.utime(lesson, ns=(old, old))
    assert "1 built, 0 up to date" in handout(tmp_path).output


def test_a_file_is_remembered_only_once_its_times_are_past_the_clock_tick(tmp_path):
    path = tmp_path / "gambar.txt"
    path.write_text("a")
    cache.sha256_file(path)
    assert str(path) not in cache._STAT_MEMO, "just written: read again next time"
    time.sleep(0.1)
    cache.sha256_file(path)
    assert str(path) in cache._STAT_MEMO
    whole = time.time_ns() // 10**9 * 10**9       # whole seconds, as on a FAT stick
    os.utime(path, ns=(whole, whole))
    time.sleep(0.1)
    cache.sha256_file(path)
    assert str(path) not in cache._STAT_MEMO, "within a FAT stick's two-second tick"


def test_rebuild_on_lesson_template_and_option_change(tmp_path):
    folder = lessons(tmp_path, "satu", "dua")
    assert handout(tmp_path).exit_code == 0
    (folder / "satu.yaml").write_text(MINIMAL.replace("usaha bersama", "usaha bersama sekali"))
    assert "1 built, 1 up to date" in handout(tmp_path).output, "only the edited lesson"
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "extra.txt").write_text("any file in a template folder counts")
    assert "2 built, 0 up to date" in handout(tmp_path).output
    assert "0 built, 2 up to date" in handout(tmp_path).output
    result = handout(tmp_path, "--paper", "letter")
    assert "2 built, 0 up to date" in result.output


def test_the_zip_alone_holds_every_output_and_an_empty_list_is_a_usage_error(tmp_path):
    import zipfile

    from pipeline.build.plan import parse_outputs
    from pipeline.errors import LessonpackError

    assert parse_outputs("zip") == tuple(OUTPUTS)
    assert {"handout", "worksheet", "answer-key", "pack"} <= set(parse_outputs("pack"))
    assert "slides" not in parse_outputs("pack")
    with pytest.raises(LessonpackError, match="unknown output"):
        parse_outputs("")                           # not "build everything"
    lessons(tmp_path, "satu")
    result = run("build", "--only", "zip", "-j", "1", cwd=tmp_path)
    assert result.exit_code == 0 and "0 failed" in result.output, result.output
    with zipfile.ZipFile(tmp_path / "output" / "satu.zip") as archive:
        names = archive.namelist()
    assert any(n.endswith("handout.pdf") for n in names) and any(
        n.endswith("slides.pptx") for n in names)


def test_shards_partition_the_targets_exactly(tmp_path):
    folder = lessons(tmp_path, *[f"pelajaran-{i}" for i in range(12)])
    every = plan([folder], tmp_path, BuildOptions(variants=2))
    assert len(every) == len({t.ident for t in every})
    # a pack or zip needs all its lesson's parts: sharded builds leave them out
    idents = [t.ident for t in every if not t.output.after]
    per_lesson = sum(2 if output.per_variant else 1 for output in OUTPUTS.values()
                     if not output.after)
    assert len(idents) == 12 * per_lesson
    for n in (1, 2, 3, 5):
        shares = [[t.ident for t in plan([folder], tmp_path, BuildOptions(variants=2,
                                                                          shard=(k, n)))]
                  for k in range(1, n + 1)]
        assert sorted(sum(shares, [])) == sorted(idents), f"shards of {n} cover every target once"
        assert all(shares) or n > len(idents)
    assert run("build", "--shard", "3/2", cwd=tmp_path).exit_code == 2
    assert run("build", "--shard", "x", cwd=tmp_path).exit_code == 2


def test_failing_lesson_is_listed_and_the_rest_built_in_a_pool(tmp_path):
    folder = lessons(tmp_path, "baik", "juga-baik")
    (folder / "rusak.yaml").write_text(MINIMAL.replace("subject: IPS", "subjek: IPS"))
    result = run("build", "--only", "handout", "-j", "2", cwd=tmp_path)
    assert result.exit_code == 1, result.output
    assert "lessons/rusak.yaml:2:1: subjek: unknown key" in result.output
    assert "2 built, 0 up to date, 1 failed" in result.output
    for name in ("baik", "juga-baik"):
        assert (tmp_path / "output" / name / "handout.pdf").read_bytes()[:4] == b"%PDF"
    entries = {e["lesson"]: e for e in manifest(tmp_path)}
    assert entries["lessons/rusak.yaml"]["status"] == "invalid"
    assert entries["lessons/rusak.yaml"]["error"]
    good = entries["lessons/baik.yaml"]
    assert good["status"] == "built" and good["files"][0]["path"] == "baik/handout.pdf"
    assert good["files"][0]["size"] == (tmp_path / "output/baik/handout.pdf").stat().st_size
    assert not list((tmp_path / "output").rglob("*.tmp"))
    again = run("build", "--only", "handout", "-j", "2", cwd=tmp_path)
    assert again.exit_code == 1 and "0 built, 2 up to date, 1 failed" in again.output


def test_same_input_same_bytes(tmp_path):
    lessons(tmp_path, "satu")
    pdf = tmp_path / "output" / "satu" / "handout.pdf"
    assert handout(tmp_path).exit_code == 0
    first = pdf.read_bytes()
    assert handout(tmp_path, "--force").exit_code == 0
    assert pdf.read_bytes() == first


def test_noop_rebuild_does_not_import_weasyprint(tmp_path):
    lessons(tmp_path, "satu")
    code = ("import sys; from pipeline.cli import main\n"
            "try:\n    main(['build', '--only', 'handout', '-q', '-j', '1'])\n"
            "except SystemExit as exc:\n    assert exc.code == 0, exc.code\n"
            "print('weasyprint' in sys.modules)")

    def build() -> list[str]:
        return subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                              text=True, check=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout.splitlines()

    assert build()[-1] == "True"
    out = build()
    assert out[0].startswith("0 built, 1 up to date") and out[-1] == "False", out


def test_workers_are_recycled_in_batches_and_the_build_completes(tmp_path, monkeypatch):
    from pipeline.build import pool

    monkeypatch.setattr(pool, "TASKS_PER_WORKER", 1)      # 5 targets, 2 workers: 3 pools
    folder = lessons(tmp_path, *[f"pelajaran-{i}" for i in range(5)])
    results = engine.build([folder], tmp_path / "output", tmp_path,
                           BuildOptions(outputs=("handout",), jobs=2))
    assert all(r.ok for r in results)
    entries = manifest(tmp_path)
    assert [e["status"] for e in entries] == ["built"] * 5
    assert all(e["worker_mb"] and e["worker_mb"] > 10 for e in entries)


def test_light_targets_are_built_here_while_the_workers_start(tmp_path, monkeypatch):
    """The forkserver imports WeasyPrint before the first worker runs; meanwhile this
    process builds targets that do not need it, and the PDFs still go to the workers,
    queued first: a worker starts on a PDF while this process is still busy."""
    import time

    from pipeline.build import pool

    here: list[str] = []
    waited: list[bool] = []
    real = pool._here

    def record(task):
        if not here:                    # the first light target: wait for a worker's PDF
            deadline = time.monotonic() + 60
            while not any((tmp_path / "output").glob("*/handout.pdf")):
                if time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            waited.append(any((tmp_path / "output").glob("*/handout.pdf")))
        here.extend(t.output.name for t in task.targets)
        return real(task)

    monkeypatch.setattr(pool, "_here", record)
    folder = lessons(tmp_path, "satu", "dua")
    results = engine.build([folder], tmp_path / "output", tmp_path,
                           BuildOptions(outputs=("handout", "web", "gift"), jobs=2))
    assert all(r.ok for r in results)
    assert here and set(here) <= {"web", "gift"}
    assert waited == [True], "a worker made a PDF while this process built a light target"
    statuses = {(e["output"], e["status"]) for e in manifest(tmp_path)}
    assert statuses == {("handout", "built"), ("web", "built"), ("gift", "empty")}


def test_a_worker_loads_each_lesson_about_once_in_a_large_batch(tmp_path):
    """Longest first, in blocks of the lessons a worker keeps loaded: two workers taking
    tasks in turn load each of 20 lessons at most twice (once each), not once per target,
    and every block still starts with its answer keys and ends with its exports."""
    from pipeline.build.pool import schedule
    from pipeline.build.worker import LOADED_MAX

    folder = lessons(tmp_path, *(f"l{i:02d}" for i in range(20)))
    options = BuildOptions(outputs=("answer-key", "handout", "gift"), jobs=2)
    todo: dict[Path, list] = {}
    for target in plan([folder], tmp_path, options):
        todo.setdefault(target.lesson, []).append(target)
    tasks = schedule(todo, tmp_path / "output", options)
    assert len(tasks) == 60
    memos: list[list[Path]] = [[], []]
    loads = 0
    for index, task in enumerate(tasks):            # what load_once does, per worker
        memo = memos[index % 2]
        if task.lesson not in memo:
            loads += 1
            memo.append(task.lesson)
            del memo[:-LOADED_MAX]
    assert loads <= 2 * 20, loads
    outputs = [t.targets[0].output.name for t in tasks]
    first_block = outputs[:3 * LOADED_MAX]
    assert first_block == sorted(first_block, key=["answer-key", "handout", "gift"].index)
    assert outputs[-1] == "gift"


def png(path: Path, color: tuple[int, int, int]) -> None:
    from PIL import Image

    Image.new("RGB", (8, 8), color).save(path)


def test_an_image_named_in_markdown_is_a_cache_input(tmp_path):
    folder = lessons(tmp_path)
    png(folder / "peta.png", (200, 0, 0))
    (folder / "satu.yaml").write_text(MINIMAL.replace(
        "body: Kerja sama adalah usaha bersama.",
        'body: "Kerja sama adalah usaha bersama. ![peta](peta.png)"'))
    assert "1 built" in handout(tmp_path).output
    record = json.loads((tmp_path / "output" / ".lessonpack-cache.json").read_text())
    (deps,) = [r["deps"] for r in record["targets"].values()]
    assert [Path(p).name for p in deps] == ["peta.png"]
    assert "0 built, 1 up to date" in handout(tmp_path).output
    png(folder / "peta.png", (0, 0, 200))                  # repainted: the PDF is stale
    assert "1 built, 0 up to date" in handout(tmp_path).output


def test_a_target_rebuilds_only_for_the_options_it_reads(tmp_path):
    text = MINIMAL + "worksheet:\n  questions:\n    - {type: true_false, prompt: p, answer: true}\n"
    (lessons(tmp_path) / "satu.yaml").write_text(text)
    args = ("build", "-j", "1", "--only", "handout,worksheet,slides")
    assert "5 built" in run(*args, "--variants", "3", cwd=tmp_path).output    # A-C + 2
    again = run(*args, "--variants", "2", cwd=tmp_path).output
    assert "0 built, 4 up to date" in again, again      # worksheet-A/B, handout, slides
    letter = run(*args, "--variants", "2", "--paper", "letter", cwd=tmp_path).output
    assert "3 built, 1 up to date" in letter, "slides do not depend on the paper size"


def test_outputs_manifest_and_cache_follow_the_umask(tmp_path):
    lessons(tmp_path, "satu")
    old = os.umask(0o022)
    try:
        assert handout(tmp_path).exit_code == 0
    finally:
        os.umask(old)
    for path in ("satu/handout.pdf", "manifest.json", ".lessonpack-cache.json"):
        assert (tmp_path / "output" / path).stat().st_mode & 0o777 == 0o644, path


def test_project_labels_override_the_worksheet_title(tmp_path):
    from . import pdftext

    text = MINIMAL + "worksheet:\n  questions:\n    - {type: true_false, prompt: p, answer: true}\n"
    (lessons(tmp_path) / "satu.yaml").write_text(text)
    (tmp_path / "templates" / "labels").mkdir(parents=True)
    (tmp_path / "templates" / "labels" / "id.yaml").write_text("worksheet: LKPD\n")
    assert run("build", "-j", "1", "--only", "worksheet", cwd=tmp_path).exit_code == 0
    assert "LKPD: Kerja Sama" in pdftext.text(
        (tmp_path / "output" / "satu" / "worksheet.pdf").read_bytes())


def test_a_misspelt_or_broken_labels_file_is_a_located_error(tmp_path):
    lessons(tmp_path, "satu")
    labels = tmp_path / "templates" / "labels" / "id.yaml"
    labels.parent.mkdir(parents=True)
    labels.write_text("# judul\nworksheat: LKPD\n")
    result = handout(tmp_path)
    assert result.exit_code == 1
    assert ('templates/labels/id.yaml:2:1: worksheat: unknown key "worksheat" '
            "(hint: did you mean `worksheet`?)") in result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    checked = run("validate", cwd=tmp_path)
    assert checked.exit_code == 1 and "templates/labels/id.yaml:2:1" in checked.output
    labels.write_text("worksheet: [LKPD\n")
    result = handout(tmp_path)
    assert result.exit_code == 1
    assert "templates/labels/id.yaml:2:1: labels: YAML syntax error" in result.output


def test_a_lessons_problems_are_kept_from_every_task_of_a_build(tmp_path):
    """Saved again during a build, a lesson can be loaded broken by one task and whole by
    the next; its result keeps the problems that explain its invalid targets."""
    from pipeline.build.worker import TaskResult
    from pipeline.errors import Problem

    path = tmp_path / "satu.yaml"
    error = Problem(str(path), 2, 8, "grade", "YAML syntax error")
    result = engine.LessonResult(path)
    for problems in ([error], [], [error], []):
        done = TaskResult(path)
        done.problems = list(problems)
        engine._finish(result, done, {}, {})
    assert result.problems == [error]
