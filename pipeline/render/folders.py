"""Where templates may come from: the project's ``templates/`` first, then the built-in
folder; every file read from them must stay inside the project or the built-in templates.

Kept apart from the Jinja environments (``templates.py``) so the build cache can hash the
template folders without importing Jinja.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import TemplateProblem

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
BUILTIN = PACKAGE_TEMPLATES if PACKAGE_TEMPLATES.is_dir() else \
    Path(__file__).resolve().parent.parent.parent / "templates"


def template_dirs(project_root: Path | None) -> list[Path]:
    """Folders searched for templates, fonts and stylesheets, most specific first."""
    dirs = []
    if project_root is not None and (project_root / "templates").is_dir():
        own = (project_root / "templates").resolve()
        if own != BUILTIN:
            dirs.append(own)
    return dirs + [BUILTIN]


def allowed_roots(project_root: Path | None) -> tuple[Path, ...]:
    """Where a template, label, font or theme file may really live (links resolved)."""
    return ((project_root.resolve(),) if project_root is not None else ()) + (BUILTIN,)


def confine(path: Path, project_root: Path | None) -> Path:
    """``path`` with links resolved, if it stays inside the project or the built-in
    templates; a link (or a linked folder) that leads elsewhere is refused before reading."""
    real = path.resolve()
    if not any(real.is_relative_to(root) for root in allowed_roots(project_root)):
        raise TemplateProblem(f"{path}: refusing to read it: it is a link to {real}, outside "
                              "the project and the built-in templates (hint: replace the link "
                              "with a real file inside the project)")
    if not real.is_file():
        raise TemplateProblem(f"{path}: is not a regular file")
    return real
