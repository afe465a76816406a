"""The review of answered questions (practice feedback, the results page) and an attempt's score.

Nothing is graded here: the outcome, points, feedback and part marks are the ones stored when the
answer was submitted. Only answers stored before those were kept go through `regrade_for_review`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import request, url_for
from markupsafe import Markup

from quiz.bank.model import Question
from quiz.kinds.base import ChoiceReview, Layout
from quiz.kinds.registry import describe_answer, handler_for, layout
from quiz.markup import render_text, render_text_inline
from quiz.models import Response
from quiz.queries.attempts import AttemptFacts, questions_by_hash
from quiz.queries.results import AttemptResults, KeptAnswer
from quiz.scoring import Grade, Outcome, Score, grade, summarize

StoredAnswer = Response | KeptAnswer  # the question page reads the row, the results page its plain values

OUTCOME_LABELS = {
    "correct": ("Correct", "✔"),
    "partial": ("Partly correct", "◐"),
    "incorrect": ("Incorrect", "✘"),
    "unanswered": ("Not answered", "–"),
    "information": ("Information", "ℹ"),
}


@dataclass(frozen=True)
class AnswerLine:
    """One line of the learner's answer; `right` says whether that row or blank was right (None: no part marks)."""

    text: Markup
    right: bool | None = None


@dataclass
class AnswerReview:
    """What is shown once a question has been answered (and may be revealed)."""

    outcome: str
    label: str
    icon: str
    points: float
    max_points: float
    your_answer: list[AnswerLine]
    correct_answer: list[Markup]
    explanation: Markup
    comments: list[Markup]  # the feedback texts the answer earned
    source: str
    choices: list[ChoiceReview] = field(default_factory=list)


@dataclass(frozen=True)
class ReviewRow:
    """One question of a finished attempt on the results page."""

    position: int
    title: str
    topic: str
    prompt: Markup
    scored: bool
    review: AnswerReview
    image_url: str = ""  # the question's image, shown under the prompt as on the question page
    alt: str = ""


@dataclass(frozen=True)
class FixedReview:
    """What the review of one question version shows whatever the answer (rendered once, then reused)."""

    prompt: Markup
    correct_answer: tuple[Markup, ...]
    explanation: Markup
    source: str  # the material page's URL


# Versions never change, so their fixed review is kept, keyed by the question object (the parsed-version cache
# hands out one object per version) and the script root its URLs were built under; the object is kept with it,
# so a reused id never matches a different question.
_FIXED: dict[tuple[int, str], tuple[Question, FixedReview]] = {}
_MOST_FIXED = 10_000


def fixed_review(question: Question) -> FixedReview:
    """The prompt, key lines, explanation and material link of a question version (cached per version)."""
    key = (id(question), request.script_root)
    cached = _FIXED.get(key)
    if cached is not None and cached[0] is question:
        return cached[1]
    if len(_FIXED) >= _MOST_FIXED:
        _FIXED.clear()
    handler = handler_for(question)
    fixed = FixedReview(
        prompt=handler.review_prompt(question),
        correct_answer=tuple(render_text_inline(line, question.text_format) for line in handler.describe_key(question)),
        explanation=render_text(question.explanation, question.text_format),
        source=material_link(question.source),
    )
    _FIXED[key] = (question, fixed)
    return fixed


def material_link(source: str) -> str:
    """The URL of a `page#section` source reference ('' when there is none)."""
    if not source:
        return ""
    page, _, anchor = source.partition("#")
    return url_for("material.page", slug=page, _anchor=anchor or None)


def image_url(bank_id: str, question: Question) -> str:
    """The URL of a question's image, served from the questions folder ('' when it has none)."""
    if not question.image:
        return ""
    return url_for("material.question_image", bank=bank_id, name=question.image)


def regrade_for_review(question: Question, answer: Any) -> Grade:
    """Grade again, for review only: answers stored before feedback and part marks were kept have none stored."""
    return grade(question, answer)


def _stored_marks(question: Question, stored: StoredAnswer) -> tuple[Sequence[str], Sequence[bool]]:
    """The feedback texts and part marks kept with an answer at submit time."""
    if stored.feedback is None:
        result = regrade_for_review(question, stored.answer)
        return result.feedback, result.parts
    return stored.feedback, stored.parts or ()


def _answer_lines(question: Question, answer: Any, parts: Sequence[bool]) -> list[AnswerLine]:
    lines = describe_answer(question, answer)
    marks: Sequence[bool | None] = parts if len(parts) == len(lines) else [None] * len(lines)
    return [
        AnswerLine(render_text_inline(line, question.text_format), right)
        for line, right in zip(lines, marks, strict=True)
    ]


def review_answer(question: Question, shown: Layout, stored: StoredAnswer | None) -> AnswerReview:
    """The review of one question: the learner's answer, the right one, the explanation."""
    fixed = fixed_review(question)
    answer = stored.answer if stored else None
    comments, parts = _stored_marks(question, stored) if stored else ((), ())
    outcome = stored.outcome if stored else Outcome.UNANSWERED.value
    label, icon = OUTCOME_LABELS[outcome]
    choices = handler_for(question).review_choices(question, shown, answer)
    return AnswerReview(
        outcome=outcome,
        label=label,
        icon=icon,
        points=stored.points if stored else 0.0,
        max_points=question.max_points,
        your_answer=_answer_lines(question, answer, parts),
        correct_answer=list(fixed.correct_answer),
        explanation=fixed.explanation,
        # Choice feedback is shown beside its choice, not repeated in the general list.
        comments=[] if choices else [render_text_inline(text, question.text_format) for text in comments],
        source=fixed.source,
        choices=choices,
    )


def attempt_questions(results: AttemptResults) -> dict[int, Question]:
    """Each item's pinned question version by position (looked up once, misses loaded in one statement)."""
    questions = questions_by_hash(version for _, version in results.items)
    return {position: questions[version] for position, version in results.items}


def attempt_score(results: AttemptResults, questions: dict[int, Question]) -> Score:
    """The attempt's score from its stored answers (unanswered questions count zero)."""
    graded = []
    for position, question in questions.items():
        stored = results.answers.get(position)
        kept = Grade(stored.fraction, stored.points, stored.max_points, Outcome(stored.outcome)) if stored else None
        graded.append((question, kept))
    return summarize(graded)


def review_row(question: Question, position: int, attempt: AttemptFacts, stored: StoredAnswer | None) -> ReviewRow:
    """One question of a finished attempt with the learner's answer, the right one and why."""
    return ReviewRow(
        position=position,
        title=question.title,
        topic=question.topic,
        prompt=fixed_review(question).prompt,
        scored=question.scored,
        review=review_answer(question, layout(question, attempt.seed), stored),
        image_url=image_url(attempt.bank_id, question),
        alt=question.alt,
    )
