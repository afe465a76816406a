"""The item analysis's running tallies: kept as attempts finish, rebuilt from the attempts when asked.

A finished attempt is counted once among every attempt and, while it is its learner's first analysed attempt of
the bank, once among first attempts; each of its responses adds to the AnswerTally of its answer at the attempt's
score level. The report then adds up a few thousand tallies instead of ranking a million responses
(quiz.teaching.analysis). Everything here runs in the caller's transaction, except `rebuild`, which commits.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import Text, bindparam, cast, delete, func, insert, literal, select
from sqlalchemy.exc import IntegrityError

from quiz.extensions import db
from quiz.models import AnswerTally, Attempt, CountedAttempt, Learner, Response, StaleTally
from quiz.services.writing import begin_write
from quiz.teaching.analysis import analysed_attempts, analysed_condition
from quiz.teaching.stats import Sums

SUMS = tuple(Sums.__dataclass_fields__)  # n, x, xx, r, rr, xr, p, pp: AnswerTally's columns of the same names
KEY = ("bank_id", "every", "score", "question_id", "version_hash", "answer_key")  # AnswerTally's unique key
_columns = AnswerTally.__table__.c
ADD_TO_TALLY = (
    AnswerTally.__table__.update()
    .where(*(_columns[name] == bindparam(f"k_{name}") for name in KEY))
    .values({name: _columns[name] + bindparam(f"d_{name}") for name in SUMS})
)
DROP_EMPTY_TALLY = AnswerTally.__table__.delete().where(
    *(_columns[name] == bindparam(f"k_{name}") for name in KEY), _columns.n == 0
)


def answer_key(text: str | None) -> str:
    """The tally key of a stored answer's JSON text (a hash: answers can be longer than an index allows)."""
    return hashlib.sha256((text or "").encode()).hexdigest()


def _is_stale(bank_id: str) -> bool:
    # Locked: a rebuild holds this row while it recounts, so a finish waits and then counts itself (PostgreSQL).
    return db.session.get(StaleTally, bank_id, with_for_update=True) is not None


def _add(row: dict[str, Any]) -> None:
    """Add one response's sums (row: AnswerTally's columns) to its tally, creating the tally when it is new.

    By key, never by id: a tally emptied by another attempt's recount or removal may be gone by the time we write.
    """
    params = {f"k_{name}": row[name] for name in KEY} | {f"d_{name}": row[name] for name in SUMS}
    if db.session.execute(ADD_TO_TALLY, params).rowcount:
        return
    try:
        with db.session.begin_nested():
            db.session.execute(insert(AnswerTally), row)
    except IntegrityError:  # another attempt of the bank finishing at the same moment created it first (PostgreSQL)
        db.session.execute(ADD_TO_TALLY, params)


def _count(attempt_id: int, every: bool, sign: int) -> list[dict[str, Any]]:
    """Count (sign 1) or uncount (sign -1) one finished attempt in one scope; returns the tally changes to apply."""
    bank_id, points, max_points = db.session.execute(
        select(Attempt.bank_id, Attempt.points, Attempt.max_points).where(Attempt.id == attempt_id)
    ).one()
    score = points * 100.0 / max_points  # as the database computes it in a rebuild: the same level
    if sign > 0:
        db.session.add(CountedAttempt(attempt_id=attempt_id, every=every, bank_id=bank_id, score=score, points=points))
    else:
        counted = (CountedAttempt.attempt_id == attempt_id) & (CountedAttempt.every == every)
        db.session.execute(delete(CountedAttempt).where(counted))
    responses = select(
        Response.question_id, Response.version_hash, cast(Response.answer, Text), Response.fraction, Response.points
    ).where(Response.attempt_id == attempt_id)
    level = {"bank_id": bank_id, "every": every, "score": score}
    changes = []
    for question_id, version_hash, text, x, p in db.session.execute(responses).all():
        r = points - p
        key = {"question_id": question_id, "version_hash": version_hash, "answer": text, "answer_key": answer_key(text)}
        sums = [sign * v for v in (1, x, x * x, r, r * r, x * r, p, p * p)]
        changes.append(level | key | dict(zip(SUMS, sums, strict=True)))
    return changes


def _apply(changes: list[dict[str, Any]]) -> None:
    """Apply tally changes in key order, so that attempts finishing together lock tallies in one order (no deadlock);
    drop the tallies a removal emptied."""
    changes = sorted(changes, key=lambda row: tuple(row[name] for name in KEY))
    for row in changes:
        _add(row)
    emptied = [{f"k_{name}": row[name] for name in KEY} for row in changes if row["n"] < 0]
    if emptied:
        db.session.execute(DROP_EMPTY_TALLY, emptied)


def _settle_first(learner_id: int, bank_id: str) -> list[dict[str, Any]]:
    """Count the learner's first analysed attempt of the bank among first attempts, and no other of theirs."""
    mine = (Attempt.learner_id == learner_id) & analysed_condition(bank_id)
    first = db.session.scalar(select(func.min(Attempt.id)).where(mine))
    counted = select(CountedAttempt.attempt_id).join(Attempt, Attempt.id == CountedAttempt.attempt_id)
    counted_ids = set(db.session.scalars(counted.where(mine, CountedAttempt.every.is_(False))))
    changes = [row for attempt_id in counted_ids - {first} for row in _count(attempt_id, False, -1)]
    if first is not None and first not in counted_ids:
        changes += _count(first, False, 1)
    return changes


def count_finished(attempt: Attempt) -> None:
    """Add a just-closed attempt to its bank's tallies (attempts with nothing to score are not analysed)."""
    if attempt.max_points <= 0 or _is_stale(attempt.bank_id):
        return
    # The learner's row is locked, as answering does: two of their attempts never both count as the first.
    db.session.execute(select(Learner.id).where(Learner.id == attempt.learner_id).with_for_update())
    db.session.flush()
    _apply(_count(attempt.id, True, 1) + _settle_first(attempt.learner_id, attempt.bank_id))


def settle_learner(learner_id: int) -> None:
    """After a learner's attempts changed hands (a restore), count only their first attempt of each bank as first."""
    db.session.execute(select(Learner.id).where(Learner.id == learner_id).with_for_update())
    banks = select(Attempt.bank_id).where(Attempt.learner_id == learner_id).distinct().order_by(Attempt.bank_id)
    for bank_id in db.session.scalars(banks).all():
        if not _is_stale(bank_id):
            _apply(_settle_first(learner_id, bank_id))


def _recount(bank_id: str, every: bool) -> None:
    """One scope's tallies from the attempts: one aggregating pass in SQL, as the report did before tallies."""
    analysed = analysed_attempts(bank_id, every)
    c = analysed.c
    columns = (c.id, literal(every), literal(bank_id), c.percent, c.points)
    db.session.execute(insert(CountedAttempt).from_select(["attempt_id", "every", "bank_id", "score", "points"],
                                                          select(*columns)))  # fmt: skip
    text, x, p, r = cast(Response.answer, Text), Response.fraction, Response.points, c.points - Response.points
    sums = (func.count(), func.sum(x), func.sum(x * x), func.sum(r), func.sum(r * r), func.sum(x * r))
    group = (c.percent, Response.question_id, Response.version_hash, text)
    query = select(*group, *sums, func.sum(p), func.sum(p * p)).join(analysed, c.id == Response.attempt_id)
    rows = [
        {"bank_id": bank_id, "every": every, "score": score, "question_id": question_id, "version_hash": version,
         "answer": answer, "answer_key": answer_key(answer)} | dict(zip(SUMS, values, strict=True))
        for score, question_id, version, answer, *values in db.session.execute(query.group_by(*group))
    ]  # fmt: skip
    if rows:
        db.session.execute(insert(AnswerTally), rows)


def rebuild(bank_id: str) -> None:
    """Recount a bank's tallies from its finished attempts and commit (after a migration, or on request)."""
    begin_write()
    if db.session.get(StaleTally, bank_id) is None:
        # Marked first, in a transaction of its own: from then on finishes leave the bank's tallies to the recount.
        db.session.add(StaleTally(bank_id=bank_id))
        db.session.commit()
        begin_write()
    # Held while recounting: a finish in the meantime waits, then counts itself (PostgreSQL).
    stale = db.session.get(StaleTally, bank_id, with_for_update=True)
    if stale is None:  # another rebuild just did it
        db.session.rollback()
        return
    for model in (AnswerTally, CountedAttempt):
        db.session.execute(delete(model).where(model.bank_id == bank_id))
    for every in (True, False):
        _recount(bank_id, every)
    db.session.delete(stale)
    db.session.commit()
