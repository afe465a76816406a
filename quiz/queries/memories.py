"""Reads of a learner's memory of questions (spaced review). Nothing here commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, func, select

from quiz.extensions import db
from quiz.memory import Memory, StoredMemory
from quiz.models import (
    Attempt,
    AttemptItem,
    Learner,
    MemoryCard,
    MemoryReview,
    Response,
)
from quiz.queries.attempts import scoped_attempt


def with_memory(query: Select[Any]) -> Select[Any]:
    """Outer-join an attempt-and-item query to the learner's memory of that item's question (None when new)."""
    return query.outerjoin(
        MemoryCard,
        (MemoryCard.learner_id == Attempt.learner_id)
        & (MemoryCard.bank_id == func.coalesce(AttemptItem.bank_id, Attempt.bank_id))
        & (MemoryCard.question_id == AttemptItem.question_id),
    )


def memory_of(card: MemoryCard) -> Memory:
    """The plain memory a stored card holds."""
    return Memory(card.state, card.step, card.stability, card.difficulty, card.due, card.last_review)


# Built once (building a statement costs more than running it): every home page asks for the due count.
_MEMORIES = (
    select(MemoryCard.bank_id, MemoryCard.question_id)
    .add_columns(MemoryCard.state, MemoryCard.step, MemoryCard.stability, MemoryCard.difficulty)
    .add_columns(MemoryCard.due, MemoryCard.last_review)
    .join(Learner, Learner.id == MemoryCard.learner_id)
    .where(Learner.token == bindparam("token"))
    .order_by(MemoryCard.due, MemoryCard.id)
)
_DUE_MEMORIES = _MEMORIES.where(MemoryCard.due <= bindparam("due_by"))


def memories(token: str | None, due_by: datetime | None = None) -> list[StoredMemory]:
    """This learner's memories of questions (only those due by `due_by` when given), soonest due first."""
    if not token:
        return []
    params = {"token": token, "due_by": due_by}
    rows = db.session.connection().execute(_MEMORIES if due_by is None else _DUE_MEMORIES, params)
    return [StoredMemory(bank_id, question_id, Memory(*memory)) for bank_id, question_id, *memory in rows]


def memory_history(token: str | None) -> list[tuple[StoredMemory, datetime]]:
    """Every review of this learner: the memory right after it, and when it happened, oldest first."""
    if not token:
        return []
    query = (
        select(MemoryReview.bank_id, MemoryReview.question_id, MemoryReview.after, MemoryReview.reviewed_at)
        .join(Learner, Learner.id == MemoryReview.learner_id)
        .where(Learner.token == token)
        .order_by(MemoryReview.reviewed_at, MemoryReview.id)
    )
    return [
        (StoredMemory(bank_id, question_id, Memory.from_json(after)), at)
        for bank_id, question_id, after, at in db.session.execute(query)
    ]


def guess_target(token: str | None, public_id: str, position: int) -> Select[Any]:
    """SELECT the attempt's mode and finish time, the answer's outcome and its review, at one position."""
    query = scoped_attempt(token, public_id, Attempt.mode, Attempt.finished_at, Response.outcome, MemoryReview)
    answer = (Response.attempt_id == Attempt.id) & (Response.position == position)
    return query.join(Response, answer).join(MemoryReview, MemoryReview.response_id == Response.id)
