"""Template folders and Jinja environments: a project's templates override built-in ones.

A project's ``templates/`` folder is searched first, one file at a time, so a school can
replace the handout template alone. StrictUndefined turns a typo into a located error.
"""

from __future__ import annotations

import traceback
from pathlib import Path

import jinja2

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


def find(name: str, project_root: Path | None) -> Path:
    """The first template folder's copy of a file (a font, a theme deck)."""
    for folder in template_dirs(project_root):
        if (folder / name).is_file():
            return folder / name
    raise TemplateProblem(f"{name!r} not found in "
                          + ", ".join(map(str, template_dirs(project_root))))


def css_string(value: object) -> str:
    """Quote a value for a CSS ``content:`` string."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{text}"'


def make_environment(project_root: Path | None, autoescape: bool) -> jinja2.Environment:
    """The template search path and strictness every renderer shares."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(project_root)]),
        # HTML templates are escaped; print.css and YAML templates are not.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "j2"),
                                            default_for_string=True) if autoescape else False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(env: jinja2.Environment, name: str, project_root: Path | None,
           **context: object) -> str:
    """Render one template, turning Jinja failures into a message with template and line."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"{exc.filename or exc.name}:{exc.lineno}: template syntax "
                              f"error: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem(f"template {exc.name!r} not found in "
                              + ", ".join(map(str, template_dirs(project_root)))) from None
    except jinja2.UndefinedError as exc:
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if any(f.filename.startswith(str(d)) for d in template_dirs(project_root))]
        where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else name
        raise TemplateProblem(f"{where}: {exc.message}") from None
