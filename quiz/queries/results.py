"""The read behind the results page: an attempt with its items and stored answers, in one statement."""

from __future__ import annotations

from dataclasses import dataclass

from quiz.extensions import db
from quiz.models import AttemptItem, Response
from quiz.queries.attempts import FACT_COLUMNS, AttemptFacts, found, scope, scoped_statement, with_items_and_responses


@dataclass(frozen=True)
class AttemptResults:
    """An attempt's own values, its items in order and its stored answers by position."""

    attempt: AttemptFacts
    items: tuple[tuple[int, str], ...]  # (position, version hash), in order
    answers: dict[int, Response]


_RESULTS = with_items_and_responses(
    scoped_statement(*FACT_COLUMNS, AttemptItem.position, AttemptItem.version_hash, Response)
).order_by(AttemptItem.position)


def attempt_results(token: str | None, public_id: str) -> AttemptResults:
    """The attempt with its items and answers (one statement, not three), for this learner only."""
    rows = found(db.session.execute(_RESULTS, scope(token, public_id)).all())
    facts = len(FACT_COLUMNS)
    items = tuple((row[facts], row[facts + 1]) for row in rows if row[facts] is not None)
    return AttemptResults(
        attempt=AttemptFacts.from_columns(*rows[0][:facts]),
        items=items,
        answers={row[facts]: row[facts + 2] for row in rows if row[facts + 2] is not None},
    )
