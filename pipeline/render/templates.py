"""Template folders and Jinja environments: a project's templates override built-in ones.

A project's ``templates/`` folder is searched first, one file at a time, so a school can
replace the handout template alone. StrictUndefined turns a typo into a located error.

Templates are untrusted (a lesson repository has many contributors): they run in Jinja's
immutable sandbox with only the filters and globals lessonpack defines, and every file
the build reads from a template folder must resolve, links followed, inside the project
or the built-in templates.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from pipeline.errors import TemplateProblem
from pipeline.render.folders import confine, template_dirs
from pipeline.stamps import settled, stamp

# how Jinja names the lesson a template reads (a recorder of what it reads) in a message
LESSON_OBJECT = re.compile(r"'[\w.]*LessonReads object'")


def find(name: str, project_root: Path | None) -> Path:
    """The first template folder's copy of a file (a font, a theme deck), confined."""
    for folder in template_dirs(project_root):
        if (folder / name).exists() or (folder / name).is_symlink():
            return confine(folder / name, project_root)
    raise TemplateProblem(f"{name!r} not found in "
                          + ", ".join(map(str, template_dirs(project_root))))


class ConfinedLoader(jinja2.BaseLoader):
    """Like FileSystemLoader over the template folders, but never follows a link outside."""

    def __init__(self, project_root: Path | None):
        self.project_root = project_root

    def get_source(self, environment, template: str):
        parts = [p for p in template.split("/") if p not in ("", ".")]
        if ".." in parts:
            raise jinja2.TemplateNotFound(template)
        for folder in template_dirs(self.project_root):
            path = folder.joinpath(*parts)
            if path.exists() or path.is_symlink():
                real = confine(path, self.project_root)
                info = real.stat()
                known, steady = stamp(info), settled(info)
                try:
                    source = real.read_text(encoding="utf-8")
                except UnicodeDecodeError as exc:
                    raise TemplateProblem(f"{path}: the template is not UTF-8 text (byte "
                                          f"0x{exc.object[exc.start]:02x})") from None
                return (source, str(path),
                        lambda real=real, known=known, steady=steady: steady
                        and real.exists() and stamp(real.stat()) == known)
        raise jinja2.TemplateNotFound(template)


def css_string(value: object) -> str:
    """Quote a value for a CSS ``content:`` string."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{text}"'


def _bytecode_cache(kind: str) -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (``$XDG_CACHE_HOME/lessonpack``): compiling
    them cost every new worker about 0.2 s. Keyed by Jinja's version and the environment's
    kind, and by each template's source, so an edited template is compiled again."""
    import os

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "lessonpack" / f"jinja-{jinja2.__version__}-{kind}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None                     # a read-only home: compile every time
    return jinja2.FileSystemBytecodeCache(str(folder))


def make_environment(project_root: Path | None, autoescape: bool) -> jinja2.Environment:
    """The sandbox, search path and strictness every renderer shares."""
    env = ImmutableSandboxedEnvironment(
        loader=ConfinedLoader(project_root),
        bytecode_cache=_bytecode_cache("html" if autoescape else "text"),
        # HTML templates are escaped; print.css and YAML templates are not.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "xml", "j2"),
                                            default_for_string=True) if autoescape else False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    for name in ("lipsum", "cycler", "joiner"):     # only what lessonpack defines
        env.globals.pop(name, None)
    return env


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
    except (jinja2.UndefinedError, jinja2.exceptions.SecurityError) as exc:
        kind = "not allowed in a template: " if isinstance(
            exc, jinja2.exceptions.SecurityError) else ""
        message = LESSON_OBJECT.sub("'lesson'", exc.message or "")
        raise TemplateProblem(f"{_where(exc, name, project_root)}: {kind}{message}") from None
    except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError) as exc:
        where = _where(exc, name, project_root, strict=True)
        if where is None:                       # not the template's doing: a real bug
            raise
        raise TemplateProblem(f"{where}: {type(exc).__name__}: {exc}") from None


def _where(exc: BaseException, name: str, project_root: Path | None,
           strict: bool = False) -> str | None:
    """``file:line`` of the innermost template line the error came from."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if any(f.filename.startswith(str(d)) for d in template_dirs(project_root))]
    if frames:
        return f"{frames[-1].filename}:{frames[-1].lineno}"
    return None if strict else name
