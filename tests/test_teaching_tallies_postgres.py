"""The item analysis's tallies on PostgreSQL: attempts of one bank finishing at the same moment all count, once."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

import pytest
from test_postgres import pg_app, postgres_url  # noqa: F401  (the throwaway cluster and a schema per test)

from quiz.catalog import current_catalog
from quiz.extensions import db
from quiz.services import answering, attempts, tallies
from quiz.teaching.report import bank_report
from teaching_support import InOrder, choice_bank

pytestmark = pytest.mark.slow


def _numbers(report) -> list:
    stats = [(q.stats.responses, round(q.stats.facility, 9), [(o.count, o.strong, o.weak) for o in q.options])
             for q in report.questions]  # fmt: skip
    return [report.summary.attempts, round(report.summary.mean, 9), stats]


def test_attempts_finishing_together_are_each_counted_once(pg_app, tmp_path):  # noqa: F811
    bank_id = choice_bank(tmp_path, "together", keys=[0, 0, 0])
    bank = current_catalog().bank(bank_id)
    rng, started = random.Random(5), []
    # Twelve learners, two of them with two attempts: the earlier is their first, whichever ends first.
    for token in [f"t-{n}" for n in range(12)] + ["t-0", "t-1"]:
        public_id = attempts.start_attempt(token, bank, None, "exam", rng=InOrder())
        for position in (1, 2, 3):
            answering.record_answer(token, public_id, position, rng.choice([0, 0, 1, 2]))
        started.append((token, public_id))
    db.session.remove()

    def finish(pair):
        with pg_app.app_context():
            try:
                attempts.finish_attempt(*pair)
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(finish, reversed(started)))
    kept = [_numbers(bank_report(bank, every)) for every in (False, True)]
    tallies.rebuild(bank_id)
    assert [_numbers(bank_report(bank, every)) for every in (False, True)] == kept
    assert (kept[0][0], kept[1][0]) == (12, 14)
