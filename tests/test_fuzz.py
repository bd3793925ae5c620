"""Fuzzing the loader: whatever the file holds, the only outcomes are a lesson or located
errors. No traceback, no hang, bounded memory.

Hypothesis generates YAML text and lesson-shaped mappings (a valid lesson with parts
replaced by random values). Cases it found are kept in tests/fuzz_corpus/ and replayed
on every run. ``LESSONPACK_FUZZ_EXAMPLES`` raises the number of examples for a longer hunt.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import LessonInvalid
from pipeline.lesson.declare import declared
from pipeline.lesson.loader import load_lesson
from pipeline.lesson.model import Activity, KeyTerm, Lesson, Objective, Section, Source, Worksheet
from pipeline.questions import REGISTRY
from pipeline.questions.essay import RubricRow
from pipeline.questions.matching import Pair

CORPUS = Path(__file__).parent / "fuzz_corpus"
EXAMPLES = int(os.environ.get("LESSONPACK_FUZZ_EXAMPLES", "300"))
KEYS = sorted({k.name for cls in (Lesson, Objective, KeyTerm, Section, Activity, Source,
                                  Worksheet, Pair, RubricRow, *REGISTRY.values())
               for k in declared(cls)} | {"type"})
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

BASE = {
    "title": "Kerja Sama", "subject": "IPS", "grade": "X",
    "objectives": [{"id": "tp1", "text": "Menjelaskan."}, "Menganalisis."],
    "key_terms": [{"term": "Kerja sama", "definition": "Usaha bersama."}],
    "sections": [{"title": "Pengertian", "body": "Kerja sama adalah usaha bersama."}],
    "activities": [{"title": "Diskusi", "steps": ["Baca.", "Tulis."], "minutes": 10,
                    "grouping": "groups"}],
    "worksheet": {"questions": [
        {"type": "multiple_choice", "prompt": "p", "choices": ["a", "b"], "answer": "A"},
        {"type": "multiple_select", "prompt": "p", "choices": ["a", "b"], "answers": ["B"]},
        {"type": "true_false", "prompt": "p", "answer": True},
        {"type": "short_answer", "prompt": "p", "answer": "x", "accept": ["y"]},
        {"type": "fill_in_blank", "prompt": "A [[b|c]] d"},
        {"type": "matching", "prompt": "p", "pairs": [{"left": "a", "right": "b"},
                                                       {"left": "c", "right": "d"}]},
        {"type": "ordering", "prompt": "p", "items": ["a", "b"]},
        {"type": "essay", "prompt": "p", "rubric": [{"criterion": "c", "points": 2}]},
    ]},
    "sources": [{"title": "Buku"}],
}

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                    st.text(max_size=20), st.sampled_from(KEYS + sorted(REGISTRY) + [
                        "A", "F", "[[x]]", "[[", "yes", "no", "~", "1e9999", "-0"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner,
                                        max_size=5), max_leaves=25)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, child in node.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _paths(child, (*prefix, i))


ALL_PATHS = [p for p in _paths(BASE) if p]


@st.composite
def mutated(draw):
    """The base lesson with a few of its values (or keys) replaced by random ones."""
    lesson = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent = lesson
        try:
            for step in path[:-1]:
                parent = parent[step]
            if draw(st.booleans()) or not isinstance(parent, dict):
                parent[path[-1]] = draw(values)
            else:
                parent[draw(st.sampled_from(KEYS))] = parent.pop(path[-1])
        except (KeyError, IndexError, TypeError):
            continue
    return lesson


def check(tmp_path: Path, data: bytes) -> None:
    """The contract: a lesson, or LessonInvalid whose every problem is located."""
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    try:
        load_lesson(path, tmp_path)
    except LessonInvalid as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.file.endswith("fuzz.yaml") and problem.line >= 1 and problem.col >= 1
            assert problem.message and "Traceback" not in problem.message


@FUZZ
@given(lesson=mutated())
def test_lesson_shaped_mappings(tmp_path_factory, lesson):
    text = yaml.safe_dump(lesson, allow_unicode=True, sort_keys=False)
    check(tmp_path_factory.mktemp("fuzz"), text.encode("utf-8"))


@FUZZ
@given(text=st.text(alphabet=st.sampled_from(list("abc:- \n\t[]{}'\"#&*!|>%@`,?\\é\x00\x07"
                                                      "\u200b0123456789")), max_size=200))
def test_yaml_shaped_text(tmp_path_factory, text):
    check(tmp_path_factory.mktemp("fuzz"), text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes(tmp_path_factory, data):
    check(tmp_path_factory.mktemp("fuzz"), data)


@pytest.mark.parametrize("case", sorted(CORPUS.glob("*.yaml")), ids=lambda p: p.stem)
def test_corpus_of_found_cases(tmp_path, case):
    check(tmp_path, case.read_bytes())
