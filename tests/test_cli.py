"""The command line as a user runs it: exit codes, messages, files written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main

from .conftest import MINIMAL


def run(*args: str, cwd: Path):
    runner = CliRunner()
    import os

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, list(args))
    finally:
        os.chdir(old)


def test_new_lesson_validates_and_builds(tmp_path):
    result = run("new", "gotong-royong", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "lessons" / "gotong-royong.yaml").is_file()
    result = run("validate", "--strict", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    result = run("build", "--only", "handout", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "output" / "gotong-royong" / "handout.pdf").read_bytes()[:4] == b"%PDF"
    assert run("new", "gotong-royong", cwd=tmp_path).exit_code == 2, "never overwrites"


def test_bad_lesson_does_not_stop_the_others(tmp_path):
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "baik.yaml").write_text(MINIMAL)
    (lessons / "rusak.yaml").write_text(MINIMAL.replace("subject: IPS", "subjek: IPS"))
    result = run("build", cwd=tmp_path)
    assert result.exit_code == 1
    assert "lessons/rusak.yaml:2:1: subjek: unknown key" in result.output
    assert (tmp_path / "output" / "baik" / "handout.pdf").is_file()
    assert not (tmp_path / "output" / "rusak").exists()
    assert not list((tmp_path / "output").rglob("*.tmp")), "no half-written files"


def test_validate_reports_and_exit_codes(tmp_path):
    (tmp_path / "a.yaml").write_text(MINIMAL)
    assert run("validate", "a.yaml", cwd=tmp_path).exit_code == 0
    (tmp_path / "b.yaml").write_text("title: [\n")
    result = run("validate", "a.yaml", "b.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert "b.yaml:2:1: lesson: YAML syntax error" in result.output
    assert "Traceback" not in result.output
    assert run("validate", "missing.yaml", cwd=tmp_path).exit_code == 2
    assert run("build", "--paper", "a3", cwd=tmp_path).exit_code == 2
    assert run("build", "--only", "poster", "a.yaml", cwd=tmp_path).exit_code == 2


def test_help_and_module_entry_point():
    out = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True,
                         text=True, check=True).stdout
    for command in ("build", "validate", "new"):
        assert command in out
    code = "import sys, pipeline.cli; print('weasyprint' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False", "--help must stay instant"


def test_variants_write_one_worksheet_and_key_each(tmp_path):
    text = MINIMAL + ("worksheet:\n  questions:\n"
                      "    - {type: multiple_choice, prompt: p, choices: [a, b, c], answer: A}\n")
    (tmp_path / "a.yaml").write_text(text)
    result = run("build", "a.yaml", "--variants", "3", "--only", "worksheet,answer-key",
                 cwd=tmp_path)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "output" / "a").glob("*.pdf"))
    assert names == [f"{kind}-{v}.pdf" for kind in ("answer-key", "worksheet") for v in "ABC"]


def test_progress_bar_on_a_terminal_keeps_problems_visible(tmp_path, capsys):
    from pipeline.build.engine import LessonResult
    from pipeline.build.report import BuildReporter
    from pipeline.errors import Problem

    bad = LessonResult(tmp_path / "rusak.yaml",
                       problems=[Problem("rusak.yaml", 2, 1, "subjek", 'unknown key "subjek"')])
    with BuildReporter(tmp_path / "output", bar=True) as report:
        report.start(2)
        report(bad)
        report(LessonResult(tmp_path / "baik.yaml"))
    err = capsys.readouterr().err
    assert 'rusak.yaml:2:1: subjek: unknown key "subjek"' in err


def test_new_english_lesson_is_english_and_names_its_schema(tmp_path):
    import json
    import os

    old = os.umask(0o022)
    try:
        assert run("new", "teamwork", "--language", "en", cwd=tmp_path).exit_code == 0
    finally:
        os.umask(old)
    assert (tmp_path / "lessons" / "teamwork.yaml").stat().st_mode & 0o777 == 0o644
    text = (tmp_path / "lessons" / "teamwork.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=lesson.schema.json\n")
    assert "language: en" in text and "Answer the questions on your own." in text
    for indonesian in ("Kerjakan", "Pengertian", "siswa", "Contoh", "Judul"):
        assert indonesian not in text, indonesian
    schema = json.loads((tmp_path / "lessons" / "lesson.schema.json").read_text())
    assert "objectives" in schema["required"]
    assert run("validate", "--strict", cwd=tmp_path).exit_code == 0


def test_schema_command_prints_json_schema_and_reference():
    import json

    result = CliRunner().invoke(main, ["schema"])
    assert json.loads(result.output)["$schema"].startswith("http://json-schema.org/draft-07")
    result = CliRunner().invoke(main, ["schema", "--markdown"])
    assert result.output.startswith("# The lesson format")


def test_empty_or_missing_names_are_usage_errors(tmp_path):
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "satu.yaml").write_text(MINIMAL)
    for args, message in ((("-o", ""), "is empty"), (("--roster", ""), "is empty"),
                          (("--project", "tidak-ada"), "does not exist"),
                          (("--only", ""), "unknown output")):
        result = run("build", *args, cwd=tmp_path)
        assert result.exit_code == 2 and message in result.output, (args, result.output)
    assert not (tmp_path / "output").exists() and not (tmp_path / "manifest.json").exists()
    result = run("new", "a" * 300, cwd=tmp_path)
    assert result.exit_code == 2 and "at most 80" in result.output
    assert "Traceback" not in result.output
