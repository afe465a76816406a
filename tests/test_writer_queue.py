"""SQLite writers take turns on a file lock (quiz.writer_queue): the next writer starts as soon as the one ahead
has committed or rolled back, readers never wait, and a failed write never leaves the turn taken."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from flask import before_render_template
from sqlalchemy import text

from quiz import writer_queue
from quiz.extensions import IMMEDIATE, db
from quiz.services.writing import begin_write
from quiz.writer_queue import end_turn, wait_turn
from support import positions

fcntl = pytest.importorskip("fcntl", reason="writers queue on POSIX file locks only")

HOLD = 0.3  # seconds the first writer keeps its turn


def turn_is_free(app) -> bool:
    """Whether another process could take the write turn now (a non-blocking try on the lock file)."""
    database = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    fd = os.open(f"{database}-writers.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


@pytest.mark.parametrize("finish", ["commit", "rollback"])
def test_a_writer_holds_the_turn_until_it_commits_or_rolls_back(app, finish):
    with app.app_context():
        assert turn_is_free(app)
        begin_write()
        db.session.execute(text("SELECT count(*) FROM attempt"))
        assert not turn_is_free(app)
        db.session.rollback() if finish == "rollback" else db.session.commit()
        assert turn_is_free(app)
        db.session.remove()


def _hold_a_write(app, started: threading.Event, finish: str = "commit") -> None:
    """Take the write turn, say so, keep it for HOLD seconds, then commit or roll back."""
    with app.app_context():
        try:
            begin_write()
            started.set()
            time.sleep(HOLD)
            db.session.rollback() if finish == "rollback" else db.session.commit()
        finally:
            db.session.remove()


def _timed_write(app) -> float:
    """Seconds a second writer waits for its turn (then commits at once)."""
    with app.app_context():
        try:
            began = time.monotonic()
            begin_write()
            waited = time.monotonic() - began
            db.session.commit()
            return waited
        finally:
            db.session.remove()


@pytest.mark.parametrize("finish", ["commit", "rollback"])
def test_a_second_writer_waits_for_the_first_and_starts_when_it_ends(app, finish):
    started = threading.Event()
    first = threading.Thread(target=_hold_a_write, args=(app, started, finish))
    first.start()
    assert started.wait(5)
    waited = _timed_write(app)
    first.join(5)
    # It waited for the turn (not failed, not skipped), and went as soon as the first writer ended.
    assert HOLD * 0.5 <= waited < HOLD + 1.0


def test_readers_do_not_wait_for_a_writer(app):
    started = threading.Event()
    first = threading.Thread(target=_hold_a_write, args=(app, started))
    first.start()
    assert started.wait(5)
    with app.app_context():
        began = time.monotonic()
        assert db.session.execute(text("SELECT count(*) FROM attempt")).scalar() == 0
        waited = time.monotonic() - began
        db.session.remove()
    first.join(5)
    assert waited < HOLD * 0.5


def test_a_write_that_fails_gives_the_turn_back(app):
    with app.app_context():
        begin_write()
        with pytest.raises(Exception, match="no such table"):
            db.session.execute(text("INSERT INTO no_such_table VALUES (1)"))
        db.session.remove()
        assert turn_is_free(app)


def test_the_turn_is_taken_once_per_connection_and_given_back_once(tmp_path):
    info: dict = {}
    database = str(tmp_path / "quiz.sqlite3")
    wait_turn(info, database)
    wait_turn(info, database)  # the same connection asking again does not wait for itself
    assert (tmp_path / "quiz.sqlite3-writers.lock").exists()
    end_turn(info)
    end_turn(info)
    other: dict = {}
    wait_turn(other, database)  # free again: this returns at once
    end_turn(other)
    assert info == {} and other == {}


def test_memory_databases_and_other_servers_do_not_queue(tmp_path):
    info: dict = {}
    wait_turn(info, ":memory:")
    wait_turn(info, None)
    assert info == {}


def test_only_immediate_transactions_queue(app):
    with app.app_context():
        connection = db.session.connection()  # a read transaction
        assert not any(key.startswith("quiz_writer") for key in connection.info)
        db.session.remove()
        connection = db.session.connection(execution_options={IMMEDIATE: True})
        assert any(key.startswith("quiz_writer") for key in connection.info)
        db.session.remove()


def test_without_file_locks_writers_fall_back_to_the_busy_handler(app, monkeypatch):
    monkeypatch.setattr(writer_queue, "fcntl", None)  # as on Windows
    with app.app_context():
        begin_write()
        db.session.execute(text("SELECT count(*) FROM attempt"))
        assert turn_is_free(app)  # no turn taken: SQLite's own lock and busy timeout order the writers
        db.session.commit()
        db.session.remove()


@pytest.mark.parametrize("refused", ["mistaken form", "already answered"])
def test_a_refused_answer_gives_the_turn_back_before_its_page_is_drawn(app, quiz, refused):
    attempt = quiz.start(mode="practice")
    position = positions(app, attempt)["tf-cart"]
    if refused == "already answered":
        assert quiz.answer(attempt, position, {"answer": "true"}).status_code == 303
    free_while_drawing = []

    def drawing(_sender, template, context, **_extra):
        free_while_drawing.append(turn_is_free(app))

    with before_render_template.connected_to(drawing, app):
        data = {"answer": "maybe"} if refused == "mistaken form" else {"answer": "false"}
        response = quiz.answer(attempt, position, data)
    assert response.status_code in (409, 422)
    assert free_while_drawing and all(free_while_drawing)


def test_a_refused_action_gives_the_turn_back_before_its_error_page_is_drawn(app, quiz, client):
    unfinished = quiz.start(mode="practice")
    free_while_drawing = []

    def drawing(_sender, template, context, **_extra):
        free_while_drawing.append(turn_is_free(app))

    with before_render_template.connected_to(drawing, app):
        response = client.post(f"/attempts/{unfinished}/retry", data={})  # retrying needs a finished attempt
    assert 400 <= response.status_code < 500
    assert free_while_drawing and all(free_while_drawing)
