"""Item analysis read from the database: the tallies kept as attempts finish (quiz.services.tallies), so the
report adds up a few rows per answer and score level instead of ranking a million responses.

Nothing here commits. Learners appear only as their anonymous number. The formulas that turn the sums
into statistics live in quiz.teaching.stats; what the answers mean, in quiz.teaching.options.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import CTE, ColumnElement, Text, cast, func, select

from quiz.extensions import db
from quiz.models import AnswerTally, Attempt, CountedAttempt, Response, StaleTally
from quiz.teaching.stats import Sums


@dataclass(frozen=True)
class AnswerGroup:
    """Everyone who gave one exact answer to one version of a question: their sums, and how many were in
    the stronger and the weaker half of the attempts (ranked by score, then by id)."""

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


def analysed_condition(bank_id: str) -> ColumnElement[bool]:
    """The attempts item analysis counts: the bank's finished ones with something to score."""
    return (Attempt.bank_id == bank_id) & Attempt.finished_at.is_not(None) & (Attempt.max_points > 0)


def analysed_attempts(bank_id: str, every_attempt: bool = False) -> CTE:
    """The finished attempts of a bank (by default each learner's first), with their score in percent."""
    finished = analysed_condition(bank_id)
    if every_attempt:
        chosen = select(Attempt.id).where(finished)
    else:
        chosen = select(func.min(Attempt.id)).where(finished).group_by(Attempt.learner_id)
    percent = (Attempt.points * 100.0 / Attempt.max_points).label("percent")
    return (
        select(Attempt.id, Attempt.learner_id, Attempt.points, Attempt.max_points, percent)
        .where(Attempt.id.in_(chosen))
        .cte("analysed")
    )


def tallies_stale(bank_id: str) -> bool:
    """Whether the bank's tallies must be rebuilt before they are read (attempts finished before they existed)."""
    return db.session.get(StaleTally, bank_id) is not None


@dataclass(frozen=True)
class Level:
    """The counted attempts with one score (percent): how many, and the sum and sum of squares of their points."""

    score: float
    attempts: int
    points: float
    points_squared: float


def score_levels(bank_id: str, every_attempt: bool) -> list[Level]:
    """The bank's counted attempts grouped by score, from the lowest score up."""
    c = CountedAttempt
    query = (
        select(c.score, func.count(), func.sum(c.points), func.sum(c.points * c.points))
        .where(c.bank_id == bank_id, c.every == every_attempt)
        .group_by(c.score)
        .order_by(c.score)
    )
    return [Level(*row) for row in db.session.execute(query)]


def _score_at(levels: list[Level], index: int) -> float:
    """The score of the attempt at `index` (from 0) in score order."""
    for level in levels:
        if index < level.attempts:
            return level.score
        index -= level.attempts
    raise IndexError(index)


def attempt_totals(levels: list[Level]) -> AttemptTotals:
    """Count, sums and median of the analysed attempts' scores."""
    count = sum(level.attempts for level in levels)
    if not count:
        return AttemptTotals(0, (0.0, 0.0), (0.0, 0.0), None)
    percent = (sum(v.attempts * v.score for v in levels), sum(v.attempts * v.score * v.score for v in levels))
    points = (sum(v.points for v in levels), sum(v.points_squared for v in levels))
    # The median is the middle value, or the mean of the two middle values.
    median = (_score_at(levels, (count - 1) // 2) + _score_at(levels, count // 2)) / 2
    return AttemptTotals(count, percent, points, median)


@dataclass(frozen=True)
class Edge:
    """Where a half ends inside a score level: it holds `size` of the level's attempts, the first ones by id
    (the weaker half) or the last ones (the stronger half), as the ranking breaks ties by id."""

    score: float
    size: int
    level_size: int
    last: bool


def half(levels: list[Level], size: int, stronger: bool) -> tuple[set[float], Edge | None]:
    """The `size` weakest or strongest attempts: the score levels wholly inside, and the level the half ends in."""
    whole, remaining = set(), size
    for level in reversed(levels) if stronger else levels:
        if remaining >= level.attempts:
            whole.add(level.score)
            remaining -= level.attempts
        elif remaining > 0:
            return whole, Edge(level.score, remaining, level.attempts, stronger)
        else:
            break
    return whole, None


Key = tuple[str, str, str | None]  # question id, version hash, answer text


def _edge_counts(bank_id: str, every_attempt: bool, edge: Edge, at_level: dict[tuple[Key, float], int]) -> Counter:
    """Responses per answer in the edge level's part of a half: read for the smaller side of the level only."""
    outside = edge.level_size - edge.size
    read_inside = edge.size <= outside
    newest_first = edge.last == read_inside
    c = CountedAttempt
    ids = (
        select(c.attempt_id)
        .where(c.bank_id == bank_id, c.every == every_attempt, c.score == edge.score)
        .order_by(c.attempt_id.desc() if newest_first else c.attempt_id)
        .limit(min(edge.size, outside))
    )
    group = (Response.question_id, Response.version_hash, cast(Response.answer, Text))
    query = select(*group, func.count()).where(Response.attempt_id.in_(ids)).group_by(*group)
    read = Counter({(qid, version, text): n for qid, version, text, n in db.session.execute(query)})
    if read_inside:
        return read
    return Counter({key: n - read[key] for (key, score), n in at_level.items() if score == edge.score})


def _half_counts(
    bank_id: str, every_attempt: bool, part: tuple[set[float], Edge | None], at_level: dict[tuple[Key, float], int]
) -> Counter:
    whole, edge = part
    counts: Counter = Counter()
    for (key, score), n in at_level.items():
        if score in whole:
            counts[key] += n
    if edge is not None:
        counts.update(_edge_counts(bank_id, every_attempt, edge, at_level))
    return counts


def answer_groups(bank_id: str, every_attempt: bool, levels: list[Level]) -> list[AnswerGroup]:
    """One group per question, version and distinct answer, with the sums of the item analysis and the halves."""
    t = AnswerTally
    columns = (t.question_id, t.version_hash, t.answer, t.score, t.n, t.x, t.xx, t.r, t.rr, t.xr, t.p, t.pp)
    query = select(*columns).where(t.bank_id == bank_id, t.every == every_attempt)
    totals: dict[Key, list[float]] = {}
    at_level: dict[tuple[Key, float], int] = {}
    for qid, version, text, score, *values in db.session.execute(query):
        key = (qid, version, text)
        total = totals.setdefault(key, [0] * len(values))
        for index, value in enumerate(values):
            total[index] += value
        at_level[key, score] = values[0]
    size = sum(level.attempts for level in levels) // 2  # with an odd count, the middle attempt is in neither half
    strong = _half_counts(bank_id, every_attempt, half(levels, size, stronger=True), at_level)
    weak = _half_counts(bank_id, every_attempt, half(levels, size, stronger=False), at_level)
    return [AnswerGroup(*key, Sums(*total), strong[key], weak[key]) for key, total in totals.items()]
