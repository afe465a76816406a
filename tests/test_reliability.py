"""Reliability under concurrent use and faults, against a file SQLite database.

Threads drive the Flask app in-process (each request has its own session and connection);
the tests marked slow start a real gunicorn with two worker processes on 127.0.0.1, bound their
load in count and time, kill a worker in the middle, and stop the server.
"""

from __future__ import annotations

import http.client
import logging
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from sqlalchemy import event, select, text

from quiz.catalog import current_catalog
from quiz.extensions import db
from quiz.models import Attempt, Learner, QuestionVersion, Response
from quiz.queries.attempts import find_attempt
from quiz.services import answering, attempts
from support import ROOT, count, make_app, positions, start_gunicorn, stop_process
from support import VALID_ANSWERS as VALID


def tab_of(app, client):
    """Another test client with the same session cookie: a second tab of the same browser."""
    tab = app.test_client()
    tab.set_cookie("session", client.get_cookie("session").value)
    return tab


def run_together(jobs: list) -> list:
    """Run every job in its own thread, all released at the same moment; return their results in order."""
    barrier = threading.Barrier(len(jobs))

    def run(job):
        barrier.wait(timeout=10)
        return job()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs, timeout=60))


# --- SQLite settings -----------------------------------------------------------------------------


def test_sqlite_uses_wal_a_busy_timeout_and_foreign_keys(app):
    with app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_every_write_takes_the_write_lock_before_it_reads(app, quiz):
    attempt = quiz.start()
    where = positions(app, attempt)
    statements: list[str] = []

    def remember(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement.split()[0].upper() + (" IMMEDIATE" if "IMMEDIATE" in statement else ""))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        for url, data in [
            (f"/attempts/{attempt}/{where['tf-cart']}", VALID["tf-cart"]),
            (f"/attempts/{attempt}/finish", {}),
            (f"/attempts/{attempt}/retry", {}),
            ("/banks/every-type", {"count": "all", "mode": "practice"}),
        ]:
            statements.clear()
            assert quiz.client.post(url, data=data).status_code == 303
            writes = [n for n, s in enumerate(statements) if s.split()[0] in ("INSERT", "UPDATE", "DELETE")]
            assert writes, url
            began = [n for n, s in enumerate(statements) if s.startswith("BEGIN")]
            # The transaction that writes began with BEGIN IMMEDIATE, before it read anything.
            opening = max(n for n in began if n < writes[0])
            assert statements[opening] == "BEGIN IMMEDIATE", (url, statements)
    finally:
        event.remove(engine, "before_cursor_execute", remember)


# --- concurrent requests -------------------------------------------------------------------------


def test_concurrent_answers_and_finishes_neither_fail_nor_lose_updates(app, client, quiz):
    attempts = [quiz.start(mode="exam") for _ in range(4)]
    jobs = []
    for attempt in attempts:
        for qid, position in positions(app, attempt).items():
            tab = tab_of(app, client)
            jobs.append(
                lambda t=tab, a=attempt, p=position, d=VALID[qid]: (
                    "answer",
                    a,
                    p,
                    t.post(f"/attempts/{a}/{p}", data=d).status_code,
                )
            )
        tab = tab_of(app, client)
        jobs.append(lambda t=tab, a=attempt: ("finish", a, 0, t.post(f"/attempts/{a}/finish").status_code))
    results = run_together(jobs)
    statuses = {status for *_, status in results}
    # 303: stored; 409: the finish got there first. Never "database is locked" (503) or a crash.
    assert statuses <= {303, 409}, results
    assert all(status == 303 for kind, *_, status in results if kind == "finish")
    with app.app_context():
        for attempt in attempts:
            row = db.session.scalar(select(Attempt).where(Attempt.public_id == attempt))
            stored = {r.position: r.points for r in row.responses}
            accepted = {p for kind, a, p, status in results if kind == "answer" and a == attempt and status == 303}
            assert set(stored) == accepted, attempt  # every 303 is stored, every 409 is not
            assert row.finished
            # The total was computed from exactly the answers stored before the finish: nothing lost.
            assert row.points == round(sum(stored.values()), 4)
        db.session.remove()


@pytest.mark.parametrize("same", [True, False], ids=["same-answer", "different-answers"])
def test_simultaneous_double_submits_store_one_response_scored_once(app, client, quiz, same):
    attempt = quiz.start(mode="exam")
    position = positions(app, attempt)["numeric-domains"]  # 2 points; "2" earns half
    answers = ["1"] * 16 if same else ["1", "2"] * 8
    tabs = [tab_of(app, client) for _ in answers]
    jobs = [
        lambda t=tab, v=value: t.post(f"/attempts/{attempt}/{position}", data={"answer": v}).status_code
        for tab, value in zip(tabs, answers, strict=True)
    ]
    statuses = run_together(jobs)
    with app.app_context():
        stored = db.session.scalars(select(Response)).all()
        assert len(stored) == 1
        winner = stored[0].answer
        db.session.remove()
    if same:
        assert statuses == [303] * 16  # a repeat of the stored answer is a success, not an error
    else:
        assert sorted(statuses) == sorted(
            [303] * answers.count(str(int(winner))) + [409] * answers.count("2" if winner == 1.0 else "1")
        )
    assert quiz.finish(attempt).status_code == 303
    with app.app_context():
        finished = db.session.scalar(select(Attempt))
        assert finished.points == (2.0 if winner == 1.0 else 1.0)
        db.session.remove()


def test_a_stale_tab_cannot_answer_a_finished_attempt(app_config):
    # Realistic: CSRF on, the stale tab posts the form (and token) it loaded before the attempt ended.
    with make_app({**app_config, "WTF_CSRF_ENABLED": True}) as app:
        _stale_tab_is_refused(app)


def _stale_tab_is_refused(app) -> None:
    first = app.test_client()
    page = first.get("/banks/every-type").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    started = first.post("/banks/every-type", data={"count": "all", "mode": "exam", "csrf_token": token})
    attempt = started.headers["Location"].split("/")[2]
    where = positions(app, attempt)
    assert (
        first.post(f"/attempts/{attempt}/{where['tf-cart']}", data={"answer": "true", "csrf_token": token}).status_code
        == 303
    )
    stale = tab_of(app, first)
    stale_page = stale.get(f"/attempts/{attempt}/{where['short-target']}").get_data(as_text=True)
    stale_token = re.search(r'name="csrf_token" value="([^"]+)"', stale_page).group(1)
    assert first.post(f"/attempts/{attempt}/finish", data={"csrf_token": token}).status_code == 303
    with app.app_context():
        before = db.session.scalar(select(Attempt))
        score, finished_at = before.points, before.finished_at
        db.session.remove()
    response = stale.post(
        f"/attempts/{attempt}/{where['short-target']}", data={"answer": "CD19", "csrf_token": stale_token}
    )
    assert response.status_code == 409
    assert "This attempt is finished" in response.get_data(as_text=True)
    assert stale.post(f"/attempts/{attempt}/finish", data={"csrf_token": stale_token}).status_code == 303
    with app.app_context():
        after = db.session.scalar(select(Attempt))
        assert (after.points, after.finished_at) == (score, finished_at)
        assert count(Response) == 1
        db.session.remove()


# --- database faults -----------------------------------------------------------------------------


class Fault:
    """Makes the next SQL statement that starts with `prefix` fail, as a full disk or I/O error would."""

    def __init__(self, app, prefix: str) -> None:
        self.prefix = prefix
        self.armed = True
        with app.app_context():
            self.engine = db.engine

    def __enter__(self) -> Fault:
        event.listen(self.engine, "before_cursor_execute", self._fail)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._fail)

    def _fail(self, _conn, _cursor, statement: str, *_args) -> None:
        if self.armed and statement.lstrip().upper().startswith(self.prefix):
            self.armed = False
            raise sqlite3.OperationalError("disk I/O error")


def test_a_database_error_midway_through_starting_rolls_back_and_shows_a_503(app, client):
    with Fault(app, "INSERT INTO ATTEMPT_ITEM") as fault:
        response = client.post("/banks/every-type", data={"count": "all", "mode": "practice"})
    assert not fault.armed, "the fault never fired"
    assert response.status_code == 503
    assert "Nothing was saved" in response.get_data(as_text=True)
    # The learner, the question versions and the attempt were written before the failure: all undone.
    for model in (Learner, QuestionVersion, Attempt):
        assert count(model, app=app) == 0, model
    # The next request works.
    assert client.get("/").status_code == 200
    assert client.post("/banks/every-type", data={"count": "all", "mode": "practice"}).status_code == 303
    assert count(Attempt, app=app) == 1


def test_a_database_error_while_answering_shows_a_503_and_the_retry_stores_once(app, quiz, caplog):
    attempt = quiz.start()
    url = f"/attempts/{attempt}/{positions(app, attempt)['tf-cart']}"
    with Fault(app, "INSERT INTO RESPONSE") as fault, caplog.at_level(logging.WARNING, logger=app.logger.name):
        failed = quiz.client.post(url, data={"answer": "true"})
    assert not fault.armed
    assert failed.status_code == 503
    # Whoever runs the server is told what failed and where, with the error itself.
    logged = [r for r in caplog.records if r.getMessage() == f"database error on POST {url}"]
    assert logged and "disk I/O error" in str(logged[0].exc_info[1])
    assert count(Response, app=app) == 0
    assert quiz.client.post(url, data={"answer": "true"}).status_code == 303
    assert quiz.client.post(url, data={"answer": "true"}).status_code == 303
    assert count(Response, app=app) == 1


def test_a_write_lock_held_too_long_elsewhere_gives_a_503_then_recovers(app, quiz, app_config):
    attempt = quiz.start()
    url = f"/attempts/{attempt}/{positions(app, attempt)['tf-cart']}"
    with app.app_context():
        engine = db.engine

    def short_wait(dbapi_connection, _record) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=200")

    event.listen(engine, "connect", short_wait)
    engine.dispose()  # new connections get the short wait
    path = app_config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        started = time.monotonic()
        response = quiz.client.post(url, data={"answer": "true"})
        assert response.status_code == 503
        assert time.monotonic() - started < 5
        assert "busy" in response.get_data(as_text=True)
        other.execute("ROLLBACK")
        assert quiz.client.post(url, data={"answer": "true"}).status_code == 303
    finally:
        other.close()
        event.remove(engine, "connect", short_wait)
    assert count(Response, app=app) == 1


# --- a real multi-process server -----------------------------------------------------------------

LOAD_QUESTIONS = 30


def _load_bank() -> str:
    questions = [
        {
            "id": f"q{n}",
            "type": "single",
            "prompt": f"Question {n}?",
            "explanation": "Because.",
            "choices": [{"text": "Right", "correct": True}, {"text": "Wrong"}],
        }
        for n in range(LOAD_QUESTIONS)
    ]
    return yaml.safe_dump({"title": "Load", "questions": questions})


class Browser:
    """A minimal HTTP client with one session cookie (no redirects followed)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie = ""

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            headers = {"Cookie": self.cookie} if self.cookie else {}
            if body is not None:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            page = response.read().decode()
            cookie = response.getheader("Set-Cookie")
            if cookie:
                self.cookie = cookie.split(";")[0]
            return response.status, response.getheader("Location") or "", page
        finally:
            connection.close()

    def start(self) -> tuple[str, str]:
        _, _, page = self.request("GET", "/banks/load")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        status, location, _ = self.request("POST", "/banks/load", f"count=all&mode=exam&csrf_token={token}")
        assert status == 303, status
        return location.split("/")[2], token


def workers_of(master: int) -> list[int]:
    """The child processes of `master` (a gunicorn's workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                found.append(int(entry.name))
    return found


class Gunicorn:
    """gunicorn with two sync workers on a free port of 127.0.0.1, serving a migrated file database."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        questions = tmp_path / "questions"
        questions.mkdir()
        (questions / "load.yaml").write_text(_load_bank(), encoding="utf-8")
        self.db_path = tmp_path / "quiz.sqlite3"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZ_")}
        self.env.update(
            QUIZ_DATABASE_URL=f"sqlite:///{self.db_path}",
            QUIZ_QUESTIONS_DIR=str(questions),
            QUIZ_SECRET_KEY="reliability-test-secret-key-0123456789-abcdef",
            QUIZ_INSTANCE_DIR=str(tmp_path / "instance"),
        )
        # Schema by migration, as `python run.py` does it (`-m` imports this checkout's quiz from cwd).
        subprocess.run(
            [sys.executable, "-m", "flask", "--app", "quiz:create_app", "db", "upgrade"],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            timeout=60,
        )
        self.log = (tmp_path / "gunicorn.log").open("w+")
        options = ("--timeout", "20", "--graceful-timeout", "3")
        self.process, self.port = start_gunicorn(
            self.env, self.log, *options, ready=lambda pid: len(workers_of(pid)) == 2
        )

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def workers(self) -> list[int]:
        """The worker processes of this server."""
        return workers_of(self.process.pid)

    def stop(self) -> None:
        stop_process(self.process)
        self.log.close()


@pytest.fixture
def gunicorn(tmp_path):
    server = Gunicorn(tmp_path)
    yield server
    server.stop()


def _integrity(db_path: Path) -> tuple[str, list]:
    with sqlite3.connect(db_path) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0], connection.execute(
            "PRAGMA foreign_key_check"
        ).fetchall()


@pytest.mark.slow
def test_killing_a_worker_mid_load_loses_no_acknowledged_answer(gunicorn):
    learners = 4
    deadline = time.monotonic() + 15
    browsers = [Browser(gunicorn.port) for _ in range(learners)]
    started = [browser.start() for browser in browsers]
    acknowledged: set[tuple[str, int]] = set()
    failures: list[str] = []
    progress = threading.Semaphore(0)
    lock = threading.Lock()

    def answer_all(browser: Browser, attempt: str, token: str) -> None:
        for position in range(1, LOAD_QUESTIONS + 1):
            for _try in range(3):  # a post cut off by the kill is sent again, as a user would
                if time.monotonic() > deadline:
                    return
                try:
                    status, _, page = browser.request(
                        "POST", f"/attempts/{attempt}/{position}", f"answer=0&csrf_token={token}"
                    )
                except (OSError, http.client.HTTPException) as exc:
                    with lock:
                        failures.append(f"{position}: {exc!r}")
                    time.sleep(0.05)
                    continue
                assert status in (303, 503), (status, page[-300:])
                if status == 303:
                    with lock:
                        acknowledged.add((attempt, position))
                    progress.release()
                    break

    threads = [threading.Thread(target=answer_all, args=(b, *s)) for b, s in zip(browsers, started, strict=True)]
    for thread in threads:
        thread.start()
    # Kill one worker with SIGKILL once a quarter of the answers are in: no cleanup, no goodbye.
    for _ in range(learners * LOAD_QUESTIONS // 4):
        assert progress.acquire(timeout=15), "the load did not get going"
    victim = gunicorn.workers()[0]
    os.kill(victim, signal.SIGKILL)
    killed_at = len(acknowledged)
    for thread in threads:
        thread.join(timeout=max(1.0, deadline - time.monotonic() + 5))
        assert not thread.is_alive()
    # gunicorn replaced the dead worker.
    replaced = time.monotonic() + 10
    while (victim in gunicorn.workers() or len(gunicorn.workers()) != 2) and time.monotonic() < replaced:
        time.sleep(0.1)
    workers = gunicorn.workers()
    gunicorn.stop()

    assert victim not in workers and len(workers) == 2, workers
    assert len(acknowledged) > killed_at, "nothing was answered after the kill"
    assert len(acknowledged) == learners * LOAD_QUESTIONS, failures
    with sqlite3.connect(gunicorn.db_path) as connection:
        stored = connection.execute(
            "SELECT attempt.public_id, response.position, COUNT(*) FROM response "
            "JOIN attempt ON attempt.id = response.attempt_id GROUP BY 1, 2"
        ).fetchall()
    counts = {(public_id, position): n for public_id, position, n in stored}
    for key in acknowledged:
        assert counts.get(key) == 1, key  # every acknowledged answer is there exactly once
    assert set(counts) == acknowledged
    assert _integrity(gunicorn.db_path) == ("ok", [])


@pytest.mark.slow
def test_double_submits_across_worker_processes_store_one_response(gunicorn):
    browser = Browser(gunicorn.port)
    attempt, token = browser.start()
    tabs = []
    for _ in range(12):
        tab = Browser(gunicorn.port)
        tab.cookie = browser.cookie
        tabs.append(tab)
    statuses = run_together(
        [lambda t=tab: t.request("POST", f"/attempts/{attempt}/1", f"answer=0&csrf_token={token}")[0] for tab in tabs]
    )
    assert statuses == [303] * 12
    status, _, _ = browser.request("POST", f"/attempts/{attempt}/finish", f"csrf_token={token}")
    assert status == 303
    gunicorn.stop()
    with sqlite3.connect(gunicorn.db_path) as connection:
        (stored,) = connection.execute("SELECT points FROM response").fetchall()
        points, maximum = connection.execute("SELECT points, max_points FROM attempt").fetchone()
    # Slot 0 is right or wrong depending on the shuffle; either way it counts once.
    assert points == stored[0] in (0.0, 1.0)
    assert maximum == float(LOAD_QUESTIONS)
    assert _integrity(gunicorn.db_path) == ("ok", [])


def test_services_refuse_to_answer_twice_even_when_called_directly(app):
    # The unique (attempt, question) constraint is the last line of defence behind the check in
    # record_answer: a second insert that slips past the check fails instead of double-counting.
    with app.app_context():
        bank = current_catalog(app).bank("every-type")
        public_id = attempts.start_attempt("token", bank, None, "exam")
        attempt = find_attempt("token", public_id)
        item = next(i for i in attempt.items if i.question_id == "tf-cart")
        answering.record_answer("token", public_id, item.position, True)
        duplicate = Response(
            attempt_id=attempt.id,
            position=item.position,
            question_id=item.question_id,
            version_hash=item.version_hash,
            answer=True,
            fraction=1.0,
            points=1.0,
            max_points=1.0,
            outcome="correct",
        )
        db.session.add(duplicate)
        with pytest.raises(Exception, match="UNIQUE constraint failed"):
            db.session.commit()
        db.session.rollback()
        assert db.session.scalar(text("SELECT COUNT(*) FROM response")) == 1
        db.session.remove()
