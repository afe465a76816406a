"""What every unit of work starts with: the write lock, and the learner it acts for."""

from __future__ import annotations

from sqlalchemy import Connection, select

from quiz.extensions import IMMEDIATE, db
from quiz.models import Attempt, Learner
from quiz.queries.attempts import found, scope, scoped_statement

# PostgreSQL runs at READ COMMITTED: a statement that waited for a row lock still reads the other tables as they were
# when it started, so it could miss what the request ahead stored. Locking in a statement of its own, before reading,
# makes the reads after it see that. (SQLite writers hold the whole database from BEGIN IMMEDIATE.)
_LOCK_ATTEMPT = scoped_statement(Attempt.id).with_for_update(of=(Attempt, Learner))


def begin_write() -> Connection:
    """End any read transaction the view opened, then take the write lock before reading; returns the connection."""
    db.session.rollback()
    return db.session.connection(execution_options={IMMEDIATE: True})


def lock_attempt(connection: Connection, token: str | None, public_id: str) -> None:
    """Lock the learner's attempt (and the learner) before a write reads it; AttemptNotFound if it is not theirs."""
    if connection.dialect.name != "sqlite":
        found(connection.execute(_LOCK_ATTEMPT, scope(token, public_id)).first())


def learner_for(token: str, create: bool = False) -> Learner | None:
    """The learner with this token (created, within the caller's transaction, when asked)."""
    learner = db.session.scalar(select(Learner).where(Learner.token == token))
    if learner is None and create:
        learner = Learner(token=token)
        db.session.add(learner)
        db.session.flush()
    return learner
