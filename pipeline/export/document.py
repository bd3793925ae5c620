"""What every export shares: the questions in order, one template per type per format, the
text conversions each format needs, and the record of questions a format cannot hold.

A type's template may call ``skip("why")``: the question is left out of that file and the
build prints a warning naming it, never silently.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import escape

from pipeline.questions.arrange import Presented, arrange
from pipeline.questions.fill_in_blank import BLANK_RE
from pipeline.render import markdown
from pipeline.render.context import RenderContext, Rendered
from pipeline.render.html import environment
from pipeline.render.markdown import IMG_SRC_RE, local_image
from pipeline.render.templates import render
from pipeline.slides.outline import yaml_str

GIFT_SPECIAL_RE = re.compile(r"([~=#{}:\\])")
CLOZE_SPECIAL_RE = re.compile(r"([}#])")            # the only escapes Moodle's cloze undoes


@dataclass
class Export:
    """One export being written: the context, its questions and what was left out."""

    ctx: RenderContext
    presented: list[Presented]
    skipped: list[str] = field(default_factory=list)
    images: dict[str, Path] = field(default_factory=dict)   # file name -> file

    def skip(self, p: Presented, why: str) -> str:
        q = p.question
        self.skipped.append(f'question {p.number} ("{q.id}", {q.kind}) left out: {why}')
        return ""

    def html(self, text: str | None, block: bool = False) -> str:
        """Markdown as HTML; local images become ``@@PLUGINFILE@@/name`` (files recorded)."""
        html = str(markdown.to_html(text) if block else markdown.to_inline_html(text))

        def local(match: re.Match) -> str:
            path = local_image(match.group(2), self.ctx.lesson_dir,
                               self.ctx.project_root.resolve())
            if path is None:
                return match.group(0)
            name = self.file_name(path)
            self.images[name] = path
            self.ctx.reads.add(path)
            return f"{match.group(1)}@@PLUGINFILE@@/{name}{match.group(3)}"

        return IMG_SRC_RE.sub(local, html)

    def file_name(self, path: Path) -> str:
        """The image's name in the export: plain characters (Moodle and Canvas name files
        in URLs), and its own even when another folder has a file of the same name."""
        known = next((name for name, other in self.images.items() if other == path), None)
        if known:
            return known
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-") or "gambar"
        suffix = re.sub(r"[^A-Za-z0-9.]+", "", path.suffix)
        name, n = stem + suffix, 1
        while name in self.images:
            n += 1
            name = f"{stem}-{n}{suffix}"
        return name


    def embedded(self, html: str) -> list[tuple[str, str]]:
        """(name, base64) of the images an HTML text names, for Moodle's <file> elements."""
        names = sorted(set(re.findall(r"@@PLUGINFILE@@/([^\"]+)", str(html))))
        return [(n, base64.b64encode(self.images[n].read_bytes()).decode()) for n in names
                if n in self.images]

    def cloze(self, p) -> str:
        """A fill_in_blank prompt as Moodle cloze HTML, the weights adding up to its points."""
        q = p.question
        if any("~" in answer for blank in q.blanks for answer in blank):
            self.skip(p, "a Moodle cloze answer cannot contain ~ (it separates answers)")
        count = len(q.blanks)
        whole = float(q.points).is_integer() and q.points >= count and count
        weights = [int(q.points) // count + (i < int(q.points) % count) if whole else 1
                   for i in range(count)]
        codes = ["{" + f"{w}:SHORTANSWER:" + "~".join("=" + cloze_escape(a) for a in blank) + "}"
                 for w, blank in zip(weights, q.blanks, strict=True)]
        tokens = iter(range(count))
        html = self.html(BLANK_RE.sub(lambda m: f"LPCLOZE{next(tokens)}Z", q.prompt))
        for i, code in enumerate(codes):
            html = html.replace(f"LPCLOZE{i}Z", code)
        return html

    def canvas_blanks(self, q) -> str:
        """A fill_in_blank prompt as Canvas writes it: ``[blank1]``, ``[blank2]``, ..."""
        numbers = iter(range(1, len(q.blanks) + 1))
        return self.html(BLANK_RE.sub(lambda m: f"[blank{next(numbers)}]", q.prompt))

    def rubric_html(self, q) -> str:
        """An essay's rubric as an HTML table for the grader."""
        if not q.rubric:
            return ""
        labels = self.ctx.labels
        rows = "".join(f"<tr><td>{self.html(r.criterion)}</td><td>{r.points:g}</td></tr>"
                       for r in q.rubric)
        return (f"<table><thead><tr><th>{escape(labels['criterion'])}</th>"
                f"<th>{escape(labels['points'])}</th></tr></thead><tbody>{rows}</tbody>"
                f"<tfoot><tr><td>{escape(labels['total_points'])}</td><td>{q.points:g}</td>"
                "</tr></tfoot></table>")


def fraction(count: int) -> str:
    """100 % shared by ``count`` right answers, as Moodle's grade list writes it."""
    return f"{100 / count:.5f}".rstrip("0").rstrip(".")


def one_line(text: object) -> str:
    """Line breaks and runs of white space folded to single spaces (a one-line field)."""
    return " ".join(str(text).split())


def gift_escape(text: object) -> str:
    """GIFT's special characters escaped with a backslash; line breaks folded."""
    return GIFT_SPECIAL_RE.sub(r"\\\1", one_line(text))


def gift_html(html: object) -> str:
    """HTML for a GIFT ``[html]`` text: braces as character references (unambiguous for any
    GIFT reader), the other specials escaped with a backslash."""
    return gift_escape(html).replace("\\{", "&lbrace;").replace("\\}", "&rbrace;")


def cloze_escape(text: object) -> str:
    """An answer inside a Moodle cloze (multianswer) blank."""
    return CLOZE_SPECIAL_RE.sub(r"\\\1", str(text))


def questions(ctx: RenderContext) -> list[Presented]:
    """The worksheet in the authored order (LMSs shuffle themselves) or, for a format
    without its own shuffle, as this variant prints."""
    sheet = ctx.lesson.worksheet
    return arrange(ctx.lesson.id, sheet.questions, sheet.shuffle, ctx.options.variant)


def export_file(ctx: RenderContext, template: str) -> Rendered | None:
    """A text export (Moodle XML, GIFT): the file, or None without a worksheet; its page
    count is the number of questions it holds, its warnings the ones left out."""
    if ctx.lesson.worksheet is None:
        return None
    text, job = export_text(ctx, template)
    return Rendered(text.encode("utf-8"), len(job.presented) - len(job.skipped),
                    tuple(job.skipped))


@lru_cache(maxsize=8)
def export_environment(project_root: Path) -> jinja2.Environment:
    """The HTML environment plus the export filters, built (and its templates parsed) once
    per project; what belongs to one export is passed in the render context instead."""
    env = environment(project_root).overlay()
    env.filters.update(gift=gift_escape, gift_html=gift_html, cloze=cloze_escape, one_line=one_line,
                       unblank=lambda text: BLANK_RE.sub("___", str(text)),
                       yaml_str=yaml_str, add1=lambda n: n + 1,
                       prefix=lambda text, start: f"{start}{text}",
                       split_blank=lambda text: BLANK_RE.split(str(text), maxsplit=1)[::2])
    return env


def export_text(ctx: RenderContext, template: str, **context: object) -> tuple[str, Export]:
    """Render an export's wrapper template, which imports ``export/<fmt>/<type>.*``."""
    root = ctx.project_root
    job = Export(ctx, questions(ctx))
    text = render(export_environment(root), template, root, lesson=ctx.lesson,
                  labels=ctx.labels, presented=job.presented, skip=job.skip,
                  to_html=job.html, embedded=job.embedded, cloze=job.cloze,
                  rubric_html=job.rubric_html, fraction=fraction,
                  canvas_blanks=job.canvas_blanks, **context)
    return text, job

