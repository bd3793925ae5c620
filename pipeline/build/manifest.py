"""What happened to each target, and ``manifest.json`` listing them for tools and people."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.build.files import write_json_atomic

MANIFEST_NAME = "manifest.json"
STATUSES = ("built", "up to date", "empty", "failed", "invalid")


@dataclass
class Outcome:
    """What happened to one target; ``status`` is one of STATUSES."""

    ident: str
    lesson: str
    output: str
    variant: str | None
    status: str
    lesson_id: str | None = None
    files: list[dict] = field(default_factory=list)   # {path (relative to out_dir), sha256, size}
    pages: int | None = None
    seconds: float = 0.0
    error: str | None = None
    worker_mb: float | None = None      # resident memory of the process that built it
    deps: dict[str, str] = field(default_factory=dict)  # other files it read -> sha256
    warnings: list[str] = field(default_factory=list)   # e.g. a question left out
    form: str = ""                                      # large, booklet, or a class set
    content: dict | None = None         # the lesson fields it read and their digest (content.py)

    def manifest_entry(self) -> dict:
        return {"lesson": self.lesson, "lesson_id": self.lesson_id, "output": self.output,
                "variant": self.variant, "status": self.status, "files": self.files,
                "pages": self.pages, "seconds": round(self.seconds, 3), "error": self.error,
                "worker_mb": self.worker_mb, "warnings": self.warnings,
                **({"form": self.form} if self.form else {})}

    def cache_record(self, inputs: str, context: str = "") -> dict:
        content = {**self.content, "context": context} if self.content else None
        return {"inputs": inputs, "files": self.files, "pages": self.pages,
                "lesson_id": self.lesson_id, "deps": self.deps, "warnings": self.warnings,
                "content": content}


def write_manifest(out_dir: Path, outcomes: list[Outcome]) -> None:
    """``manifest.json``: every target of this build, sorted by lesson, output and variant."""
    entries = [o.manifest_entry() for o in sorted(outcomes, key=lambda o: o.ident)]
    write_json_atomic(out_dir / MANIFEST_NAME, {"format": 1, "targets": entries})
