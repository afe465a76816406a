"""Read-only lookups of attempts, always scoped to the learner's token. Nothing here commits."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from quiz.bank.dict_form import question_from_dict
from quiz.bank.model import Question
from quiz.exceptions import AttemptNotFound, QuestionNotFound
from quiz.extensions import db
from quiz.models import Attempt, AttemptItem, Learner, QuestionVersion, Response

# Versions are content-addressed and never change, so their parsed form can be kept forever.
_QUESTIONS: dict[str, Question] = {}
_QUESTION_CACHE_SIZE = 10_000


def question_by_hash(version_hash: str) -> Question:
    """The question version with this content hash (cached; loaded from the database on a miss)."""
    question = _QUESTIONS.get(version_hash)
    if question is None:
        version = db.session.get(QuestionVersion, version_hash)
        if version is None:
            raise QuestionNotFound("That version of the question is not stored.")
        if len(_QUESTIONS) >= _QUESTION_CACHE_SIZE:
            _QUESTIONS.clear()
        question = _QUESTIONS[version_hash] = question_from_dict(version.data)
    return question


def question_of(item: AttemptItem) -> Question:
    """The question version an attempt item is pinned to."""
    return question_by_hash(item.version_hash)


@dataclass(frozen=True)
class Progress:
    """Where an attempt stands, read as plain values (cheap enough for every question page)."""

    attempt: Attempt
    items: tuple[tuple[int, str], ...]  # (position, version hash), in order
    answered: frozenset[int]

    def version_at(self, position: int) -> str | None:
        return next((version for at, version in self.items if at == position), None)

    def open_positions(self) -> list[int]:
        """Unanswered positions that need an answer (information pages do not)."""
        return [p for p, version in self.items if p not in self.answered and question_by_hash(version).scored]


def attempt_progress(token: str | None, public_id: str) -> Progress:
    """The attempt row plus its item positions and answered positions, for this learner only."""
    if not token:
        raise AttemptNotFound("No such attempt.")
    attempt = db.session.scalar(
        select(Attempt).join(Learner).where(Attempt.public_id == public_id, Learner.token == token)
    )
    if attempt is None:
        raise AttemptNotFound("No such attempt.")
    rows = db.session.execute(
        select(AttemptItem.position, AttemptItem.version_hash, Response.id)
        .outerjoin(
            Response,
            (Response.attempt_id == AttemptItem.attempt_id) & (Response.question_id == AttemptItem.question_id),
        )
        .where(AttemptItem.attempt_id == attempt.id)
        .order_by(AttemptItem.position)
    ).all()
    answered = frozenset(position for position, _, response_id in rows if response_id is not None)
    return Progress(attempt, tuple((position, version) for position, version, _ in rows), answered)


def response_at(attempt_id: int, position: int) -> Response | None:
    """The stored response at one position of an attempt, if any."""
    return db.session.scalar(select(Response).where(Response.attempt_id == attempt_id, Response.position == position))


def find_attempt(token: str | None, public_id: str, for_update: bool = False) -> Attempt:
    """The attempt with this public id if it belongs to this learner; AttemptNotFound otherwise."""
    if not token:
        raise AttemptNotFound("No such attempt.")
    query = (
        select(Attempt)
        .join(Learner)
        .where(Attempt.public_id == public_id, Learner.token == token)
        .options(selectinload(Attempt.items), selectinload(Attempt.responses))
    )
    if for_update:
        query = query.with_for_update(of=Attempt)
    attempt = db.session.scalar(query)
    if attempt is None:
        raise AttemptNotFound("No such attempt.")
    return attempt


def recent_attempts(token: str | None, limit: int | None = None) -> list[Attempt]:
    """This learner's attempts, newest first."""
    if not token:
        return []
    query = (
        select(Attempt)
        .join(Learner)
        .where(Learner.token == token)
        .order_by(Attempt.created_at.desc(), Attempt.id.desc())
        .options(selectinload(Attempt.responses))
    )
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))
