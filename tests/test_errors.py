"""Table of bad inputs and the exact message a person gets for each.

Each case is a lesson file (or raw bytes) and the complete list of problems, as printed
after the file name: ``LINE:COL: key.path: message (hint: ...)``.
"""

from __future__ import annotations

import pytest

from pipeline.errors import LessonInvalid
from pipeline.lesson.loader import load_lesson

from .conftest import MINIMAL

WS = MINIMAL + "worksheet:\n  questions:\n"


def q(body: str) -> str:
    """A worksheet whose only question is ``body`` (a flow mapping)."""
    return WS + f"    - {body}\n"


CASES: list[tuple[str, str | bytes, list[str]]] = [
    ("empty file", "", ["1:1: lesson: the file is empty (hint: start from `lessonpack new ID`)"]),
    ("only comments", "# nothing\n", [
        "1:1: lesson: the file is empty (hint: start from `lessonpack new ID`)"]),
    ("not utf-8", b"title: Caf\xe9\n", [
        "1:11: lesson: the file is not UTF-8 text (byte 0xe9 cannot be decoded) "
        "(hint: save the file as UTF-8 in your editor)"]),
    ("a list, not a mapping", "- title: x\n", [
        "1:1: lesson: a lesson must be a mapping of keys, not a list "
        "(hint: the file starts with keys such as `title:`)"]),
    ("yaml syntax", "title: [unclosed\n", [
        "2:1: lesson: YAML syntax error: while parsing a flow sequence, expected ',' or ']', "
        "but got '<stream end>' (hint: check the indentation and quoting around this place)"]),
    ("duplicate key", MINIMAL + "title: Lagi\n", [
        '12:1: title: duplicate key "title" (first at line 1) '
        "(hint: remove one of them; YAML would silently keep only the last)"]),
    ("alias", MINIMAL + "subtitle: &a Hai\nsummary: *a\n", [
        "13:10: summary: YAML aliases (*name) are not supported "
        "(hint: write the value out in full)"]),
    ("unknown key with hint", MINIMAL + "titel: x\n", [
        '12:1: titel: unknown key "titel" (hint: did you mean `title`?)']),
    ("missing required keys", "title: x\nsubject: IPS\n", [
        '1:1: grade: the required key "grade" is missing',
        '1:1: objectives: the required key "objectives" is missing',
        '1:1: sections: the required key "sections" is missing',
        '1:1: sources: the required key "sources" is missing']),
    ("empty required value", MINIMAL.replace("subject: IPS", "subject:"), [
        '2:9: subject: "subject" is empty']),
    ("list where text expected", MINIMAL.replace("grade: X", "grade: [X, XI]"), [
        "3:8: grade: expected text, found a list (hint: a list or mapping here usually means "
        "a stray `-` or `:`; quote text that contains `: `)"]),
    ("bad language", MINIMAL + "language: fr\n", [
        '12:11: language: "fr" is not one of: id, en']),
    ("duration not a number", MINIMAL + "duration_minutes: lama\n", [
        '12:19: duration_minutes: expected a whole number, found "lama"']),
    ("duration zero", MINIMAL + "duration_minutes: 0\n", [
        "12:19: duration_minutes: must be at least 1, found 0"]),
    ("bad id", MINIMAL + "id: Kerja Sama\n", [
        '12:5: id: "Kerja Sama" is not a valid id (lowercase letters, digits, and single '
        "hyphens) (hint: try `kerja-sama`)"]),
    ("format version", MINIMAL + "format: 2\n", [
        "12:9: format: this lessonpack reads format version 1 "
        "(hint: remove `format:` or set it to 1)"]),
    ("no objectives", MINIMAL.replace(
        "objectives:\n  - id: tp1\n    text: Menjelaskan kerja sama.\n", "objectives: []\n"), [
        "4:13: objectives: needs at least 1 objectives, found 0"]),
    ("duplicate objective id", MINIMAL.replace(
        "    text: Menjelaskan kerja sama.\n",
        "    text: Menjelaskan kerja sama.\n  - id: tp1\n    text: Lagi.\n"), [
        '7:9: objectives[2].id: the objective id "tp1" is used twice']),
    ("section without body", MINIMAL.replace("    body: Kerja sama adalah usaha bersama.\n", ""),
     ['8:5: sections[1].body: the required key "body" is missing']),
    ("image without alt, missing file", MINIMAL.replace(
        "  - title: Pengertian\n", "  - title: Pengertian\n    image: peta.png\n"), [
        "9:12: sections[1].alt: an image needs `alt` text "
        "(hint: describe the picture for students who cannot see it)",
        '9:12: sections[1].image: the image "peta.png" does not exist '
        "(hint: paths are relative to the lesson file's folder {dir})"]),
    ("image outside project", MINIMAL.replace(
        "  - title: Pengertian\n", "  - title: Pengertian\n    image: /etc/passwd\n    alt: x\n"), [
        '9:12: sections[1].image: the image "/etc/passwd" is outside the project folder {dir} '
        "(hint: copy the image next to the lesson and refer to it by a relative path)"]),
    ("bad grouping", MINIMAL + "activities:\n  - {title: A, steps: [x], grouping: group}\n", [
        '13:38: activities[1].grouping: "group" is not one of: individual, pairs, groups, class '
        "(hint: did you mean `groups`?)"]),
    ("source without title", MINIMAL.replace("  - title: Artikel", "  - publisher: X"), [
        '11:5: sources[1].title: the required key "title" is missing']),
    ("unknown question type", q("{type: essai, prompt: p}"), [
        '14:14: worksheet.questions[1].type: "essai" is not one of: multiple_choice, '
        "multiple_select, true_false, short_answer, fill_in_blank, matching, ordering, essay "
        "(hint: did you mean `essay`?)"]),
    ("choices misspelled", q("{type: multiple_choice, prompt: p, choice: [a, b], answer: A}"), [
        '14:7: worksheet.questions[1].choices: the required key "choices" is missing',
        '14:42: worksheet.questions[1].choice: unknown key "choice" '
        "(hint: did you mean `choices`?)"]),
    ("answer letter out of range",
     q("{type: multiple_choice, prompt: p, choices: [a, b, c, d], answer: E}"), [
        '14:73: worksheet.questions[1].answer: "E" is not one of the 4 choices (A-D) '
        "(hint: use a letter from A to D, or the exact text of a choice)"]),
    ("answer text not a choice",
     q("{type: multiple_choice, prompt: p, choices: [regional, bilateral], answer: regionall}"), [
        '14:82: worksheet.questions[1].answer: "regionall" is not one of the choices '
        '(hint: did you mean "regional"?)']),
    ("duplicate choices", q("{type: multiple_choice, prompt: p, choices: [a, a], answer: A}"), [
        '14:55: worksheet.questions[1].choices: the choice "a" appears twice '
        "(hint: every choice must be different)"]),
    ("too many choices", q("{type: multiple_choice, prompt: p, choices: [a, b, c, d, e, f, g], "
                           "answer: A}"), [
        "14:51: worksheet.questions[1].choices: at most 6 choices (A-F) are allowed, found 7"]),
    ("true_false yes", q("{type: true_false, prompt: p, answer: yes}"), [
        '14:45: worksheet.questions[1].answer: "yes" is not true or false '
        "(hint: write true/false (or benar/salah))"]),
    ("fill_in_blank without blanks", q("{type: fill_in_blank, prompt: Tanpa titik}"), [
        "14:37: worksheet.questions[1].prompt: a fill_in_blank prompt needs at least one blank "
        "(hint: mark each blank with its answer: [[answer]])"]),
    ("fill_in_blank empty blank", q('{type: fill_in_blank, prompt: "A [[ ]] b"}'), [
        '14:37: worksheet.questions[1].prompt: the blank "[[ ]]" has no answer '
        "(hint: write the answer inside: [[answer]] or [[answer|alternative]])"]),
    ("fill_in_blank unclosed", q('{type: fill_in_blank, prompt: "A [[b c"}'), [
        "14:37: worksheet.questions[1].prompt: a blank is not closed: every `[[` needs its `]]`"]),
    ("rubric does not add up", q("{type: essay, prompt: p, points: 5, rubric: "
                                 "[{criterion: a, points: 2}, {criterion: b, points: 2}]}"), [
        "14:51: worksheet.questions[1].rubric: the rubric's points add up to 4, but the question "
        "is worth 5 (hint: make the rubric rows add up to `points`)"]),
    ("unknown objective", q("{type: true_false, prompt: p, answer: true, objective: tp9}"), [
        '14:62: worksheet.questions[1].objective: there is no objective "tp9" '
        "(hint: objective ids: tp1)"]),
    ("duplicate question id", WS + "    - {id: a, type: true_false, prompt: p, answer: true}\n"
                                   "    - {id: a, type: true_false, prompt: p, answer: true}\n", [
        '15:7: worksheet.questions[2].id: the question id "a" is used twice '
        "(hint: every question needs its own id)"]),
    ("matching duplicate left", q("{type: matching, prompt: p, pairs: "
                                  "[{left: a, right: b}, {left: a, right: c}]}"), [
        '14:42: worksheet.questions[1].pairs: the left side "a" appears in more than one pair '
        "(hint: each side of a matching question must be different)"]),
    ("matching one pair", q("{type: matching, prompt: p, pairs: [{left: a, right: b}]}"), [
        "14:42: worksheet.questions[1].pairs: needs at least 2 pairs, found 1"]),
    ("ordering one item", q("{type: ordering, prompt: p, items: [a]}"), [
        "14:42: worksheet.questions[1].items: needs at least 2 items, found 1"]),
    ("negative points", q("{type: true_false, prompt: p, answer: true, points: -1}"), [
        "14:59: worksheet.questions[1].points: must be a number of at least 0, found -1"]),
    ("shuffle yes", WS.replace("worksheet:\n", "worksheet:\n  shuffle: yes\n")
     + "    - {type: true_false, prompt: p, answer: true}\n", [
        '13:12: worksheet.shuffle: expected true or false, found "yes" '
        "(hint: write `true` or `false`)"]),
    ("keep_last pins all", q("{type: multiple_choice, prompt: p, choices: [a, b], answer: A, "
                             "keep_last: 2}"), [
        "14:81: worksheet.questions[1].keep_last: keep_last 2 would pin every one of the 2 "
        "choices (hint: pin only the last one or two, such as “Semua benar”)"]),
    ("custom tag", MINIMAL + "subtitle: !python/object x\n", [
        "12:11: subtitle: the YAML tag !python/object is not allowed (hint: remove the tag)"]),
    ("true_false answer in brackets", q("{type: true_false, prompt: p, answer: [benar]}"), [
        "14:45: worksheet.questions[1].answer: expected true or false, found a list "
        "(hint: write true/false (or benar/salah), without brackets)"]),
    ("multiple_select answers out of range", q(
        "{type: multiple_select, prompt: p, choices: [a, b, c, d], answers: [E, F]}"), [
        '14:75: worksheet.questions[1].answers[1]: "E" is not one of the 4 choices (A-D) '
        "(hint: use a letter from A to D, or the exact text of a choice)",
        '14:78: worksheet.questions[1].answers[2]: "F" is not one of the 4 choices (A-D) '
        "(hint: use a letter from A to D, or the exact text of a choice)"]),
    ("id too long", MINIMAL + "id: " + "a" * 81 + "\n", [
        "12:5: id: the id is 81 characters long; at most 80 (hint: ids name folders and "
        "files: keep them short, e.g. kerja-sama)"]),
    ("unclosed quote", MINIMAL.replace("subject: IPS", "subject: 'IPS"), [
        "2:10: lesson: the quotation mark ' opened here is never closed (hint: end the text "
        "with ', and write '' for an apostrophe inside it)"]),
    ("lone surrogate", MINIMAL + 'subtitle: "Ba\\ud800se"\n', [
        "12:11: subtitle: \\ud800 is half of a character (a lone surrogate), which cannot be "
        "printed (hint: type the character itself, or write \\U0001F600 (eight digits) for "
        "one beyond \\uFFFF)"]),
    ("NUL inside a value", (MINIMAL + 'subtitle: "Ba\0se"\n').encode(), [
        "12:14: lesson: the file has a control character (U+0000) here, which YAML does not "
        "allow (hint: delete it; it usually comes with a copy from another program)"]),
    ("UTF-16 without BOM", MINIMAL.encode("utf-16-le"), [
        "1:1: lesson: this looks like a UTF-16 file without a byte order mark, not UTF-8 "
        "text (hint: save the file as UTF-8 in your editor)"]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_gets_exact_message(tmp_path, text, expected):
    path = tmp_path / "lesson.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(LessonInvalid) as caught:
        load_lesson(path)
    got = [str(p).split(":", 1)[1] for p in caught.value.problems]
    assert got == [e.format(dir=tmp_path) for e in expected]


def test_table_covers_at_least_25_distinct_mistakes():
    assert len({name for name, _, _ in CASES}) >= 25


def test_all_errors_of_a_file_are_reported_together(tmp_path):
    path = tmp_path / "lesson.yaml"
    path.write_text(MINIMAL + "titel: x\nlanguage: fr\n" + "worksheet:\n  questions:\n"
                    "    - {type: true_false, prompt: p, answer: maybe}\n")
    with pytest.raises(LessonInvalid) as caught:
        load_lesson(path)
    assert len(caught.value.problems) == 3
    assert all(str(p).startswith(str(path)) for p in caught.value.problems)


@pytest.mark.parametrize(("svg", "message"), [
    (b"<svg xmlns='http://www.w3.org/2000/svg'><rect", "cannot be read as an SVG image"),
    (b"<html><body>peta</body></html>", "is not an SVG image (it starts with <html>)"),
    (b"<?xml version='1.0'?><!DOCTYPE s [<!ENTITY a 'aaaa'>]><svg>&a;</svg>",
     "declares XML entities"),
])
def test_a_broken_svg_is_a_located_error_wherever_it_is_named(tmp_path, svg, message):
    """In a section's image, and in any Markdown text (a question's prompt too)."""
    (tmp_path / "peta.svg").write_bytes(svg)
    text = MINIMAL.replace("    body: Kerja sama adalah usaha bersama.\n",
                           "    body: Kerja sama.\n    image: peta.svg\n    alt: Peta\n")
    text += 'worksheet:\n  questions:\n    - {type: true_false, prompt: "![p](peta.svg) Ya?", ' \
            "answer: benar}\n"
    (tmp_path / "peta.yaml").write_text(text)
    with pytest.raises(LessonInvalid) as caught:
        load_lesson(tmp_path / "peta.yaml", tmp_path)
    got = [(p.key, p.message) for p in caught.value.problems if not p.warning]
    assert [key for key, _ in got] == ["sections[1].image", "worksheet.questions[1].prompt"]
    assert all(f'the image "peta.svg" {message}' in m for _, m in got), got


def test_a_duplicate_key_does_not_hide_the_files_other_mistakes(tmp_path):
    text = MINIMAL.replace("subject: IPS\n", "subject: IPS\nsubject: X\ntitel: y\n") + (
        "worksheet:\n  questions:\n"
        "    - {type: multiple_choice, prompt: p, choices: [a, b], answer: E}\n")
    (tmp_path / "dobel.yaml").write_text(text)
    with pytest.raises(LessonInvalid) as caught:
        load_lesson(tmp_path / "dobel.yaml", tmp_path)
    keys = [p.key for p in caught.value.problems if not p.warning]
    assert keys == ["subject", "titel", "worksheet.questions[1].answer"]
