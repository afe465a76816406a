"""The hot pages stay cheap: few statements, and every lookup uses an index (no full-table scans)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, text

from quiz.extensions import db
from support import read_form


@pytest.fixture
def statements(app):
    captured: list[tuple[str, tuple]] = []
    with app.app_context():
        engine = db.engine

    def record(_conn, _cursor, statement, parameters, _context, _many):
        captured.append((statement, tuple(parameters or ())))

    event.listen(engine, "before_cursor_execute", record)
    yield captured
    event.remove(engine, "before_cursor_execute", record)


def true_false_position(quiz, attempt: str, total: int) -> int:
    for position in range(1, total + 1):
        if 'value="true"' in quiz.page(attempt, position):
            return position
    raise AssertionError("no true/false question")


def test_question_page_and_answer_post_are_a_handful_of_indexed_queries(app, quiz, statements):
    attempt = quiz.start(mode="exam")
    position = true_false_position(quiz, attempt, 8)
    statements.clear()
    quiz.page(attempt, position)
    page_statements = list(statements)
    statements.clear()
    assert quiz.answer(attempt, position, {"answer": "true"}).status_code == 303
    post_statements = list(statements)
    # The page reads the attempt with its items and answers in one SELECT. The post reads them once too, in one
    # locked SELECT that also reads the learner's memory of the question, then writes: BEGIN, SELECT and three
    # writes, as besides the response a graded answer writes the question's new schedule (memory_card) and the
    # review that made it (memory_review, kept so "I guessed" can re-rate it).
    assert len(page_statements) <= 3, page_statements
    assert len(post_statements) <= 5, post_statements
    writes = [s.split()[0] for s, _ in post_statements if s.split()[0] in ("INSERT", "UPDATE")]
    assert sorted(writes) == ["INSERT", "INSERT", "INSERT"], post_statements
    assert_every_lookup_uses_an_index(app, page_statements + post_statements)


def assert_every_lookup_uses_an_index(app, statements: list[tuple[str, tuple]]) -> None:
    selects = [(s, p) for s, p in statements if s.lstrip().upper().startswith("SELECT")]
    assert selects
    with app.app_context():
        connection = db.session.connection()
        for statement, parameters in selects:
            plan = " | ".join(
                row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
            )
            assert not re.search(
                r"\bSCAN (attempt|attempt_item|response|learner|question_version|memory_card|memory_review)\b", plan
            ), (
                statement,
                plan,
            )


def test_history_runs_the_same_few_indexed_queries_however_many_attempts_it_lists(app, quiz, client, statements):
    counts = {}
    started = []
    for listed in (1, 5, 20):
        while len(started) < listed:
            started.append(quiz.start(mode="exam"))
            quiz.answer(started[-1], true_false_position(quiz, started[-1], 8), {"answer": "true"})
        statements.clear()
        page = client.get("/history").get_data(as_text=True)
        assert all(public_id in page for public_id in started)
        counts[listed] = len(statements)
        assert_every_lookup_uses_an_index(app, statements)
    # The attempts with their counts in one SELECT, and whether there is a recovery code in another.
    assert counts[1] == counts[5] == counts[20] <= 3, counts


def test_results_page_does_not_query_per_question(app, quiz, statements, client):
    attempt = quiz.start(mode="exam")
    html = quiz.page(attempt, 1)
    assert read_form(html).inputs
    quiz.finish(attempt)
    statements.clear()
    assert client.get(f"/attempts/{attempt}").status_code == 200
    # BEGIN, the attempt with its items and answers in one SELECT, any question versions not yet cached in one more.
    assert len(statements) <= 3, [s for s, _ in statements]
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
