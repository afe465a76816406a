"""Whole attempts through the Flask test client, the way a student takes a quiz."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from quiz.bank.model import Kind, Question
from quiz.extensions import db
from quiz.models import Attempt, Response
from support import BANK, DATA, count, make_app, positions, read_form

SCORED = len(BANK.scored_questions)
TOTAL_POINTS = sum(q.points for q in BANK.questions)


def page_text(html: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def identify(html: str) -> Question:
    """Which bank question a page shows, by the start of its prompt."""
    text = "".join(page_text(html).split())
    for question in BANK.questions:
        start = "".join(question.prompt.replace("**", "").split("{{")[0].split())[:20]
        if start in text:
            return question
    raise AssertionError("no known question on the page")


def right_answer(question: Question, html: str) -> dict:
    """Form data that answers the question on this page correctly."""
    form = read_form(html)
    kind = question.kind
    if kind is Kind.SINGLE:
        return {"answer": form.choices()[next(c.text for c in question.choices if c.correct)]}
    if kind is Kind.MULTIPLE:
        return {"answer": [form.choices()[c.text] for c in question.choices if c.correct]}
    if kind is Kind.TRUE_FALSE:
        return {"answer": "true" if question.answer else "false"}
    if kind is Kind.SHORT:
        return {"answer": question.answers[0].text.upper()}
    if kind is Kind.NUMERIC:
        return {"answer": f"{question.numeric[0].value}"}
    labels = form.select_labels()
    if kind is Kind.MATCHING:
        rights = dict(question.pairs)
        return {
            name: next(v for v, text in form.selects[name] if text == rights[labels[name]]) for name in form.selects
        }
    if kind is Kind.ORDERING:
        return {name: str(question.items.index(labels[name]) + 1) for name in form.selects}
    if kind is Kind.CLOZE:
        data = {}
        for n, blank in enumerate(question.blanks):
            name = f"answer-{n}"
            answer = blank.answers[0].text
            data[name] = next(v for v, t in form.selects[name] if t == answer) if name in form.selects else answer
        return data
    raise AssertionError(kind)


def wrong_answer(question: Question, html: str) -> dict:
    """Form data that answers the question wrongly (but validly)."""
    form = read_form(html)
    kind = question.kind
    if kind is Kind.SINGLE:
        return {"answer": form.choices()[next(c.text for c in question.choices if not c.correct)]}
    if kind is Kind.TRUE_FALSE:
        return {"answer": "false" if question.answer else "true"}
    if kind is Kind.NUMERIC:
        return {"answer": "1000"}
    if kind is Kind.MULTIPLE:
        return {"answer": [form.choices()[c.text] for c in question.choices if not c.correct]}
    labels = form.select_labels()
    if kind is Kind.MATCHING:
        rights = dict(question.pairs)
        return {name: next(v for v, t in form.selects[name] if v and t != rights[labels[name]]) for name in labels}
    if kind is Kind.ORDERING:
        n = len(question.items)
        return {name: str(n - question.items.index(labels[name])) for name in labels}
    if kind is Kind.CLOZE:
        return {
            f"answer-{i}": next(v for v, t in form.selects[f"answer-{i}"] if v and t != b.answers[0].text)
            if f"answer-{i}" in form.selects
            else "nope"
            for i, b in enumerate(question.blanks)
        }
    return {"answer": "definitely wrong"}


def test_home_lists_banks_and_says_it_is_not_medical_advice(client):
    page = client.get("/").get_data(as_text=True)
    assert "Every type" in page
    assert f"{SCORED} questions" in page
    assert "not medical advice" in page_text(page)


def test_practice_attempt_shows_feedback_after_each_answer(client, quiz, app):
    attempt = quiz.start(mode="practice")
    for position in range(1, SCORED + 1):
        html = quiz.page(attempt, position)
        assert f"Question {position} of {SCORED}" in html
        question = identify(html)
        # Nothing of the key or the explanation is on the page before the answer is in.
        assert question.explanation not in html
        response = quiz.answer(attempt, position, right_answer(question, html))
        assert response.status_code == 303
        assert response.headers["Location"].endswith(f"/attempts/{attempt}/{position}")
        after = quiz.page(attempt, position)
        assert "Correct" in after and question.explanation in page_text(after)
    finish = quiz.finish(attempt)
    assert finish.status_code == 303
    results = client.get(f"/attempts/{attempt}").get_data(as_text=True)
    assert f"{TOTAL_POINTS:g} of {TOTAL_POINTS:g} points" in page_text(results)
    assert "100.0%" in results
    # Per-topic breakdown: the bank's topic and the one question with its own topic.
    assert "Checkpoints" in results and "Testing" in results
    with app.app_context():
        assert count(Response) == SCORED


def test_exam_mode_hides_feedback_until_the_end(client, quiz):
    attempt = quiz.start(mode="exam")
    html = quiz.page(attempt, 1)
    question = identify(html)
    response = quiz.answer(attempt, 1, wrong_answer(question, html))
    assert response.headers["Location"].endswith(f"/attempts/{attempt}/2")  # straight on to the next
    again = quiz.page(attempt, 1)
    assert "saved" in again
    assert question.explanation not in again and "Incorrect" not in again
    quiz.finish(attempt)
    results = page_text(client.get(f"/attempts/{attempt}").get_data(as_text=True))
    assert question.explanation in results  # the review explains every question
    assert "Not answered" in results  # the others were never answered
    assert f"0 of {TOTAL_POINTS:g} points" in results


def test_last_exam_answer_leads_to_the_finish_page(quiz):
    attempt = quiz.start(mode="exam")
    for position in range(1, SCORED + 1):
        html = quiz.page(attempt, position)
        response = quiz.answer(attempt, position, right_answer(identify(html), html))
    assert response.headers["Location"].endswith(f"/attempts/{attempt}/finish")


def test_finishing_early_scores_unanswered_questions_zero(client, quiz):
    attempt = quiz.start(mode="practice")
    html = quiz.page(attempt, 1)
    question = identify(html)
    quiz.answer(attempt, 1, right_answer(question, html))
    summary = client.get(f"/attempts/{attempt}/finish").get_data(as_text=True)
    assert f"answered 1 of {SCORED}" in page_text(summary)
    quiz.finish(attempt)
    results = page_text(client.get(f"/attempts/{attempt}").get_data(as_text=True))
    assert f"{question.points:g} of {TOTAL_POINTS:g} points" in results


def test_a_sample_draws_the_requested_number_of_questions(quiz):
    attempt = quiz.start(count="5")
    assert "Question 1 of 5" in quiz.page(attempt, 1)


def test_order_is_shuffled_per_attempt_and_stable_on_reload(quiz):
    orders = set()
    for _ in range(6):
        attempt = quiz.start()
        first = [identify(quiz.page(attempt, n)).id for n in range(1, SCORED + 1)]
        assert first == [identify(quiz.page(attempt, n)).id for n in range(1, SCORED + 1)]

        def shown(position: int, attempt: str = attempt) -> list:
            form = read_form(quiz.page(attempt, position))
            return [
                (i.get("value"), form.labels.get(i.get("id", ""))) for i in form.inputs if i.get("type") != "hidden"
            ]

        assert all(shown(n) == shown(n) for n in range(1, SCORED + 1))
        orders.add(tuple(first))
    assert len(orders) > 1


def test_partial_credit_is_shown_as_partly_correct(quiz):
    attempt = quiz.start()
    for position in range(1, SCORED + 1):
        html = quiz.page(attempt, position)
        question = identify(html)
        if question.kind is Kind.MULTIPLE:
            form = read_form(html)
            first_right = next(c.text for c in question.choices if c.correct)
            quiz.answer(attempt, position, {"answer": form.choices()[first_right]})
            assert "Partly correct" in quiz.page(attempt, position)
            return
    raise AssertionError("the bank has a multiple-response question")


def test_invalid_answer_is_refused_with_a_message_and_nothing_saved(quiz, app):
    attempt = quiz.start()
    response = quiz.answer(attempt, 1, {})
    assert response.status_code == 422
    assert "errors" in response.get_data(as_text=True)
    with app.app_context():
        assert count(Response) == 0


def test_double_submit_counts_once(quiz, app):
    attempt = quiz.start()
    html = quiz.page(attempt, 1)
    data = right_answer(identify(html), html)
    first = quiz.answer(attempt, 1, data)
    second = quiz.answer(attempt, 1, data)  # a double click: same answer again
    assert first.status_code == second.status_code == 303
    different = quiz.answer(attempt, 1, wrong_answer(identify(html), html))
    assert different.status_code == 409
    with app.app_context():
        assert count(Response) == 1


def test_answering_a_finished_attempt_is_a_409_and_changes_nothing(quiz, app):
    attempt = quiz.start()
    html = quiz.page(attempt, 1)
    quiz.finish(attempt)
    response = quiz.answer(attempt, 1, right_answer(identify(html), html))
    assert response.status_code == 409
    with app.app_context():
        assert count(Response) == 0
        assert db.session.scalar(select(Attempt.points)) == 0


def test_finishing_twice_changes_nothing(quiz, app):
    attempt = quiz.start()
    html = quiz.page(attempt, 1)
    quiz.answer(attempt, 1, right_answer(identify(html), html))
    quiz.finish(attempt)
    with app.app_context():
        finished_at = db.session.scalar(select(Attempt.finished_at))
    assert quiz.finish(attempt).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Attempt.finished_at)) == finished_at


def test_another_browser_sees_nothing_of_this_session(app, quiz, client):
    attempt = quiz.start()
    quiz.finish(attempt)
    assert "Every type" in client.get("/history").get_data(as_text=True)
    stranger = app.test_client()
    assert "No attempts yet" in stranger.get("/history").get_data(as_text=True)
    for url in (f"/attempts/{attempt}", f"/attempts/{attempt}/1", f"/attempts/{attempt}/finish"):
        assert stranger.get(url).status_code == 404
    assert stranger.post(f"/attempts/{attempt}/1", data={"answer": "0"}).status_code == 404
    with app.app_context():
        assert count(Response) == 0


def test_a_tampered_cookie_starts_a_fresh_session(app, quiz, client):
    quiz.start()
    cookie = client.get_cookie("session")
    client.set_cookie("session", cookie.value[:-3] + "xyz")
    assert "No attempts yet" in client.get("/history").get_data(as_text=True)


def test_history_lists_attempts_with_links_to_reviews(client, quiz):
    first = quiz.start(mode="exam")
    quiz.finish(first)
    quiz.start(mode="practice")
    page = client.get("/history").get_data(as_text=True)
    assert f"/attempts/{first}" in page
    assert "exam" in page and "practice" in page and "in progress" in page


def test_retry_practises_only_the_missed_questions(client, quiz):
    attempt = quiz.start()
    html = quiz.page(attempt, 1)
    quiz.answer(attempt, 1, right_answer(identify(html), html))
    quiz.finish(attempt)
    assert f"Practise the {SCORED - 1} questions you missed" in client.get(f"/attempts/{attempt}").get_data(
        as_text=True
    )
    response = client.post(f"/attempts/{attempt}/retry")
    assert response.status_code == 303
    retry_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Question 1 of {SCORED - 1}" in retry_page


def test_unknown_bank_and_position_are_404(client, quiz):
    assert client.get("/banks/nope").status_code == 404
    attempt = quiz.start()
    assert client.get(f"/attempts/{attempt}/99").status_code == 404


def test_a_new_bank_file_shows_up_without_a_restart(client, questions_dir: Path):
    (questions_dir / "new.yaml").write_text(
        "title: Fresh bank\nquestions:\n  - {id: a, type: true_false, prompt: p, explanation: e, answer: true}\n"
    )
    assert "Fresh bank" in client.get("/").get_data(as_text=True)


def test_problems_page_lists_broken_files_with_their_line(client, questions_dir: Path):
    (questions_dir / "broken.yaml").write_text((DATA / "banks" / "broken.yaml").read_text())
    page = client.get("/problems").get_data(as_text=True)
    assert "questions/broken.yaml:11:" in page
    assert "Every type" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("csrf", [True])
def test_csrf_is_enforced_when_enabled(app_config, csrf):
    with make_app(app_config | {"WTF_CSRF_ENABLED": csrf}) as app:
        client = app.test_client()
        assert client.post("/banks/every-type", data={"count": "all", "mode": "exam"}).status_code == 400
        page = client.get("/banks/every-type").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = client.post("/banks/every-type", data={"count": "all", "mode": "exam", "csrf_token": token})
        assert response.status_code == 303
        assert count(Attempt, app=app) == 1


def test_home_puts_top_level_banks_under_topics_and_sub_folders_in_their_own_section(client, questions_dir):
    (questions_dir / "generated").mkdir()
    (questions_dir / "generated" / "drill.yaml").write_text(
        "title: A drill\nquestions:\n  - {id: a, type: true_false, prompt: p, explanation: e, answer: true}\n"
    )
    page = page_text(client.get("/").get_data(as_text=True))
    topics = page.index("Topics")
    drills = page.index("Drills generated from the study material")
    assert topics < page.index("Every type") < drills < page.index("A drill")


def test_page_titles_are_plain_text(quiz, client):
    attempt = quiz.start()
    for url in ("/", "/banks/every-type", f"/attempts/{attempt}/1", f"/attempts/{attempt}/finish", "/history"):
        title = re.search(r"<title>(.*?)</title>", client.get(url).get_data(as_text=True), re.S).group(1)
        assert "<" not in title and len(title) < 120, (url, title)


def test_a_valid_utf8_answer_containing_the_replacement_character_is_accepted(quiz, app, client):
    attempt = quiz.start()
    position = positions(app, attempt)["short-target"]
    body = b"answer=CD%EF%BF%BD19"  # U+FFFD typed by the learner: valid UTF-8, so a real answer
    response = client.post(
        f"/attempts/{attempt}/{position}", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Response.answer)) == "CD\ufffd19"


def test_a_field_the_question_does_not_have_is_refused_and_nothing_saved(quiz, app):
    attempt = quiz.start()
    position = positions(app, attempt)["short-target"]
    response = quiz.answer(attempt, position, {"answer": "CD19", "answer-0": "0"})
    assert response.status_code == 400
    with app.app_context():
        assert count(Response) == 0


def test_the_review_shows_the_feedback_stored_at_submit_time_without_grading_again(quiz, app):
    attempt = quiz.start()
    position = positions(app, attempt)["short-target"]
    quiz.answer(attempt, position, {"answer": "CD20"})  # half credit, with feedback
    assert "Close, but rituximab targets CD20." in quiz.page(attempt, position)
    with app.app_context():
        stored = db.session.scalar(select(Response))
        assert stored.feedback == ["Close, but rituximab targets CD20."]
        stored.feedback = ["Kept since submit time."]
        db.session.commit()
    page = quiz.page(attempt, position)
    assert "Kept since submit time." in page
    assert "Close, but rituximab" not in page


def test_an_answer_stored_before_feedback_was_kept_is_reviewed_by_grading_it_again(quiz, app):
    attempt = quiz.start()
    position = positions(app, attempt)["short-target"]
    quiz.answer(attempt, position, {"answer": "CD20"})
    with app.app_context():
        stored = db.session.scalar(select(Response))
        stored.feedback, stored.parts = None, None  # as migrated from the first schema
        db.session.commit()
    assert "Close, but rituximab targets CD20." in quiz.page(attempt, position)
