"""Item analysis read from the database: every sum is aggregated in SQL, so a million responses stay fast.

Nothing here commits. Learners appear only as their anonymous number. The formulas that turn the sums
into statistics live in quiz.teaching.stats; what the answers mean, in quiz.teaching.options.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import CTE, Text, case, cast, func, select

from quiz.extensions import db
from quiz.models import Attempt, Response
from quiz.teaching.stats import Sums


@dataclass(frozen=True)
class AnswerGroup:
    """Everyone who gave one exact answer to one version of a question: their sums, and how many were in
    the stronger and the weaker half of the attempts (ranked by score)."""

    question_id: str
    version_hash: str
    answer: str  # the stored answer as JSON text
    sums: Sums
    strong: int
    weak: int


@dataclass(frozen=True)
class AttemptTotals:
    """The analysed attempts: how many, the sums and sums of squares of their scores, and the median percent."""

    count: int
    percent: tuple[float, float]
    points: tuple[float, float]
    median: float | None


def finished_attempt_counts() -> dict[str, int]:
    """Bank id -> number of finished attempts."""
    query = select(Attempt.bank_id, func.count()).where(Attempt.finished_at.is_not(None)).group_by(Attempt.bank_id)
    return {bank_id: count for bank_id, count in db.session.execute(query)}


def analysed_attempts(bank_id: str, every_attempt: bool = False) -> CTE:
    """The finished attempts of a bank (by default each learner's first), ranked from the weakest score up."""
    finished = (Attempt.bank_id == bank_id) & Attempt.finished_at.is_not(None) & (Attempt.max_points > 0)
    if every_attempt:
        chosen = select(Attempt.id).where(finished)
    else:
        chosen = select(func.min(Attempt.id)).where(finished).group_by(Attempt.learner_id)
    percent = (Attempt.points * 100.0 / Attempt.max_points).label("percent")
    rank = func.row_number().over(order_by=(percent, Attempt.id)).label("rank")
    return (
        select(Attempt.id, Attempt.learner_id, Attempt.points, Attempt.max_points, percent, rank)
        .where(Attempt.id.in_(chosen))
        .cte("analysed")
    )


def attempt_totals(analysed: CTE) -> AttemptTotals:
    """Count, sums and median of the analysed attempts' scores."""
    c = analysed.c
    count, pct, pct2, pts, pts2 = db.session.execute(
        select(
            func.count(),
            func.sum(c.percent),
            func.sum(c.percent * c.percent),
            func.sum(c.points),
            func.sum(c.points * c.points),
        )
    ).one()
    if not count:
        return AttemptTotals(0, (0.0, 0.0), (0.0, 0.0), None)
    # The median is the middle value, or the mean of the two middle values.
    middle = select(c.percent).order_by(c.percent).limit(2 - count % 2).offset((count - 1) // 2)
    values = list(db.session.scalars(middle))
    return AttemptTotals(count, (pct, pct2), (pts, pts2), sum(values) / len(values))


def answer_groups(analysed: CTE, attempts: int) -> list[AnswerGroup]:
    """One row per question, version and distinct answer, with the sums of the item analysis (one pass in SQL)."""
    c = analysed.c
    half = attempts // 2  # with an odd count, the middle attempt is in neither half
    answer = cast(Response.answer, Text)
    fraction, rest = Response.fraction, c.points - Response.points
    query = (
        select(
            Response.question_id,
            Response.version_hash,
            answer,
            func.count(),
            func.sum(fraction),
            func.sum(fraction * fraction),
            func.sum(rest),
            func.sum(rest * rest),
            func.sum(fraction * rest),
            func.sum(Response.points),
            func.sum(Response.points * Response.points),
            func.sum(case((c.rank > attempts - half, 1), else_=0)),
            func.sum(case((c.rank <= half, 1), else_=0)),
        )
        .join(analysed, c.id == Response.attempt_id)
        .group_by(Response.question_id, Response.version_hash, answer)
    )
    return [
        AnswerGroup(qid, version, text, Sums(*sums), int(strong), int(weak))
        for qid, version, text, *sums, strong, weak in db.session.execute(query)
    ]
