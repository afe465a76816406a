"""CSV downloads of a bank's analysis, streamed in chunks so a million rows never sit in memory at once.

Learners appear only as their anonymous number. Text a spreadsheet would run as a formula is quoted.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import CTE, select

from quiz.extensions import db
from quiz.models import Attempt, Response
from quiz.teaching.report import BankReport

CHUNK_ROWS = 2000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """Text that a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def csv_chunks(header: list[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """CSV text, a chunk of rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for number, row in enumerate(rows, start=1):
        writer.writerow(row)
        if number % CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _rounded(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def response_rows(analysed: CTE) -> Iterator[list[Any]]:
    """One row per response of the analysed attempts, read from the database in batches."""
    query = (
        select(
            Response.attempt_id,
            analysed.c.learner_id,
            Response.position,
            Response.question_id,
            Response.version_hash,
            Response.answer,
            Response.fraction,
            Response.points,
            Response.max_points,
            Response.outcome,
            Response.created_at,
        )
        .join(analysed, analysed.c.id == Response.attempt_id)
        .order_by(Response.attempt_id, Response.position)
        .execution_options(yield_per=CHUNK_ROWS)
    )
    for attempt, learner, position, qid, version, answer, fraction, points, top, outcome, at in db.session.execute(
        query
    ):
        shown = safe_text(json.dumps(answer, ensure_ascii=False))
        yield [attempt, learner, position, safe_text(qid), version[:12], shown, fraction, points, top, outcome, at]


RESPONSE_HEADER = [
    "attempt",
    "learner",
    "position",
    "question_id",
    "version",
    "answer",
    "fraction",
    "points",
    "max_points",
    "outcome",
    "submitted_at",
]


def attempt_rows(analysed: CTE) -> Iterator[list[Any]]:
    """One row per analysed attempt."""
    query = (
        select(
            Attempt.id,
            Attempt.learner_id,
            Attempt.mode,
            Attempt.created_at,
            Attempt.finished_at,
            Attempt.points,
            Attempt.max_points,
            analysed.c.percent,
        )
        .join(analysed, analysed.c.id == Attempt.id)
        .order_by(Attempt.id)
        .execution_options(yield_per=CHUNK_ROWS)
    )
    for *row, percent in db.session.execute(query):
        yield [*row, _rounded(percent)]


ATTEMPT_HEADER = ["attempt", "learner", "mode", "started_at", "finished_at", "points", "max_points", "percent"]


def item_rows(report: BankReport) -> Iterator[list[Any]]:
    """One row per question of the report, with its statistics and flags."""
    for q in report.questions:
        stats = q.stats
        flags = "; ".join(f"{f.rule.name}: {f.reason}" for f in q.flags)
        yield [
            safe_text(q.question.id),
            safe_text(q.location),
            q.question.kind.value,
            stats.responses,
            _rounded(stats.facility),
            _rounded(stats.sd),
            _rounded(stats.discrimination),
            safe_text(flags),
        ]


ITEM_HEADER = ["question_id", "location", "kind", "responses", "facility", "sd", "discrimination", "flags"]
