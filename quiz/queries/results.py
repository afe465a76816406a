"""The read behind the results page: an attempt with its items and stored answers, in one statement."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, cast

from quiz.extensions import db
from quiz.models import AttemptItem, Response
from quiz.queries.attempts import FACT_COLUMNS, AttemptFacts, found, scope, scoped_statement, with_items_and_responses


def _decoded(text: str | None) -> Any:
    return json.loads(text) if text is not None else None


@dataclass(frozen=True)
class KeptAnswer:
    """A stored answer as plain values; its JSON columns stay the stored text, decoded only when a review needs them.

    The text makes the answer hashable as it is, so the results page can key what it rendered from it on `key`.
    """

    answer_text: str
    fraction: float
    points: float
    max_points: float
    outcome: str
    feedback_text: str | None
    parts_text: str | None

    @property
    def key(self) -> tuple[Any, ...]:
        """Everything a review of this answer shows (the fraction and maximum only count towards the score)."""
        return self.answer_text, self.points, self.outcome, self.feedback_text, self.parts_text

    @property
    def answer(self) -> Any:
        return _decoded(self.answer_text)

    @property
    def feedback(self) -> list[str] | None:
        return _decoded(self.feedback_text)

    @property
    def parts(self) -> list[bool] | None:
        return _decoded(self.parts_text)


@dataclass(frozen=True)
class AttemptResults:
    """An attempt's own values, its items in order and its stored answers by position."""

    attempt: AttemptFacts
    items: tuple[tuple[int, str], ...]  # (position, version hash), in order
    answers: dict[int, KeptAnswer]


_ANSWER = (
    cast(Response.answer, Text),
    Response.fraction,
    Response.points,
    Response.max_points,
    Response.outcome,
    cast(Response.feedback, Text),
    cast(Response.parts, Text),
)
# Built once; the JSON columns are read as text (hashable, and decoded only for a review not rendered before).
_RESULTS = with_items_and_responses(
    scoped_statement(*FACT_COLUMNS, AttemptItem.position, AttemptItem.version_hash, Response.id, *_ANSWER)
).order_by(AttemptItem.position)
_FACTS = len(FACT_COLUMNS)


def attempt_results(token: str | None, public_id: str) -> AttemptResults:
    """The attempt with its items and answers (one statement, not three), for this learner only."""
    # On the connection, not the session: plain rows, without the ORM result machinery (a hot path).
    rows = found(db.session.connection().execute(_RESULTS, scope(token, public_id)).all())
    items = tuple((row[_FACTS], row[_FACTS + 1]) for row in rows if row[_FACTS] is not None)
    return AttemptResults(
        attempt=AttemptFacts.from_columns(*rows[0][:_FACTS]),
        items=items,
        answers={row[_FACTS]: KeptAnswer(*row[_FACTS + 3 :]) for row in rows if row[_FACTS + 2] is not None},
    )
