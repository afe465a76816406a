"""A student does a spaced review in a real browser, by keyboard, with and without JavaScript.

The app runs in this process (tests/browser/server.py), so a fake clock makes days pass between the quiz
and the review; the review and progress pages with questions due also go through the accessibility audit.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from test_accessibility import audit
from test_taking import QUESTIONS, start_quiz

from quiz.services import answering
from quiz.services import attempts as attempt_services
from quiz.studying import routes as studying_routes
from quiz.taking import routes as taking_routes

pytestmark = pytest.mark.browser


@pytest.fixture
def clock(monkeypatch):
    """The time the app sees, starting now; the test moves `clock.now` on."""

    class Clock:
        now = datetime.now(UTC)

        def __call__(self) -> datetime:
            return self.now

    fake = Clock()
    for module in (attempt_services, answering, studying_routes, taking_routes):
        monkeypatch.setattr(module, "utcnow", fake)
    return fake


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_questions_answered_days_ago_come_back_in_a_spaced_review(new_student, clock, javascript):
    student = new_student(javascript=javascript)
    page = student.page
    if javascript:
        page.context.add_init_script(AXE_SCRIPT)
    start_quiz(student, "practice")
    for number in range(1, QUESTIONS + 1):
        student.answer(javascript)
        if number < QUESTIONS:
            student.tab_to_id("next-link")
            student.press_and_wait("Enter")
    student.open("/")
    assert "due for spaced review" not in student.text("main")

    clock.now += timedelta(days=3)
    student.open("/")
    student.follow_link(f"{QUESTIONS} questions due for spaced review")
    assert student.heading() == "Spaced review"
    assert f"{QUESTIONS} questions are due for review" in student.text("main")
    # axe runs as a page script: only where scripts run (the pages themselves are the same without).
    problems = audit(page, "review page, questions due") if javascript else []
    student.press_button(f"Review the {QUESTIONS} questions now")
    assert student.heading() == f"Question 1 of {QUESTIONS}"
    assert "Spaced review" in student.text(".eyebrow")
    # The one answered wrong three days ago is the most overdue, so it comes first.
    assert student.question_key() == "Which drug blocks"
    student.answer(javascript)
    assert student.text("#feedback .badge").endswith("Incorrect")

    student.follow_link("Review")
    assert f"{QUESTIONS - 1} questions are due for review" in student.text("main")
    student.follow_link("Progress")
    assert student.heading() == "Your progress"
    assert page.locator("svg.topic-chart").get_attribute("role") == "img"
    problems += audit(page, "progress page") if javascript else []
    assert not problems, "\n".join(problems)
    assert student.console_errors == []
