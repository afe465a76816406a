"""Units of work on attempts, responses and educator accounts: the one layer that commits.

Each write starts an immediate transaction (SQLite takes the write lock up front; PostgreSQL
locks the attempt row), so a read-then-write never races another request. Domain errors say
what went wrong; views turn them into 4xx pages.
"""

from __future__ import annotations

import os
import random
import secrets
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from quiz.bank.model import Bank, Question
from quiz.exceptions import (
    AlreadyAnswered,
    AttemptFinished,
    EducatorExists,
    EducatorNotFound,
    NothingToAsk,
    QuestionNotFound,
    QuizError,
)
from quiz.extensions import IMMEDIATE, db
from quiz.models import Attempt, AttemptItem, Educator, Learner, QuestionVersion, Response, utcnow
from quiz.queries import (
    find_attempt,
    found,
    question_by_hash,
    questions_by_hash,
    scoped_attempt,
    with_items_and_responses,
)
from quiz.scoring import Grade, grade
from quiz.teaching.accounts import check_email, check_password, hash_password, new_session_key

MODES = ("practice", "exam")


def new_learner_token() -> str:
    """A random token for a new browser session (the only thing the cookie holds)."""
    return secrets.token_urlsafe(24)


def _begin_write() -> None:
    # End any read transaction the view opened, then take the write lock before reading.
    db.session.rollback()
    db.session.connection(execution_options={IMMEDIATE: True})


def _learner(token: str, create: bool = False) -> Learner | None:
    learner = db.session.scalar(select(Learner).where(Learner.token == token))
    if learner is None and create:
        learner = Learner(token=token)
        db.session.add(learner)
        db.session.flush()
    return learner


def _store_versions(bank_id: str, questions: Sequence[Question]) -> None:
    hashes = {q.content_hash for q in questions}
    known = set(db.session.scalars(select(QuestionVersion.hash).where(QuestionVersion.hash.in_(hashes))))
    for question in questions:
        if question.content_hash not in known:
            known.add(question.content_hash)
            db.session.add(
                QuestionVersion(
                    hash=question.content_hash, bank_id=bank_id, question_id=question.id, data=question.to_dict()
                )
            )


def _create_attempt(token: str, bank_id: str, bank_title: str, mode: str, questions: Sequence[Question]) -> str:
    if mode not in MODES:
        raise QuizError(f"Unknown mode {mode!r}.")
    if not questions:
        raise NothingToAsk("There are no questions to ask.")
    learner = _learner(token, create=True)
    assert learner is not None
    _store_versions(bank_id, questions)
    attempt = Attempt(
        public_id=secrets.token_urlsafe(12),
        learner=learner,
        bank_id=bank_id,
        bank_title=bank_title,
        mode=mode,
        seed=secrets.randbelow(2**31),
        max_points=sum(q.max_points for q in questions),
        items=[
            AttemptItem(position=n, question_id=q.id, version_hash=q.content_hash)
            for n, q in enumerate(questions, start=1)
        ],
    )
    db.session.add(attempt)
    db.session.commit()
    return attempt.public_id


def start_attempt(token: str, bank: Bank, count: int | None, mode: str, rng: random.Random | None = None) -> str:
    """Draw `count` questions (all when None) from a bank in random order; return the attempt's public id."""
    rng = rng or random.SystemRandom()
    questions = list(bank.questions)
    scored = [q for q in questions if q.scored]
    if count is not None and count < len(scored):
        # Information pages only make sense beside the questions they introduce: a sample leaves them out.
        questions = rng.sample(scored, count)
    elif len(scored) == len(questions):
        rng.shuffle(questions)
    # Otherwise the bank has information pages and keeps its order, so each stays before its questions.
    _begin_write()
    return _create_attempt(token, bank.id, bank.title, mode, questions)


def start_retry(token: str, public_id: str, mode: str | None = None) -> str:
    """A new attempt with the questions of a finished attempt that were not fully right."""
    _begin_write()
    attempt = find_attempt(token, public_id)
    if not attempt.finished:
        raise QuizError("Finish the attempt before retrying its questions.")
    fractions = {r.question_id: r.fraction for r in attempt.responses}
    questions = questions_by_hash(item.version_hash for item in attempt.items)
    asked = [(item.question_id, questions[item.version_hash]) for item in attempt.items]
    missed = [question for qid, question in asked if question.scored and fractions.get(qid, 0.0) < 1.0]
    return _create_attempt(token, attempt.bank_id, attempt.bank_title, mode or attempt.mode, missed)


def record_answer(token: str | None, public_id: str, position: int, answer: Any) -> Grade:
    """Grade and store the answer to one question of an attempt, exactly once."""
    columns = (Attempt.id, Attempt.finished_at, AttemptItem.question_id, AttemptItem.version_hash, Response.answer)
    query = with_items_and_responses(scoped_attempt(token, public_id, *columns, lock=True), position)
    _begin_write()
    # Answer posts are the hot path: one locked read gives the attempt, the item and any earlier answer.
    attempt_id, finished_at, question_id, version_hash, existing = found(db.session.execute(query).first())
    if finished_at is not None:
        raise AttemptFinished("This attempt is finished; its answers can no longer change.")
    if question_id is None:
        raise QuestionNotFound("No such question in this attempt.")
    if existing is not None:
        raise AlreadyAnswered(same=existing == answer)
    result = grade(question_by_hash(version_hash), answer)
    db.session.add(
        Response(
            attempt_id=attempt_id,
            position=position,
            question_id=question_id,
            version_hash=version_hash,
            answer=answer,
            fraction=result.fraction,
            points=result.points,
            max_points=result.max_points,
            outcome=result.outcome.value,
            feedback=list(result.feedback),
            parts=list(result.parts),
        )
    )
    try:
        db.session.commit()
    except IntegrityError:
        # Another request stored this answer between our check and our insert.
        db.session.rollback()
        raise AlreadyAnswered(same=False) from None
    return result


def finish_attempt(token: str | None, public_id: str, now: datetime | None = None) -> Attempt:
    """Close an attempt and store its total; finishing twice changes nothing."""
    _begin_write()
    attempt = find_attempt(token, public_id, for_update=True)
    if not attempt.finished:
        attempt.points = round(sum(r.points for r in attempt.responses), 4)
        attempt.finished_at = now or utcnow()
        db.session.commit()
    return attempt


def add_educator(email: str, password: str) -> str:
    """Create an educator account; return its normalised address (ValueError for a bad address or password)."""
    address = check_email(email)
    check_password(password)
    _begin_write()
    if db.session.scalar(select(Educator.id).where(Educator.email == address)) is not None:
        raise EducatorExists(f"{address} already has an account.")
    db.session.add(Educator(email=address, password_hash=hash_password(password), session_key=new_session_key()))
    db.session.commit()
    return address


def _educator(email: str) -> Educator:
    educator = db.session.scalar(select(Educator).where(Educator.email == check_email(email)))
    if educator is None:
        raise EducatorNotFound(f"No educator has the address {email.strip()}.")
    return educator


def remove_educator(email: str) -> None:
    """Delete an educator account; its open sessions stop working at once."""
    _begin_write()
    db.session.delete(_educator(email))
    db.session.commit()


def set_educator_password(email: str, password: str) -> None:
    """Give an educator a new password and sign out every session that used the old one."""
    check_password(password)
    _begin_write()
    educator = _educator(email)
    educator.password_hash = hash_password(password)
    educator.session_key = new_session_key()
    db.session.commit()


def end_educator_sessions(educator_id: int) -> None:
    """Renew an educator's session key (logout), so no copy of an earlier login cookie works any more."""
    _begin_write()
    educator = db.session.get(Educator, educator_id)
    if educator is not None:
        educator.session_key = new_session_key()
        db.session.commit()


def save_upload(target: Path, raw: bytes) -> None:
    """Save an uploaded question file byte for byte; it replaces any earlier one at once (never half written)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".upload-", delete=False) as scratch:
        scratch.write(raw)
    os.replace(scratch.name, target)
