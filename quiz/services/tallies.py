"""The item analysis's running tallies: kept as attempts finish, rebuilt from the attempts when asked.

A finished attempt is counted once among every attempt and, while it is its learner's first analysed attempt of
the bank, once among first attempts; each of its responses adds to the AnswerTally of its answer at the attempt's
score level. The report then adds up a few thousand tallies instead of ranking a million responses
(quiz.teaching.analysis). Everything here runs in the caller's transaction, except `rebuild`, which commits.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Text, bindparam, cast, delete, func, insert, literal, select, update
from sqlalchemy.exc import IntegrityError

from quiz.extensions import db
from quiz.models import AnswerTally, Attempt, CountedAttempt, Learner, Response, StaleTally
from quiz.services.writing import begin_write
from quiz.teaching.analysis import analysed_attempts, analysed_condition
from quiz.teaching.stats import Sums

SUMS = tuple(Sums.__dataclass_fields__)  # n, x, xx, r, rr, xr, p, pp: AnswerTally's columns of the same names
KEY = ("bank_id", "every", "score", "question_id", "version_hash", "answer_key", "answer")
_columns = AnswerTally.__table__.c
ADD_TO_TALLY = (
    AnswerTally.__table__.update()
    .where(_columns.id == bindparam("tally_id"))
    .values({name: _columns[name] + bindparam(f"d_{name}") for name in SUMS})
)


def answer_key(text: str | None) -> str:
    """The tally key of a stored answer's JSON text (a hash: answers can be longer than an index allows)."""
    return hashlib.sha256((text or "").encode()).hexdigest()


def _is_stale(bank_id: str) -> bool:
    # Locked: a rebuild holds this row while it recounts, so a finish waits and then counts itself (PostgreSQL).
    return db.session.get(StaleTally, bank_id, with_for_update=True) is not None


def _bump(key: dict[str, Any], deltas: Sequence[float]) -> None:
    """Add `deltas` to the tally with this key, creating it when it is new."""
    where = [getattr(AnswerTally, name) == value for name, value in key.items() if name != "answer"]
    change = {name: getattr(AnswerTally, name) + delta for name, delta in zip(SUMS, deltas, strict=True)}
    statement = update(AnswerTally).where(*where).values(change).execution_options(synchronize_session=False)
    if db.session.execute(statement).rowcount:
        return
    try:
        with db.session.begin_nested():
            db.session.execute(insert(AnswerTally).values(**key, **dict(zip(SUMS, deltas, strict=True))))
    except IntegrityError:  # another bank attempt finishing at the same moment created it first (PostgreSQL)
        db.session.execute(statement)


def _add_all(level: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    """Add one attempt's responses to the tallies of its level: its existing tallies in one batch, its new ones in
    another."""
    t = AnswerTally
    found = select(t.id, t.question_id, t.version_hash, t.answer_key).where(
        t.bank_id == level["bank_id"], t.every == level["every"], t.score == level["score"],
        t.answer_key.in_({row["answer_key"] for row in rows}),
    )  # fmt: skip
    ids = {(qid, version, key): tally_id for tally_id, qid, version, key in db.session.execute(found)}
    updates, inserts = [], []
    for row in rows:
        tally_id = ids.get((row["question_id"], row["version_hash"], row["answer_key"]))
        if tally_id is None:
            inserts.append(level | row)
        else:
            updates.append({"tally_id": tally_id} | {f"d_{name}": row[name] for name in SUMS})
    if updates:
        db.session.execute(ADD_TO_TALLY, updates)
    if not inserts:
        return
    try:
        with db.session.begin_nested():
            db.session.execute(insert(AnswerTally), inserts)
    except IntegrityError:  # another attempt of the bank finishing at the same moment created some first (PostgreSQL)
        for row in inserts:
            _bump({name: row[name] for name in KEY}, [row[name] for name in SUMS])


def _count(attempt_id: int, every: bool, sign: int) -> None:
    """Add (sign 1) or take away (sign -1) one finished attempt's responses in one scope's tallies."""
    bank_id, points, max_points = db.session.execute(
        select(Attempt.bank_id, Attempt.points, Attempt.max_points).where(Attempt.id == attempt_id)
    ).one()
    score = points * 100.0 / max_points  # as the database computes it in a rebuild: the same level
    responses = select(
        Response.question_id, Response.version_hash, cast(Response.answer, Text), Response.fraction, Response.points
    ).where(Response.attempt_id == attempt_id)
    rows = []
    for question_id, version_hash, text, x, p in db.session.execute(responses).all():
        r = points - p
        key = {"question_id": question_id, "version_hash": version_hash, "answer": text, "answer_key": answer_key(text)}
        rows.append(key | dict(zip(SUMS, [sign * v for v in (1, x, x * x, r, r * r, x * r, p, p * p)], strict=True)))
    if rows:
        _add_all({"bank_id": bank_id, "every": every, "score": score}, rows)
    if sign > 0:
        db.session.add(CountedAttempt(attempt_id=attempt_id, every=every, bank_id=bank_id, score=score, points=points))
        return
    counted = (CountedAttempt.attempt_id == attempt_id) & (CountedAttempt.every == every)
    db.session.execute(delete(CountedAttempt).where(counted))
    emptied = (AnswerTally.n == 0) & (AnswerTally.score == score)
    db.session.execute(delete(AnswerTally).where(AnswerTally.bank_id == bank_id, AnswerTally.every == every, emptied))


def _settle_first(learner_id: int, bank_id: str) -> None:
    """Count the learner's first analysed attempt of the bank among first attempts, and no other of theirs."""
    mine = (Attempt.learner_id == learner_id) & analysed_condition(bank_id)
    first = db.session.scalar(select(func.min(Attempt.id)).where(mine))
    counted = select(CountedAttempt.attempt_id).join(Attempt, Attempt.id == CountedAttempt.attempt_id)
    counted_ids = set(db.session.scalars(counted.where(mine, CountedAttempt.every.is_(False))))
    for attempt_id in counted_ids - {first}:
        _count(attempt_id, False, -1)
    if first is not None and first not in counted_ids:
        _count(first, False, 1)


def count_finished(attempt: Attempt) -> None:
    """Add a just-closed attempt to its bank's tallies (attempts with nothing to score are not analysed)."""
    if attempt.max_points <= 0 or _is_stale(attempt.bank_id):
        return
    # The learner's row is locked, as answering does: two of their attempts never both count as the first.
    db.session.execute(select(Learner.id).where(Learner.id == attempt.learner_id).with_for_update())
    db.session.flush()
    _count(attempt.id, True, 1)
    _settle_first(attempt.learner_id, attempt.bank_id)


def settle_learner(learner_id: int) -> None:
    """After a learner's attempts changed hands (a restore), count only their first attempt of each bank as first."""
    db.session.execute(select(Learner.id).where(Learner.id == learner_id).with_for_update())
    banks = select(Attempt.bank_id).where(Attempt.learner_id == learner_id).distinct()
    for bank_id in db.session.scalars(banks).all():
        if not _is_stale(bank_id):
            _settle_first(learner_id, bank_id)


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
    if db.session.get(StaleTally, bank_id, with_for_update=True) is None:
        db.session.add(StaleTally(bank_id=bank_id))
        db.session.flush()
    for model in (AnswerTally, CountedAttempt):
        db.session.execute(delete(model).where(model.bank_id == bank_id))
    for every in (True, False):
        _recount(bank_id, every)
    db.session.execute(delete(StaleTally).where(StaleTally.bank_id == bank_id))
    db.session.commit()
