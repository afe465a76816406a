"""Every question kind through the handler registry: one table, the same checks for each kind."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from jinja2 import Environment, FileSystemLoader

from quiz.bank.model import Kind, Question
from quiz.kinds.base import Layout
from quiz.kinds.registry import KINDS, describe_answer, handler_for, layout
from quiz.scoring import Outcome, grade
from quiz.taking.forms import ANSWER_FORMS
from support import BANK, DATA

BY_KIND = {q.kind: q for q in BANK.questions}
INPUT_MACROS = DATA.parent.parent / "quiz" / "taking" / "templates"


def _right_row(question: Question, shown: Layout, row: int) -> str:
    pair = shown.left_order[row]
    return str(shown.right_options.index(question.pairs[pair][1]))


def _right_blank(shown: Layout, number: int, blank: Any) -> str:
    options = shown.blank_choices[number]
    return str(options.index(blank.answers[0].text)) if options else blank.answers[0].text


# The form value (display positions, as a browser posts them) of the fully right answer, per kind.
RIGHT_FORM_VALUE: dict[Kind, Callable[[Question, Layout], Any]] = {
    Kind.SINGLE: lambda q, shown: shown.choice_order.index(next(i for i, c in enumerate(q.choices) if c.correct)),
    Kind.MULTIPLE: lambda q, shown: [slot for slot, i in enumerate(shown.choice_order) if q.choices[i].correct],
    Kind.TRUE_FALSE: lambda q, shown: q.answer,
    Kind.SHORT: lambda q, shown: f"  {q.answers[0].text.lower()} ",
    Kind.NUMERIC: lambda q, shown: q.numeric[0].value,
    Kind.MATCHING: lambda q, shown: [_right_row(q, shown, row) for row in range(len(q.pairs))],
    Kind.ORDERING: lambda q, shown: [str(index + 1) for index in shown.item_order],
    Kind.CLOZE: lambda q, shown: [_right_blank(shown, n, blank) for n, blank in enumerate(q.blanks)],
}

# An answer of the wrong canonical shape, per kind: grading must refuse it, never guess.
WRONG_SHAPE: dict[Kind, Any] = {
    Kind.SINGLE: 7,
    Kind.MULTIPLE: [0, 9],
    Kind.TRUE_FALSE: "yes",
    Kind.SHORT: 12,
    Kind.NUMERIC: "four",
    Kind.MATCHING: ["PD-1"],
    Kind.ORDERING: [0, 0, 1, 2],
    Kind.CLOZE: ["CD19"],
}

SCORED = [kind for kind in Kind if kind is not Kind.DESCRIPTION]


def test_every_kind_has_exactly_one_handler_registered_under_its_own_kind():
    assert set(KINDS) == set(Kind)
    assert all(handler.kind is kind for kind, handler in KINDS.items())
    assert all(handler.answer_shape for handler in KINDS.values())


def test_every_answerable_kind_has_a_form_and_a_drawing_macro():
    env = Environment(loader=FileSystemLoader(INPUT_MACROS))
    macros = env.get_template("taking/_inputs.html").module
    assert set(ANSWER_FORMS) == set(SCORED)
    for kind in SCORED:
        question = BY_KIND[kind]
        inputs = handler_for(question).inputs(question, layout(question, 1), None)
        assert callable(getattr(macros, inputs.macro, None)), f"{kind}: no macro {inputs.macro!r}"


@pytest.mark.parametrize("kind", SCORED, ids=str)
def test_the_right_answer_read_from_display_positions_is_graded_correct(kind):
    question = BY_KIND[kind]
    handler = handler_for(question)
    for seed in range(5):
        shown = layout(question, seed)
        answer = handler.read_answer(question, shown, RIGHT_FORM_VALUE[kind](question, shown))
        handler.check_answer(question, answer)
        assert grade(question, answer).outcome is Outcome.CORRECT, (seed, answer)
        assert describe_answer(question, answer)
        assert handler.describe_key(question)


@pytest.mark.parametrize("kind", SCORED, ids=str)
def test_the_layout_is_stable_for_a_seed_and_names_every_part(kind):
    question = BY_KIND[kind]
    assert layout(question, 42) == layout(question, 42)
    shown = layout(question, 42)
    if kind in (Kind.SINGLE, Kind.MULTIPLE):
        assert sorted(shown.choice_order) == list(range(len(question.choices)))
    if kind is Kind.ORDERING:
        assert shown.item_order != tuple(range(len(question.items))), "never shown already in order"
    if kind is Kind.MATCHING:
        assert set(shown.right_options) == {r for _, r in question.pairs} | set(question.distractors)


@pytest.mark.parametrize("kind", SCORED, ids=str)
def test_an_answer_of_the_wrong_shape_is_refused(kind):
    with pytest.raises(ValueError):
        grade(BY_KIND[kind], WRONG_SHAPE[kind])


@pytest.mark.parametrize("kind", SCORED, ids=str)
def test_no_answer_is_unanswered_and_describes_as_nothing(kind):
    question = BY_KIND[kind]
    assert grade(question, None).outcome is Outcome.UNANSWERED
    assert describe_answer(question, None) == []


@pytest.mark.parametrize("kind", SCORED, ids=str)
def test_the_page_inputs_carry_back_what_was_submitted(kind):
    question = BY_KIND[kind]
    shown = layout(question, 3)
    value = RIGHT_FORM_VALUE[kind](question, shown)
    submitted = ("true" if value else "false") if kind is Kind.TRUE_FALSE else value
    inputs = handler_for(question).inputs(question, shown, submitted)
    drawn = (
        [o.value for o in inputs.options if o.checked]
        or [row.value for row in inputs.rows]
        or [p.blank.value for p in inputs.pieces if p.blank]
        or [inputs.value]
    )
    expected = submitted if isinstance(submitted, list) else [submitted]
    assert [str(v).strip() for v in drawn] == [str(v).strip() for v in expected]


def test_a_description_takes_no_answer_and_is_not_scored():
    page = Question(id="intro", kind=Kind.DESCRIPTION, prompt="Read this first.", explanation="")
    handler = handler_for(page)
    assert not handler.scored
    assert grade(page, None).outcome is Outcome.INFORMATION
    with pytest.raises(ValueError):
        handler.read_answer(page, layout(page, 1), "anything")


def test_shuffles_differ_between_attempts():
    question = BY_KIND[Kind.SINGLE]
    orders = {layout(question, seed).choice_order for seed in range(20)}
    assert len(orders) > 1
