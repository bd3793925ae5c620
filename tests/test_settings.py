"""The project's lessonpack.yaml: checked like a lesson, printed in every header."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from pipeline.cli import main

from . import pdftext
from .conftest import MINIMAL

QUIZ = "worksheet:\n  questions:\n    - {type: true_false, prompt: p, answer: true}\n"
SETTINGS = """\
school: SMA Negeri 1 Contoh
logo: logo.png
teacher: Ibu Sari, S.Pd.
academic_year: 2025/2026
semester: 1 (Ganjil)
paper: f4
language: en
worksheet:
  objectives: true
"""


def cli(tmp_path, *args):
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)


def build(tmp_path, *args):
    return cli(tmp_path, "build", "-j", "1", *args)


@pytest.fixture
def project(tmp_path):
    from PIL import Image

    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "satu.yaml").write_text(MINIMAL + QUIZ)
    Image.new("RGB", (60, 60), (20, 40, 90)).save(tmp_path / "logo.png")
    (tmp_path / "lessonpack.yaml").write_text(SETTINGS)
    return tmp_path


def test_settings_print_in_every_header_with_paper_and_language(project):
    result = build(project, "--only", "pdf")
    assert result.exit_code == 0, result.output
    for name in ("handout", "worksheet", "answer-key"):
        data = (project / "output" / "satu" / f"{name}.pdf").read_bytes()
        first = pdftext.page_texts(data)[0]
        for text in ("SMA Negeri 1 Contoh", "Ibu Sari, S.Pd.", "2025/2026", "1 (Ganjil)"):
            assert text in first, (name, text)
        box = PdfReader(__import__("io").BytesIO(data)).pages[0].mediabox
        assert round(float(box.height) / 72 * 25.4) == 330, "F4 from the settings"
    worksheet = pdftext.text((project / "output" / "satu" / "worksheet.pdf").read_bytes())
    assert "Learning Objectives" in worksheet and "Teacher: Ibu Sari" in worksheet
    result = build(project, "--only", "handout", "--paper", "a4", "--force")
    data = (project / "output" / "satu" / "handout.pdf").read_bytes()
    assert round(float(PdfReader(__import__("io").BytesIO(data)).pages[0].mediabox.height)
                 / 72 * 25.4) == 297, "--paper wins over the settings"


def test_a_settings_typo_is_a_located_error(project):
    (project / "lessonpack.yaml").write_text(SETTINGS + "sekolah: X\n")
    result = build(project, "--only", "handout")
    assert result.exit_code == 1
    assert 'lessonpack.yaml:10:1: sekolah: unknown key "sekolah"' in result.output
    checked = cli(project, "validate")
    assert checked.exit_code == 1 and "lessonpack.yaml:10:1" in checked.output


def test_a_settings_or_labels_file_is_not_called_a_lesson(project):
    (project / "lessonpack.yaml").write_text("- SMA Negeri 1\n- Bandung\n")
    (project / "templates" / "labels").mkdir(parents=True)
    (project / "templates" / "labels" / "id.yaml").write_text("# nanti\n")
    checked = cli(project, "validate")
    assert checked.exit_code == 1
    assert ("lessonpack.yaml:1:1: settings: a settings file must be a mapping of keys, not a "
            "list (hint: write the school's settings as keys") in checked.output
    assert "id.yaml:1:1: labels: the file is empty (hint: write each printed word" \
        in checked.output
    assert "lessonpack new" not in checked.output
    assert "1 of 1 lesson(s) valid; 2 settings or labels file(s) with problems" \
        in checked.output


def test_editing_the_settings_rebuilds(project):
    assert "1 built" in build(project, "--only", "handout").output
    assert "0 built, 1 up to date" in build(project, "--only", "handout").output
    (project / "lessonpack.yaml").write_text(SETTINGS.replace("Ibu Sari", "Pak Budi"))
    assert "1 built" in build(project, "--only", "handout").output
