"""The seed lessons themselves: complete, assessable, and consistent with their handouts."""

from __future__ import annotations

import pytest

from pipeline.lesson.loader import load_lesson

from . import pdftext
from .conftest import ROOT, render

LESSONS = sorted((ROOT / "lessons").glob("*.yaml"))
SEEDS = sorted(p.name for p in (ROOT.parent / "shared" / "seeds").glob("*.txt"))


def test_there_is_one_lesson_per_seed_article():
    assert len(LESSONS) == 5
    used = {s.file for path in LESSONS for s in load_lesson(path, ROOT)[0].sources if s.file}
    assert not SEEDS or used == set(SEEDS)


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_is_complete_and_every_objective_assessed(path):
    lesson, warnings = load_lesson(path, ROOT)
    assert warnings == [], [str(w) for w in warnings]
    assert lesson.language == "id"
    assert 3 <= len(lesson.objectives) <= 5
    questions = lesson.worksheet.questions
    assert len(questions) >= 12
    assert len({q.kind for q in questions}) >= 5
    assessed = {q.objective for q in questions}
    assert {o.id for o in lesson.objectives} <= assessed
    assert len(lesson.key_terms) >= 6
    assert lesson.activities and all(a.minutes and a.steps for a in lesson.activities)
    for q in questions:
        if q.kind in ("multiple_choice", "true_false", "multiple_select"):
            assert q.explanation, f"{q.id} needs an explanation"
        if q.kind == "short_answer":
            assert q.answer.strip()
        if q.kind == "multiple_select":
            assert q.answers
        if q.kind == "fill_in_blank":
            assert q.blanks and all(b and b[0] for b in q.blanks)
        if q.kind == "essay":
            assert q.answer and q.rubric
            assert sum(r.points for r in q.rubric) == pytest.approx(q.points)


def test_every_question_type_is_used_in_the_pack():
    kinds = {q.kind for path in LESSONS for q in load_lesson(path, ROOT)[0].worksheet.questions}
    assert kinds == {"multiple_choice", "multiple_select", "true_false", "short_answer",
                     "fill_in_blank", "matching", "ordering", "essay"}


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_key_terms_appear_in_the_handout_reading(path):
    lesson, _ = load_lesson(path, ROOT)
    text = pdftext.squash(pdftext.text(render("handout", lesson, ROOT)))
    reading = pdftext.squash(" ".join(pdftext.plain_md(s.body) for s in lesson.sections))
    for term in lesson.key_terms:
        assert pdftext.squash(term.term) in reading, f"{term.term} is not in any section"
        assert pdftext.squash(term.term) in text


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_sources_name_articles_not_internal_files(path):
    lesson, _ = load_lesson(path, ROOT)
    text = pdftext.text(render("handout", lesson, ROOT))
    for source in lesson.sources:
        assert pdftext.squash(source.title)[:40] in pdftext.squash(text)
        if source.file:
            assert source.file not in text and source.file.split(".")[0] not in text
