"""Schema changes are Alembic migrations, and upgrading keeps the attempts already stored.

* Upgrading an empty database gives exactly the models' schema (autogenerate finds nothing to do),
  so a model change without its migration fails here.
* A database made by the first migration, with attempts in it, keeps them after `upgrade` to head,
  and the app still shows them. Two such databases are used: one built now by running the first
  migration, and one frozen as SQL (tests/data/migrations/) when the first migration was current,
  which stands for the databases already in use and also catches an edit of an old migration.
* `python run.py` applies pending migrations before it serves.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade

from quiz import create_app
from quiz.catalog import current_catalog
from quiz.extensions import db
from quiz.teaching.report import bank_report
from support import BANK, DATA

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = ROOT / "quiz" / "migrations"
FROZEN = DATA / "migrations" / "8a8a3a68369d-with-attempts.sql"
LEARNER = "migration-test-learner-token"
FINISHED, IN_PROGRESS = "finishedAttempt01", "openAttempt00001"


def _scripts() -> ScriptDirectory:
    return ScriptDirectory(str(MIGRATIONS))


def first_revision() -> str:
    (base,) = _scripts().get_bases()
    return base


def head_revision() -> str:
    (head,) = _scripts().get_heads()  # one head: no forgotten merge
    return head


@contextmanager
def logging_kept() -> Iterator[None]:
    """Alembic's env.py reconfigures logging (and disables existing loggers); undo that afterwards."""
    manager = logging.root.manager
    saved = {
        name: (logger.disabled, logger.level, list(logger.handlers), logger.propagate)
        for name, logger in manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    }
    root = (logging.root.level, list(logging.root.handlers))
    try:
        yield
    finally:
        for name, (disabled, level, handlers, propagate) in saved.items():
            logger = logging.getLogger(name)
            logger.disabled, logger.level, logger.handlers, logger.propagate = disabled, level, handlers, propagate
        logging.root.level, logging.root.handlers = root


def make_app(path: Path, questions: Path):
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "QUESTIONS_DIR": str(questions),
            "WTF_CSRF_ENABLED": False,
        }
    )


def migrate(app, revision: str = "head") -> None:
    with app.app_context(), logging_kept():
        upgrade(revision=revision)
        db.engine.dispose()


def schema_differences(app) -> list:
    with app.app_context():
        try:
            with db.engine.connect() as connection:
                context = MigrationContext.configure(
                    connection, opts={"compare_type": True, "compare_server_default": True}
                )
                return compare_metadata(context, db.metadata)
        finally:
            db.engine.dispose()


def stored_revision(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def fill_first_revision(path: Path) -> None:
    """Attempts as the first revision's schema stores them: one finished, one in progress.

    Plain SQL against the first revision's tables (not the models, which may have moved on).
    This is also how the frozen SQL file was made.
    """
    bank = BANK
    questions = {q.id: q for q in bank.questions}
    now = "2026-01-15 10:00:00.000000"
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO learner (id, token, created_at) VALUES (1, ?, ?)", (LEARNER, now))
        for question in bank.questions:
            connection.execute(
                "INSERT INTO question_version (hash, bank_id, question_id, data, created_at) VALUES (?, ?, ?, ?, ?)",
                (question.content_hash, "every-type", question.id, json.dumps(question.to_dict()), now),
            )
        order = ["tf-cart", "single-pd1", "numeric-domains", "short-target"]
        for attempt_id, public_id, finished in ((1, FINISHED, True), (2, IN_PROGRESS, False)):
            connection.execute(
                "INSERT INTO attempt (id, public_id, learner_id, bank_id, bank_title, mode, seed, created_at,"
                " finished_at, points, max_points) VALUES (?, ?, 1, 'every-type', 'Every type', 'exam', 7, ?, ?, ?, 5)",
                (attempt_id, public_id, now, now if finished else None, 3.0 if finished else None),
            )
            for position, qid in enumerate(order, start=1):
                connection.execute(
                    "INSERT INTO attempt_item (attempt_id, position, question_id, version_hash) VALUES (?, ?, ?, ?)",
                    (attempt_id, position, qid, questions[qid].content_hash),
                )
        answers = [
            (1, "tf-cart", True, 1.0, 1.0, 1.0, "correct"),
            (2, "single-pd1", 0, 1.0, 1.0, 1.0, "correct"),
            (3, "numeric-domains", 2.0, 0.5, 1.0, 2.0, "partial"),
        ]
        for position, qid, answer, fraction, points, maximum, outcome in answers:
            connection.execute(
                "INSERT INTO response (attempt_id, position, question_id, version_hash, answer, fraction, points,"
                " max_points, outcome, created_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    position,
                    qid,
                    questions[qid].content_hash,
                    json.dumps(answer),
                    fraction,
                    points,
                    maximum,
                    outcome,
                    now,
                ),
            )
        connection.execute(
            "INSERT INTO response (attempt_id, position, question_id, version_hash, answer, fraction, points,"
            " max_points, outcome, created_at) VALUES (2, 1, 'tf-cart', ?, 'false', 0, 0, 1, 'incorrect', ?)",
            (questions["tf-cart"].content_hash, now),
        )


def assert_attempts_kept(app) -> None:
    """The stored attempts are all there and the app shows them to their learner."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["learner"] = LEARNER
    results = client.get(f"/attempts/{FINISHED}")
    assert results.status_code == 200
    page = results.get_data(as_text=True)
    assert "Every type" in page
    assert "Nivolumab" in page  # the question as it was asked, from the stored version
    assert client.get(f"/attempts/{IN_PROGRESS}/2").status_code == 200
    history = client.get("/history").get_data(as_text=True)
    assert FINISHED in history and IN_PROGRESS in history
    with app.app_context():
        try:
            with db.engine.connect() as connection:
                counts = {
                    table: connection.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar()
                    for table in ("learner", "question_version", "attempt", "attempt_item", "response")
                }
                points = connection.exec_driver_sql(f"SELECT points FROM attempt WHERE public_id = '{FINISHED}'")
                assert points.scalar() == 3.0
        finally:
            db.engine.dispose()
    assert counts == {"learner": 1, "question_version": 8, "attempt": 2, "attempt_item": 8, "response": 4}


# --- the tests -----------------------------------------------------------------------------------


def test_upgrading_an_empty_database_gives_exactly_the_models_schema(tmp_path, questions_dir):
    app = make_app(tmp_path / "new.sqlite3", questions_dir)
    migrate(app)
    assert stored_revision(tmp_path / "new.sqlite3") == head_revision()
    assert schema_differences(app) == []


def test_the_schema_check_sees_a_model_change_without_a_migration(tmp_path, questions_dir):
    # The check above can fail: a database one index short of the models is reported.
    app = make_app(tmp_path / "new.sqlite3", questions_dir)
    migrate(app)
    with sqlite3.connect(tmp_path / "new.sqlite3") as connection:
        connection.execute("DROP INDEX ix_response_version_hash")
    differences = schema_differences(app)
    assert [d[0] for d in differences] == ["add_index"]


def test_a_database_made_by_the_first_migration_keeps_its_attempts_after_upgrade(tmp_path, questions_dir):
    path = tmp_path / "old.sqlite3"
    app = make_app(path, questions_dir)
    migrate(app, first_revision())
    assert stored_revision(path) == first_revision()
    fill_first_revision(path)
    migrate(app)
    assert stored_revision(path) == head_revision()
    assert schema_differences(app) == []
    assert_attempts_kept(app)


def test_the_frozen_first_revision_database_upgrades_with_its_attempts(tmp_path, questions_dir):
    path = tmp_path / "frozen.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.executescript(FROZEN.read_text(encoding="utf-8"))
    assert stored_revision(path) == first_revision()
    app = make_app(path, questions_dir)
    migrate(app)
    assert stored_revision(path) == head_revision()
    assert schema_differences(app) == []
    assert_attempts_kept(app)
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


FEEDBACK_AND_PARTS = "3c1f0b7e9d2a"  # responses keep the grade's feedback texts and part marks


def table_rows(connection: sqlite3.Connection, table: str, columns: str = "*") -> list[tuple]:
    return connection.execute(f"SELECT {columns} FROM {table} ORDER BY rowid").fetchall()


def test_storing_feedback_and_part_marks_leaves_the_stored_rows_as_they_were(tmp_path, questions_dir):
    path = tmp_path / "frozen.sqlite3"
    tables = ("learner", "question_version", "attempt", "attempt_item", "response")
    with sqlite3.connect(path) as connection:
        connection.executescript(FROZEN.read_text(encoding="utf-8"))
        before = {table: table_rows(connection, table) for table in tables}
        old_columns = [row[1] for row in connection.execute("PRAGMA table_info(response)")]
    assert _scripts().get_revision(FEEDBACK_AND_PARTS).down_revision == stored_revision(path)
    migrate(make_app(path, questions_dir), FEEDBACK_AND_PARTS)
    assert stored_revision(path) == FEEDBACK_AND_PARTS
    with sqlite3.connect(path) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(response)")]
        assert columns == [*old_columns, "feedback", "parts"]
        after = {
            table: table_rows(connection, table, ", ".join(old_columns) if table == "response" else "*")
            for table in tables
        }
        details = table_rows(connection, "response", "feedback, parts")
    assert after == before
    assert len(details) == 4
    assert set(details) == {(None, None)}  # not known for answers stored before: the review re-grades those


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_run_py_upgrades_an_old_database_before_serving(tmp_path, questions_dir):
    path = tmp_path / "instance" / "quiz.sqlite3"
    path.parent.mkdir()
    with sqlite3.connect(path) as connection:
        connection.executescript(FROZEN.read_text(encoding="utf-8"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZ_")}
    env.update(QUIZ_INSTANCE_DIR=str(path.parent), QUIZ_QUESTIONS_DIR=str(questions_dir))
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "run.py", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert server.poll() is None, "run.py stopped"
                assert time.monotonic() < deadline, "run.py did not start serving"
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert stored_revision(path) == head_revision()
    assert_attempts_kept(make_app(path, questions_dir))


TIMED_AND_RECOVERY = "7b4e2c9d1f60"  # attempt.time_limit and attempt.deadline, and the recovery_code table


def test_timed_exams_and_recovery_codes_leave_the_stored_attempts_untimed_and_untouched(tmp_path, questions_dir):
    path = tmp_path / "frozen.sqlite3"
    tables = ("learner", "question_version", "attempt", "attempt_item", "response")
    with sqlite3.connect(path) as connection:
        connection.executescript(FROZEN.read_text(encoding="utf-8"))
    app = make_app(path, questions_dir)
    previous = _scripts().get_revision(TIMED_AND_RECOVERY).down_revision
    migrate(app, previous)
    with sqlite3.connect(path) as connection:
        before = {table: table_rows(connection, table) for table in tables}
        old_columns = [row[1] for row in connection.execute("PRAGMA table_info(attempt)")]
    migrate(app, TIMED_AND_RECOVERY)
    assert stored_revision(path) == TIMED_AND_RECOVERY
    with sqlite3.connect(path) as connection:
        assert [row[1] for row in connection.execute("PRAGMA table_info(attempt)")] == [
            *old_columns,
            "time_limit",
            "deadline",
        ]
        after = {
            table: table_rows(connection, table, ", ".join(old_columns) if table == "attempt" else "*")
            for table in tables
        }
        timing = table_rows(connection, "attempt", "time_limit, deadline")
        codes = table_rows(connection, "recovery_code")
    assert after == before
    assert timing == [(None, None), (None, None)]  # attempts stored before are untimed
    assert codes == []
    migrate(app)
    assert_attempts_kept(app)


SPACED_REVIEW = "7b4c1e9a2f60"  # memories of questions (memory_card, memory_review) and attempt_item.bank_id


def test_adding_spaced_review_keeps_the_attempts_and_starts_every_learner_with_no_memories(tmp_path, questions_dir):
    path = tmp_path / "frozen.sqlite3"
    tables = ("learner", "question_version", "attempt", "attempt_item", "response")
    with sqlite3.connect(path) as connection:
        connection.executescript(FROZEN.read_text(encoding="utf-8"))
    previous = _scripts().get_revision(SPACED_REVIEW).down_revision
    app = make_app(path, questions_dir)
    migrate(app, previous)
    with sqlite3.connect(path) as connection:
        before = {table: table_rows(connection, table) for table in tables}
    migrate(app, SPACED_REVIEW)
    with sqlite3.connect(path) as connection:
        after = {table: table_rows(connection, table) for table in tables}
        memories = [
            connection.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("memory_card", "memory_review")
        ]
    # Every old row is there unchanged; the items' new bank column is empty (the attempt's own bank).
    assert {table: rows for table, rows in after.items() if table != "attempt_item"} == {
        table: rows for table, rows in before.items() if table != "attempt_item"
    }
    assert [row[:-1] for row in after["attempt_item"]] == before["attempt_item"]
    assert {row[-1] for row in after["attempt_item"]} == {None}
    assert memories == [0, 0]
    migrate(app)
    assert_attempts_kept(app)


TALLIES = "4e7d2b9c8a15"  # item-analysis tallies (counted_attempt, answer_tally, stale_tally)


def test_adding_tallies_marks_banks_with_finished_attempts_stale_and_the_first_look_rebuilds_them(
    tmp_path, questions_dir
):
    path = tmp_path / "frozen.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.executescript(FROZEN.read_text(encoding="utf-8"))
    app = make_app(path, questions_dir)
    migrate(app, TALLIES)
    with sqlite3.connect(path) as connection:
        assert table_rows(connection, "stale_tally") == [("every-type",)]
        assert table_rows(connection, "answer_tally") == []
    migrate(app)
    with app.app_context():
        report = bank_report(current_catalog().bank("every-type"))
        db.engine.dispose()
    # The one finished attempt (3 of 5 points) is counted; the one in progress is not.
    assert report.summary.attempts == 1 and report.summary.mean == pytest.approx(60.0)
    answered = {q.question.id: q.stats.responses for q in report.questions if q.stats.responses}
    assert answered == {"tf-cart": 1, "single-pd1": 1, "numeric-domains": 1}
    with sqlite3.connect(path) as connection:
        assert table_rows(connection, "stale_tally") == []
        assert sorted(row[:2] for row in table_rows(connection, "counted_attempt")) == [(1, 0), (1, 1)]
    assert_attempts_kept(app)
