"""A timed exam in a real browser, by keyboard: the time left is shown, the last minute is announced, and an
answer sent after the deadline is refused with a page saying so. Time passes by moving the stored deadline
(the server keeps it), never by waiting a minute."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from sqlalchemy import update
from test_accessibility import audit

from quiz.extensions import db
from quiz.models import Attempt

pytestmark = pytest.mark.browser

ANNOUNCER = "() => document.getElementById('time-announcer').textContent"


def move_deadline(app: Any, page_url: str, seconds_from_now: float) -> None:
    public_id = re.search(r"/attempts/([^/]+)/", page_url).group(1)
    with app.app_context():
        deadline = datetime.now(UTC) + timedelta(seconds=seconds_from_now)
        db.session.execute(update(Attempt).where(Attempt.public_id == public_id).values(deadline=deadline))
        db.session.commit()


def start_timed_exam(student: Any, minutes: str) -> None:
    """Bank page by keyboard: all questions, exam mode, a time limit, Start."""
    student.open("/banks/every-type")
    student.choose_in_select("count", "All 8 questions")
    student.tab_until("(e) => e.name === 'mode'")
    student.page.keyboard.press("ArrowDown")
    assert student.page.is_checked("#mode-exam")
    student.tab_to_id("time_limit")
    student.page.keyboard.type(minutes)
    student.press_button("Start the quiz")
    assert student.heading() == "Question 1 of 8"


def test_a_one_minute_exam_counts_down_announces_the_last_minute_and_refuses_a_late_answer(new_student, live_app):
    app = live_app
    student = new_student()
    page = student.page
    start_timed_exam(student, "1")
    assert "Timed exam (1 minute)" in student.text("#time-left")
    assert re.fullmatch(r"[01]:\d\d", student.text("#countdown"))
    assert page.get_attribute("#countdown", "role") == "timer"
    # The whole exam is the last minute: announced once, politely.
    page.wait_for_function(f"() => ({ANNOUNCER})() === 'One minute left.'")
    assert page.get_attribute("#time-announcer", "aria-live") == "polite"
    student.answer(True)  # in time: stored, on to question 2
    assert student.heading() == "Question 2 of 8"

    move_deadline(app, page.url, 2)
    page.reload()
    page.wait_for_function(f"() => ({ANNOUNCER})() === 'Time is up. Answers are no longer accepted.'", timeout=6000)
    assert student.text("#countdown") == "0:00"
    student.answer(True)  # too late
    assert student.heading() == "Time is up"
    assert "not saved" in student.text("main")
    student.follow_link("See your results")
    assert student.heading() == "Your results"
    # Scored with the one answer given in time; the late one was not stored.
    assert page.locator("article.review-item .badge", has_text="Not answered").count() == 7
    assert student.console_errors == []


def test_without_javascript_the_deadline_is_text_and_a_late_answer_is_refused(new_student, live_app):
    app = live_app
    student = new_student(javascript=False)
    page = student.page
    start_timed_exam(student, "30")
    time_left = student.text("#time-left")
    assert re.search(r"accepted until \d\d:\d\d UTC, about 30 minutes after this page was loaded", time_left)
    assert not page.is_visible("#countdown")
    move_deadline(app, page.url, -1)
    student.answer(False)
    assert student.heading() == "Time is up"
    student.open("/")
    assert page.locator("a.continue").count() == 0


def test_the_timed_pages_pass_the_accessibility_checks(new_student, live_app):
    app = live_app
    student = new_student(reduced_motion="reduce")
    page = student.page
    page.context.add_init_script(AXE_SCRIPT)
    problems: list[str] = []
    start_timed_exam(student, "10")
    problems += audit(page, "timed question page")
    student.open("/")
    problems += audit(page, "index with an unfinished attempt")
    student.follow_link(student.text("a.continue"))
    move_deadline(app, page.url, -1)
    student.answer(True)
    assert student.heading() == "Time is up"
    problems += audit(page, "time-up page")
    assert not problems, "\n".join(problems)
