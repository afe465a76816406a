"""Read-only lookups of attempts, always scoped to the learner's token. Nothing here commits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from quiz.bank.dict_form import question_from_dict
from quiz.bank.model import Question
from quiz.exceptions import AttemptNotFound, QuestionNotFound
from quiz.extensions import db
from quiz.memory import Memory, StoredMemory
from quiz.models import Attempt, AttemptItem, Learner, MemoryCard, MemoryReview, QuestionVersion, Response

# Versions are content-addressed and never change, so their parsed form can be kept forever.
_QUESTIONS: dict[str, Question] = {}
_QUESTION_CACHE_SIZE = 10_000

Found = TypeVar("Found")


def questions_by_hash(hashes: Iterable[str]) -> dict[str, Question]:
    """The question versions with these content hashes (cached; any misses loaded in one statement)."""
    wanted = set(hashes)
    questions = {h: _QUESTIONS[h] for h in wanted if h in _QUESTIONS}
    if len(questions) < len(wanted):
        missing = wanted - questions.keys()
        for version in db.session.scalars(select(QuestionVersion).where(QuestionVersion.hash.in_(missing))):
            if len(_QUESTIONS) >= _QUESTION_CACHE_SIZE:
                _QUESTIONS.clear()
            questions[version.hash] = _QUESTIONS[version.hash] = question_from_dict(version.data)
        if len(questions) < len(wanted):
            raise QuestionNotFound("That version of the question is not stored.")
    return questions


def question_by_hash(version_hash: str) -> Question:
    """The question version with this content hash (cached; loaded from the database on a miss)."""
    return questions_by_hash((version_hash,))[version_hash]


def question_of(item: AttemptItem) -> Question:
    """The question version an attempt item is pinned to."""
    return question_by_hash(item.version_hash)


def scoped_attempt(token: str | None, public_id: str, *columns: Any, lock: bool = False) -> Select[Any]:
    """SELECT `columns` (the Attempt by default) of the attempt with this public id, only if it is this learner's.

    Every lookup of one attempt starts here, so none can forget the learner. `lock` locks the attempt row
    on PostgreSQL (FOR UPDATE OF attempt); SQLite writers hold the database lock from BEGIN IMMEDIATE instead.
    """
    if not token:
        raise AttemptNotFound("No such attempt.")
    query = (
        select(*(columns or (Attempt,)))
        .join(Learner, Learner.id == Attempt.learner_id)
        .where(Attempt.public_id == public_id, Learner.token == token)
    )
    return query.with_for_update(of=Attempt) if lock else query


def with_items_and_responses(query: Select[Any], position: int | None = None) -> Select[Any]:
    """Outer-join a scoped attempt query to its items (or the one at `position`) and their responses."""
    of_attempt = AttemptItem.attempt_id == Attempt.id
    item = of_attempt if position is None else of_attempt & (AttemptItem.position == position)
    return query.outerjoin(AttemptItem, item).outerjoin(
        Response, (Response.attempt_id == Attempt.id) & (Response.question_id == AttemptItem.question_id)
    )


def found(result: Found | None) -> Found:
    """The result of a scoped attempt query; AttemptNotFound when it found nothing (no row, or no rows)."""
    if not result:
        raise AttemptNotFound("No such attempt.")
    return result


@dataclass(frozen=True)
class AttemptFacts:
    """An attempt's own columns as plain values, which stay readable after a commit expires the ORM row."""

    id: int
    public_id: str
    bank_id: str
    bank_title: str
    mode: str
    seed: int
    created_at: datetime
    finished_at: datetime | None
    points: float | None
    max_points: float

    @classmethod
    def of(cls, attempt: Attempt) -> AttemptFacts:
        """The plain values of a loaded attempt row."""
        return cls(
            attempt.id,
            attempt.public_id,
            attempt.bank_id,
            attempt.bank_title,
            attempt.mode,
            attempt.seed,
            attempt.created_at,
            attempt.finished_at,
            attempt.points,
            attempt.max_points,
        )

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


@dataclass(frozen=True)
class Progress:
    """Where an attempt stands, read as plain values (cheap enough for every question page)."""

    attempt: AttemptFacts
    items: tuple[tuple[int, str], ...]  # (position, version hash), in order
    answered: frozenset[int]
    needs_answer: frozenset[int]  # positions of scored questions (information pages take no answer)

    def version_at(self, position: int) -> str | None:
        return next((version for at, version in self.items if at == position), None)

    def open_positions(self) -> list[int]:
        """Unanswered positions that need an answer (information pages do not)."""
        return [p for p, _ in self.items if p in self.needs_answer and p not in self.answered]


def attempt_progress(token: str | None, public_id: str) -> Progress:
    """The attempt with its item positions and answered positions (one statement), for this learner only."""
    rows = found(
        db.session.execute(
            with_items_and_responses(
                scoped_attempt(token, public_id, Attempt, AttemptItem.position, AttemptItem.version_hash, Response.id)
            ).order_by(AttemptItem.position)
        ).all()
    )
    items = tuple((position, version) for _, position, version, _ in rows if position is not None)
    questions = questions_by_hash(version for _, version in items)
    return Progress(
        attempt=AttemptFacts.of(rows[0][0]),
        items=items,
        answered=frozenset(position for _, position, _, response_id in rows if response_id is not None),
        needs_answer=frozenset(position for position, version in items if questions[version].scored),
    )


def response_at(attempt_id: int, position: int) -> Response | None:
    """The stored response at one position of an attempt, if any."""
    query = select(Response).where(Response.attempt_id == attempt_id, Response.position == position)
    # With its review (one statement): the practice feedback offers "I guessed" only once.
    return db.session.scalar(query.options(joinedload(Response.memory_review)))


def find_attempt(token: str | None, public_id: str, for_update: bool = False) -> Attempt:
    """The attempt with this public id, its items and responses loaded, if it belongs to this learner."""
    query = scoped_attempt(token, public_id, lock=for_update)
    return found(db.session.scalar(query.options(selectinload(Attempt.items), selectinload(Attempt.responses))))


@dataclass(frozen=True)
class AttemptSummary:
    """One line of the attempt history: plain values, counted by the database."""

    public_id: str
    bank_title: str
    mode: str
    created_at: datetime
    finished: bool
    points: float  # the stored total once finished, the points so far before
    max_points: float
    questions: int
    answered: int


def recent_attempts(token: str | None, limit: int | None = None) -> list[AttemptSummary]:
    """This learner's attempts, newest first, with their counts (one statement however many there are)."""
    if not token:
        return []
    of_attempt = Response.attempt_id == Attempt.id
    questions = select(func.count()).where(AttemptItem.attempt_id == Attempt.id).scalar_subquery()
    answered = select(func.count()).where(of_attempt).scalar_subquery()
    points_so_far = select(func.coalesce(func.sum(Response.points), 0.0)).where(of_attempt).scalar_subquery()
    query = (
        select(Attempt, questions, answered, points_so_far)
        .join(Learner, Learner.id == Attempt.learner_id)
        .where(Learner.token == token)
        .order_by(Attempt.created_at.desc(), Attempt.id.desc())
    )
    if limit:
        query = query.limit(limit)
    return [
        AttemptSummary(
            public_id=attempt.public_id,
            bank_title=attempt.bank_title,
            mode=attempt.mode,
            created_at=attempt.created_at,
            finished=attempt.finished,
            points=attempt.points if attempt.finished and attempt.points is not None else so_far,
            max_points=attempt.max_points,
            questions=count,
            answered=done,
        )
        for attempt, count, done, so_far in db.session.execute(query)
    ]


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


def memories(token: str | None, due_by: datetime | None = None) -> list[StoredMemory]:
    """This learner's memories of questions (only those due by `due_by` when given), soonest due first."""
    if not token:
        return []
    query = select(MemoryCard).join(Learner, Learner.id == MemoryCard.learner_id).where(Learner.token == token)
    if due_by is not None:
        query = query.where(MemoryCard.due <= due_by)
    cards = db.session.scalars(query.order_by(MemoryCard.due, MemoryCard.id))
    return [StoredMemory(card.bank_id, card.question_id, memory_of(card)) for card in cards]


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
