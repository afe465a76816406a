"""Units of work on attempts and answers: start, answer (graded once, stored exactly once), finish, time out."""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NoReturn

from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError

from quiz.bank.loader import Catalog
from quiz.bank.model import Bank, Question
from quiz.exceptions import (
    AlreadyAnswered,
    AttemptFinished,
    NothingToAsk,
    QuestionNotFound,
    QuizError,
    TimeIsUp,
)
from quiz.extensions import db
from quiz.memory import Memory, due_first
from quiz.models import Attempt, AttemptItem, Learner, MemoryCard, QuestionVersion, Response, as_utc, utcnow
from quiz.queries.attempts import (
    find_attempt,
    found,
    question_by_hash,
    questions_by_hash,
    scope,
    scoped_statement,
    with_items_and_responses,
)
from quiz.queries.memories import memories
from quiz.scoring import Grade, grade
from quiz.services import tallies
from quiz.services.remembering import remember
from quiz.services.writing import begin_write, learner_for

MODES = ("practice", "exam")
# A spaced review draws from every bank; its attempt gets this bank id and title.
REVIEW_BANK, REVIEW_TITLE = "review", "Spaced review"


def new_learner_token() -> str:
    """A random token for a new browser session (the only thing the cookie holds)."""
    return secrets.token_urlsafe(24)


def _store_versions(banks: Sequence[str], questions: Sequence[Question]) -> None:
    hashes = {q.content_hash for q in questions}
    known = set(db.session.scalars(select(QuestionVersion.hash).where(QuestionVersion.hash.in_(hashes))))
    for bank_id, question in zip(banks, questions, strict=True):
        if question.content_hash not in known:
            known.add(question.content_hash)
            db.session.add(
                QuestionVersion(
                    hash=question.content_hash, bank_id=bank_id, question_id=question.id, data=question.to_dict()
                )
            )


def _create_attempt(
    token: str,
    bank: tuple[str, str],
    mode: str,
    questions: Sequence[Question],
    time_limit: int | None = None,
    origins: Sequence[str | None] = (),
) -> str:
    """Store a new attempt; `origins` names each question's bank where it is not the attempt's (a spaced review)."""
    if mode not in MODES:
        raise QuizError(f"Unknown mode {mode!r}.")
    if time_limit is not None and (mode != "exam" or time_limit < 1):
        raise QuizError("A time limit is a whole number of minutes, for exam mode only.")
    if not questions:
        raise NothingToAsk("There are no questions to ask.")
    learner = learner_for(token, create=True)
    assert learner is not None
    bank_id, bank_title = bank
    banks = list(origins) or [None] * len(questions)
    _store_versions([origin or bank_id for origin in banks], questions)
    now = utcnow()
    attempt = Attempt(
        public_id=secrets.token_urlsafe(12),
        learner=learner,
        bank_id=bank_id,
        bank_title=bank_title,
        mode=mode,
        seed=secrets.randbelow(2**31),
        created_at=now,
        time_limit=time_limit,
        deadline=now + timedelta(minutes=time_limit) if time_limit else None,
        max_points=sum(q.max_points for q in questions),
        items=[
            AttemptItem(position=n, question_id=q.id, version_hash=q.content_hash, bank_id=origin)
            for n, (q, origin) in enumerate(zip(questions, banks, strict=True), start=1)
        ],
    )
    db.session.add(attempt)
    db.session.commit()
    return attempt.public_id


def start_attempt(
    token: str,
    bank: Bank,
    count: int | None,
    mode: str,
    rng: random.Random | None = None,
    time_limit: int | None = None,
) -> str:
    """Draw `count` questions (all when None) from a bank in random order; return the attempt's public id.

    An exam may have a time limit in minutes: its deadline is kept here, on the server.
    """
    rng = rng or random.SystemRandom()
    questions = list(bank.questions)
    scored = [q for q in questions if q.scored]
    if count is not None and count < len(scored):
        # Information pages only make sense beside the questions they introduce: a sample leaves them out.
        questions = rng.sample(scored, count)
    elif len(scored) == len(questions):
        rng.shuffle(questions)
    # Otherwise the bank has information pages and keeps its order, so each stays before its questions.
    begin_write()
    return _create_attempt(token, (bank.id, bank.title), mode, questions, time_limit)


def start_retry(token: str, public_id: str, mode: str | None = None) -> str:
    """A new attempt with the questions of a finished attempt that were not fully right."""
    begin_write()
    attempt = find_attempt(token, public_id)
    if not attempt.finished:
        raise QuizError("Finish the attempt before retrying its questions.")
    fractions = {r.question_id: r.fraction for r in attempt.responses}
    questions = questions_by_hash(item.version_hash for item in attempt.items)
    missed = [
        (item.bank_id, question)
        for item in attempt.items
        if (question := questions[item.version_hash]).scored and fractions.get(item.question_id, 0.0) < 1.0
    ]
    chosen, origins = [question for _, question in missed], [origin for origin, _ in missed]
    return _create_attempt(token, (attempt.bank_id, attempt.bank_title), mode or attempt.mode, chosen, None, origins)


def start_review(token: str, catalog: Catalog, now: datetime | None = None) -> str:
    """A practice attempt of the questions due now across all banks: at most 20, most overdue first."""
    now = now or utcnow()
    begin_write()
    chosen = due_first(memories(token, due_by=now), catalog, now)
    if not chosen:
        raise NothingToAsk("No questions are due for review now. Come back when the review page says some are.")
    questions, origins = [question for _, question in chosen], [bank for bank, _ in chosen]
    return _create_attempt(token, (REVIEW_BANK, REVIEW_TITLE), "practice", questions, None, origins)


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
    .with_for_update(of=(Attempt, Learner))
)


def record_answer(token: str | None, public_id: str, position: int, answer: Any, now: datetime | None = None) -> Grade:
    """Grade and store the answer to one question of an attempt, exactly once and only before its deadline, and
    update the learner's memory of the question."""
    return answer_question(token, public_id, position, lambda _question, _seed: answer, now).grade


def answer_question(
    token: str | None, public_id: str, position: int, read_answer: ReadAnswer, now: datetime | None = None
) -> Answered:
    """`record_answer` of a submitted form: `read_answer` turns it into the answer once the locked read has found
    the question and its layout seed, so a post reads its attempt once. Whatever it raises ends the post unstored."""
    now, parameters = now or utcnow(), {**scope(token, public_id), "position": min(position, _NO_POSITION)}
    begin_write()
    # On the connection, not the session: plain rows, without the ORM result machinery (the hot path).
    rows = found(db.session.connection().execute(_ANSWER_TARGET, parameters).all())
    learner_id, finished_at, deadline, mode, seed, attempt_id = rows[0][: len(_OWN)]
    target = next((row[len(_OWN) :] for row in rows if row[len(_OWN)] == position), None)
    if target is None:
        raise QuestionNotFound("No such question in this attempt.")
    if finished_at is None and deadline is not None and as_utc(deadline) <= now:
        _end_timed_out(token, public_id, now)
    _, question_id, version_hash, bank_id, answered, existing, card_id, *memory = target
    question = question_by_hash(version_hash)
    answer = read_answer(question, seed)
    if finished_at is not None:
        raise AttemptFinished("This attempt is finished; its answers can no longer change.")
    if answered is not None:
        raise AlreadyAnswered(same=existing == answer)
    result = grade(question, answer)
    response = _response(attempt_id, position, question_id, version_hash, answer, result, now)
    db.session.add(response)
    stored = (card_id, Memory(*memory)) if card_id is not None else None
    remember(MemoryCard(learner_id=learner_id, bank_id=bank_id, question_id=question_id), stored, response, now)
    try:
        db.session.commit()
    except IntegrityError:
        # Another request stored this answer between our check and our insert.
        db.session.rollback()
        raise AlreadyAnswered(same=False) from None
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
) -> Response:
    return Response(
        attempt_id=attempt_id,
        position=position,
        question_id=question_id,
        version_hash=version_hash,
        answer=answer,
        fraction=result.fraction,
        points=result.points,
        max_points=result.max_points,
        outcome=result.outcome.value,
        feedback=list(result.feedback),
        parts=list(result.parts),
        created_at=now,
    )


def _end_timed_out(token: str | None, public_id: str, now: datetime) -> NoReturn:
    # Still inside the locked transaction: the late answer is not stored, the attempt ends with those given.
    _close(find_attempt(token, public_id, for_update=True), now)
    db.session.commit()
    raise TimeIsUp("Time is up: this answer came after the deadline and was not saved. Your exam is finished.")


def _close(attempt: Attempt, now: datetime) -> None:
    """Store the total and the end time (the deadline, when time ran out before now); count it in the item analysis."""
    attempt.points = round(sum(r.points for r in attempt.responses), 4)
    deadline = as_utc(attempt.deadline) if attempt.deadline is not None else None
    attempt.finished_at = min(now, deadline) if deadline else now
    tallies.count_finished(attempt)


def finish_attempt(token: str | None, public_id: str, now: datetime | None = None) -> Attempt:
    """Close an attempt and store its total; finishing twice changes nothing."""
    begin_write()
    attempt = find_attempt(token, public_id, for_update=True)
    if not attempt.finished:
        _close(attempt, now or utcnow())
        db.session.commit()
    return attempt


def finish_if_timed_out(token: str | None, public_id: str, now: datetime | None = None) -> bool:
    """Finish an attempt whose time is up, with the answers given; True when that happened now."""
    now = now or utcnow()
    begin_write()
    attempt = find_attempt(token, public_id, for_update=True)
    if attempt.finished or attempt.deadline is None or as_utc(attempt.deadline) > now:
        db.session.rollback()
        return False
    _close(attempt, now)
    db.session.commit()
    return True
