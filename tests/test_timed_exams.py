"""Timed exams: the deadline is kept on the server, late answers are refused, and the exam ends with the answers given.

The clock is faked: services take `now`, and HTTP tests move the stored deadline instead of waiting.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from quiz import exceptions
from quiz.extensions import db
from quiz.models import Attempt, Response, as_utc
from quiz.queries.attempts import AttemptFacts, find_attempt
from quiz.services import answering, attempts
from quiz.taking.pages import time_left
from support import BANK, VALID_ANSWERS, count, positions

TOKEN = "timed-learner"


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


def stored(app, public_id: str) -> Attempt:
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.public_id == public_id))
        db.session.expunge(attempt)
        return attempt


def move_deadline(app, public_id: str, deadline: datetime) -> None:
    """What the passing of time does to a timed exam, without waiting for it."""
    with app.app_context():
        db.session.execute(update(Attempt).where(Attempt.public_id == public_id).values(deadline=deadline))
        db.session.commit()


def start_timed(client, minutes: str = "30", mode: str = "exam"):
    return client.post("/banks/every-type", data={"count": "all", "mode": mode, "time_limit": minutes})


def attempt_id_of(response) -> str:
    return re.search(r"/attempts/([^/]+)/1$", response.headers["Location"]).group(1)


# --- the start page ---------------------------------------------------------------------------------


def test_the_start_page_offers_a_time_limit_that_is_empty_by_default(client):
    page = client.get("/banks/every-type").get_data(as_text=True)
    field = re.search(r'<input type="number" id="time_limit" name="time_limit"[^>]*>', page)
    assert field and 'value=""' in field.group(0)
    assert '<label for="time_limit">' in page


def test_an_exam_with_a_time_limit_keeps_its_deadline_on_the_server(app, client):
    before = datetime.now(UTC)
    response = start_timed(client, "30")
    assert response.status_code == 303
    attempt = stored(app, attempt_id_of(response))
    assert attempt.time_limit == 30
    assert as_utc(attempt.deadline) - as_utc(attempt.created_at) == timedelta(minutes=30)
    assert before + timedelta(minutes=30) <= as_utc(attempt.deadline) <= datetime.now(UTC) + timedelta(minutes=30)


def test_without_a_time_limit_an_exam_has_no_deadline(app, quiz):
    attempt = stored(app, quiz.start(mode="exam"))
    assert (attempt.time_limit, attempt.deadline) == (None, None)


@pytest.mark.parametrize(
    ("minutes", "mode"), [("30", "practice"), ("0", "exam"), ("-5", "exam"), ("301", "exam"), ("abc", "exam")]
)
def test_a_time_limit_outside_an_exam_or_out_of_range_is_refused(app, client, minutes, mode):
    response = start_timed(client, minutes, mode)
    assert response.status_code == 400
    assert 'class="errors" role="alert"' in response.get_data(as_text=True)
    assert count(Attempt, app=app) == 0


def test_the_service_refuses_a_time_limit_for_practice(ctx):
    with pytest.raises(exceptions.QuizError):
        attempts.start_attempt(TOKEN, BANK, None, "practice", time_limit=10)
    assert count(Attempt) == 0


# --- the deadline, with a fake clock ------------------------------------------------------------------


def test_an_answer_before_the_deadline_is_stored_and_one_after_it_is_refused_and_ends_the_exam(ctx):
    public_id = attempts.start_attempt(TOKEN, BANK, None, "exam", time_limit=10)
    deadline = as_utc(find_attempt(TOKEN, public_id).deadline)
    where = {item.question_id: item.position for item in find_attempt(TOKEN, public_id).items}
    answering.record_answer(TOKEN, public_id, where["tf-cart"], True, now=deadline - timedelta(seconds=1))
    with pytest.raises(exceptions.TimeIsUp):
        answering.record_answer(TOKEN, public_id, where["single-pd1"], 0, now=deadline + timedelta(seconds=1))
    assert [r.question_id for r in db.session.scalars(select(Response))] == ["tf-cart"]
    attempt = find_attempt(TOKEN, public_id)
    assert attempt.finished
    assert as_utc(attempt.finished_at) == deadline  # ended when time ran out, not when the late answer came
    assert attempt.points == 1.0  # the answer given in time
    with pytest.raises(exceptions.AttemptFinished):
        answering.record_answer(TOKEN, public_id, where["single-pd1"], 0, now=deadline - timedelta(minutes=1))


def test_an_answer_exactly_at_the_deadline_is_late(ctx):
    public_id = attempts.start_attempt(TOKEN, BANK, None, "exam", time_limit=1)
    deadline = as_utc(find_attempt(TOKEN, public_id).deadline)
    with pytest.raises(exceptions.TimeIsUp):
        answering.record_answer(TOKEN, public_id, 1, True, now=deadline)
    assert count(Response) == 0


def test_finish_if_timed_out_only_finishes_exams_whose_time_is_up(ctx):
    timed = attempts.start_attempt(TOKEN, BANK, None, "exam", time_limit=5)
    untimed = attempts.start_attempt(TOKEN, BANK, None, "exam")
    deadline = as_utc(find_attempt(TOKEN, timed).deadline)
    assert attempts.finish_if_timed_out(TOKEN, timed, now=deadline - timedelta(seconds=1)) is False
    assert attempts.finish_if_timed_out(TOKEN, untimed, now=deadline + timedelta(days=1)) is False
    assert attempts.finish_if_timed_out(TOKEN, timed, now=deadline + timedelta(seconds=1)) is True
    assert attempts.finish_if_timed_out(TOKEN, timed, now=deadline + timedelta(seconds=2)) is False
    assert find_attempt(TOKEN, timed).finished
    assert not find_attempt(TOKEN, untimed).finished


def test_time_left_counts_down_with_the_clock():
    deadline = datetime(2026, 3, 1, 14, 30, tzinfo=UTC)
    facts = AttemptFacts(1, "p", "b", "B", "exam", 1, deadline, None, None, 1.0, 30, deadline)
    left = time_left(facts, deadline - timedelta(minutes=2, seconds=5))
    assert (left.seconds, left.minutes, left.clock) == (125, 3, "2:05")
    assert left.deadline_text == "14:30 UTC"
    assert time_left(facts, deadline - timedelta(seconds=0.4)).seconds == 1  # never zero before the deadline
    assert time_left(facts, deadline + timedelta(minutes=1)).seconds == 0
    untimed = AttemptFacts(1, "p", "b", "B", "exam", 1, deadline, None, None, 1.0)
    assert time_left(untimed, deadline) is None


# --- the pages ------------------------------------------------------------------------------------------


def test_the_question_page_states_the_deadline_as_text_and_carries_the_countdown(app, client):
    public_id = attempt_id_of(start_timed(client, "45"))
    deadline = as_utc(stored(app, public_id).deadline)
    page = client.get(f"/attempts/{public_id}/1").get_data(as_text=True)
    assert f'<time datetime="{deadline.isoformat()}">{deadline:%H:%M} UTC</time>' in page
    assert "Timed exam (45 minutes)" in page
    seconds = int(re.search(r'role="timer" id="countdown" data-seconds-left="(\d+)"', page).group(1))
    assert 44 * 60 < seconds <= 45 * 60
    assert re.search(r'<p id="time-announcer" class="visually-hidden" aria-live="polite"></p>', page)


def test_an_untimed_question_page_has_no_countdown(quiz):
    assert 'id="countdown"' not in quiz.page(quiz.start(mode="exam"), 1)


def test_an_answer_posted_after_the_deadline_gets_a_time_up_page_and_is_not_stored(app, client, quiz):
    public_id = attempt_id_of(start_timed(client, "20"))
    where = positions(app, public_id)
    assert quiz.answer(public_id, where["tf-cart"], VALID_ANSWERS["tf-cart"]).status_code == 303
    move_deadline(app, public_id, datetime.now(UTC) - timedelta(seconds=1))
    late = quiz.answer(public_id, where["short-target"], VALID_ANSWERS["short-target"])
    assert late.status_code == 409
    page = late.get_data(as_text=True)
    assert "<h1>Time is up</h1>" in page and "not saved" in page
    assert f'href="/attempts/{public_id}"' in page
    assert count(Response, app=app) == 1
    attempt = stored(app, public_id)
    assert attempt.finished_at is not None and attempt.points == 1.0
    results = client.get(f"/attempts/{public_id}")
    assert results.status_code == 200 and "Your results" in results.get_data(as_text=True)
    # A replay of the late post changes nothing: the attempt is finished.
    assert quiz.answer(public_id, where["short-target"], VALID_ANSWERS["short-target"]).status_code in (409, 303)
    assert count(Response, app=app) == 1


def test_opening_a_question_after_the_deadline_finishes_the_exam_and_shows_the_results(app, client):
    public_id = attempt_id_of(start_timed(client, "20"))
    move_deadline(app, public_id, datetime.now(UTC) - timedelta(minutes=1))
    response = client.get(f"/attempts/{public_id}/2")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/attempts/{public_id}")
    assert "Time is up" in client.get(f"/attempts/{public_id}").get_data(as_text=True)
    assert stored(app, public_id).finished_at is not None


def test_the_finish_page_after_the_deadline_goes_to_the_results(app, client):
    public_id = attempt_id_of(start_timed(client, "20"))
    move_deadline(app, public_id, datetime.now(UTC) - timedelta(minutes=1))
    response = client.get(f"/attempts/{public_id}/finish")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/attempts/{public_id}")
    assert stored(app, public_id).points == 0.0


def test_a_retry_of_a_timed_exam_is_untimed(app, client, quiz):
    public_id = attempt_id_of(start_timed(client, "20"))
    quiz.finish(public_id)
    retry = client.post(f"/attempts/{public_id}/retry")
    new_id = re.search(r"/attempts/([^/]+)/1$", retry.headers["Location"]).group(1)
    assert stored(app, new_id).deadline is None


# --- continuing unfinished attempts --------------------------------------------------------------------


def continue_links(page: str) -> list[str]:
    return re.findall(r'<a class="button continue" href="([^"]+)">Continue', page)


def test_the_home_page_continues_each_unfinished_attempt_at_its_first_unanswered_question(app, client, quiz):
    fresh = quiz.start(mode="exam")
    partly = quiz.start(mode="practice")
    where = positions(app, partly)
    first_two = sorted(where.values())[:2]
    by_position = {position: qid for qid, position in where.items()}
    for position in first_two:
        assert quiz.answer(partly, position, VALID_ANSWERS[by_position[position]]).status_code == 303
    done = quiz.start(mode="exam")
    quiz.finish(done)
    links = continue_links(client.get("/").get_data(as_text=True))
    assert links == [f"/attempts/{partly}/{first_two[-1] + 1}", f"/attempts/{fresh}/1"]


def test_an_attempt_with_every_question_answered_continues_at_the_finish_page(app, client, quiz):
    public_id = quiz.start(mode="exam")
    for qid, position in positions(app, public_id).items():
        assert quiz.answer(public_id, position, VALID_ANSWERS[qid]).status_code == 303
    assert continue_links(client.get("/").get_data(as_text=True)) == [f"/attempts/{public_id}/finish"]


def test_a_timed_out_exam_is_not_offered_to_continue(app, client):
    public_id = attempt_id_of(start_timed(client, "20"))
    assert continue_links(client.get("/").get_data(as_text=True)) == [f"/attempts/{public_id}/1"]
    move_deadline(app, public_id, datetime.now(UTC) - timedelta(seconds=1))
    assert continue_links(client.get("/").get_data(as_text=True)) == []


def test_a_new_browser_has_nothing_to_continue(client):
    page = client.get("/").get_data(as_text=True)
    assert "Unfinished attempts" not in page and continue_links(page) == []
