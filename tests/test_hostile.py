"""Hostile lessons and templates: nothing runs, nothing leaks, nothing is lost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.errors import LessonInvalid, TemplateProblem
from pipeline.lesson.loader import load_lesson

from . import pdftext
from .conftest import MINIMAL, render

PAYLOADS = [
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ lesson.__class__.__init__.__globals__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ labels.update({'x': 1}) }}",
]


def project(tmp_path: Path) -> Path:
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "satu.yaml").write_text(MINIMAL)
    return lessons / "satu.yaml"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_handout_template_cannot_run_code(tmp_path, payload):
    lesson, _ = load_lesson(project(tmp_path), tmp_path)
    (tmp_path / "templates" / "print").mkdir(parents=True)
    (tmp_path / "templates" / "print" / "handout.html").write_text(
        "{% extends 'print/base.html' %}{% block content %}\n" + payload
        + "\n{% endblock %}")
    with pytest.raises(TemplateProblem) as caught:
        render("handout", lesson, tmp_path)
    assert "templates/print/handout.html:2" in str(caught.value)
    assert "uid=" not in str(caught.value)


@pytest.mark.parametrize("payload", PAYLOADS[:2])
def test_slide_outline_template_cannot_run_code(tmp_path, payload):
    lesson, _ = load_lesson(project(tmp_path), tmp_path)
    (tmp_path / "templates" / "slides").mkdir(parents=True)
    (tmp_path / "templates" / "slides" / "outline.yaml").write_text(
        f"- layout: Title Slide\n  title: {payload}\n")
    with pytest.raises(TemplateProblem, match="outline.yaml:2"):
        render("slides", lesson, tmp_path)


@pytest.mark.parametrize("name", ["print/handout.html", "labels/id.yaml", "print/print.css",
                                  "fonts/Carlito-Regular.ttf", "slides/theme.pptx"])
def test_a_linked_template_file_outside_the_project_is_refused(tmp_path, name):
    secret = tmp_path.parent / f"secret-{tmp_path.name}.txt"
    secret.write_text("root:x:0:0:SECRET\n")
    lesson, _ = load_lesson(project(tmp_path), tmp_path)
    link = tmp_path / "templates" / name
    link.parent.mkdir(parents=True)
    link.symlink_to(secret)
    output = "slides" if name.startswith("slides") else "handout"
    with pytest.raises(TemplateProblem, match="outside the project") as caught:
        render(output, lesson, tmp_path)
    assert str(link) in str(caught.value)


def test_a_linked_templates_folder_is_refused(tmp_path):
    elsewhere = tmp_path.parent / f"elsewhere-{tmp_path.name}"
    (elsewhere / "print").mkdir(parents=True)
    (elsewhere / "print" / "handout.html").write_text("SECRET")
    lesson, _ = load_lesson(project(tmp_path), tmp_path)
    (tmp_path / "templates").symlink_to(elsewhere)
    with pytest.raises(TemplateProblem, match="outside the project"):
        render("handout", lesson, tmp_path)


def test_a_lesson_linked_from_outside_the_project_is_refused_unread(tmp_path):
    """A link in lessons/ to a file elsewhere would print that file's keys in the errors
    (a CI log of an untrusted change); a link within the project is fine."""
    from .test_cli import run

    outside, project = tmp_path / "luar", tmp_path / "proyek"
    outside.mkdir()
    (outside / "rahasia.yaml").write_text("db_password: hunter2\n")
    (project / "lessons").mkdir(parents=True)
    (project / "lessons" / "satu.yaml").write_text(MINIMAL)
    (project / "lessons" / "bocor.yaml").symlink_to(outside / "rahasia.yaml")
    (project / "bersama").mkdir()
    (project / "bersama" / "dua.yaml").write_text(MINIMAL.replace("Kerja Sama", "Dua"))
    (project / "lessons" / "dua.yaml").symlink_to(project / "bersama" / "dua.yaml")
    result = run("validate", cwd=project)
    assert result.exit_code == 1
    assert "bocor.yaml:1:1: lesson: this lesson is a link to a file outside the project" \
        in result.output
    assert "db_password" not in result.output and "hunter2" not in result.output
    assert "2 of 3 lesson(s) valid" in result.output


def test_a_link_inside_the_project_is_fine(tmp_path):
    lesson, _ = load_lesson(project(tmp_path), tmp_path)
    (tmp_path / "shared-labels.yaml").write_text("handout: Materi\n")
    (tmp_path / "templates" / "labels").mkdir(parents=True)
    (tmp_path / "templates" / "labels" / "id.yaml").symlink_to(tmp_path / "shared-labels.yaml")
    assert "MATERI · IPS" in pdftext.text(render("handout", lesson, tmp_path))   # the kicker


def test_an_image_outside_the_project_is_refused_before_it_is_read(tmp_path, monkeypatch):
    opened: list[str] = []
    real_open = open

    def spy(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    path = project(tmp_path)
    path.write_text(MINIMAL.replace("  - title: Pengertian\n",
                                    "  - title: Pengertian\n    image: /etc/passwd\n    alt: x\n"))
    monkeypatch.setattr("builtins.open", spy)
    with pytest.raises(LessonInvalid, match="outside the project"):
        load_lesson(path, tmp_path)
    assert "/etc/passwd" not in opened
    assert os.path.exists("/etc/passwd")


HUGE = [
    ("essay lines", MINIMAL + "worksheet:\n  questions:\n"
     "    - {type: essay, prompt: p, lines: 200000}\n", "lines: must be at most 60"),
    ("long list in a body", MINIMAL.replace(
        "body: Kerja sama adalah usaha bersama.",
        "body: |\n" + "".join(f"      - butir {i}\n" for i in range(10_000))),
     "at most 20,000 are allowed"),
    ("many sections", MINIMAL.replace(
        "  - title: Pengertian\n    body: Kerja sama adalah usaha bersama.\n",
        "".join(f"  - {{title: T{i}, body: B}}\n" for i in range(5_000))),
     "at most 200 sections"),
    ("long title", MINIMAL.replace("title: Kerja Sama", "title: " + "a" * 600_000),
     "at most 500 are allowed"),
    ("50 MB body", MINIMAL + "summary: " + "b" * 50_000_000 + "\n", "a lesson may have at most"),
    ("deep nesting", MINIMAL + "subtitle: " + "[" * 100_000 + "]" * 100_000 + "\n",
     "nest deeper than 16 levels"),
    ("huge number", MINIMAL + "duration_minutes: " + "9" * 5000 + "\n", "must be at most"),
    ("control character", MINIMAL.replace("title: Kerja Sama", 'title: "Kerja\\x07Sama"'),
     "control character U+0007"),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in HUGE], ids=[c[0] for c in HUGE])
def test_oversized_lessons_fail_fast_with_a_located_error(tmp_path, text, expected):
    import time

    path = tmp_path / "besar.yaml"
    path.write_text(text)
    start = time.perf_counter()
    with pytest.raises(LessonInvalid) as caught:
        load_lesson(path)
    assert time.perf_counter() - start < 3
    assert any(expected in str(p) for p in caught.value.problems), caught.value.problems
    assert all(str(p).startswith(str(path)) for p in caught.value.problems)


def test_oversized_lessons_stay_small_in_memory(tmp_path):
    import subprocess
    import sys

    for name, text, _ in HUGE:
        (tmp_path / f"{name.replace(' ', '-')}.yaml").write_text(text)
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent (pytest) through exec
    code = ("import sys\nfrom pathlib import Path\n"
            "from pipeline.lesson.loader import load_lesson\nfrom pipeline.errors import "
            "LessonInvalid\nfor p in sorted(Path(sys.argv[1]).glob('*.yaml')):\n"
            "    try:\n        load_lesson(p)\n    except LessonInvalid:\n        pass\n"
            "print(next(int(line.split()[1]) for line in open('/proc/self/status') "
            "if line.startswith('VmHWM')) // 1024)")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) < 300, f"peak {done.stdout.split()[-1]} MB"


def test_invisible_characters_are_warnings_at_their_place(write_lesson):
    _, warnings = load_lesson(write_lesson(MINIMAL.replace("Kerja sama adalah",
                                                           "Kerja\u200bsama adalah")))
    (w,) = warnings
    assert (w.line, w.col, w.key) == (9, 16, "sections[1].body") and "U+200B" in w.message


# -- the build as a whole: one bad lesson, file or process never costs the others ----------

def build_cli(tmp_path: Path, *args: str):
    from click.testing import CliRunner

    from pipeline.cli import main

    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        return CliRunner().invoke(main, ["build", *args])
    finally:
        os.chdir(old)


def poisoned(tmp_path: Path) -> Path:
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    for name in ("baik", "juga-baik"):
        (lessons / f"{name}.yaml").write_text(MINIMAL)
    (lessons / "dalam.yaml").write_text(MINIMAL + "subtitle: " + "[" * 100_000 + "]" * 100_000)
    (lessons / "angka.yaml").write_text(MINIMAL + "duration_minutes: " + "9" * 5000 + "\n")
    os.mkfifo(lessons / "pipa.yaml")
    (lessons / "putus.yaml").symlink_to(tmp_path / "tidak-ada.yaml")
    return lessons


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_poisoned_batch_builds_every_good_target(tmp_path, jobs):
    import json

    poisoned(tmp_path)
    result = build_cli(tmp_path, "-j", jobs, "--only", "handout,slides")
    assert result.exit_code == 1, result.output
    assert "4 built, 0 up to date, 8 failed" in result.output
    assert "Traceback" not in result.output
    for line in ("lessons/dalam.yaml:12:", "lessons/angka.yaml:12:19: duration_minutes",
                 "lessons/pipa.yaml:1:1: lesson: this is not a regular file",
                 "lessons/putus.yaml:1:1: lesson: cannot read the file"):
        assert line in result.output, line
    for name in ("baik", "juga-baik"):
        assert (tmp_path / "output" / name / "handout.pdf").is_file()
    targets = json.loads((tmp_path / "output" / "manifest.json").read_text())["targets"]
    assert len(targets) == 12
    cache = json.loads((tmp_path / "output" / ".lessonpack-cache.json").read_text())
    assert len(cache["targets"]) == 4


def test_two_lessons_with_one_id_are_both_refused(tmp_path):
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "satu.yaml").write_text(MINIMAL + "id: kerja-sama\n")
    (lessons / "dua.yaml").write_text(MINIMAL + 'id: "kerja-sama"\n')
    (lessons / "tiga.yaml").write_text(MINIMAL)
    result = build_cli(tmp_path, "-j", "1", "--only", "handout")
    assert result.exit_code == 1
    assert ('lessons/satu.yaml:1:1: id: the lesson id "kerja-sama" is also used by '
            "lessons/dua.yaml") in result.output
    assert 'lessons/dua.yaml:1:1: id: the lesson id "kerja-sama" is also used by ' \
           "lessons/satu.yaml" in result.output
    assert not (tmp_path / "output" / "kerja-sama").exists()
    assert (tmp_path / "output" / "tiga" / "handout.pdf").is_file()


def test_a_broken_cache_record_is_ignored_with_a_note(tmp_path):
    import json

    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "satu.yaml").write_text(MINIMAL)
    assert build_cli(tmp_path, "-j", "1", "--only", "handout").exit_code == 0
    cache = tmp_path / "output" / ".lessonpack-cache.json"
    data = json.loads(cache.read_text())
    (record,) = data["targets"].values()
    record["files"] = "not a list"
    cache.write_text(json.dumps(data))
    for _ in range(2):
        result = build_cli(tmp_path, "-j", "1", "--only", "handout")
        assert result.exit_code == 0, result.output
    assert "0 built, 1 up to date" in result.output


def test_a_read_only_output_folder_is_one_message(tmp_path):
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "satu.yaml").write_text(MINIMAL)
    out = tmp_path / "output"
    out.mkdir()
    out.chmod(0o555)
    try:
        if os.access(out, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        result = build_cli(tmp_path, "-j", "1")
    finally:
        out.chmod(0o755)
    assert result.exit_code == 1
    assert result.output.strip() == ("output: cannot write to the output folder (Permission "
                                     "denied) (hint: choose another folder with -o, or fix "
                                     "its permissions)")


def test_a_target_over_its_time_limit_fails_alone(tmp_path):
    from pipeline.build import engine
    from pipeline.build.plan import BuildOptions

    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "satu.yaml").write_text(MINIMAL)
    options = BuildOptions(outputs=("handout", "slides"), target_seconds=0.001)
    (result,) = engine.build([tmp_path / "lessons"], tmp_path / "output", tmp_path, options)
    errors = [o.error for o in result.outcomes if o.status == "failed"]
    assert errors and all("the time limit per target" in e for e in errors)
    options = BuildOptions(outputs=("handout",), target_seconds=60)
    (result,) = engine.build([tmp_path / "lessons"], tmp_path / "output", tmp_path, options)
    assert result.ok


def test_a_worker_over_its_memory_limit_fails_and_the_build_ends(tmp_path):
    from pipeline.build import engine
    from pipeline.build.plan import BuildOptions

    (tmp_path / "lessons").mkdir()
    for name in ("satu", "dua"):
        (tmp_path / "lessons" / f"{name}.yaml").write_text(MINIMAL)
    options = BuildOptions(outputs=("handout",), jobs=2, worker_mb=40)
    results = engine.build([tmp_path / "lessons"], tmp_path / "output", tmp_path, options)
    errors = [o.error for r in results for o in r.outcomes]
    assert len(errors) == 2 and all(
        e and ("out of memory" in e or "worker stopped" in e or "MemoryError" in e)
        for e in errors), errors


def test_a_runaway_template_in_process_fails_its_target_under_the_same_limit(tmp_path):
    """-j 1 builds in this process: the worker's memory limit holds there too, and is
    lifted again after the build."""
    import re
    import resource

    from pipeline.build import engine
    from pipeline.build.plan import BuildOptions

    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "satu.yaml").write_text(MINIMAL)
    (tmp_path / "templates" / "print").mkdir(parents=True)
    (tmp_path / "templates" / "print" / "handout.html").write_text(
        '{{ ("x" * 1500000000) | length }}\n')
    status = Path("/proc/self/status").read_text()
    data_mb = int(re.search(r"VmData:\s+(\d+) kB", status).group(1)) // 1024
    before = resource.getrlimit(resource.RLIMIT_DATA)
    options = BuildOptions(outputs=("handout",), jobs=1, worker_mb=data_mb + 300)
    results = engine.build([tmp_path / "lessons"], tmp_path / "output", tmp_path, options)
    [outcome] = [o for r in results for o in r.outcomes]
    assert outcome.status == "failed" and "ran out of memory" in (outcome.error or "")
    assert resource.getrlimit(resource.RLIMIT_DATA) == before


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, stack = set(), [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.add(child)
            stack.append(child)
    return found


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _start_build(tmp_path: Path, count: int = 12):
    import subprocess
    import sys

    from .conftest import ROOT

    lessons = tmp_path / "lessons"
    lessons.mkdir()
    for i in range(count):
        (lessons / f"pelajaran-{i}.yaml").write_text(MINIMAL)
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build", "-j", "2", "--only", "handout,worksheet"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_workers(proc, least: int = 2) -> set[int]:
    import time

    deadline = time.time() + 30
    while time.time() < deadline:
        found = _descendants(proc.pid)
        if len(found) >= least + 1:         # the forkserver and its workers
            time.sleep(0.5)
            return _descendants(proc.pid)
        time.sleep(0.1)
    raise AssertionError("the build started no workers")


def test_workers_exit_within_a_second_of_the_build_being_killed(tmp_path):
    import signal
    import time

    proc = _start_build(tmp_path)
    helpers = _wait_for_workers(proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 1.0
    while time.time() < deadline and any(_running(p) for p in helpers):
        time.sleep(0.05)
    assert not [p for p in helpers if _running(p)], "orphaned build processes"


def test_ctrl_c_exits_130_with_one_line_and_no_traceback(tmp_path):
    import signal
    import time

    proc = _start_build(tmp_path)
    helpers = _wait_for_workers(proc)
    os.killpg(proc.pid, signal.SIGINT)          # what a terminal sends to the whole group
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, (out, err)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert "interrupted" in err
    deadline = time.time() + 1.5                # workers are ended, or end themselves
    while time.time() < deadline and any(_running(p) for p in helpers):
        time.sleep(0.05)
    assert not [p for p in helpers if _running(p)]


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path):
    import fcntl
    import threading

    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "satu.yaml").write_text(MINIMAL)
    (tmp_path / "output").mkdir()
    with open(tmp_path / "output" / ".lessonpack.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("4242")
        held.flush()
        threading.Timer(1.0, lambda: fcntl.flock(held, fcntl.LOCK_UN)).start()
        result = build_cli(tmp_path, "-j", "1", "--only", "handout")
    assert result.exit_code == 0, result.output
    assert "waiting for the build running as process 4242" in result.output
    assert "1 built" in result.output


@pytest.mark.parametrize(("data", "expected"), [
    (b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, "cannot be read as an image"),
    (None, "at most 40 million pixels"),
])
def test_corrupt_or_huge_images_are_located_errors(tmp_path, write_lesson, data, expected):
    if data is None:
        from PIL import Image

        Image.new("1", (8000, 6000)).save(tmp_path / "peta.png")
    else:
        (tmp_path / "peta.png").write_bytes(data)
    text = MINIMAL.replace("  - title: Pengertian\n",
                           "  - title: Pengertian\n    image: peta.png\n    alt: Peta\n")
    with pytest.raises(LessonInvalid) as caught:
        load_lesson(write_lesson(text))
    (problem,) = caught.value.problems
    assert (problem.line, problem.key) == (9, "sections[1].image") and expected in problem.message
    body = MINIMAL.replace("body: Kerja sama adalah usaha bersama.",
                           'body: "Kerja sama adalah usaha bersama. ![peta](peta.png)"')
    with pytest.raises(LessonInvalid, match=expected):
        load_lesson(write_lesson(body))
