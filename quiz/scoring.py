"""Grading, pure: a question and a learner's answer in, a Grade out. No Flask, no database.

Answers are given in the question's canonical order (choice and item indexes as in the bank
file), never in the shuffled order a learner saw; translating is the caller's job. The rules
here are the ones `questions/README.md` documents for educators.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from quiz.bank.model import AcceptedAnswer, Kind, Question, choice_weights

_SPACES = re.compile(r"\s+")


class Outcome(StrEnum):
    CORRECT = "correct"
    PARTIAL = "partial"
    INCORRECT = "incorrect"
    UNANSWERED = "unanswered"
    INFORMATION = "information"  # description items: nothing to grade


@dataclass(frozen=True)
class Grade:
    """The result of grading one answer."""

    fraction: float
    points: float
    max_points: float
    outcome: Outcome
    feedback: tuple[str, ...] = ()
    # Per pair, blank or item: was that part right? (For the review page.)
    parts: tuple[bool, ...] = ()


@dataclass(frozen=True)
class TopicScore:
    topic: str
    points: float
    max_points: float
    questions: int

    @property
    def percent(self) -> float:
        return percent(self.points, self.max_points)


@dataclass(frozen=True)
class Score:
    """The total of an attempt, with a breakdown per topic."""

    points: float
    max_points: float
    answered: int
    questions: int
    correct: int
    by_topic: tuple[TopicScore, ...]

    @property
    def percent(self) -> float:
        return percent(self.points, self.max_points)


def percent(points: float, max_points: float) -> float:
    """Points as a percentage of the maximum, rounded to one decimal (0 when nothing was at stake)."""
    return round(100.0 * points / max_points, 1) if max_points > 0 else 0.0


def normalise(text: str, case_sensitive: bool = False) -> str:
    """Trim, fold runs of white space into one space, and fold case unless asked not to."""
    folded = _SPACES.sub(" ", text).strip()
    return folded if case_sensitive else folded.casefold()


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def match_text(answer: str, accepted: Iterable[AcceptedAnswer], case_sensitive: bool = False) -> AcceptedAnswer | None:
    """Return the best accepted answer that the typed text matches, or None."""
    typed = normalise(answer, case_sensitive)
    best: AcceptedAnswer | None = None
    for option in accepted:
        if option.regex:
            flags = 0 if case_sensitive else re.IGNORECASE
            try:
                hit = re.fullmatch(option.text, typed, flags) is not None
            except re.error:
                hit = False
        else:
            hit = typed == normalise(option.text, case_sensitive)
        if hit and (best is None or option.credit > best.credit):
            best = option
    return best


def _longest_increasing(sequence: Sequence[int]) -> int:
    tails: list[int] = []
    for value in sequence:
        index = bisect_left(tails, value)
        if index == len(tails):
            tails.append(value)
        else:
            tails[index] = value
    return len(tails)


def _grade_choices(question: Question, answer: Any) -> tuple[float, tuple[str, ...]]:
    picked = [answer] if question.kind is Kind.SINGLE else sorted(set(answer))
    weights = choice_weights(question)
    if any(not isinstance(i, int) or not 0 <= i < len(weights) for i in picked):
        raise ValueError("answer names a choice the question does not have")
    feedback = tuple(question.choices[i].feedback for i in picked if question.choices[i].feedback)
    return _clamp(sum(weights[i] for i in picked)), feedback


def _grade_numeric(question: Question, answer: float) -> tuple[float, tuple[str, ...]]:
    best = None
    for option in question.numeric:
        slack = 1e-9 * max(1.0, abs(option.low), abs(option.high))
        if option.low - slack <= answer <= option.high + slack and (best is None or option.credit > best.credit):
            best = option
    if best is None:
        return 0.0, ()
    return best.credit, (best.feedback,) if best.feedback else ()


def _fraction_and_parts(question: Question, answer: Any) -> tuple[float, tuple[str, ...], tuple[bool, ...]]:
    kind = question.kind
    if kind in (Kind.SINGLE, Kind.MULTIPLE):
        fraction, feedback = _grade_choices(question, answer)
        return fraction, feedback, ()
    if kind is Kind.TRUE_FALSE:
        said = bool(answer)
        feedback = question.true_feedback if said else question.false_feedback
        return (1.0 if said == question.answer else 0.0), ((feedback,) if feedback else ()), ()
    if kind is Kind.SHORT:
        hit = match_text(str(answer), question.answers, question.case_sensitive)
        return (hit.credit if hit else 0.0), ((hit.feedback,) if hit and hit.feedback else ()), ()
    if kind is Kind.NUMERIC:
        value = float(answer)
        if not math.isfinite(value):
            return 0.0, (), ()
        fraction, feedback = _grade_numeric(question, value)
        return fraction, feedback, ()
    if kind is Kind.MATCHING:
        chosen = list(answer)
        if len(chosen) != len(question.pairs):
            raise ValueError("a matching answer needs one choice per pair")
        parts = tuple(pick == right for pick, (_left, right) in zip(chosen, question.pairs, strict=True))
        return sum(parts) / len(parts), (), parts
    if kind is Kind.ORDERING:
        order = list(answer)
        if sorted(order) != list(range(len(question.items))):
            raise ValueError("an ordering answer must place every item exactly once")
        n = len(order)
        parts = tuple(order[i] == i for i in range(n))
        return (_longest_increasing(order) - 1) / (n - 1), (), parts
    if kind is Kind.CLOZE:
        typed = list(answer)
        if len(typed) != len(question.blanks):
            raise ValueError("a cloze answer needs one entry per blank")
        credits = []
        feedback = []
        for text, blank in zip(typed, question.blanks, strict=True):
            hit = match_text(str(text or ""), blank.answers) if text else None
            credits.append(hit.credit if hit else 0.0)
            if hit and hit.feedback:
                feedback.append(hit.feedback)
        return sum(credits) / len(credits), tuple(feedback), tuple(c >= 1.0 for c in credits)
    raise ValueError(f"questions of type {kind} are not graded")


def is_blank(question: Question, answer: Any) -> bool:
    """True when the learner gave no answer at all."""
    if answer is None:
        return True
    if question.kind in (Kind.SHORT,):
        return not str(answer).strip()
    if question.kind is Kind.MULTIPLE:
        return len(answer) == 0
    if question.kind in (Kind.MATCHING, Kind.CLOZE):
        return all(not part for part in answer)
    return False


def grade(question: Question, answer: Any) -> Grade:
    """Grade an answer to a question. Raises ValueError for an answer of the wrong shape."""
    if not question.scored:
        return Grade(0.0, 0.0, 0.0, Outcome.INFORMATION)
    if is_blank(question, answer):
        return Grade(0.0, 0.0, question.points, Outcome.UNANSWERED)
    fraction, feedback, parts = _fraction_and_parts(question, answer)
    fraction = _clamp(fraction)
    if fraction >= 1.0 - 1e-9:
        outcome = Outcome.CORRECT
    elif fraction > 1e-9:
        outcome = Outcome.PARTIAL
    else:
        outcome = Outcome.INCORRECT
    points = round(fraction * question.points, 4)
    return Grade(fraction, points, question.points, outcome, feedback, parts)


def summarize(graded: Iterable[tuple[Question, Grade | None]]) -> Score:
    """Add up an attempt: unanswered questions (grade None) score zero; descriptions are not counted."""
    topics: dict[str, list[float]] = {}
    points = max_points = 0.0
    answered = questions = correct = 0
    for question, result in graded:
        if not question.scored:
            continue
        questions += 1
        earned = result.points if result is not None else 0.0
        if result is not None and result.outcome is not Outcome.UNANSWERED:
            answered += 1
            correct += result.outcome is Outcome.CORRECT
        points += earned
        max_points += question.points
        bucket = topics.setdefault(question.topic or "General", [0.0, 0.0, 0])
        bucket[0] += earned
        bucket[1] += question.points
        bucket[2] += 1
    by_topic = tuple(TopicScore(t, round(p, 4), m, int(n)) for t, (p, m, n) in sorted(topics.items()))
    return Score(round(points, 4), max_points, answered, questions, correct, by_topic)
