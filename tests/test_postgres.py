"""The same code on PostgreSQL: migrations, a whole attempt, and once-only answers under concurrency.

Uses QUIZ_TEST_POSTGRES_URL when set; otherwise starts a throwaway PostgreSQL cluster from the
Debian packages (as the postgres user, on a Unix socket in a temp folder) and removes it after.
Without PostgreSQL the tests are skipped with how to install it, unless QUIZ_REQUIRE_POSTGRES=1
(CI), which turns a missing server into a failure.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, insert, inspect, select, update

from quiz import create_app
from quiz.exceptions import AlreadyAnswered, AlreadyGuessed, InvalidRecoveryCode, TimeIsUp
from quiz.extensions import db
from quiz.models import Attempt, Learner, MemoryCard, MemoryReview, Response, as_utc, utcnow
from quiz.queries.attempts import attempt_progress, find_attempt, recent_attempts
from quiz.queries.home import home_reads
from quiz.queries.results import attempt_results
from quiz.services import answering, attempts, remembering, restoring
from support import BANK

pytestmark = pytest.mark.slow
PG_BIN = Path("/usr/lib/postgresql")


def _missing(reason: str):
    if os.environ.get("QUIZ_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL is required here (QUIZ_REQUIRE_POSTGRES=1): {reason}")
    pytest.skip(f"{reason}; install it with `apt-get install postgresql` or set QUIZ_TEST_POSTGRES_URL")


@pytest.fixture(scope="module")
def postgres_url():
    url = os.environ.get("QUIZ_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _missing("the psycopg driver is not installed")
    versions = sorted(PG_BIN.glob("*/bin/initdb"))
    if not versions:
        _missing("no PostgreSQL server binaries were found")
    bin_dir = versions[-1].parent
    run_as = [] if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--"]
    folder = Path(tempfile.mkdtemp(prefix="quiz-pg-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
    data = folder / "data"
    subprocess.run(
        [*run_as, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"],
        check=True,
        capture_output=True,
    )
    options = f"-c listen_addresses='' -k {folder} -c fsync=off"
    subprocess.run(
        [*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(folder / "log"), "start"],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={folder}"
    finally:
        subprocess.run(
            [*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], capture_output=True
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_app(postgres_url, tmp_path):
    schema = f"t_{uuid.uuid4().hex[:10]}"
    # Each test works in a schema of its own, so tests never see each other's rows.
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x" * 40,
            "SQLALCHEMY_DATABASE_URI": postgres_url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-csearch_path={schema}"}},
            "QUESTIONS_DIR": str(tmp_path),
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        with db.engine.begin() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
        upgrade()  # the real migrations, not create_all
        yield app
        db.session.remove()
        with db.engine.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        db.engine.dispose()


def test_migrations_create_the_schema_on_postgresql(pg_app):
    schema = db.session.scalar(select(func.current_schema()))
    assert schema.startswith("t_")  # the test's own schema, created by the migrations
    names = set(inspect(db.engine).get_table_names(schema=schema))
    assert {"learner", "attempt", "attempt_item", "response", "question_version", "alembic_version"} <= names
    unique = {tuple(c["column_names"]) for c in inspect(db.engine).get_unique_constraints("response", schema=schema)}
    assert ("attempt_id", "question_id") in unique


def test_a_whole_attempt_on_postgresql(pg_app):
    public_id = attempts.start_attempt("token", BANK, None, "exam")
    attempt = find_attempt("token", public_id)
    where = {item.question_id: item.position for item in attempt.items}
    assert answering.record_answer("token", public_id, where["tf-cart"], True).points == 1
    assert answering.record_answer("token", public_id, where["multiple-checkpoints"], [0]).points == 0.5
    assert answering.record_answer("token", public_id, where["matching-drugs"], ["PD-1", "CTLA-4", "CD20"]).points
    with pytest.raises(AlreadyAnswered) as again:
        answering.record_answer("token", public_id, where["tf-cart"], True)
    assert again.value.same is True
    answered = {where["tf-cart"], where["multiple-checkpoints"], where["matching-drugs"]}
    assert attempt_progress("token", public_id).answered == answered
    finished = attempts.finish_attempt("token", public_id)
    assert finished.points == pytest.approx(1 + 0.5 + 2 / 3, abs=1e-3)
    (summary,) = recent_attempts("token")
    assert (summary.public_id, summary.finished, summary.questions, summary.answered) == (public_id, True, 8, 3)
    matched = db.session.scalars(select(Response).where(Response.question_id == "matching-drugs")).one()
    assert matched.parts == [True, True, False]  # two of three pairs right: 2/3 of the points


def test_the_results_read_gives_back_the_stored_json_on_postgresql(pg_app):
    public_id = attempts.start_attempt("token", BANK, None, "exam")
    position = next(i.position for i in find_attempt("token", public_id).items if i.question_id == "matching-drugs")
    answering.record_answer("token", public_id, position, ["PD-1", "CTLA-4", None])
    attempts.finish_attempt("token", public_id)
    kept = attempt_results("token", public_id).answers[position]
    assert (kept.answer, kept.parts, kept.outcome) == (["PD-1", "CTLA-4", None], [True, True, False], "partial")
    assert isinstance(kept.feedback, list)


def test_concurrent_double_submits_store_one_response_on_postgresql(pg_app):
    public_id = attempts.start_attempt("token", BANK, None, "exam")
    position = next(i.position for i in find_attempt("token", public_id).items if i.question_id == "tf-cart")
    db.session.remove()

    def submit(_):
        with pg_app.app_context():
            try:
                answering.record_answer("token", public_id, position, True)
                return "stored"
            except AlreadyAnswered as repeat:
                return "same repeat" if repeat.same else "different repeat"
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(submit, range(16)))
    assert outcomes.count("stored") == 1
    # Each repeat is recognised as the same answer (a double click: the same page as the first post, not a 409).
    assert outcomes.count("same repeat") == 15
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1


def test_a_late_answer_and_concurrent_restores_on_postgresql(pg_app):
    public_id = attempts.start_attempt("a", BANK, None, "exam", time_limit=5)
    deadline = as_utc(find_attempt("a", public_id).deadline)
    with pytest.raises(TimeIsUp):
        answering.record_answer("a", public_id, 1, True, now=deadline + timedelta(seconds=1))
    assert find_attempt("a", public_id).finished
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0
    attempts.start_attempt("b", BANK, None, "practice")
    code = restoring.new_recovery_code("a")
    db.session.remove()

    def restore(_):
        with pg_app.app_context():
            try:
                return restoring.restore_with_code("b", code)
            except InvalidRecoveryCode:
                return "refused"
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(restore, range(4)))
    assert sorted(outcomes, key=str) == [1, "refused", "refused", "refused"]
    assert [s.public_id for s in recent_attempts("b")][-1] == public_id
    assert len(recent_attempts("b")) == 2 and recent_attempts("a") == []


def test_the_home_page_read_on_postgresql(pg_app):
    finished = attempts.start_attempt("token", BANK, None, "exam")
    attempts.finish_attempt("token", finished)
    open_one = attempts.start_attempt("token", BANK, None, "practice")
    where = {item.question_id: item.position for item in find_attempt("token", open_one).items}
    answering.record_answer("token", open_one, where["tf-cart"], True)
    reads = home_reads("token", utcnow() + timedelta(days=400), 5)
    assert reads.recent == recent_attempts("token", 5) and len(reads.recent) == 2
    (unfinished,) = reads.unfinished
    first_open = attempt_progress("token", open_one).open_positions()[0]
    assert (unfinished.attempt.public_id, unfinished.answered, unfinished.questions) == (open_one, 1, 8)
    assert unfinished.next_position == first_open
    assert reads.due == [("every-type", "tf-cart")]
    assert home_reads("token", utcnow(), 5).due == []  # not due yet


def _wait_for_a_blocked_query(timeout: float = 10.0) -> None:
    """Wait until some session of this server waits for a row lock."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with db.engine.connect() as connection:
            waiting = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            if connection.exec_driver_sql(waiting).scalar():
                return
        time.sleep(0.02)
    raise AssertionError("no query ever waited for the lock")


def _behind_a_request_ahead(app, action, meanwhile):
    """Run `action` (in its own app context) while a request ahead holds the learner "token"; once `action` waits
    for it, the request ahead runs `meanwhile(connection, learner_id)` and commits. Returns what `action` returned."""
    learner_id = db.session.scalar(select(Learner.id).where(Learner.token == "token"))
    db.session.remove()
    ahead = db.engine.connect()
    ahead.execute(select(Learner.id).where(Learner.id == learner_id).with_for_update())

    def behind():
        with app.app_context():
            try:
                return action()
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=1) as pool:
        waiting = pool.submit(behind)
        _wait_for_a_blocked_query()
        meanwhile(ahead, learner_id)
        ahead.commit()
        ahead.close()
        return waiting.result(timeout=30)


def test_an_answer_that_waited_for_the_learner_sees_the_memory_stored_meanwhile_on_postgresql(pg_app):
    attempts.start_attempt("token", BANK, None, "practice")  # the first attempt, answered by the request ahead
    second = attempts.start_attempt("token", BANK, None, "practice")
    position = next(i.position for i in find_attempt("token", second).items if i.question_id == "tf-cart")

    def store_first_memory(ahead, learner_id):
        # As an answer to tf-cart in the first attempt would, while the answer in the second attempt waits.
        now = utcnow()
        key = {"learner_id": learner_id, "bank_id": BANK.id, "question_id": "tf-cart"}
        memory = {"state": 1, "step": 0, "stability": 2.3, "difficulty": 5.0, "due": now, "last_review": now}
        ahead.execute(insert(MemoryCard).values(**key, **memory))

    def answer_in_second():
        return answering.record_answer("token", second, position, True)

    graded = _behind_a_request_ahead(pg_app, answer_in_second, store_first_memory)
    assert graded.outcome.value == "correct"
    assert db.session.scalar(select(func.count()).select_from(MemoryCard)) == 1
    # The answer was scheduled from the memory stored while it waited (not as a first review).
    review = db.session.scalars(select(MemoryReview)).one()
    assert review.before is not None and review.before["stability"] == 2.3


def test_a_guess_that_waited_for_the_learner_sees_the_guess_marked_meanwhile_on_postgresql(pg_app):
    public_id = attempts.start_attempt("token", BANK, None, "practice")
    position = next(i.position for i in find_attempt("token", public_id).items if i.question_id == "tf-cart")
    answering.record_answer("token", public_id, position, True)

    def guess():
        try:
            remembering.mark_guessed("token", public_id, position)
            return "marked"
        except AlreadyGuessed:
            return "already marked"

    def mark_it_first(ahead, _learner_id):
        ahead.execute(update(MemoryReview).values(guessed=True))

    assert _behind_a_request_ahead(pg_app, guess, mark_it_first) == "already marked"
