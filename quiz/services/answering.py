"""Units of work on answers: each graded once, stored exactly once with the learner's memory, before any deadline."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NoReturn

from sqlalchemy import bindparam, func, insert
from sqlalchemy.exc import IntegrityError

from quiz.bank.model import Question
from quiz.exceptions import AlreadyAnswered, AttemptFinished, QuestionNotFound, TimeIsUp
from quiz.extensions import db
from quiz.memory import Memory
from quiz.models import Attempt, AttemptItem, MemoryCard, Response, as_utc, utcnow
from quiz.queries.attempts import (
    find_attempt,
    found,
    question_by_hash,
    questions_by_hash,
    scope,
    scoped_statement,
    with_items_and_responses,
)
from quiz.scoring import Grade, grade
from quiz.services.attempts import close_attempt
from quiz.services.remembering import CardKey, remember
from quiz.services.writing import begin_write, lock_attempt

# (question, the attempt's layout seed) -> the answer value, read from the submitted form.
ReadAnswer = Callable[[Question, int], Any]


@dataclass(frozen=True)
class Answered:
    """A stored answer's grade, and what the page after it needs: the attempt's mode and what is left to answer."""

    grade: Grade
    mode: str
    open_positions: list[int]  # scored positions unanswered before this answer


_NO_POSITION = 2**31  # a URL's position may be any size; the database's integers are not (no item is this far)
_OWN = (Attempt.learner_id, Attempt.finished_at, Attempt.deadline, Attempt.mode, Attempt.seed, Attempt.id)
_BANK = func.coalesce(AttemptItem.bank_id, Attempt.bank_id)
_ITEM = (AttemptItem.position, AttemptItem.question_id, AttemptItem.version_hash, _BANK, Response.id, Response.answer)
_CARD = (MemoryCard.learner_id == Attempt.learner_id) & (MemoryCard.bank_id == _BANK)
# The memory as plain columns, id first (an ORM entity per item row cost more than the rest of a post).
_MEMORY = tuple(
    getattr(MemoryCard, c) for c in ("id", "state", "step", "stability", "difficulty", "due", "last_review")
)
_ANSWER_TARGET = (
    with_items_and_responses(scoped_statement(*_OWN, *_ITEM, *_MEMORY))
    .outerjoin(
        MemoryCard,
        _CARD & (MemoryCard.question_id == AttemptItem.question_id) & (AttemptItem.position == bindparam("position")),
    )
    .order_by(AttemptItem.position)
)
_INSERT_RESPONSE = insert(Response)


def record_answer(token: str | None, public_id: str, position: int, answer: Any, now: datetime | None = None) -> Grade:
    """Grade and store the answer to one question of an attempt, exactly once and only before its deadline, and
    update the learner's memory of the question."""
    return answer_question(token, public_id, position, lambda _question, _seed: answer, now).grade


def answer_question(
    token: str | None, public_id: str, position: int, read_answer: ReadAnswer, now: datetime | None = None
) -> Answered:
    """`record_answer` of a submitted form: `read_answer` turns it into the answer once the write's one read has found
    the question and its layout seed. Whatever it raises ends the post unstored."""
    now, parameters = now or utcnow(), {**scope(token, public_id), "position": min(position, _NO_POSITION)}
    # On the connection, not the session: plain rows, without the ORM result machinery (the hot path).
    connection = begin_write()
    lock_attempt(connection, token, public_id)  # first, so the read below sees what a request ahead stored
    rows = found(connection.execute(_ANSWER_TARGET, parameters).all())
    learner_id, finished_at, deadline, mode, seed, attempt_id = rows[0][: len(_OWN)]
    target = next((row[len(_OWN) :] for row in rows if row[len(_OWN)] == position), None)
    if target is None:
        raise QuestionNotFound("No such question in this attempt.")
    if finished_at is None and deadline is not None and as_utc(deadline) <= now:
        _end_timed_out(token, public_id, now)
    _, question_id, version_hash, bank_id, answered, existing, card_id, *memory = target
    question = question_by_hash(version_hash)
    try:
        answer = read_answer(question, seed)
        if finished_at is not None:
            raise AttemptFinished("This attempt is finished; its answers can no longer change.")
        if answered is not None:
            raise AlreadyAnswered(same=existing == answer)
    except BaseException:
        db.session.rollback()  # give the write lock back before the caller draws its page
        raise
    result = grade(question, answer)
    try:
        response_id = connection.execute(
            _INSERT_RESPONSE, _response(attempt_id, position, question_id, version_hash, answer, result, now)
        ).inserted_primary_key[0]
    except IntegrityError:
        # Another request stored this answer between our check and our insert.
        db.session.rollback()
        raise AlreadyAnswered(same=False) from None
    stored = (card_id, Memory(*memory)) if card_id is not None else None
    remember(connection, CardKey(learner_id, bank_id, question_id), stored, response_id, result.outcome.value, now)
    db.session.commit()
    return Answered(result, mode, _open_positions(rows))


def _open_positions(rows: Sequence[Any]) -> list[int]:
    """The scored positions without an answer in the rows of `_ANSWER_TARGET`."""
    items = [row[len(_OWN) :] for row in rows]
    questions = questions_by_hash(version for _, _, version, *_ in items)
    return [
        position for position, _, version, _, answered, *_ in items if answered is None and questions[version].scored
    ]


def _response(
    attempt_id: int, position: int, question_id: str, version_hash: str, answer: Any, result: Grade, now: datetime
) -> dict[str, Any]:
    """The row of a graded answer, for `_INSERT_RESPONSE`."""
    return {
        "attempt_id": attempt_id,
        "position": position,
        "question_id": question_id,
        "version_hash": version_hash,
        "answer": answer,
        "fraction": result.fraction,
        "points": result.points,
        "max_points": result.max_points,
        "outcome": result.outcome.value,
        "feedback": list(result.feedback),
        "parts": list(result.parts),
        "created_at": now,
    }


def _end_timed_out(token: str | None, public_id: str, now: datetime) -> NoReturn:
    # Still inside the locked transaction: the late answer is not stored, the attempt ends with those given.
    close_attempt(find_attempt(token, public_id, for_update=True), now)
    db.session.commit()
    raise TimeIsUp("Time is up: this answer came after the deadline and was not saved. Your exam is finished.")
