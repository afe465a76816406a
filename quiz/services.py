"""Units of work on attempts and responses: the one layer that commits.

Each write starts an immediate transaction (SQLite takes the write lock up front; PostgreSQL
locks the attempt row), so a read-then-write never races another request. Domain errors say
what went wrong; views turn them into 4xx pages.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from fsrs import Rating
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from quiz.bank.loader import Catalog
from quiz.bank.model import Bank, Question
from quiz.exceptions import AlreadyAnswered, AlreadyGuessed, AttemptFinished, NothingToAsk, QuestionNotFound, QuizError
from quiz.extensions import IMMEDIATE, db
from quiz.memory import GUESSED, Memory, aware, due_first, rating_for, replay, review
from quiz.models import Attempt, AttemptItem, Learner, MemoryCard, MemoryReview, QuestionVersion, Response, utcnow
from quiz.queries import (
    find_attempt,
    found,
    guess_target,
    memories,
    memory_of,
    question_by_hash,
    questions_by_hash,
    scoped_attempt,
    with_items_and_responses,
    with_memory,
)
from quiz.scoring import Grade, grade

MODES = ("practice", "exam")
# A spaced review draws from every bank; its attempt gets this bank id and title.
REVIEW_BANK, REVIEW_TITLE = "review", "Spaced review"


def new_learner_token() -> str:
    """A random token for a new browser session (the only thing the cookie holds)."""
    return secrets.token_urlsafe(24)


def _begin_write() -> None:
    # End any read transaction the view opened, then take the write lock before reading.
    db.session.rollback()
    db.session.connection(execution_options={IMMEDIATE: True})


def _learner(token: str, create: bool = False) -> Learner | None:
    learner = db.session.scalar(select(Learner).where(Learner.token == token))
    if learner is None and create:
        learner = Learner(token=token)
        db.session.add(learner)
        db.session.flush()
    return learner


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
    bank_id: str,
    bank_title: str,
    mode: str,
    questions: Sequence[Question],
    origins: Sequence[str | None] = (),
) -> str:
    """Store a new attempt; `origins` names each question's bank where it is not `bank_id` (a spaced review)."""
    if mode not in MODES:
        raise QuizError(f"Unknown mode {mode!r}.")
    if not questions:
        raise NothingToAsk("There are no questions to ask.")
    learner = _learner(token, create=True)
    assert learner is not None
    banks = list(origins) or [None] * len(questions)
    _store_versions([origin or bank_id for origin in banks], questions)
    attempt = Attempt(
        public_id=secrets.token_urlsafe(12),
        learner=learner,
        bank_id=bank_id,
        bank_title=bank_title,
        mode=mode,
        seed=secrets.randbelow(2**31),
        max_points=sum(q.max_points for q in questions),
        items=[
            AttemptItem(position=n, question_id=q.id, version_hash=q.content_hash, bank_id=origin)
            for n, (q, origin) in enumerate(zip(questions, banks, strict=True), start=1)
        ],
    )
    db.session.add(attempt)
    db.session.commit()
    return attempt.public_id


def start_attempt(token: str, bank: Bank, count: int | None, mode: str, rng: random.Random | None = None) -> str:
    """Draw `count` questions (all when None) from a bank in random order; return the attempt's public id."""
    rng = rng or random.SystemRandom()
    questions = list(bank.questions)
    scored = [q for q in questions if q.scored]
    if count is not None and count < len(scored):
        # Information pages only make sense beside the questions they introduce: a sample leaves them out.
        questions = rng.sample(scored, count)
    elif len(scored) == len(questions):
        rng.shuffle(questions)
    # Otherwise the bank has information pages and keeps its order, so each stays before its questions.
    _begin_write()
    return _create_attempt(token, bank.id, bank.title, mode, questions)


def start_retry(token: str, public_id: str, mode: str | None = None) -> str:
    """A new attempt with the questions of a finished attempt that were not fully right."""
    _begin_write()
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
    origins = [origin for origin, _ in missed]
    chosen = [question for _, question in missed]
    return _create_attempt(token, attempt.bank_id, attempt.bank_title, mode or attempt.mode, chosen, origins)


def start_review(token: str, catalog: Catalog, now: datetime | None = None) -> str:
    """A practice attempt of the questions due now across all banks: at most 20, most overdue first."""
    now = now or utcnow()
    _begin_write()
    chosen = due_first(memories(token, due_by=now), catalog, now)
    if not chosen:
        raise NothingToAsk("No questions are due for review now. Come back when the review page says some are.")
    questions = [question for _, question in chosen]
    return _create_attempt(token, REVIEW_BANK, REVIEW_TITLE, "practice", questions, [bank for bank, _ in chosen])


def record_answer(token: str | None, public_id: str, position: int, answer: Any, now: datetime | None = None) -> Grade:
    """Grade and store the answer to one question of an attempt, exactly once, and update the learner's memory."""
    now = now or utcnow()
    item = (AttemptItem.question_id, AttemptItem.version_hash, func.coalesce(AttemptItem.bank_id, Attempt.bank_id))
    columns = (Attempt.id, Attempt.learner_id, Attempt.finished_at, *item, Response.answer, MemoryCard)
    query = with_memory(with_items_and_responses(scoped_attempt(token, public_id, *columns), position))
    _begin_write()
    # Answer posts are the hot path: one locked read gives the attempt, the item, any earlier answer and the
    # learner's memory of the question. The learner row is locked too (PostgreSQL), so two attempts of one
    # learner never race on the same memory.
    row = found(db.session.execute(query.with_for_update(of=(Attempt, Learner))).first())
    attempt_id, learner_id, finished_at, question_id, version_hash, bank_id, existing, card = row
    if finished_at is not None:
        raise AttemptFinished("This attempt is finished; its answers can no longer change.")
    if question_id is None:
        raise QuestionNotFound("No such question in this attempt.")
    if existing is not None:
        raise AlreadyAnswered(same=existing == answer)
    result = grade(question_by_hash(version_hash), answer)
    response = _response(attempt_id, position, question_id, version_hash, answer, result, now)
    db.session.add(response)
    _remember(MemoryCard(learner_id=learner_id, bank_id=bank_id, question_id=question_id), card, response, now)
    try:
        db.session.commit()
    except IntegrityError:
        # Another request stored this answer between our check and our insert.
        db.session.rollback()
        raise AlreadyAnswered(same=False) from None
    return result


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


def _set_memory(card: MemoryCard, memory: Memory) -> None:
    card.state, card.step, card.due, card.last_review = memory.state, memory.step, memory.due, memory.last_review
    card.stability, card.difficulty = memory.stability, memory.difficulty


def _remember(new: MemoryCard, card: MemoryCard | None, response: Response, now: datetime) -> None:
    """Schedule the question's next review from this answer (FSRS), and keep the review for re-rating."""
    before = memory_of(card) if card else None
    rating = rating_for(response.outcome)
    after = review(before, rating, now)
    if card is None:
        card = new
        db.session.add(card)
    _set_memory(card, after)
    db.session.add(
        MemoryReview(
            learner_id=card.learner_id,
            bank_id=card.bank_id,
            question_id=card.question_id,
            response=response,
            rating=int(rating),
            guessed=False,
            reviewed_at=now,
            before=before.to_json() if before else None,
            after=after.to_json(),
        )
    )


def mark_guessed(token: str | None, public_id: str, position: int) -> None:
    """Re-rate a right answer the learner says was a guess as Hard (once); later reviews are replayed on it."""
    _begin_write()
    row = db.session.execute(guess_target(token, public_id, position).with_for_update(of=(Attempt, Learner))).first()
    if row is None:
        raise QuestionNotFound("There is no scheduled answer at this position to mark.")
    mode, finished_at, outcome, guessed = row
    if outcome != "correct":
        raise QuizError("Only a right answer can be marked as a guess.")
    if mode != "practice" and finished_at is None:
        raise QuizError("Exam answers can be marked as guesses once the exam is finished.")
    if guessed.guessed:
        raise AlreadyGuessed("This answer is already marked as a guess.")
    since = select(MemoryReview).filter_by(**_key_of(guessed)).where(MemoryReview.id >= guessed.id)
    reviews = list(db.session.scalars(since.order_by(MemoryReview.id)))
    ratings = [(GUESSED if r is guessed else Rating(r.rating), aware(r.reviewed_at)) for r in reviews]
    afters = replay(Memory.from_json(guessed.before) if guessed.before else None, ratings)
    for stored, after in zip(reviews, afters, strict=True):
        stored.after = after.to_json()
    guessed.rating, guessed.guessed = int(GUESSED), True
    card = db.session.scalar(select(MemoryCard).filter_by(**_key_of(guessed)))
    _set_memory(card, afters[-1])
    db.session.commit()


def _key_of(reviewed: MemoryReview) -> dict[str, Any]:
    return {"learner_id": reviewed.learner_id, "bank_id": reviewed.bank_id, "question_id": reviewed.question_id}


def finish_attempt(token: str | None, public_id: str, now: datetime | None = None) -> Attempt:
    """Close an attempt and store its total; finishing twice changes nothing."""
    _begin_write()
    attempt = find_attempt(token, public_id, for_update=True)
    if not attempt.finished:
        attempt.points = round(sum(r.points for r in attempt.responses), 4)
        attempt.finished_at = now or utcnow()
        db.session.commit()
    return attempt
