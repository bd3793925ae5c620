"""Quiz-game spreadsheets: Quizizz (Wayground) and Kahoot, in each tool's import template.

Each question type writes its row through ``export/quizgame/<type>.yaml``; a question the
tool cannot take, or one over the tool's limits (Kahoot: 120 characters a question, 4
answers of 75 characters), is left out with a warning naming it, never truncated. The
bytes are reproducible: fixed workbook metadata and a normalised zip.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from pipeline.export.document import Export, export_text
from pipeline.lesson.source import load_generated
from pipeline.render.context import RenderContext, Rendered
from pipeline.slides.pptxfile import normalize_zip

FIXED = datetime(2000, 1, 1)
MODIFIED_RE = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


@dataclass(frozen=True)
class Game:
    """A tool's import template: where the header is, its columns, its limits."""

    name: str
    title_rows: tuple[tuple[str, ...], ...]     # rows written above the header
    header: tuple[str, ...]
    max_choices: int
    max_text: int | None = None
    max_choice_text: int | None = None
    seconds: int = 30
    help_row: tuple[str, ...] = ()              # the template's row under the header


# Quizizz / Wayground "Quiz template" spreadsheet (see the README for the source).
QUIZIZZ_HELP = (
    "Text of the question (required)", "Question Type (default is Multiple Choice)",
    "Text for option 1 (required in all cases except open-ended & draw questions)",
    "Text for option 2 (required in all cases except open-ended & draw questions)",
    "Text for option 3 (optional)", "Text for option 4 (optional)",
    "Text for option 5 (optional)",
    'The correct option choice (between 1-5). Leave blank for "Open-Ended", "Poll", '
    '"Draw" and "Fill-in-the-Blank".',
    "Time in seconds (optional, default value is 30 seconds)", "Link of the image (optional)",
    "Explanation for the answer (optional)")
QUIZIZZ = Game("quizizz", (), ("Question Text", "Question Type", "Option 1", "Option 2",
                               "Option 3", "Option 4", "Option 5", "Correct Answer",
                               "Time in seconds", "Image Link", "Answer explanation"),
               max_choices=5, help_row=QUIZIZZ_HELP)
# Kahoot "Quiz spreadsheet template" (see the README for the source).
KAHOOT = Game("kahoot", ((), ("", "Quiz template"), ("", "Add questions, at least two answer "
                                                    "alternatives, time limit and choose "
                                                    "correct answers (at least one). Have fun "
                                                    "creating your awesome quiz!"),
                         ("", "Remember: questions have a limit of 120 characters and answers "
                              "can have 75 characters max. Text will turn red in Excel or "
                              "Google Docs if you exceed this limit. If several answers are "
                              "correct, separate them with a comma."), (), (), ()),
              ("", "Question - max 120 characters", "Answer 1 - max 75 characters",
               "Answer 2 - max 75 characters", "Answer 3 - max 75 characters",
               "Answer 4 - max 75 characters",
               "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
               "Correct answer(s) - choose at least one"),
              max_choices=4, max_text=120, max_choice_text=75, seconds=30)


def _rows(ctx: RenderContext, game: Game) -> tuple[list[dict], Export]:
    text, job = export_text(ctx, "export/quizgame/quiz.yaml", game=game.name)
    rows = []
    for p, row in zip(job.presented, load_generated(text) or [], strict=True):
        if not row:
            continue                          # skipped by the type's template
        too_long = game.max_text and len(row["text"]) > game.max_text
        long_choice = game.max_choice_text and any(len(c) > game.max_choice_text
                                                   for c in row["choices"])
        if len(row["choices"]) > game.max_choices:
            job.skip(p, f"{game.name} takes at most {game.max_choices} answers, this "
                        f"question has {len(row['choices'])}")
        elif too_long:
            job.skip(p, f"{game.name} takes questions of at most {game.max_text} "
                        f"characters, this one has {len(row['text'])}")
        elif long_choice:
            job.skip(p, f"{game.name} takes answers of at most {game.max_choice_text} "
                        "characters")
        else:
            rows.append({**row, "explanation": p.question.explanation or ""})
    return rows, job


def _cells(game: Game, number: int, row: dict) -> list:
    choices = list(row["choices"]) + [None] * (game.max_choices - len(row["choices"]))
    correct = ",".join(str(n) for n in row["correct"]) or None
    if game is KAHOOT:
        return [number, row["text"], *choices, game.seconds, correct]
    return [row["text"], row["type"], *choices, correct, game.seconds, None,
            row["explanation"] or None]


def workbook(game: Game, rows: list[dict], title: str) -> bytes:
    """The spreadsheet's bytes, the same for the same rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    for values in game.title_rows:
        sheet.append(list(values))
    sheet.append(list(game.header))
    for cell in sheet[len(game.title_rows) + 1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    if game.help_row:
        sheet.append(list(game.help_row))
    for number, row in enumerate(rows, 1):
        sheet.append(_cells(game, number, row))
    for line in sheet.iter_rows():
        for cell in line:
            if cell.data_type == "f":    # "= 5 + 3" is a choice, not a formula to run
                cell.data_type = "s"
    props = book.properties
    props.creator = props.lastModifiedBy = "lessonpack"
    props.title = title
    props.created = props.modified = FIXED
    out = io.BytesIO()
    book.save(out)
    return normalize_zip(_fixed_modified(out.getvalue()))


def _fixed_modified(data: bytes) -> bytes:
    """openpyxl stamps the save time into docProps/core.xml; put the fixed date back."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "docProps/core.xml":
                content = MODIFIED_RE.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            target.writestr(name, content)
    return out.getvalue()


def _render(ctx: RenderContext, game: Game) -> Rendered | None:
    if ctx.lesson.worksheet is None:
        return None
    rows, job = _rows(ctx, game)
    return Rendered(workbook(game, rows, ctx.lesson.title), len(rows), tuple(job.skipped))


def render_quizizz(ctx: RenderContext) -> Rendered | None:
    """``quiz.quizizz.xlsx`` (Quizizz shuffles answers itself: one file for all variants)."""
    return _render(ctx, QUIZIZZ)


def render_kahoot(ctx: RenderContext) -> Rendered | None:
    """``quiz.kahoot.xlsx``; Kahoot does not shuffle answers, so one file per variant."""
    return _render(ctx, KAHOOT)

