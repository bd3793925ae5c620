"""Options that change what a renderer produces (and so belong in a target's cache key)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PAPERS = {"a4": "210mm 297mm", "letter": "8.5in 11in", "f4": "215mm 330mm"}


@dataclass(frozen=True)
class RenderOptions:
    """Where the lesson project is (templates, images), the paper size, the variant."""

    project_root: Path
    paper: str = "a4"
    variant: str | None = None          # worksheet/answer-key variant letter, None = plain
