"""Spaced-review scheduling: what a graded answer does to a learner's memory of a question (FSRS).

Pure: plain values in and out, no Flask or SQLAlchemy. The scheduling itself is the maintained `fsrs`
package; this module only translates our outcomes and stored columns to and from its Card.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fsrs import Card, Rating, Scheduler, State

from quiz.bank.loader import Catalog
from quiz.bank.model import Question

# No fuzzing: the same answers at the same times always give the same schedule (and testable due dates).
SCHEDULER = Scheduler(enable_fuzzing=False)
RETAINED = 0.9  # the retrievability a question must keep to count as retained
REVIEW_SIZE = 20  # at most this many due questions per review attempt

_RATINGS = {"correct": Rating.Good, "partial": Rating.Hard}  # anything else (wrong, unanswered) is Again
GUESSED = Rating.Hard  # a right answer the learner says was a guess


def rating_for(outcome: str) -> Rating:
    """Right = Good, partly right = Hard, wrong = Again."""
    return _RATINGS.get(outcome, Rating.Again)


def aware(moment: datetime) -> datetime:
    """A UTC datetime (SQLite gives back naive ones; FSRS needs them aware)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@dataclass(frozen=True)
class Memory:
    """A learner's memory of one question, as stored: FSRS's card without its id."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None

    def card(self) -> Card:
        """The FSRS card this memory stands for."""
        last = aware(self.last_review) if self.last_review else None
        return Card(0, State(self.state), self.step, self.stability, self.difficulty, aware(self.due), last)

    @classmethod
    def of(cls, card: Card) -> Memory:
        """The memory an FSRS card stands for."""
        return cls(card.state.value, card.step, card.stability, card.difficulty, card.due, card.last_review)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready copy (kept with each review, so a review can be re-rated later)."""
        return {
            "state": self.state,
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": aware(self.due).isoformat(),
            "last_review": aware(self.last_review).isoformat() if self.last_review else None,
        }

    @classmethod
    def from_json(cls, values: dict[str, Any]) -> Memory:
        """The memory `to_json` wrote."""
        last = values["last_review"]
        moments = {"due": datetime.fromisoformat(values["due"]), "last_review": last and datetime.fromisoformat(last)}
        return cls(**{**values, **moments})


def review(memory: Memory | None, rating: Rating, at: datetime) -> Memory:
    """The memory after one review rated `rating` at `at` (a first review when `memory` is None)."""
    card = memory.card() if memory else Card(0, due=aware(at))
    reviewed, _log = SCHEDULER.review_card(card, rating, aware(at))
    return Memory.of(reviewed)


def replay(memory: Memory | None, reviews: Iterable[tuple[Rating, datetime]]) -> list[Memory]:
    """The memory after each of `reviews` in turn, starting from `memory` (re-rating an earlier review)."""
    after = []
    for rating, at in reviews:
        memory = review(memory, rating, at)
        after.append(memory)
    return after


def retrievability(memory: Memory, at: datetime) -> float:
    """FSRS's predicted chance of recalling the question at `at` (whole days since the last review)."""
    return float(SCHEDULER.get_card_retrievability(memory.card(), aware(at)))


def is_retained(memory: Memory, at: datetime) -> bool:
    """Past its learning steps, with a retrievability of at least 0.9 at `at`.

    Right after any review the retrievability is 1, even after a wrong answer; a question still in
    (re)learning steps, answered wrong or right only once moments ago, is being learned, not retained.
    """
    return memory.state == State.Review.value and retrievability(memory, at) >= RETAINED


@dataclass(frozen=True)
class StoredMemory:
    """One learner's memory of one question, keyed by bank id and question id (never by version)."""

    bank_id: str
    question_id: str
    memory: Memory


def in_catalog(stored: Sequence[StoredMemory], catalog: Catalog) -> list[tuple[StoredMemory, Question]]:
    """The memories whose question is still in the catalog, with that question as it is now.

    A deleted question leaves the queue; a changed file keeps the schedule of every unchanged id.
    """
    current = []
    for entry in stored:
        question = current_question(catalog, entry.bank_id, entry.question_id)
        if question is not None:
            current.append((entry, question))
    return current


def current_question(catalog: Catalog, bank_id: str, question_id: str) -> Question | None:
    """The scored question a memory is of, as the catalog has it now (None: deleted, or no longer scored)."""
    bank = catalog.bank(bank_id)
    question = bank.question(question_id) if bank else None
    return question if question is not None and question.scored else None


def due_first(stored: Sequence[StoredMemory], catalog: Catalog, now: datetime) -> list[tuple[str, Question]]:
    """The (bank id, question) pairs due at `now`, most overdue first, one per question id, at most 20."""
    chosen: dict[str, tuple[str, Question]] = {}
    due = [pair for pair in in_catalog(stored, catalog) if aware(pair[0].memory.due) <= aware(now)]
    for entry, question in sorted(due, key=lambda pair: aware(pair[0].memory.due)):
        # An attempt holds each question id once; a same-id question of another bank waits for the next review.
        chosen.setdefault(question.id, (entry.bank_id, question))
    return list(chosen.values())[:REVIEW_SIZE]
