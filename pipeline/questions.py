"""Read worksheet questions and check every answer against its own question."""

from __future__ import annotations

import difflib
import re

from yaml.nodes import MappingNode, Node, ScalarNode

from pipeline import model
from pipeline.model import LETTERS
from pipeline.reader import Reader
from pipeline.yamlsource import join

BLANK_RE = re.compile(r"\[\[(.*?)\]\]", re.S)
COMMON = ("id", "points", "objective", "explanation")
TYPES: dict[str, tuple[tuple[str, ...], tuple[str, ...], float]] = {
    # type: (required keys, optional keys, default points)
    "multiple_choice": (("choices", "answer"), ("keep_last",), 1),
    "multiple_select": (("choices", "answers"), ("keep_last",), 1),
    "true_false": (("answer",), (), 1),
    "short_answer": (("answer",), ("accept", "lines"), 1),
    "fill_in_blank": ((), ("word_bank",), 1),
    "matching": (("pairs",), (), 2),
    "ordering": (("items",), (), 2),
    "essay": ((), ("answer", "rubric", "lines"), 4),
}
TRUE_WORDS = {"true": True, "benar": True, "false": False, "salah": False}


def _choices(r: Reader, node: Node, path: str) -> list[str] | None:
    values = r.texts(node, path, 2, "choices")
    if values is None:
        return None
    if len(values) > 6:
        r.error(node, path, f"at most 6 choices (A-F) are allowed, found {len(values)}")
        return None
    seen: set[str] = set()
    for item, value in zip(node.value, values, strict=False):
        if value in seen:
            r.error(item, path, f'the choice "{value}" appears twice',
                    "every choice must be different")
        seen.add(value)
    return values if len(values) >= 2 else None


def _resolve(r: Reader, node: Node, path: str, choices: list[str]) -> int | None:
    """A letter A-F or the exact text of one choice -> its index."""
    value = r.text(node, path)
    if value is None:
        return None
    last = LETTERS[len(choices) - 1]
    if len(value) == 1 and value.upper() in LETTERS and value not in choices:
        index = LETTERS.index(value.upper())
        if index < len(choices):
            return index
        r.error(node, path, f'"{value}" is not one of the {len(choices)} choices (A-{last})',
                f"use a letter from A to {last}, or the exact text of a choice")
        return None
    if value in choices:
        return choices.index(value)
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    r.error(node, path, f'"{value}" is not one of the choices',
            f'did you mean "{close[0]}"?' if close else
            f"use a letter from A to {last}, or copy the text of a choice exactly")
    return None


def _keep_last(r: Reader, f: dict[str, Node], path: str, choices: list[str]) -> int:
    if "keep_last" not in f:
        return 0
    node = f["keep_last"]
    if isinstance(node, ScalarNode) and node.value.lower() in ("true", "false"):
        value: int | None = int(node.value.lower() == "true")
    else:
        value = r.integer(node, join(path, "keep_last"), 0)
    if value is not None and value >= len(choices):
        r.error(node, join(path, "keep_last"),
                f"keep_last {value} would pin every one of the {len(choices)} choices",
                "pin only the last one or two, such as “Semua benar”")
        return 0
    return value or 0


def _blanks(r: Reader, node: Node, path: str, prompt: str) -> tuple[tuple[str, ...], ...]:
    blanks = []
    for match in BLANK_RE.finditer(prompt):
        options = tuple(o.strip() for o in match.group(1).split("|") if o.strip())
        if not options:
            r.error(node, path, f'the blank "{match.group(0)}" has no answer',
                    "write the answer inside: [[answer]] or [[answer|alternative]]")
        blanks.append(options)
    rest = BLANK_RE.sub("", prompt)
    if "[[" in rest or "]]" in rest:
        r.error(node, path, "a blank is not closed: every `[[` needs its `]]`")
    elif not blanks:
        r.error(node, path, "a fill_in_blank prompt needs at least one blank",
                "mark each blank with its answer: [[answer]]")
    return tuple(blanks)


def _pairs(r: Reader, node: Node, path: str) -> tuple[model.Pair, ...]:
    pairs = []
    for item, p in r.sequence(node, path, 2, "pairs"):
        f = r.mapping(item, p, ("left", "right"), (), "a pair {left: ..., right: ...}")
        if f and "left" in f and "right" in f:
            left, right = r.text(f["left"], join(p, "left")), r.text(f["right"], join(p, "right"))
            if left and right:
                pairs.append(model.Pair(left, right))
    for side in ("left", "right"):
        values = [getattr(pair, side) for pair in pairs]
        for value in {v for v in values if values.count(v) > 1}:
            r.error(node, path, f'the {side} side "{value}" appears in more than one pair',
                    "each side of a matching question must be different")
    return tuple(pairs)


def _rubric(r: Reader, node: Node, path: str) -> tuple[model.RubricRow, ...]:
    rows = []
    for item, p in r.sequence(node, path, 1, "rubric rows"):
        f = r.mapping(item, p, ("criterion", "points"), (), "a row {criterion: ..., points: ...}")
        if f and "criterion" in f and "points" in f:
            criterion = r.text(f["criterion"], join(p, "criterion"))
            points = r.number(f["points"], join(p, "points"))
            if criterion is not None and points is not None:
                rows.append(model.RubricRow(criterion, points))
    return tuple(rows)


def read_question(r: Reader, node: Node, path: str, number: int) -> model.Question | None:
    """One question of any type, or None after recording its problems."""
    if not isinstance(node, MappingNode):
        r.error(node, path, "expected a question (a mapping with type: and prompt:)")
        return None
    type_node = r.child(node, "type")
    if type_node is None:
        r.error(node, join(path, "type"), 'the required key "type" is missing',
                "one of: " + ", ".join(TYPES))
        return None
    kind = r.choice(type_node, join(path, "type"), tuple(TYPES))
    if kind is None:
        return None
    required, optional, default_points = TYPES[kind]
    f = r.mapping(node, path, ("type", "prompt") + required, optional + COMMON)
    if f is None or "prompt" not in f or not set(required) <= set(f):
        return None
    p = lambda key: join(path, key)  # noqa: E731 - a short local path builder
    prompt = r.text(f["prompt"], p("prompt"))
    if prompt is None:
        return None
    common = {
        "kind": kind,
        "id": (r.slug(f["id"], p("id")) if "id" in f else None) or f"q{number}",
        "prompt": prompt,
        "points": r.number(f["points"], p("points")) if "points" in f else default_points,
        "objective": r.text(f["objective"], p("objective")) if "objective" in f else None,
        "explanation": r.text(f["explanation"], p("explanation")) if "explanation" in f else None,
    }
    if common["points"] is None:
        return None
    before = len([x for x in r.problems if not x.warning])
    question = _typed(r, f, path, kind, common, prompt)
    after = len([x for x in r.problems if not x.warning])
    return question if after == before else None


def _typed(r: Reader, f: dict[str, Node], path: str, kind: str, common: dict,
           prompt: str) -> model.Question | None:
    p = lambda key: join(path, key)  # noqa: E731
    if kind in ("multiple_choice", "multiple_select"):
        choices = _choices(r, f["choices"], p("choices"))
        if choices is None:
            return None
        keep = _keep_last(r, f, path, choices)
        if kind == "multiple_choice":
            answer = _resolve(r, f["answer"], p("answer"), choices)
            return model.MultipleChoice(**common, choices=tuple(choices), answer=answer or 0,
                                        keep_last=keep)
        items = r.sequence(f["answers"], p("answers"), 1, "answers")
        answers = [_resolve(r, item, ip, choices) for item, ip in items]
        if len({a for a in answers if a is not None}) != len(answers):
            r.error(f["answers"], p("answers"), "the same choice is listed twice")
        return model.MultipleSelect(**common, choices=tuple(choices),
                                    answers=tuple(sorted(a for a in answers if a is not None)),
                                    keep_last=keep)
    if kind == "true_false":
        node = f["answer"]
        word = node.value.strip().lower() if isinstance(node, ScalarNode) else ""
        if word not in TRUE_WORDS:
            r.error(node, p("answer"), f'"{getattr(node, "value", "")}" is not true or false',
                    "write true/false (or benar/salah)")
            return None
        return model.TrueFalse(**common, answer=TRUE_WORDS[word])
    if kind == "short_answer":
        answer = r.text(f["answer"], p("answer"))
        accept = r.texts(f["accept"], p("accept")) if "accept" in f else []
        lines = r.integer(f["lines"], p("lines"), 1) if "lines" in f else 2
        return model.ShortAnswer(**common, answer=answer or "", accept=tuple(accept),
                                 lines=lines or 2)
    if kind == "fill_in_blank":
        blanks = _blanks(r, f["prompt"], p("prompt"), prompt)
        word_bank = r.boolean(f["word_bank"], p("word_bank")) if "word_bank" in f else False
        return model.FillInBlank(**common, blanks=blanks, word_bank=bool(word_bank))
    if kind == "matching":
        return model.Matching(**common, pairs=_pairs(r, f["pairs"], p("pairs")))
    if kind == "ordering":
        items = r.texts(f["items"], p("items"), 2, "items")
        for value in {v for v in items if items.count(v) > 1}:
            r.error(f["items"], p("items"), f'the item "{value}" appears twice')
        return model.Ordering(**common, items=tuple(items))
    rubric = _rubric(r, f["rubric"], p("rubric")) if "rubric" in f else ()
    if rubric:
        total = sum(row.points for row in rubric)
        if "points" not in f:
            common["points"] = int(total) if float(total).is_integer() else total
        elif abs(total - common["points"]) > 1e-9:
            r.error(f["rubric"], p("rubric"), f"the rubric's points add up to {total:g}, "
                    f"but the question is worth {common['points']:g}",
                    "make the rubric rows add up to `points`")
    lines = r.integer(f["lines"], p("lines"), 1) if "lines" in f else 8
    answer = r.text(f["answer"], p("answer")) if "answer" in f else None
    return model.Essay(**common, answer=answer, rubric=rubric, lines=lines or 8)
