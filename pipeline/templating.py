"""Jinja environment shared by every renderer: project templates override built-in ones.

A project's ``templates/`` folder is searched first, one file at a time, so a school can
replace the handout template alone. StrictUndefined turns a typo into a located error.
"""

from __future__ import annotations

import traceback
from functools import lru_cache
from pathlib import Path

import jinja2
import yaml

from pipeline import markdown

PACKAGE_TEMPLATES = Path(__file__).resolve().parent / "templates"
BUILTIN = PACKAGE_TEMPLATES if PACKAGE_TEMPLATES.is_dir() else \
    Path(__file__).resolve().parent.parent / "templates"


class TemplateProblem(Exception):
    """A template could not be read or rendered; the message names template and line."""


def template_dirs(project_root: Path | None) -> list[Path]:
    """Folders searched for templates, fonts and stylesheets, most specific first."""
    dirs = []
    if project_root is not None and (project_root / "templates").is_dir():
        own = (project_root / "templates").resolve()
        if own != BUILTIN:
            dirs.append(own)
    return dirs + [BUILTIN]


def css_string(value: object) -> str:
    """Quote a value for a CSS ``content:`` string."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{text}"'


def asset(name: str, project_root: Path | None) -> str:
    """File URL of a font or image in the first template folder that has it."""
    for folder in template_dirs(project_root):
        if (folder / name).is_file():
            return (folder / name).as_uri()
    raise TemplateProblem(f"asset {name!r} not found in the template folders")


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


@lru_cache(maxsize=8)
def environment(project_root: Path | None) -> jinja2.Environment:
    """HTML templates: autoescaped, with the Markdown filters."""
    env = make_environment(project_root, autoescape=True)
    env.globals["asset"] = lambda name: asset(name, project_root)
    env.filters.update(md=markdown.to_html, md_inline=markdown.to_inline_html,
                       blanks=markdown.with_blanks, css_string=css_string,
                       num=lambda v: f"{v:g}")
    return env


@lru_cache(maxsize=8)
def labels(language: str, project_root: Path | None) -> dict[str, str]:
    """Printed words for one language; a project's labels file overrides single keys."""
    merged: dict[str, str] = {}
    for folder in reversed(template_dirs(project_root)):
        path = folder / "labels" / f"{language}.yaml"
        if path.is_file():
            # BaseLoader: every label is text, even a key such as `true:` or a value `no`.
            merged.update(yaml.load(path.read_text(encoding="utf-8"), yaml.BaseLoader) or {})
    return merged


def render(name: str, project_root: Path | None, env: jinja2.Environment | None = None,
           **context: object) -> str:
    """Render one template, turning Jinja failures into a message with template and line."""
    env = env or environment(project_root)
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
