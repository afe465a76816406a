"""A student takes a whole quiz in a real browser, by keyboard only, with and without JavaScript."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

QUESTIONS = 8  # in tests/data/banks/every-type.yaml, one of each type


def start_quiz(student, mode: str) -> None:
    """From the home page to question 1, by keyboard: the bank link, the size select, the mode radios, Start."""
    student.open("/")
    student.follow_link("Every type")
    assert student.heading() == "Every type"
    student.choose_in_select("count", f"All {QUESTIONS} questions")
    student.tab_until("(e) => e.name === 'mode'")
    assert student.focused()["value"] == "practice"  # Tab lands on the checked radio
    if mode == "exam":
        student.page.keyboard.press("ArrowDown")
        assert student.page.is_checked("#mode-exam")
    student.press_button("Start the quiz")


def check_results(student, mode: str) -> None:
    page = student.page
    assert student.heading() == "Your results"
    summary = student.text(".score")
    assert "6.5 of 9 points (72.2%)" in summary
    assert "5 of 8 fully correct" in summary
    assert f"{mode.capitalize()} mode" in student.text(".eyebrow")
    # The per-topic chart is an image with a name and a full description; the table stays.
    chart = page.locator("svg.topic-chart")
    assert chart.get_attribute("role") == "img"
    assert page.evaluate("() => document.getElementById('topic-chart-title').textContent") == "Score by topic"
    desc = page.evaluate("() => document.getElementById('topic-chart-desc').textContent")
    assert desc == "Checkpoints: 100%; Testing: 68.8%."
    rows = page.locator("table.topics tbody tr").all_inner_texts()
    assert [" ".join(r.split()) for r in rows] == ["Checkpoints 1 1 / 1 100.0%", "Testing 7 5.5 / 8 68.8%"]
    # The review shows every verdict, by text, whatever the mode.
    for key, (_kind, _answer, verdict) in student.plan.items():
        item = page.locator("article.review-item", has_text=key)
        assert item.locator(".badge").inner_text().strip().endswith(verdict), key


def check_history(student, mode: str) -> None:
    student.follow_link("History")
    assert student.heading() == "Your attempts"
    rows = student.page.locator("table.history tbody tr").all_inner_texts()
    assert len(rows) == 1
    assert re.search(rf"Every type\s+{mode}\s+6\.5 / 9 \(72\.2%\)", rows[0]), rows[0]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_practice_mode_by_keyboard_shows_feedback_after_every_question(new_student, javascript):
    student = new_student(javascript=javascript)
    page = student.page
    start_quiz(student, "practice")
    seen = set()
    for number in range(1, QUESTIONS + 1):
        assert student.heading() == f"Question {number} of {QUESTIONS}"
        assert student.text(".progress-label") == f"{number - 1} of {QUESTIONS} answered"
        key = student.answer(javascript)
        seen.add(key)
        # Practice: the same page now shows the verdict (text and icon), the answers, why, and a link to read more.
        assert student.heading() == f"Question {number} of {QUESTIONS}"
        feedback = page.locator("#feedback")
        assert feedback.get_attribute("role") == "status"
        badge = student.text("#feedback .badge")
        assert badge.endswith(student.plan[key][2]), (key, badge)
        assert student.text("#feedback .badge-icon") in {"✔", "◐", "✘"}
        assert "Why" in student.text("#feedback")
        if javascript:
            assert student.focused()["id"] == "feedback", "focus should move to the feedback"
        if key == "Which drug blocks":
            # Choice feedback sits beside the choice it belongs to; the right choice is marked in text.
            picked = feedback.locator(".choice-review li", has_text="Ipilimumab")
            assert "Your choice" in picked.inner_text()
            assert picked.locator(".choice-feedback").inner_text().strip() == "Ipilimumab blocks CTLA-4."
            right = feedback.locator(".choice-review li", has_text="Nivolumab")
            assert "Correct answer" in right.inner_text()
            assert feedback.locator("a", has_text="Read more in the study material").get_attribute("href") == (
                "/material/checkpoint-inhibitors"
            )
        if key == "CAR T cells recognise":
            # Each blank is marked right or wrong, by icon and (for screen readers) by text.
            lines = feedback.locator(".answer-box").first.locator("li").all_inner_texts()
            assert [" ".join(line.split()) for line in lines] == [
                "✔ Blank 1: CD19 (right)",
                "✘ Blank 2: interleukin (wrong)",
            ]
        if number < QUESTIONS:
            student.tab_to_id("next-link")
            student.press_and_wait("Enter")
        else:
            student.press_button("Finish and see results")
    assert seen == set(student.plan)
    check_results(student, "practice")
    check_history(student, "practice")
    assert student.console_errors == []


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_exam_mode_by_keyboard_hides_feedback_until_the_end(new_student, javascript):
    student = new_student(javascript=javascript)
    page = student.page
    start_quiz(student, "exam")
    for number in range(1, QUESTIONS + 1):
        assert student.heading() == f"Question {number} of {QUESTIONS}"
        assert "Exam mode" in student.text(".eyebrow")
        student.answer(javascript)
        # Exam: straight on to the next question, no verdict shown.
        assert page.locator(".badge").count() == 0
    assert student.heading() == "Finish this quiz?"
    assert f"You have answered {QUESTIONS} of {QUESTIONS} questions" in student.text("main")
    student.press_button("Finish and see results")
    check_results(student, "exam")
    check_history(student, "exam")
    assert student.console_errors == []


def test_a_rejected_answer_says_why_and_keeps_the_page_usable(new_student):
    student = new_student()
    page = student.page
    start_quiz(student, "practice")
    student.press_button("Submit answer")  # nothing chosen
    assert student.heading() == f"Question 1 of {QUESTIONS}"
    errors = page.locator("#answer-errors")
    assert errors.get_attribute("role") == "alert"
    assert errors.inner_text().strip()
    assert student.focused()["id"] == "answer-errors"
    # The inputs point at the error text, so a screen reader reads it with them.
    described = page.evaluate(
        "() => (document.querySelector('form.answer-form [aria-describedby]') || {}).getAttribute?.('aria-describedby')"
    )
    assert "answer-errors" in (described or "")
    student.answer(True)
    assert page.locator("#feedback .badge").count() == 1
