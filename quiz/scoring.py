"""Grading and scores, pure: a question and a learner's answer in, a Grade out; grades in, a Score out.

Answers are given in the question's canonical order (choice and item indexes as in the bank
file), never in the shuffled order a learner saw. Each kind's rule lives in its handler
(`quiz.kinds`); the rules are the ones `questions/README.md` documents for educators.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from quiz.bank.model import Question
from quiz.kinds.registry import handler_for


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


def grade(question: Question, answer: Any) -> Grade:
    """Grade an answer to a question through its kind's handler. Raises ValueError for an answer of the wrong shape."""
    handler = handler_for(question)
    if not handler.scored:
        return Grade(0.0, 0.0, 0.0, Outcome.INFORMATION)
    if handler.is_blank(question, answer):
        return Grade(0.0, 0.0, question.points, Outcome.UNANSWERED)
    handler.check_answer(question, answer)
    marking = handler.mark(question, answer)
    fraction = min(1.0, max(0.0, marking.fraction))
    if fraction >= 1.0 - 1e-9:
        outcome = Outcome.CORRECT
    elif fraction > 1e-9:
        outcome = Outcome.PARTIAL
    else:
        outcome = Outcome.INCORRECT
    points = round(fraction * question.points, 4)
    return Grade(fraction, points, question.points, outcome, marking.feedback, marking.parts)


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
