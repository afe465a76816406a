"""Moving attempts to another browser with a recovery code, by keyboard, in two real browser contexts
(one with JavaScript, one without), and the pages involved pass the accessibility checks."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from test_accessibility import audit

pytestmark = pytest.mark.browser


def start_and_answer_one(student, javascript: bool = True) -> str:
    """Start a practice quiz of every question by keyboard and answer the first; returns the attempt id.

    `javascript` must match the student's browser: without it, number keys do not pick a choice."""
    student.open("/banks/every-type")
    student.choose_in_select("count", "All 8 questions")
    student.press_button("Start the quiz")
    student.answer(javascript)
    return re.search(r"/attempts/([^/]+)/", student.page.url).group(1)


def history_rows(student) -> list[str]:
    student.open("/history")
    return student.page.locator("table.history tbody tr").all_inner_texts()


def test_a_recovery_code_moves_the_attempts_into_a_browser_that_has_its_own(new_student):
    old = new_student()
    moved = start_and_answer_one(old)
    old.follow_link("History")
    old.press_button("Make a recovery code")
    assert old.heading() == "Your recovery code"
    code = old.text("#recovery-code")
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}", code)

    new = new_student(javascript=False)
    kept = start_and_answer_one(new, javascript=False)
    new.follow_link("History")
    new.follow_link("Enter your recovery code")
    assert new.heading() == "Restore your attempts"
    new.tab_to_id("code")
    new.page.keyboard.type("WRONG-CODE")
    new.press_button("Restore")
    assert new.heading() == "Restore your attempts"
    assert "not valid" in new.text("#code-errors")
    new.tab_to_id("code")
    new.page.keyboard.type(code.lower().replace("-", " "))
    new.press_button("Restore")
    assert new.heading() == "Your attempts"
    assert new.text(".flashes") == "Moved 1 attempt to this browser."
    rows = history_rows(new)
    assert len(rows) == 2 and all("in progress (1 of 8)" in row for row in rows)

    # Both attempts go on from here, at their first unanswered question.
    new.open("/")
    links = new.page.locator("a.continue")
    assert sorted(links.evaluate_all("(links) => links.map(a => a.pathname)")) == sorted(
        [f"/attempts/{moved}/2", f"/attempts/{kept}/2"]
    )
    assert history_rows(old) == []
    assert old.console_errors == [] and new.console_errors == []


def test_the_recovery_pages_pass_the_accessibility_checks(new_student):
    student = new_student(reduced_motion="reduce")
    page = student.page
    page.context.add_init_script(AXE_SCRIPT)
    problems: list[str] = []
    start_and_answer_one(student)
    student.open("/")
    problems += audit(page, "index with an unfinished attempt")
    student.open("/history")
    problems += audit(page, "history, no code yet")
    student.press_button("Make a recovery code")
    problems += audit(page, "recovery code shown")
    student.open("/history")
    problems += audit(page, "history with a code")
    student.open("/restore")
    problems += audit(page, "restore page")
    student.press_button("Restore")  # empty
    problems += audit(page, "restore page, code missing")
    student.tab_to_id("code")
    page.keyboard.type("AAAA-BBBB-CCCC-DDDD-EEEE")
    student.press_button("Restore")
    assert "not valid" in student.text("#code-errors")
    problems += audit(page, "restore page, wrong code")
    assert not problems, "\n".join(problems)
