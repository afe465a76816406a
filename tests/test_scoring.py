"""Grading rules for every question type (pure: no app, no database)."""

from __future__ import annotations

import pytest

from quiz.bank.model import AcceptedAnswer, Blank, Choice, Kind, NumericAnswer, Question
from quiz.kinds.typed import normalise
from quiz.scoring import Outcome, grade, summarize


def q(kind: Kind, **fields) -> Question:
    return Question(**({"id": "q", "kind": kind, "prompt": "p", "explanation": "e"} | fields))


SINGLE = q(Kind.SINGLE, choices=(Choice("A", True), Choice("B", False, "no"), Choice("C", False)))
MULTIPLE = q(
    Kind.MULTIPLE,
    choices=(Choice("A", True), Choice("B", True), Choice("C", False), Choice("D", False)),
)


@pytest.mark.parametrize(
    ("answer", "fraction", "outcome"), [(0, 1.0, "correct"), (1, 0.0, "incorrect"), (None, 0.0, "unanswered")]
)
def test_single_choice(answer, fraction, outcome):
    result = grade(SINGLE, answer)
    assert result.fraction == fraction
    assert result.outcome == outcome


def test_single_choice_feedback_of_picked_choice():
    assert grade(SINGLE, 1).feedback == ("no",)


def test_single_choice_weights_give_partial_credit():
    question = q(Kind.SINGLE, choices=(Choice("A", True), Choice("B", False, weight=0.5)))
    assert grade(question, 1).fraction == 0.5
    assert grade(question, 1).outcome is Outcome.PARTIAL


@pytest.mark.parametrize(
    ("picked", "fraction"),
    [
        ([0, 1], 1.0),  # both right
        ([0], 0.5),  # half the right ones
        ([0, 2], 0.0),  # one right (+1/2), one wrong (-1/2)
        ([0, 1, 2], 0.5),  # everything right plus a wrong one
        ([0, 1, 2, 3], 0.0),  # picking everything earns nothing
        ([2, 3], 0.0),  # never below zero
    ],
)
def test_multiple_partial_credit(picked, fraction):
    assert grade(MULTIPLE, picked).fraction == pytest.approx(fraction)


def test_multiple_rejects_unknown_choice():
    with pytest.raises(ValueError):
        grade(MULTIPLE, [7])


def test_points_scale_with_the_fraction():
    question = q(Kind.MULTIPLE, points=4, choices=MULTIPLE.choices)
    result = grade(question, [0])
    assert (result.points, result.max_points) == (2.0, 4)


def test_true_false_and_its_feedback():
    question = q(Kind.TRUE_FALSE, answer=False, true_feedback="said true", false_feedback="said false")
    assert grade(question, False).outcome is Outcome.CORRECT
    wrong = grade(question, True)
    assert wrong.outcome is Outcome.INCORRECT
    assert wrong.feedback == ("said true",)


SHORT = q(
    Kind.SHORT,
    answers=(
        AcceptedAnswer("programmed death 1"),
        AcceptedAnswer(r"pd-?1", regex=True),
        AcceptedAnswer("PD-L1", credit=0.25, feedback="That is the ligand."),
    ),
)


@pytest.mark.parametrize(
    ("typed", "fraction"),
    [
        ("Programmed   Death 1", 1.0),  # case and spaces do not matter
        ("  programmed death 1 ", 1.0),
        ("PD1", 1.0),  # regex, case-insensitive
        ("pd-1", 1.0),
        ("xpd-1", 0.0),  # the regex must match the whole answer
        ("pd-l1", 0.25),
        ("CTLA-4", 0.0),
    ],
)
def test_short_answer_matching(typed, fraction):
    assert grade(SHORT, typed).fraction == fraction


def test_short_answer_case_sensitive_when_asked():
    question = q(Kind.SHORT, answers=(AcceptedAnswer("BCG"),), case_sensitive=True)
    assert grade(question, "BCG").fraction == 1.0
    assert grade(question, "bcg").fraction == 0.0


def test_blank_short_answer_is_unanswered():
    assert grade(SHORT, "   ").outcome is Outcome.UNANSWERED


def test_normalise():
    assert normalise("  A\t b\nC ") == "a b c"
    assert normalise("  A  B ", case_sensitive=True) == "A B"


NUMERIC = q(
    Kind.NUMERIC,
    numeric=(NumericAnswer(value=3, tolerance=0.5), NumericAnswer(min=10, max=20, credit=0.5, feedback="range")),
)


@pytest.mark.parametrize(
    ("value", "fraction"), [(3, 1.0), (2.5, 1.0), (3.5, 1.0), (3.51, 0.0), (10, 0.5), (20, 0.5), (21, 0.0)]
)
def test_numeric_tolerance_and_ranges(value, fraction):
    assert grade(NUMERIC, value).fraction == fraction


def test_numeric_rejects_infinity_as_wrong():
    assert grade(NUMERIC, float("inf")).fraction == 0.0


MATCHING = q(Kind.MATCHING, pairs=(("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")), distractors=("5",))


def test_matching_credit_per_pair():
    result = grade(MATCHING, ["1", "2", "4", "3"])
    assert result.fraction == 0.5
    assert result.parts == (True, True, False, False)


def test_matching_needs_one_answer_per_pair():
    with pytest.raises(ValueError):
        grade(MATCHING, ["1"])


ORDERING = q(Kind.ORDERING, items=("a", "b", "c", "d", "e"))


@pytest.mark.parametrize(
    ("order", "fraction"),
    [
        ([0, 1, 2, 3, 4], 1.0),
        ([4, 3, 2, 1, 0], 0.0),  # fully reversed
        ([1, 0, 2, 3, 4], 0.75),  # one swap: a run of 4 in order -> (4-1)/(5-1)
        ([4, 0, 1, 2, 3], 0.75),  # one item moved
    ],
)
def test_ordering_longest_ordered_run(order, fraction):
    assert grade(ORDERING, order).fraction == pytest.approx(fraction)


def test_ordering_must_place_every_item_once():
    with pytest.raises(ValueError):
        grade(ORDERING, [0, 0, 1, 2, 3])


CLOZE = q(
    Kind.CLOZE,
    prompt="{{1}} and {{2}}",
    blanks=(Blank((AcceptedAnswer("CD19"),)), Blank((AcceptedAnswer("IL-6"),), choices=("IL-6", "IL-2"))),
)


def test_cloze_credit_per_blank():
    assert grade(CLOZE, ["cd19", "IL-2"]).fraction == 0.5
    assert grade(CLOZE, ["cd19", "IL-2"]).parts == (True, False)
    assert grade(CLOZE, ["CD19", "IL-6"]).outcome is Outcome.CORRECT
    assert grade(CLOZE, ["", ""]).outcome is Outcome.UNANSWERED


def test_description_is_not_scored():
    info = q(Kind.DESCRIPTION)
    assert grade(info, None).outcome is Outcome.INFORMATION
    assert info.max_points == 0


def test_summarize_counts_unanswered_as_zero_and_groups_topics():
    first = q(Kind.TRUE_FALSE, answer=True, topic="A")
    second = Question(id="q2", kind=Kind.TRUE_FALSE, prompt="p", explanation="e", answer=True, topic="B", points=3)
    score = summarize([(first, grade(first, True)), (second, None)])
    assert (score.points, score.max_points, score.percent) == (1.0, 4.0, 25.0)
    assert (score.answered, score.correct, score.questions) == (1, 1, 2)
    assert [(t.topic, t.points, t.max_points) for t in score.by_topic] == [("A", 1.0, 1.0), ("B", 0.0, 3.0)]
