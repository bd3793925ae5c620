"""Documented limits on what one lesson may ask for, checked while it is read.

A small file must not hold a worker for minutes or take gigabytes: every limit is far
above what a real lesson needs (the five seed lessons use under a tenth of each) and each
is reported as a located problem, in well under a second.
"""

from __future__ import annotations

MAX_FILE_BYTES = 1_000_000          # a long seed lesson is about 40 KB
MAX_DEPTH = 16                      # nesting of mappings and lists; the format needs 6
MAX_TEXT = 500                      # characters in a short text (a title, a choice, a term)
MAX_ID = 80                         # characters in an id (it names folders and files)
MAX_MARKDOWN = 20_000               # characters in a Markdown text (a section body)
MAX_ITEMS = 200                     # items in any list (questions, sections, steps, ...)
MAX_DIGITS = 9                      # digits in a number
MAX_LINES = 60                      # answer lines for one question
MAX_NUMBER = 100_000                # any number (points, minutes)
MAX_IMAGE_BYTES = 20_000_000        # an image file
MAX_IMAGE_PIXELS = 40_000_000       # an image's width x height

# Characters that print nothing or break text: reported with their position.
CONTROL = {chr(c) for c in range(32) if chr(c) not in "\t\n\r"} | {"\x7f"}
INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e", "\u202d"}
ODD_CHARACTERS = frozenset(CONTROL | INVISIBLE)

TABLE = [
    ("lesson file size", f"{MAX_FILE_BYTES // 1000} KB"),
    ("nesting depth of mappings and lists", str(MAX_DEPTH)),
    ("characters in a short text (title, choice, term, ...)", str(MAX_TEXT)),
    ("characters in an id (it names the output folder and files)", str(MAX_ID)),
    ("characters in a Markdown text (body, prompt, explanation, ...)", str(MAX_MARKDOWN)),
    ("items in any list", str(MAX_ITEMS)),
    ("digits in a number / largest number", f"{MAX_DIGITS} / {MAX_NUMBER:,}"),
    ("answer lines of one question", str(MAX_LINES)),
    ("image file size / pixels", f"{MAX_IMAGE_BYTES // 1_000_000} MB / "
                                 f"{MAX_IMAGE_PIXELS // 1_000_000} million"),
]
