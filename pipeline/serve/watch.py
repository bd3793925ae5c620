"""Rebuild on every save of a lesson, template, labels file or image (watchfiles)."""

from __future__ import annotations

from pathlib import Path

from watchfiles import Change, DefaultFilter, awatch

from pipeline.serve.state import Preview


class ProjectFilter(DefaultFilter):
    """Changes that can change an output: not the output folder, editors' temporary files."""

    def __init__(self, out_dir: Path):
        super().__init__(ignore_dirs=(*DefaultFilter.ignore_dirs, ".venv", "output"))
        self.out_dir = out_dir.resolve()

    def __call__(self, change: Change, path: str) -> bool:
        if Path(path).resolve().is_relative_to(self.out_dir):
            return False
        name = Path(path).name
        if name.startswith(".") or name.endswith(("~", ".tmp", ".swp")):
            return False
        return super().__call__(change, path)


async def watch(preview: Preview, stop) -> None:
    async for _ in awatch(preview.project, watch_filter=ProjectFilter(preview.out_dir),
                          stop_event=stop, debounce=200, step=50):
        await preview.rebuild()
