"""Plain values for the question and finish pages, computed before rendering.

Templates only loop and print; no grading and no queries happen in them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from flask_wtf import FlaskForm

from quiz.bank.model import Question
from quiz.kinds.base import Inputs, Layout
from quiz.kinds.registry import handler_for
from quiz.models import Response as StoredAnswer
from quiz.queries.attempts import AttemptFacts, Progress
from quiz.taking.forms import ActionForm, AnswerForm
from quiz.taking.review import AnswerReview, review_answer


@dataclass(frozen=True)
class NavLink:
    """One numbered link of the question list."""

    position: int
    url: str
    answered: bool
    current: bool


@dataclass(frozen=True)
class TimeLeft:
    """A timed exam's deadline: as text for everyone, as seconds for the live countdown (quiz.js)."""

    minutes_limit: int
    deadline_iso: str
    deadline_text: str
    seconds: int

    @property
    def minutes(self) -> int:
        """Whole minutes left, rounded up (the text shown without JavaScript)."""
        return -(-self.seconds // 60)

    @property
    def clock(self) -> str:
        return f"{self.seconds // 60}:{self.seconds % 60:02d}"


def time_left(attempt: AttemptFacts, now: datetime) -> TimeLeft | None:
    """How long an unfinished timed exam has left at `now` (None when it is untimed or finished)."""
    if attempt.deadline is None or attempt.time_limit is None or attempt.finished:
        return None
    # Rounded up: the countdown must never reach zero before the server stops taking answers.
    seconds = max(0, math.ceil((attempt.deadline - now).total_seconds()))
    return TimeLeft(attempt.time_limit, attempt.deadline.isoformat(), attempt.deadline.strftime("%H:%M UTC"), seconds)


@dataclass(frozen=True)
class QuestionPage:
    """Everything the question page shows."""

    attempt: AttemptFacts
    position: int
    total: int
    answered_count: int
    nav: list[NavLink]
    question: Question
    inputs: Inputs
    errors: list[str]
    answered: bool
    review: AnswerReview | None  # shown in practice mode once answered
    all_answered: bool
    time_left: TimeLeft | None
    guessable: bool = False  # a right practice answer the learner may still mark "I guessed"
    guessed: bool = False
    # This attempt's question URL without its position: built once, the page links to every position.
    url_stem: str = ""

    def url(self, position: int) -> str:
        """The URL of the question at `position` of this attempt."""
        return f"{self.url_stem}{position}"

    @property
    def percent_done(self) -> int:
        return round(100 * self.answered_count / self.total)

    @property
    def previous(self) -> int | None:
        return self.position - 1 if self.position > 1 else None

    @property
    def next(self) -> int | None:
        return self.position + 1 if self.position < self.total else None


def form_errors(form: FlaskForm) -> list[str]:
    """A form's error messages as one flat list (FieldList errors come nested)."""
    return [error for found in form.errors.values() for error in (found if isinstance(found, list) else [found])]


def question_page(
    progress: Progress,
    position: int,
    question: Question,
    shown: Layout,
    stored: StoredAnswer | None,
    form: AnswerForm | ActionForm | None,
    now: datetime,
) -> QuestionPage:
    """The question page of one position, with the submitted form (after a failed post) or a fresh one.

    A fresh page builds no form: it has nothing submitted and no errors, and the template draws the inputs.
    """
    submitted = form.submitted() if isinstance(form, AnswerForm) else None
    reveal = stored is not None and progress.attempt.mode == "practice"
    url_stem = url_for("taking.question", public_id=progress.attempt.public_id, position=0).removesuffix("0")
    return QuestionPage(
        attempt=progress.attempt,
        position=position,
        total=len(progress.items),
        answered_count=len(progress.answered),
        nav=[NavLink(at, f"{url_stem}{at}", at in progress.answered, at == position) for at, _ in progress.items],
        question=question,
        inputs=handler_for(question).inputs(question, shown, submitted),
        errors=form_errors(form) if form else [],
        answered=stored is not None,
        review=review_answer(question, shown, stored) if reveal else None,
        all_answered=not progress.open_positions(),
        time_left=time_left(progress.attempt, now),
        guessable=reveal and stored is not None and stored.outcome == "correct" and _review_of(stored) is False,
        guessed=reveal and _review_of(stored) is True,
        url_stem=url_stem,
    )


def _review_of(stored: StoredAnswer | None) -> bool | None:
    """Whether a stored answer's review was marked a guess (None: not scheduled, e.g. stored before reviews were)."""
    review = stored.memory_review if stored else None
    return review.guessed if review else None
