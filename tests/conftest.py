"""Shared fixtures: a minimal valid lesson and helpers to write lesson files."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

MINIMAL = """\
title: Kerja Sama
subject: IPS
grade: X
objectives:
  - id: tp1
    text: Menjelaskan kerja sama.
sections:
  - title: Pengertian
    body: Kerja sama adalah usaha bersama.
sources:
  - title: Artikel
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def write_lesson(tmp_path: Path):
    """Write YAML text (dedented) to tmp_path/<name>.yaml and return the path."""

    def write(text: str, name: str = "lesson") -> Path:
        path = tmp_path / f"{name}.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


def render(output: str, lesson, root: Path, paper: str = "a4", variant: str | None = None):
    """Render one output of a loaded lesson in-process; its bytes, or None (nothing to write)."""
    from pipeline.render.context import RenderOptions
    from pipeline.render.outputs import render_output

    rendered = render_output(output, lesson, root, RenderOptions(paper, variant))
    return None if rendered is None else rendered.data
