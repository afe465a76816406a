"""Units of work on a learner's memory of questions (FSRS): schedule after each answer, re-rate a guess."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fsrs import Rating
from sqlalchemy import Connection, bindparam, insert, select, update

from quiz.exceptions import AlreadyGuessed, QuestionNotFound, QuizError
from quiz.extensions import db
from quiz.memory import GUESSED, Memory, aware, rating_for, replay, review
from quiz.models import MemoryCard, MemoryReview
from quiz.queries.memories import guess_target
from quiz.services.writing import begin_write, lock_attempt


def _columns(memory: Memory) -> dict[str, Any]:
    return {
        "state": memory.state,
        "step": memory.step,
        "stability": memory.stability,
        "difficulty": memory.difficulty,
        "due": memory.due,
        "last_review": memory.last_review,
    }


def _set_memory(card: MemoryCard, memory: Memory) -> None:
    for name, value in _columns(memory).items():
        setattr(card, name, value)


# Prebuilt Core statements for the answer post's hot path (no ORM unit of work for three small writes).
_INSERT_CARD = insert(MemoryCard)
_UPDATE_CARD = update(MemoryCard).where(MemoryCard.id == bindparam("card_id"))
_INSERT_REVIEW = insert(MemoryReview)


@dataclass(frozen=True)
class CardKey:
    """Whose memory of which question: the learner, the bank the question came from and its id."""

    learner_id: int
    bank_id: str
    question_id: str


def remember(
    connection: Connection,
    key: CardKey,
    stored: tuple[int, Memory] | None,
    response_id: int,
    outcome: str,
    now: datetime,
) -> None:
    """Schedule the question's next review from this answer (FSRS), and keep the review for re-rating.

    `stored` is the id and memory of the card already kept, if any. Runs on the caller's connection inside its
    transaction (the answer's), so an answer and its memory are stored together or not at all.
    """
    before = stored[1] if stored else None
    rating = rating_for(outcome)
    after = review(before, rating, now)
    if stored is None:
        connection.execute(_INSERT_CARD, {**vars(key), **_columns(after)})
    else:
        connection.execute(_UPDATE_CARD, {"card_id": stored[0], **_columns(after)})
    review_row = {"response_id": response_id, "rating": int(rating), "guessed": False, "reviewed_at": now}
    moments = {"before": before.to_json() if before else None, "after": after.to_json()}
    connection.execute(_INSERT_REVIEW, {**vars(key), **review_row, **moments})


def mark_guessed(token: str | None, public_id: str, position: int) -> None:
    """Re-rate a right answer the learner says was a guess as Hard (once); later reviews are replayed on it."""
    lock_attempt(begin_write(), token, public_id)  # first, so a guess marked by a request ahead is seen
    row = db.session.execute(guess_target(token, public_id, position)).first()
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
