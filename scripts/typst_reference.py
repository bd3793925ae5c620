"""The Typst reference for ``make bench``: the handout, worksheet and answer key of a lesson
typeset by Typst (the ``typst`` package, ``pip install -e '.[bench]'``) from the same loaded
lesson, so WeasyPrint's times can be read against another engine doing the same job.

The lesson goes to the templates in ``scripts/typst/`` as JSON in ``sys.inputs.data``; its
Markdown fields arrive as Typst markup (``typst_markup``). Same paper (A4), fonts (the
project's Noto Serif and Carlito, no system fonts), margins and labels as the print CSS.

Run alone it writes the 15 PDFs and compares their page counts with WeasyPrint's:
python scripts/typst_reference.py [--out DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from typing import Any

from typst_markup import markup, string_literal, with_blanks

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.lesson.model import Lesson  # noqa: E402
from pipeline.questions.arrange import Presented, arrange, sections  # noqa: E402
from pipeline.render.context import RenderContext  # noqa: E402

TEMPLATES = Path(__file__).resolve().parent / "typst"
FONTS = ROOT / "templates" / "fonts"
SEEDS = sorted((ROOT / "lessons").glob("*.yaml"))
OUTPUTS = {"handout": "handout.typ", "worksheet": "worksheet.typ", "answer-key": "key.typ"}
SECTION_LETTERS = "ABCDEFGHIJ"


def num(value: float) -> str:
    """Points as the print templates write them (``{:g}``)."""
    return f"{value:g}"


def choice_columns(texts: tuple[str, ...]) -> int:
    """The print template's choice layout: 4 short choices a row, 2 medium, else 1."""
    longest = max(len(t) for t in texts)
    return 4 if longest <= 14 and len(texts) == 4 else (2 if longest <= 34 else 1)


def question_data(p: Presented, key: bool, labels: dict[str, str]) -> dict[str, Any]:
    """One printed question: what its print template shows, worksheet or key."""
    q = p.question
    d: dict[str, Any] = {"number": p.number, "kind": q.kind, "prompt": markup(q.prompt, True),
                         "points": f"{num(q.points)} "
                                   f"{labels['point'] if q.points == 1 else labels['points']}",
                         "explanation": markup(q.explanation, True) if key else ""}
    if q.kind in ("multiple_choice", "multiple_select"):
        right = {q.answer} if q.kind == "multiple_choice" else set(q.answers)
        d["columns"] = choice_columns(q.choices)
        d["choices"] = [{"letter": letter, "text": markup(text, True),
                         "right": key and p.order[i] in right}
                        for i, (letter, text) in enumerate(p.shown(q.choices))]
    elif q.kind == "true_false":
        d["answer"] = q.answer
    elif q.kind == "short_answer":
        d.update(lines=q.lines, answer=markup(q.answer, True), accept="; ".join(q.accept))
    elif q.kind == "fill_in_blank":
        d["prompt"] = with_blanks(q.prompt, filled=key)
        d["word_bank"] = [q.blanks[i][0] for i in p.order] if q.word_bank and not key else []
        d["accepted"] = "; ".join(f"{b[0]} = {', '.join(b[1:])}" for b in q.blanks
                                  if len(b) > 1)
    elif q.kind == "matching":
        rights = p.shown(tuple(pair.right for pair in q.pairs))
        d["rows"] = [{"left": markup(pair.left, True), "slot": p.letter_of(i) if key else "",
                      "letter": rights[i][0], "right": markup(rights[i][1], True)}
                     for i, pair in enumerate(q.pairs)]
    elif q.kind == "ordering":
        d["items"] = [{"letter": letter, "text": markup(text, True),
                       "position": str(p.order[i] + 1) if key else ""}
                      for i, (letter, text) in enumerate(p.shown(q.items))]
        d["order"] = " – ".join(p.letter_of(i) for i in range(len(q.items)))
    elif q.kind == "essay":
        d.update(lines=q.lines, answer=markup(q.answer), total=num(q.points),
                 rubric=[{"criterion": markup(row.criterion, True), "points": num(row.points)}
                         for row in q.rubric])
    return d


def worksheet_data(lesson: Lesson, labels: dict[str, str], key: bool) -> dict[str, Any]:
    """The worksheet (``key`` false) or answer key: sections of questions, grid, scoring."""
    sheet = lesson.worksheet
    presented = arrange(lesson.id, sheet.questions, sheet.shuffle, None)
    groups = []
    for i, (section, items) in enumerate(sections(presented)):
        groups.append({"title": f"{SECTION_LETTERS[i]}. {labels['section_' + section]}",
                       "instruction": labels["instruction_" + section],
                       "questions": [question_data(p, key, labels) for p in items],
                       "grid": [[str(p.number), p.grid_answer(labels)] for p in items],
                       "count": len(items),
                       "max": num(sum(p.question.points for p in items))})
    total = num(sheet.total_points)
    return {"worksheet_title": sheet.title or f"{labels['worksheet']}: {lesson.title}",
            "instructions": markup(sheet.instructions), "total": total,
            "question_count": len(presented), "groups": groups,
            "formula": labels["score_formula"].replace("{total}", total)}


def handout_data(lesson: Lesson, labels: dict[str, str]) -> dict[str, Any]:
    """The reading: title block, objectives, sections, glossary, activities, sources."""
    return {
        "summary": markup(lesson.summary), "prior": markup(lesson.prior_knowledge),
        "duration": f"{lesson.duration_minutes} {labels['minutes']}"
                    if lesson.duration_minutes else "–",
        "authors": ", ".join(lesson.authors) or "–",
        "objectives": [markup(o.text, True) for o in lesson.objectives],
        "sections": [{"title": s.title, "body": markup(s.body)} for s in lesson.sections],
        "key_terms": [{"term": k.term, "definition": markup(k.definition, True)}
                      for k in sorted(lesson.key_terms, key=lambda k: k.term)],
        "activities": [{"title": a.title, "steps": [markup(s, True) for s in a.steps],
                        "tags": [t for t in (
                            f"{a.minutes} {labels['minutes']}" if a.minutes else "",
                            labels[f"grouping_{a.grouping}"] if a.grouping else "") if t]}
                       for a in lesson.activities],
        "sources": [{"title": s.title, "publisher": s.publisher or "", "url": s.url or "",
                     "accessed": f"{labels['accessed']} {s.accessed}." if s.accessed else ""}
                    for s in lesson.sources],
    }


def document_data(lesson: Lesson, output: str) -> str:
    """The JSON the template for ``output`` reads from ``sys.inputs.data``."""
    labels = RenderContext(lesson, ROOT).labels
    data: dict[str, Any] = {"lang": lesson.language, "title": lesson.title,
                            "subtitle": lesson.subtitle or "", "subject": lesson.subject,
                            "grade": lesson.grade, "labels": labels}
    if output == "handout":
        data.update(handout_data(lesson, labels))
    else:
        data.update(worksheet_data(lesson, labels, key=output == "answer-key"))
    return json.dumps(data, ensure_ascii=False)


class Reference:
    """One Typst compiler for every document, so fonts are loaded once (as WeasyPrint's
    font configuration and stylesheet are cached once per process by the pipeline)."""

    def __init__(self) -> None:
        import typst

        self.typst = typst
        self.compiler = typst.Compiler(root=str(TEMPLATES), font_paths=[str(FONTS)],
                                       ignore_system_fonts=True)

    def compile(self, data: str, output: str) -> bytes:
        """The PDF of ``output`` for the lesson whose JSON is ``data``."""
        return self.compiler.compile(input=str(TEMPLATES / OUTPUTS[output]),
                                     sys_inputs={"data": data})

    def render(self, lesson: Lesson, output: str) -> bytes:
        """Lesson to PDF, the JSON (and its Markdown conversion) included."""
        return self.compile(document_data(lesson, output), output)

    def source(self, text: str) -> bytes:
        """Compile a Typst source given as text (the near-empty fixed-cost document)."""
        return self.compiler.compile(input=text.encode())


def page_count(pdf: bytes) -> int:
    """Pages of a PDF (pypdf, from the test extra)."""
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def empty_source(nonce: int) -> str:
    """A near-empty one-page A4 document in the project's fonts (a fresh text each call,
    so Typst's memoisation cannot hand back the previous run's whole document)."""
    return (f'#set page("a4", margin: (top: 22mm, right: 18mm, bottom: 20mm, left: 20mm))\n'
            f'#set text(font: "Noto Serif", size: 10.5pt)\n'
            f"= Test {nonce}\n\nx {string_literal(str(nonce))[1:-1]}\n")


def main() -> None:
    """Write the seed lessons' Typst PDFs and print their page counts beside WeasyPrint's."""
    from pipeline.lesson.loader import load_lesson
    from pipeline.render.outputs import render_output

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "output" / "typst-reference")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    reference = Reference()
    print("| lesson | output | WeasyPrint pages | Typst pages |\n|---|---|---|---|")
    for seed in SEEDS:
        lesson, _ = load_lesson(seed, ROOT)
        for output in OUTPUTS:
            pdf = reference.render(lesson, output)
            (args.out / f"{lesson.id}-{output}.pdf").write_bytes(pdf)
            weasy = render_output(output, lesson, ROOT)
            print(f"| {lesson.id} | {output} | {weasy.pages} | {page_count(pdf)} |")


if __name__ == "__main__":
    main()
