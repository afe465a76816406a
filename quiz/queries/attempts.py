"""Reads of attempts and answers, always scoped to the learner's token. Nothing here commits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import joinedload, selectinload

from quiz.bank.dict_form import question_from_dict
from quiz.bank.model import Question
from quiz.exceptions import AttemptNotFound, QuestionNotFound
from quiz.extensions import db
from quiz.models import Attempt, AttemptItem, Learner, QuestionVersion, RecoveryCode, Response, as_utc

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

    Every lookup of one attempt starts here or at `scoped_statement`, so none can forget the learner. `lock` locks
    the attempt row on PostgreSQL (FOR UPDATE OF attempt); SQLite writers hold the database lock from BEGIN IMMEDIATE.
    """
    scope(token, public_id)
    return _scoped(token, public_id, columns, lock)


def scoped_statement(*columns: Any) -> Select[Any]:
    """`scoped_attempt` with the token and public id left as parameters, for the hot paths to build once at import.

    Run it with `scope(token, public_id)` as its parameters: building a statement costs more than running it.
    """
    return _scoped(bindparam("token"), bindparam("public_id"), columns, lock=False)


def scope(token: str | None, public_id: str) -> dict[str, str]:
    """The parameters of a `scoped_statement`; AttemptNotFound without a learner token."""
    if not token:
        raise AttemptNotFound("No such attempt.")
    return {"token": token, "public_id": public_id}


def _scoped(token: Any, public_id: Any, columns: tuple[Any, ...], lock: bool) -> Select[Any]:
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
    time_limit: int | None = None  # minutes, for a timed exam
    deadline: datetime | None = None  # in UTC

    @classmethod
    def of(cls, attempt: Attempt) -> AttemptFacts:
        """The plain values of a loaded attempt row."""
        return cls.from_columns(*(getattr(attempt, column.key) for column in FACT_COLUMNS))

    @classmethod
    def from_columns(cls, *values: Any) -> AttemptFacts:
        """The plain values read as `FACT_COLUMNS` (cheaper than loading the ORM row)."""
        *own, deadline = values
        return cls(*own, as_utc(deadline) if deadline is not None else None)

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    def timed_out(self, now: datetime) -> bool:
        """True when this is an unfinished timed exam whose deadline has passed."""
        return not self.finished and self.deadline is not None and self.deadline <= now


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


# The attempt's own columns, named as AttemptFacts names its fields.
FACT_COLUMNS = tuple(getattr(Attempt, field.name) for field in fields(AttemptFacts))
_PROGRESS = with_items_and_responses(
    scoped_statement(*FACT_COLUMNS, AttemptItem.position, AttemptItem.version_hash, Response.id)
).order_by(AttemptItem.position)


def attempt_progress(token: str | None, public_id: str) -> Progress:
    """The attempt with its item positions and answered positions (one statement), for this learner only."""
    rows = found(db.session.connection().execute(_PROGRESS, scope(token, public_id)).all())
    facts = len(FACT_COLUMNS)
    items = tuple((row[facts], row[facts + 1]) for row in rows if row[facts] is not None)
    questions = questions_by_hash(version for _, version in items)
    return Progress(
        attempt=AttemptFacts.from_columns(*rows[0][:facts]),
        items=items,
        answered=frozenset(row[facts] for row in rows if row[facts + 2] is not None),
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


_ALL = 2**31 - 1  # "no limit", as a LIMIT every database takes
_OF_ATTEMPT = Response.attempt_id == Attempt.id
# What a summary counts of its attempt: its items, its answers and their points so far (for the home page too).
SUMMARY_COUNTS = (
    select(func.count()).where(AttemptItem.attempt_id == Attempt.id).scalar_subquery(),
    select(func.count()).where(_OF_ATTEMPT).scalar_subquery(),
    select(func.coalesce(func.sum(Response.points), 0.0)).where(_OF_ATTEMPT).scalar_subquery(),
)
_SUMMARIES = (
    select(
        *(Attempt.public_id, Attempt.bank_title, Attempt.mode, Attempt.created_at, Attempt.finished_at, Attempt.points),
        Attempt.max_points,
        *SUMMARY_COUNTS,
    )
    .join(Learner, Learner.id == Attempt.learner_id)
    .where(Learner.token == bindparam("token"))
    .order_by(Attempt.created_at.desc(), Attempt.id.desc())
    .limit(bindparam("limit"))
)


def recent_attempts(token: str | None, limit: int | None = None) -> list[AttemptSummary]:
    """This learner's attempts, newest first, with their counts (one statement however many there are)."""
    if not token:
        return []
    rows = db.session.connection().execute(_SUMMARIES, {"token": token, "limit": limit or _ALL})
    return [attempt_summary(*row) for row in rows]


def attempt_summary(
    public_id: str, title: str, mode: str, created_at: datetime, finished_at: datetime | None, *counts: Any
) -> AttemptSummary:
    """A summary from an attempt's columns, its points and max points, and its `SUMMARY_COUNTS`."""
    points, max_points, count, done, so_far = counts
    total = points if finished_at is not None and points is not None else so_far  # an open attempt: so far
    return AttemptSummary(public_id, title, mode, created_at, finished_at is not None, total, max_points, count, done)


def recovery_code_made(token: str | None) -> datetime | None:
    """When this learner's current recovery code was made (None: there is none)."""
    if not token:
        return None
    made = db.session.scalar(
        select(RecoveryCode.created_at)
        .join(Learner, Learner.id == RecoveryCode.learner_id)
        .where(Learner.token == token)
    )
    return as_utc(made) if made is not None else None
