"""A broken question file is reported on the load-problems page while the other bank keeps working."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_a_broken_bank_shows_on_the_problems_page_while_the_other_bank_still_works(new_student):
    student = new_student(javascript=False)
    student.open("/")
    assert "1 problem kept some question files out" in student.text("main")
    assert student.page.locator(".bank-list h3").all_inner_texts() == ["Every type"]

    student.follow_link("question file problems")
    assert student.heading() == "Question file problems"
    assert "1 bank loaded" in student.text("main")
    errors = student.page.locator("ul.problems-errors li").all_inner_texts()
    assert errors == [
        'questions/broken.yaml:11: choice 2 of question "q1" has an unknown field "feedbak" (did you mean "feedback"?)'
    ]

    # The good bank still starts and takes an answer.
    student.follow_link("Quizzes")
    student.follow_link("Every type")
    student.press_button("Start the quiz")
    assert student.heading() == "Question 1 of 8"
    student.answer(javascript=False)
    assert student.page.locator("#feedback .badge").count() == 1
    assert student.console_errors == []
