"""A class roster (``--roster kelas-7a.csv``): who gets a named worksheet in a class set.

Teachers export the list from Excel or a spreadsheet, so this reads UTF-8 (with or without
Excel's byte-order mark) and the "CSV (Comma delimited)" Excel writes in the Windows code
page, with commas or, as Indonesian Excel writes it, semicolons. Anything else (a UTF-16
"Unicode Text" file, a workbook saved as .csv) gets one clear error, not a garbled list.
Every problem of the file is reported at once, each at its line and column.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

from pipeline.errors import FileInvalid, Problem

COLUMNS = {"nomor": ("nomor", "no", "no.", "no absen", "nomor absen", "number"),
           "nama": ("nama", "nama siswa", "name"),
           "kelas": ("kelas", "class")}
NOUN = {"nomor": "number", "nama": "name", "kelas": "class"}
MAX_STUDENTS = 200
MAX_NAME = 80
HINT = ("save it from Excel as \"CSV UTF-8\" or \"CSV (Comma delimited)\", with a first row "
        "naming the columns: nomor, nama (kelas is optional)")

Student = tuple[str, str, str]          # (number, name, class)
UTF8_LETTER = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")


def _decode(data: bytes, shown: str) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:200]:
        raise FileInvalid([Problem(shown, 1, 1, "roster", "this is a UTF-16 (\"Unicode "
                                   "Text\") file, not a CSV file", HINT)])
    if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileInvalid([Problem(shown, 1, 1, "roster", "this is an Excel workbook, not "
                                   "a CSV file", HINT)])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = exc.start
    line = data.count(b"\n", 0, bad) + 1
    column = bad - data.rfind(b"\n", 0, bad)
    if UTF8_LETTER.search(data):        # UTF-8 with a stray byte, or GBK: cp1252 garbles both
        raise FileInvalid([Problem(shown, line, column, "roster", "the file is not in UTF-8 "
                                   f"(byte 0x{data[bad]:02X} here)", HINT)])
    try:
        return data.decode("cp1252")     # Excel's "CSV (Comma delimited)"
    except UnicodeDecodeError:
        raise FileInvalid([Problem(shown, line, column, "roster", "the file is neither UTF-8 "
                                   "nor Excel's Windows encoding (another code page?)",
                                   HINT)]) from None


def _rows(text: str, delimiter: str, shown: str) -> list[list[str]]:
    """The CSV rows; any line ending (Excel for Mac writes a lone CR)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(reader)
    except csv.Error as exc:
        what = (f"a cell is longer than {csv.field_size_limit():,} characters (a quotation "
                "mark never closed?)" if "field larger" in str(exc) else
                f"this line cannot be read as CSV ({exc})")
        raise FileInvalid([Problem(shown, reader.line_num, 1, "roster", what, HINT)]) from None


def read_roster(path: Path) -> tuple[Student, ...]:
    """The students of a roster file, in its order; FileInvalid lists every problem."""
    shown = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FileInvalid([Problem(shown, 1, 1, "roster", f"cannot be read "
                                   f"({exc.strerror or exc})", "check the path")]) from None
    text = _decode(data, shown)
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = _rows(text, delimiter, shown)
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise FileInvalid([Problem(shown, 1, 1, "roster", "the file is empty", HINT)])
    header = [cell.strip().lower() for cell in rows[0]]
    where = {key: next((i for i, cell in enumerate(header) if cell in names), None)
             for key, names in COLUMNS.items()}
    missing = [key for key in ("nomor", "nama") if where[key] is None]
    if missing:
        raise FileInvalid([Problem(shown, 1, 1, "roster", f"no column named "
                                   f"{' or '.join(missing)} in the first row (found: "
                                   f"{', '.join(repr(c) for c in rows[0])})", HINT)])
    return _students(rows, where, shown)


def _students(rows: list[list[str]], where: dict[str, int | None],
              shown: str) -> tuple[Student, ...]:
    problems, students, seen = [], [], {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue                                        # blank rows Excel leaves
        cells = {key: row[i].strip() if i is not None and i < len(row) else ""
                 for key, i in where.items()}
        col = (where["nama"] or 0) + 1
        for key, value in cells.items():
            char = next((c for c in value if unicodedata.category(c) == "Cc"), None)
            if char:
                problems.append(Problem(shown, line, (where[key] or 0) + 1,
                                        f"row {line}.{key}", f"the {NOUN[key]} has a control "
                                        f"character (U+{ord(char):04X}), which does not print",
                                        "retype it; it came with a copy from another program"))
        if not cells["nama"]:
            problems.append(Problem(shown, line, col, f"row {line}.nama", "the name is empty",
                                    "fill it in or delete the row"))
        elif len(cells["nama"]) > MAX_NAME:
            problems.append(Problem(shown, line, col, f"row {line}.nama",
                                    f"the name is {len(cells['nama'])} characters long",
                                    f"at most {MAX_NAME} fit on the worksheet"))
        if not cells["nomor"]:
            problems.append(Problem(shown, line, (where["nomor"] or 0) + 1,
                                    f"row {line}.nomor", "the number is empty",
                                    "give every student their roll number"))
        elif cells["nomor"] in seen:
            problems.append(Problem(shown, line, (where["nomor"] or 0) + 1,
                                    f"row {line}.nomor", f"number {cells['nomor']} is also "
                                    f"on line {seen[cells['nomor']]}", "numbers must differ"))
        seen.setdefault(cells["nomor"], line)
        students.append((cells["nomor"], cells["nama"], cells["kelas"]))
    if not students:
        problems.append(Problem(shown, 1, 1, "roster", "no students below the first row",
                                HINT))
    if len(students) > MAX_STUDENTS:
        problems.append(Problem(shown, MAX_STUDENTS + 2, 1, "roster", f"{len(students)} "
                                f"students; a class set holds at most {MAX_STUDENTS}",
                                "split the list"))
    if problems:
        raise FileInvalid(problems)
    return tuple(students)
