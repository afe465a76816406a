"""The service layer against a real SQLite database: versions, sampling, grading at submit time."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import event, select

from quiz import exceptions
from quiz.extensions import db
from quiz.models import Attempt, QuestionVersion, Response
from quiz.queries.attempts import attempt_progress, find_attempt, question_by_hash, recent_attempts
from quiz.services import answering, attempts
from support import BANK, count

TOKEN = "learner-token"


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


def test_versions_are_stored_once_by_content_hash(ctx):
    attempts.start_attempt(TOKEN, BANK, None, "exam")
    attempts.start_attempt(TOKEN, BANK, None, "practice")
    assert count(Attempt) == 2
    assert count(QuestionVersion) == len(BANK.questions)


def test_a_sample_draws_distinct_questions(ctx):
    public_id = attempts.start_attempt(TOKEN, BANK, 3, "exam", rng=random.Random(4))
    attempt = find_attempt(TOKEN, public_id)
    ids = [item.question_id for item in attempt.items]
    assert len(ids) == len(set(ids)) == 3
    assert [item.position for item in attempt.items] == [1, 2, 3]


def test_unknown_mode_is_refused(ctx):
    with pytest.raises(exceptions.QuizError):
        attempts.start_attempt(TOKEN, BANK, None, "speedrun")
    assert count(Attempt) == 0


def test_record_answer_grades_and_stores_once(ctx):
    public_id = attempts.start_attempt(TOKEN, BANK, None, "exam")
    attempt = find_attempt(TOKEN, public_id)
    item = next(i for i in attempt.items if i.question_id == "tf-cart")
    result = answering.record_answer(TOKEN, public_id, item.position, True)
    assert result.points == 1.0
    with pytest.raises(exceptions.AlreadyAnswered) as again:
        answering.record_answer(TOKEN, public_id, item.position, True)
    assert again.value.same is True
    with pytest.raises(exceptions.AlreadyAnswered) as changed:
        answering.record_answer(TOKEN, public_id, item.position, False)
    assert changed.value.same is False
    stored = db.session.scalars(select(Response)).one()
    assert (stored.answer, stored.points, stored.outcome) == (True, 1.0, "correct")
    assert stored.version_hash == BANK.question("tf-cart").content_hash


def test_the_feedback_and_part_marks_of_the_grade_are_stored_with_the_answer(ctx):
    public_id = attempts.start_attempt(TOKEN, BANK, None, "practice")
    positions = {i.question_id: i.position for i in find_attempt(TOKEN, public_id).items}
    close = answering.record_answer(TOKEN, public_id, positions["short-target"], "CD20")
    matched = answering.record_answer(TOKEN, public_id, positions["matching-drugs"], ["PD-1", "CD20", "CTLA-4"])
    stored = {r.question_id: r for r in db.session.scalars(select(Response))}
    assert stored["short-target"].feedback == ["Close, but rituximab targets CD20."] == list(close.feedback)
    assert stored["matching-drugs"].parts == [True, False, False] == list(matched.parts)
    assert stored["short-target"].parts == list(close.parts)
    assert stored["matching-drugs"].feedback == list(matched.feedback)


def test_progress_is_plain_values_that_a_commit_does_not_expire(ctx):
    public_id = attempts.start_attempt(TOKEN, BANK, None, "exam")
    progress = attempt_progress(TOKEN, public_id)
    scored = [p for p, version in progress.items if question_by_hash(version).scored]
    assert progress.open_positions() == scored
    tf_cart = next(p for p, version in progress.items if version == BANK.question("tf-cart").content_hash)
    answering.record_answer(TOKEN, public_id, tf_cart, True)  # commits
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        seen = (progress.attempt.mode, progress.attempt.public_id, progress.attempt.finished, progress.open_positions())
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert statements == []  # nothing was reloaded
    assert seen == ("exam", public_id, False, scored)  # as read before the answer was stored
    assert attempt_progress(TOKEN, public_id).open_positions() == [p for p in scored if p != tf_cart]


def test_finish_stores_the_total_of_the_stored_points(ctx):
    public_id = attempts.start_attempt(TOKEN, BANK, None, "exam")
    attempt = find_attempt(TOKEN, public_id)
    positions = {i.question_id: i.position for i in attempt.items}
    answering.record_answer(TOKEN, public_id, positions["tf-cart"], True)
    answering.record_answer(TOKEN, public_id, positions["numeric-domains"], 2.0)  # half credit of 2 points
    finished = attempts.finish_attempt(TOKEN, public_id)
    assert finished.points == 2.0
    assert finished.max_points == sum(q.points for q in BANK.questions)
    with pytest.raises(exceptions.AttemptFinished):
        answering.record_answer(TOKEN, public_id, positions["short-target"], "CD19")


def test_another_learner_cannot_reach_the_attempt(ctx):
    public_id = attempts.start_attempt(TOKEN, BANK, None, "exam")
    for token in ("someone-else", None, ""):
        with pytest.raises(exceptions.AttemptNotFound):
            find_attempt(token, public_id)
        with pytest.raises(exceptions.AttemptNotFound):
            attempt_progress(token, public_id)
        with pytest.raises(exceptions.AttemptNotFound):
            answering.record_answer(token, public_id, 1, True)
    assert count(Response) == 0


def test_retry_takes_only_questions_not_fully_right(ctx):
    public_id = attempts.start_attempt(TOKEN, BANK, None, "practice")
    attempt = find_attempt(TOKEN, public_id)
    positions = {i.question_id: i.position for i in attempt.items}
    answering.record_answer(TOKEN, public_id, positions["tf-cart"], True)
    answering.record_answer(TOKEN, public_id, positions["numeric-domains"], 2.0)  # partial
    with pytest.raises(exceptions.QuizError):
        attempts.start_retry(TOKEN, public_id)  # not finished yet
    attempts.finish_attempt(TOKEN, public_id)
    retry = find_attempt(TOKEN, attempts.start_retry(TOKEN, public_id))
    assert sorted(i.question_id for i in retry.items) == sorted(q.id for q in BANK.questions if q.id != "tf-cart")


def test_history_survives_edits_of_the_bank_file(client, quiz, questions_dir, app):
    attempt = quiz.start()
    bank_file = questions_dir / "every-type.yaml"
    bank_file.write_text(bank_file.read_text().replace("Which drug blocks", "Which antibody blocks"))
    pages = [quiz.page(attempt, n) for n in range(1, len(BANK.questions) + 1)]
    assert any("Which drug blocks" in page for page in pages)  # the attempt keeps the version it drew
    assert not any("Which antibody blocks" in page for page in pages)
    fresh = quiz.start()
    fresh_pages = [quiz.page(fresh, n) for n in range(1, len(BANK.questions) + 1)]
    assert any("Which antibody blocks" in page for page in fresh_pages)
    with app.app_context():
        assert count(QuestionVersion) == len(BANK.questions) + 1  # only the edited question is new


def test_history_lists_each_attempt_with_its_counts_and_points(ctx):
    finished = attempts.start_attempt(TOKEN, BANK, None, "exam")
    positions = {i.question_id: i.position for i in find_attempt(TOKEN, finished).items}
    answering.record_answer(TOKEN, finished, positions["tf-cart"], True)
    answering.record_answer(TOKEN, finished, positions["numeric-domains"], 2.0)  # half of 2 points
    attempts.finish_attempt(TOKEN, finished)
    open_one = attempts.start_attempt(TOKEN, BANK, 3, "practice", rng=random.Random(1))
    first = find_attempt(TOKEN, open_one).items[0]
    answering.record_answer(TOKEN, open_one, first.position, None)  # a blank answer counts as answered, 0 points
    attempts.start_attempt("someone-else", BANK, None, "exam")
    newest, oldest = recent_attempts(TOKEN)
    assert (newest.public_id, newest.mode, newest.finished) == (open_one, "practice", False)
    assert (newest.questions, newest.answered, newest.points) == (3, 1, 0.0)
    assert (oldest.public_id, oldest.finished, oldest.questions, oldest.answered) == (finished, True, 8, 2)
    assert oldest.points == 2.0 and oldest.max_points == sum(q.points for q in BANK.questions)
    assert [a.public_id for a in recent_attempts(TOKEN, limit=1)] == [open_one]
    assert recent_attempts(None) == []
