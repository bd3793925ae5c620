"""Loading valid lessons: values arrive as the author typed them."""

from __future__ import annotations

from pipeline.lesson import model
from pipeline.lesson.loader import load_lesson

from .conftest import MINIMAL


def test_minimal_lesson_loads_with_defaults(write_lesson):
    lesson, warnings = load_lesson(write_lesson(MINIMAL, "kerja-sama"))
    assert lesson.id == "kerja-sama"
    assert lesson.language == "id"
    assert lesson.grade == "X"
    assert lesson.objectives == (model.Objective(id="tp1", text="Menjelaskan kerja sama."),)
    assert warnings == []


def test_yaml_11_values_stay_text(write_lesson):
    text = MINIMAL.replace("grade: X", "grade: 10").replace("title: Kerja Sama", "title: yes")
    text = text.replace("subject: IPS", "subject: 1.10")
    text += "subtitle: 2024-01-01\nauthors: [no, on, off]\n"
    lesson, _ = load_lesson(write_lesson(text))
    assert (lesson.title, lesson.grade, lesson.subject) == ("yes", "10", "1.10")
    assert lesson.subtitle == "2024-01-01"
    assert lesson.authors == ("no", "on", "off")


def test_answers_resolve_letters_and_texts(write_lesson):
    text = MINIMAL + """\
worksheet:
  questions:
    - {type: multiple_choice, prompt: p, choices: [a, b, c], answer: c, objective: tp1}
    - {type: multiple_select, prompt: p, choices: [a, b, c], answers: [C, a]}
    - {type: true_false, prompt: p, answer: Salah}
    - {type: essay, prompt: p, rubric: [{criterion: x, points: 3}, {criterion: y, points: 3}]}
    - {type: fill_in_blank, prompt: "A [[b|c]] d [[e]]"}
"""
    lesson, _ = load_lesson(write_lesson(text))
    mc, ms, tf, essay, fib = lesson.worksheet.questions
    assert mc.answer == 2 and ms.answers == (0, 2) and tf.answer is False
    assert essay.points == 6, "an essay without points takes its rubric's total"
    assert fib.blanks == (("b", "c"), ("e",))
    assert [q.id for q in lesson.worksheet.questions] == ["q1", "q2", "q3", "q4", "q5"]
    assert lesson.worksheet.total_points == 1 + 1 + 1 + 6 + 1


def test_warnings_for_unassessed_objective_and_missing_term(write_lesson):
    text = MINIMAL + """\
key_terms:
  - {term: Gotong royong, definition: Bekerja bersama.}
worksheet:
  questions:
    - {type: true_false, prompt: p, answer: true}
"""
    _, warnings = load_lesson(write_lesson(text))
    messages = [w.message for w in warnings]
    assert 'objective "tp1" is not assessed by any question' in messages
    assert '"Gotong royong" does not appear in any section' in messages
