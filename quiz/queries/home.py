"""The home page's reads of one learner, in one statement: unfinished attempts, recent attempts, due memories.

Every visit of the home page runs it, so the three reads share one round trip (a UNION ALL whose rows say which
read they belong to) built once at import, and return plain rows on the session's connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Float, Integer, bindparam, cast, literal_column, null, select, union_all

from quiz.extensions import db
from quiz.models import Attempt, AttemptItem, Learner, MemoryCard, Response
from quiz.queries.attempts import (
    FACT_COLUMNS,
    SUMMARY_COUNTS,
    AttemptFacts,
    AttemptSummary,
    attempt_summary,
    questions_by_hash,
    with_items_and_responses,
)


@dataclass(frozen=True)
class OpenAttempt:
    """An unfinished attempt the learner can continue, and where: the first unanswered question (None: all done)."""

    attempt: AttemptFacts
    answered: int
    questions: int
    next_position: int | None


@dataclass(frozen=True)
class HomeReads:
    """What the home page shows of a learner: newest unfinished and recent attempts, the memories due now."""

    unfinished: list[OpenAttempt]
    recent: list[AttemptSummary]
    due: list[tuple[str, str]]  # (bank id, question id)


_UNFINISHED, _RECENT, _DUE = 0, 1, 2
# A row: its read, the attempt's FACT_COLUMNS, an item's position, version and response id, then SUMMARY_COUNTS.
# The first read gives the columns their names and types; the others fill what they lack with typed NULLs.
_FACTS = len(FACT_COLUMNS)
_ITEM = (AttemptItem.position.label("position"), AttemptItem.version_hash, Response.id.label("response_id"))
_COUNT_TYPES = (Integer(), Integer(), Float())
_KEYS = [column.key for column in FACT_COLUMNS]
_SUMMARY_FACTS = [_KEYS.index(key) for key in ("public_id", "bank_title", "mode", "created_at", "finished_at")]
_SUMMARY_FACTS += [_KEYS.index("points"), _KEYS.index("max_points")]  # attempt_summary's arguments, in order
_BANK, _QUESTION = _KEYS.index("bank_id"), _FACTS + 1  # where a due memory's ids go (after the read's number)


def _read(kind: int) -> ColumnElement[int]:
    return literal_column(str(kind), Integer).label("kind")


def _nulls(*columns: Any) -> list[Any]:
    return [cast(null(), column.type) for column in columns]


def _newest(query: Any) -> Any:
    return query.order_by(Attempt.created_at.desc(), Attempt.id.desc()).limit(bindparam("limit"))


def _learners(query: Any) -> Any:
    """`query` of attempts, only the learner's whose token is the parameter."""
    return query.join(Learner, Learner.id == Attempt.learner_id).where(Learner.token == bindparam("token"))


_NEWEST_OPEN = _newest(
    _learners(select(Attempt.id))
    .where(Attempt.finished_at.is_(None))
    .where(Attempt.deadline.is_(None) | (Attempt.deadline > bindparam("now")))
)
_NO_COUNTS = [cast(null(), kind) for kind in _COUNT_TYPES]
_UNFINISHED_ROWS = with_items_and_responses(select(_read(_UNFINISHED), *FACT_COLUMNS, *_ITEM, *_NO_COUNTS)).where(
    Attempt.id.in_(_NEWEST_OPEN.scalar_subquery())
)
_counts = (count.label(name) for count, name in zip(SUMMARY_COUNTS, ("items", "answers", "so_far"), strict=True))
_recent = _newest(_learners(select(*FACT_COLUMNS, *_counts))).subquery()
_RECENT_ROWS = select(_read(_RECENT), *list(_recent.c)[:_FACTS], *_nulls(*_ITEM), *list(_recent.c)[_FACTS:])
_due_row = _nulls(*FACT_COLUMNS, *_ITEM)
_due_row[_BANK], _due_row[_QUESTION] = MemoryCard.bank_id, MemoryCard.question_id
_DUE_ROWS = (
    select(_read(_DUE), *_due_row, *_NO_COUNTS)
    .join(Learner, Learner.id == MemoryCard.learner_id)
    .where(Learner.token == bindparam("token"), MemoryCard.due <= bindparam("now"))
)
_HOME = union_all(_UNFINISHED_ROWS, _RECENT_ROWS, _DUE_ROWS).order_by(
    literal_column("kind"),
    literal_column("created_at").desc(),
    literal_column("id").desc(),
    literal_column("position"),
)


def home_reads(token: str | None, now: datetime, limit: int) -> HomeReads:
    """This learner's newest `limit` unfinished attempts whose time is not up and attempts, and memories due by now."""
    if not token:
        return HomeReads([], [], [])
    rows: dict[int, list[Any]] = {_UNFINISHED: [], _RECENT: [], _DUE: []}
    for row in db.session.connection().execute(_HOME, {"token": token, "now": now, "limit": limit}).all():
        rows[row[0]].append(row[1:])
    return HomeReads(
        unfinished=_unfinished(rows[_UNFINISHED]),
        recent=[_summary(row) for row in rows[_RECENT]],
        due=[(row[_BANK], row[_QUESTION]) for row in rows[_DUE]],
    )


def _summary(row: Any) -> AttemptSummary:
    return attempt_summary(*(row[index] for index in _SUMMARY_FACTS), *row[_FACTS + len(_ITEM) :])


def _unfinished(rows: list[Any]) -> list[OpenAttempt]:
    """Each attempt's rows (one per item, in order) as the attempt, its scored items counted, the first one open."""
    questions = questions_by_hash(row[_FACTS + 1] for row in rows if row[_FACTS + 1] is not None)
    grouped: dict[int, list[tuple[Any, int, bool]]] = {}
    for row in rows:
        position, version, response_id = row[_FACTS : _FACTS + len(_ITEM)]
        if version is not None and questions[version].scored:
            grouped.setdefault(row[0], []).append((row[:_FACTS], position, response_id is not None))
    return [
        OpenAttempt(
            attempt=AttemptFacts.from_columns(*items[0][0]),
            answered=sum(done for _, _, done in items),
            questions=len(items),
            next_position=next((position for _, position, done in items if not done), None),
        )
        for items in grouped.values()
    ]
