"""Units of work on attempts and answers: start, answer (graded once, stored exactly once), finish, time out."""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select

from quiz.bank.loader import Catalog
from quiz.bank.model import Bank, Question
from quiz.exceptions import (
    NothingToAsk,
    QuizError,
)
from quiz.extensions import db
from quiz.memory import due_first
from quiz.models import Attempt, AttemptItem, QuestionVersion, as_utc, utcnow
from quiz.queries.attempts import (
    find_attempt,
    questions_by_hash,
)
from quiz.queries.memories import memories
from quiz.services import tallies
from quiz.services.writing import begin_write, learner_for

MODES = ("practice", "exam")
# A spaced review draws from every bank; its attempt gets this bank id and title.
REVIEW_BANK, REVIEW_TITLE = "review", "Spaced review"


def new_learner_token() -> str:
    """A random token for a new browser session (the only thing the cookie holds)."""
    return secrets.token_urlsafe(24)


def _store_versions(banks: Sequence[str], questions: Sequence[Question]) -> None:
    hashes = {q.content_hash for q in questions}
    known = set(db.session.scalars(select(QuestionVersion.hash).where(QuestionVersion.hash.in_(hashes))))
    for bank_id, question in zip(banks, questions, strict=True):
        if question.content_hash not in known:
            known.add(question.content_hash)
            db.session.add(
                QuestionVersion(
                    hash=question.content_hash, bank_id=bank_id, question_id=question.id, data=question.to_dict()
                )
            )


def _create_attempt(
    token: str,
    bank: tuple[str, str],
    mode: str,
    questions: Sequence[Question],
    time_limit: int | None = None,
    origins: Sequence[str | None] = (),
) -> str:
    """Store a new attempt; `origins` names each question's bank where it is not the attempt's (a spaced review)."""
    if mode not in MODES:
        raise QuizError(f"Unknown mode {mode!r}.")
    if time_limit is not None and (mode != "exam" or time_limit < 1):
        raise QuizError("A time limit is a whole number of minutes, for exam mode only.")
    if not questions:
        raise NothingToAsk("There are no questions to ask.")
    learner = learner_for(token, create=True)
    assert learner is not None
    bank_id, bank_title = bank
    banks = list(origins) or [None] * len(questions)
    _store_versions([origin or bank_id for origin in banks], questions)
    now = utcnow()
    attempt = Attempt(
        public_id=secrets.token_urlsafe(12),
        learner=learner,
        bank_id=bank_id,
        bank_title=bank_title,
        mode=mode,
        seed=secrets.randbelow(2**31),
        created_at=now,
        time_limit=time_limit,
        deadline=now + timedelta(minutes=time_limit) if time_limit else None,
        max_points=sum(q.max_points for q in questions),
        items=[
            AttemptItem(position=n, question_id=q.id, version_hash=q.content_hash, bank_id=origin)
            for n, (q, origin) in enumerate(zip(questions, banks, strict=True), start=1)
        ],
    )
    db.session.add(attempt)
    db.session.commit()
    return attempt.public_id


def start_attempt(
    token: str,
    bank: Bank,
    count: int | None,
    mode: str,
    rng: random.Random | None = None,
    time_limit: int | None = None,
) -> str:
    """Draw `count` questions (all when None) from a bank in random order; return the attempt's public id.

    An exam may have a time limit in minutes: its deadline is kept here, on the server.
    """
    rng = rng or random.SystemRandom()
    questions = list(bank.questions)
    scored = [q for q in questions if q.scored]
    if count is not None and count < len(scored):
        # Information pages only make sense beside the questions they introduce: a sample leaves them out.
        questions = rng.sample(scored, count)
    elif len(scored) == len(questions):
        rng.shuffle(questions)
    # Otherwise the bank has information pages and keeps its order, so each stays before its questions.
    begin_write()
    return _create_attempt(token, (bank.id, bank.title), mode, questions, time_limit)


def start_retry(token: str, public_id: str, mode: str | None = None) -> str:
    """A new attempt with the questions of a finished attempt that were not fully right."""
    begin_write()
    attempt = find_attempt(token, public_id)
    if not attempt.finished:
        raise QuizError("Finish the attempt before retrying its questions.")
    fractions = {r.question_id: r.fraction for r in attempt.responses}
    questions = questions_by_hash(item.version_hash for item in attempt.items)
    missed = [
        (item.bank_id, question)
        for item in attempt.items
        if (question := questions[item.version_hash]).scored and fractions.get(item.question_id, 0.0) < 1.0
    ]
    chosen, origins = [question for _, question in missed], [origin for origin, _ in missed]
    return _create_attempt(token, (attempt.bank_id, attempt.bank_title), mode or attempt.mode, chosen, None, origins)


def start_review(token: str, catalog: Catalog, now: datetime | None = None) -> str:
    """A practice attempt of the questions due now across all banks: at most 20, most overdue first."""
    now = now or utcnow()
    begin_write()
    chosen = due_first(memories(token, due_by=now), catalog, now)
    if not chosen:
        raise NothingToAsk("No questions are due for review now. Come back when the review page says some are.")
    questions, origins = [question for _, question in chosen], [bank for bank, _ in chosen]
    return _create_attempt(token, (REVIEW_BANK, REVIEW_TITLE), "practice", questions, None, origins)


def close_attempt(attempt: Attempt, now: datetime) -> None:
    """Store the total and the end time (the deadline, when time ran out before now); count it in the item analysis."""
    attempt.points = round(sum(r.points for r in attempt.responses), 4)
    deadline = as_utc(attempt.deadline) if attempt.deadline is not None else None
    attempt.finished_at = min(now, deadline) if deadline else now
    tallies.count_finished(attempt)


def finish_attempt(token: str | None, public_id: str, now: datetime | None = None) -> Attempt:
    """Close an attempt and store its total; finishing twice changes nothing."""
    begin_write()
    attempt = find_attempt(token, public_id, for_update=True)
    if not attempt.finished:
        close_attempt(attempt, now or utcnow())
        db.session.commit()
    return attempt


def finish_if_timed_out(token: str | None, public_id: str, now: datetime | None = None) -> bool:
    """Finish an attempt whose time is up, with the answers given; True when that happened now."""
    now = now or utcnow()
    begin_write()
    attempt = find_attempt(token, public_id, for_update=True)
    if attempt.finished or attempt.deadline is None or as_utc(attempt.deadline) > now:
        db.session.rollback()
        return False
    close_attempt(attempt, now)
    db.session.commit()
    return True
