"""Database models (SQLAlchemy 2 typed). Only quiz.services writes to them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A stored time as an aware UTC datetime (SQLite gives them back without a time zone)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Learner(db.Model):
    """A browser session. The cookie holds only `token`; everything else lives here."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    attempts: Mapped[list[Attempt]] = relationship(back_populates="learner")


class QuestionVersion(db.Model):
    """One version of a question, stored by content hash, so history shows what was really asked."""

    hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    bank_id: Mapped[str] = mapped_column(String(200))
    question_id: Mapped[str] = mapped_column(String(100))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (Index("ix_question_version_bank_question", "bank_id", "question_id"),)


class Attempt(db.Model):
    """One run through a quiz by one learner."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # Random, unguessable id used in URLs (the integer id is never shown).
    public_id: Mapped[str] = mapped_column(String(32), unique=True, index=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id"))
    bank_id: Mapped[str] = mapped_column(String(200))
    bank_title: Mapped[str] = mapped_column(String(300))
    mode: Mapped[str] = mapped_column(String(16))
    # Seeds the per-attempt shuffle of choices, so a reload shows the same order.
    seed: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    points: Mapped[float | None] = mapped_column(Float)
    max_points: Mapped[float] = mapped_column(Float, default=0.0)
    # Timed exams: the limit chosen at the start, in minutes, and when answers stop being accepted.
    time_limit: Mapped[int | None] = mapped_column(Integer)
    deadline: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    learner: Mapped[Learner] = relationship(back_populates="attempts")
    items: Mapped[list[AttemptItem]] = relationship(
        back_populates="attempt", order_by="AttemptItem.position", cascade="all, delete-orphan"
    )
    responses: Mapped[list[Response]] = relationship(back_populates="attempt", cascade="all, delete-orphan")

    __table_args__ = (
        Index("ix_attempt_learner_created", "learner_id", "created_at"),
        # Item analysis reads one bank's finished attempts, first per learner (quiz.teaching.analysis).
        Index("ix_attempt_bank_learner", "bank_id", "learner_id", "id"),
    )

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


class AttemptItem(db.Model):
    """The question shown at one position of an attempt, pinned to the version drawn at the start."""

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str] = mapped_column(String(100))
    version_hash: Mapped[str] = mapped_column(ForeignKey("question_version.hash"))
    # The bank the question came from when it differs from the attempt's (a spaced review draws from all banks).
    bank_id: Mapped[str | None] = mapped_column(String(200))

    attempt: Mapped[Attempt] = relationship(back_populates="items")
    version: Mapped[QuestionVersion] = relationship()

    __table_args__ = (UniqueConstraint("attempt_id", "position"),)


class Response(db.Model):
    """A learner's answer to one question of an attempt, graded when it was submitted."""

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str] = mapped_column(String(100))
    version_hash: Mapped[str] = mapped_column(ForeignKey("question_version.hash"), index=True)
    answer: Mapped[Any] = mapped_column(JSON)
    fraction: Mapped[float] = mapped_column(Float)
    points: Mapped[float] = mapped_column(Float)
    max_points: Mapped[float] = mapped_column(Float)
    outcome: Mapped[str] = mapped_column(String(16))
    # The grade's feedback texts and part marks, stored at submit time so a review never grades again.
    # NULL on responses stored before they were kept (migration 3c1f0b7e9d2a): those must be re-graded.
    feedback: Mapped[list[str] | None] = mapped_column(JSON)
    parts: Mapped[list[bool] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    attempt: Mapped[Attempt] = relationship(back_populates="responses")
    memory_review: Mapped[MemoryReview | None] = relationship(back_populates="response")

    # The database itself guarantees that a double click or a replayed post never counts twice.
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)


class CountedAttempt(db.Model):
    """A finished attempt counted in its bank's item analysis (every=False: as its learner's first attempt there).

    Kept by quiz.services.tallies when attempts finish, so the statistics never rank a million responses again.
    """

    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"), primary_key=True)
    every: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    bank_id: Mapped[str] = mapped_column(String(200))
    score: Mapped[float] = mapped_column(Float)  # percent of the attempt's maximum: its score level
    points: Mapped[float] = mapped_column(Float)

    # Covering: the report reads the attempts per score level, and at a half's edge in id order (the tie-break).
    __table_args__ = (Index("ix_counted_attempt_level", "bank_id", "every", "score", "attempt_id", "points"),)


class AnswerTally(db.Model):
    """Running sums (quiz.teaching.stats.Sums) of the responses giving one answer to one version of a question,
    in the counted attempts of one score level."""

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[str] = mapped_column(String(200))
    every: Mapped[bool] = mapped_column(Boolean)
    score: Mapped[float] = mapped_column(Float)
    question_id: Mapped[str] = mapped_column(String(100))
    version_hash: Mapped[str] = mapped_column(String(64))
    answer_key: Mapped[str] = mapped_column(String(64))  # SHA-256 of `answer`: answers may be too long to index
    answer: Mapped[str | None] = mapped_column(Text)  # the stored answer's JSON text
    n: Mapped[int] = mapped_column(Integer)
    x: Mapped[float] = mapped_column(Float)
    xx: Mapped[float] = mapped_column(Float)
    r: Mapped[float] = mapped_column(Float)
    rr: Mapped[float] = mapped_column(Float)
    xr: Mapped[float] = mapped_column(Float)
    p: Mapped[float] = mapped_column(Float)
    pp: Mapped[float] = mapped_column(Float)

    __table_args__ = (
        UniqueConstraint(
            "bank_id", "every", "score", "question_id", "version_hash", "answer_key", name="uq_answer_tally_key"
        ),
    )


class StaleTally(db.Model):
    """A bank whose tallies must be rebuilt from its attempts before they are read (attempts finished before the
    tallies existed, or a rebuild was asked for)."""

    bank_id: Mapped[str] = mapped_column(String(200), primary_key=True)


class RateLimit(db.Model):
    """One rate-limit counter (see quiz.ratelimit): tries under a key until its window expires."""

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[float] = mapped_column(Float, index=True)


class RecoveryCode(db.Model):
    """A learner's recovery code, stored only as its SHA-256 hash; at most one per learner (a new one replaces it)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"), unique=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Educator(db.Model):
    """A teacher who may see item analysis and upload question files (learners never need an account)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # Part of the login cookie; renewed on logout and password change, so older cookies stop working.
    session_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class MemoryCard(db.Model):
    """A learner's memory of one question (FSRS state, see quiz.memory): keyed by bank and question id, not version."""

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id"))
    bank_id: Mapped[str] = mapped_column(String(200))
    question_id: Mapped[str] = mapped_column(String(100))
    state: Mapped[int] = mapped_column(Integer)
    step: Mapped[int | None] = mapped_column(Integer)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_review: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("learner_id", "bank_id", "question_id"),
        Index("ix_memory_card_learner_due", "learner_id", "due"),
    )


class MemoryReview(db.Model):
    """One graded answer as the scheduler saw it: the memory before and after, so it can be re-rated ("I guessed")."""

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id"))
    bank_id: Mapped[str] = mapped_column(String(200))
    question_id: Mapped[str] = mapped_column(String(100))
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), unique=True)
    rating: Mapped[int] = mapped_column(Integer)
    guessed: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any]] = mapped_column(JSON)

    response: Mapped[Response] = relationship(back_populates="memory_review")

    __table_args__ = (Index("ix_memory_review_learner_question", "learner_id", "bank_id", "question_id"),)
