"""Spaced review, "I guessed" and progress through HTTP, with a fake clock the views and services read."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from test_quiz_http import identify, right_answer, wrong_answer

from quiz.extensions import db
from quiz.memory import aware
from quiz.models import MemoryCard
from quiz.services import answering
from quiz.services import attempts as attempt_services
from quiz.studying import routes as studying_routes
from quiz.taking import routes as taking_routes
from support import make_app, positions

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Clock:
    """The time the app sees; tests move it on."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    for module in (attempt_services, answering, studying_routes, taking_routes):
        monkeypatch.setattr(module, "utcnow", fake)
    return fake


def answer_all(app, quiz, wrong: str = "tf-cart", mode: str = "practice") -> str:
    """Start an attempt and answer every question right, except `wrong` (answered wrong)."""
    attempt = quiz.start(mode=mode)
    for position in positions(app, attempt).values():
        html = quiz.page(attempt, position)
        question = identify(html)
        data = wrong_answer(question, html) if question.id == wrong else right_answer(question, html)
        assert quiz.answer(attempt, position, data).status_code == 303
    return attempt


def due_of(app, question_id: str) -> datetime:
    with app.app_context():
        try:
            return aware(db.session.scalar(select(MemoryCard.due).filter_by(question_id=question_id)))
        finally:
            db.session.remove()


def test_nothing_due_for_a_new_learner(client):
    assert "Nothing is due right now" in client.get("/review").get_data(as_text=True)
    assert "due for spaced review" not in client.get("/").get_data(as_text=True)
    assert "No answers yet" in client.get("/progress").get_data(as_text=True)
    assert client.post("/review").status_code == 400


def test_due_questions_show_on_home_and_review_and_a_review_reschedules_them(app, client, quiz, clock):
    answer_all(app, quiz)
    assert "due for spaced review" not in client.get("/").get_data(as_text=True)
    clock.now = T0 + timedelta(days=3)
    home = client.get("/").get_data(as_text=True)
    assert "8 questions due for spaced review</a>" in home and 'href="/review"' in home
    page = client.get("/review").get_data(as_text=True)
    assert "<strong>8 questions</strong> are due" in page
    assert re.search(r"<th scope=\"row\">Checkpoints</th><td>1</td>", page)
    assert re.search(r"<th scope=\"row\">Testing</th><td>7</td>", page)
    started = client.post("/review")
    assert started.status_code == 303
    review_id = re.search(r"/attempts/([^/]+)/1$", started.headers["Location"]).group(1)
    where = positions(app, review_id)
    assert len(where) == 8 and where["tf-cart"] == 1  # the wrong one is the most overdue
    assert "Spaced review" in quiz.page(review_id, 1)
    assert quiz.answer(review_id, 1, {"answer": "true"}).status_code == 303
    assert due_of(app, "tf-cart") > clock.now
    assert "<strong>7 questions</strong> are due" in client.get("/review").get_data(as_text=True)


def test_the_review_page_says_when_the_next_questions_come_due(app, client, quiz, clock):
    answer_all(app, quiz, wrong="")
    page = client.get("/review").get_data(as_text=True)
    assert "Nothing is due right now." in page
    assert "The next question comes due on <strong>2026-03-02 09:10 UTC</strong>" in page


def test_starting_a_review_needs_the_csrf_token(app_config, clock):
    with make_app({**app_config, "WTF_CSRF_ENABLED": True}) as app:
        assert app.test_client().post("/review").status_code == 400


def test_i_guessed_is_offered_once_for_a_right_practice_answer(app, client, quiz, clock):
    attempt = answer_all(app, quiz)
    where = positions(app, attempt)
    right, wrong = where["short-target"], where["tf-cart"]
    assert "I guessed" in quiz.page(attempt, right)
    assert "I guessed" not in quiz.page(attempt, wrong)
    before = due_of(app, "short-target")
    marked = client.post(f"/attempts/{attempt}/{right}/guessed")
    assert marked.status_code == 303
    assert due_of(app, "short-target") < before  # Hard comes back sooner than Good
    page = quiz.page(attempt, right)
    assert "I guessed" not in page and "Marked as a guess" in page
    assert client.post(f"/attempts/{attempt}/{right}/guessed").status_code == 409  # a replay
    assert client.post(f"/attempts/{attempt}/{wrong}/guessed").status_code == 400
    assert client.post(f"/attempts/{attempt}/99/guessed").status_code == 404
    assert client.post(f"/attempts/nosuchattempt/{right}/guessed").status_code == 404
    assert client.get(f"/attempts/{attempt}/{right}/guessed").status_code == 405
    other = app.test_client()  # another browser: another learner
    assert other.post(f"/attempts/{attempt}/{right}/guessed").status_code == 404


def test_progress_counts_answered_and_retained_per_topic_with_a_chart(app, client, quiz, clock):
    attempt = answer_all(app, quiz)
    clock.now = T0 + timedelta(minutes=15)
    answer_all(app, quiz, wrong="")  # right again after the learning steps: all but tf-cart retained
    clock.now = T0 + timedelta(days=1)
    page = client.get("/progress").get_data(as_text=True)
    assert '<th scope="row">Testing</th><td>7 of 7</td><td>6</td>' in page
    assert '<th scope="row">Checkpoints</th><td>1 of 1</td><td>1</td>' in page
    assert 'role="img"' in page and 'aria-describedby="progress-chart-desc"' in page
    assert "<td>7 (87.5%)</td>" in page
    results = client.get(f"/attempts/{attempt}")
    assert results.status_code == 302  # not finished: the results page is reached after finishing
    quiz.finish(attempt)
    assert 'href="/progress"' in client.get(f"/attempts/{attempt}").get_data(as_text=True)
