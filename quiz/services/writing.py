"""What every unit of work starts with: the write lock, and the learner it acts for."""

from __future__ import annotations

from sqlalchemy import Connection, select

from quiz.extensions import IMMEDIATE, db
from quiz.models import Learner


def begin_write() -> Connection:
    """End any read transaction the view opened, then take the write lock before reading; returns the connection."""
    db.session.rollback()
    return db.session.connection(execution_options={IMMEDIATE: True})


def learner_for(token: str, create: bool = False) -> Learner | None:
    """The learner with this token (created, within the caller's transaction, when asked)."""
    learner = db.session.scalar(select(Learner).where(Learner.token == token))
    if learner is None and create:
        learner = Learner(token=token)
        db.session.add(learner)
        db.session.flush()
    return learner
