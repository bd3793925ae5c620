"""The Jinja environment of HTML templates (print and web): autoescaped, Markdown filters."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from pipeline.render import markdown
from pipeline.render.templates import css_string, find, make_environment


@lru_cache(maxsize=8)
def environment(project_root: Path) -> jinja2.Environment:
    """HTML templates: autoescaped, with the Markdown filters and ``asset()``."""
    env = make_environment(project_root, autoescape=True)
    env.globals["asset"] = lambda name: find(name, project_root).as_uri()
    env.filters.update(md=markdown.to_html, md_inline=markdown.to_inline_html,
                       blanks=markdown.with_blanks, css_string=css_string,
                       plain=markdown.plain, num=lambda v: f"{v:g}")
    return env
