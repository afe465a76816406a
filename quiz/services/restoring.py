"""Units of work on recovery codes: make, revoke, and restore a learner's attempts in another browser."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import aliased

from quiz.exceptions import (
    InvalidRecoveryCode,
)
from quiz.extensions import db
from quiz.models import Attempt, MemoryCard, MemoryReview, RecoveryCode
from quiz.recovery import code_hash, new_code
from quiz.services import tallies
from quiz.services.writing import begin_write, learner_for

# Every table whose rows belong to a learner, with the columns a learner may hold only one row for (none: any
# number). Restoring moves them all; a moved row that clashes with one the target already has is dropped.
LEARNER_OWNED: dict[type[Any], tuple[str, ...]] = {
    Attempt: (),
    MemoryCard: ("bank_id", "question_id"),
    MemoryReview: (),
}


def new_recovery_code(token: str) -> str:
    """A new recovery code for this learner, replacing any earlier one; returned once, stored only as a hash."""
    code = new_code()
    begin_write()
    learner = learner_for(token, create=True)
    assert learner is not None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.learner_id == learner.id))
    db.session.add(RecoveryCode(learner_id=learner.id, code_hash=code_hash(code)))
    db.session.commit()
    return code


def revoke_recovery_code(token: str | None) -> bool:
    """Make this learner's recovery code useless; True when there was one."""
    begin_write()
    learner = learner_for(token) if token else None
    if learner is None:
        db.session.rollback()
        return False
    revoked = db.session.execute(delete(RecoveryCode).where(RecoveryCode.learner_id == learner.id)).rowcount
    db.session.commit()
    return bool(revoked)


def restore_with_code(token: str, code: str) -> int:
    """Move everything of the code's learner to this browser's learner; the code is used up. Returns attempts moved."""
    begin_write()
    stored = db.session.scalar(select(RecoveryCode).where(RecoveryCode.code_hash == code_hash(code)).with_for_update())
    if stored is None:
        # Release the write lock now: the rate limiter counts this failure in its own transaction.
        db.session.rollback()
        raise InvalidRecoveryCode("That recovery code is not valid: check it, or make a new one in the other browser.")
    target = learner_for(token, create=True)
    assert target is not None
    if stored.learner_id == target.id:
        db.session.rollback()
        return 0
    source_id = stored.learner_id
    db.session.delete(stored)
    moved = move_learner_rows(source_id, target.id)
    tallies.settle_learner(target.id)  # the item analysis counts one first attempt per learner and bank
    db.session.commit()
    return moved.get(Attempt.__tablename__, 0)


def move_learner_rows(source_id: int, target_id: int) -> dict[str, int]:
    """Give every learner-owned row (LEARNER_OWNED) of one learner to another, in the caller's transaction.

    Returns the rows moved per table. Answers move with their attempts, untouched: none is lost or counted twice.
    """
    moved = {}
    for model, unique_by in LEARNER_OWNED.items():
        if unique_by:
            theirs = aliased(model)
            clash = exists().where(
                theirs.learner_id == target_id, *(getattr(theirs, c) == getattr(model, c) for c in unique_by)
            )
            db.session.execute(delete(model).where(model.learner_id == source_id, clash))
        result = db.session.execute(update(model).where(model.learner_id == source_id).values(learner_id=target_id))
        moved[model.__tablename__] = result.rowcount
    return moved
