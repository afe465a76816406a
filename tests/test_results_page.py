"""The results page's kept review articles: whatever changes what an article shows is seen on the next view."""

from __future__ import annotations

import re

from sqlalchemy import select, update

from quiz.extensions import db
from quiz.models import Attempt, Response
from quiz.services import remembering
from quiz.taking import articles, summary
from support import VALID_ANSWERS, positions


def finished(app, quiz, mode: str = "exam", answers: dict[str, dict] | None = None, bank: str = "every-type") -> str:
    """An attempt of `bank` with these answers (all valid ones by default), finished."""
    attempt = quiz.start(bank, mode=mode)
    for question_id, position in positions(app, attempt).items():
        data = (VALID_ANSWERS if answers is None else answers).get(question_id)
        if data is not None:
            assert quiz.answer(attempt, position, data).status_code == 303
    assert quiz.finish(attempt).status_code in (302, 303)
    return attempt


def review_of(html: str) -> str:
    """The review section of a results page."""
    return html[html.index('<section aria-labelledby="review-heading">') :]


def results(client, attempt: str, base_url: str = "http://localhost/") -> str:
    response = client.get(f"/attempts/{attempt}", base_url=base_url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def cold(client, attempt: str) -> str:
    """The results page rendered with nothing kept."""
    articles.ARTICLES.clear()
    summary.SUMMARIES.clear()
    return results(client, attempt)


def article(html: str, position: int) -> str:
    match = re.search(rf'<article class="review-item" id="q{position}".*?</article>', html, re.S)
    assert match, position
    return match.group(0)


def test_a_second_view_is_the_same_page_served_from_kept_articles(app, client, quiz):
    attempt = finished(app, quiz)
    first = cold(client, attempt)
    assert len(articles.ARTICLES) == len(positions(app, attempt))
    assert results(client, attempt) == first


def test_a_changed_stored_answer_shows_at_once(app, client, quiz):
    attempt = finished(app, quiz, answers={"short-target": {"answer": "CD20"}})
    position = positions(app, attempt)["short-target"]
    page = results(client, attempt)
    assert "Close, but rituximab targets CD20." in article(page, position)
    assert "You scored <strong>0.5</strong>" in page and "0 of 8 fully correct" in page
    with app.app_context():
        db.session.execute(
            update(Response).values(answer="CD19", feedback=["Regraded by hand."], outcome="correct", points=1.0)
        )
        db.session.commit()
    page = results(client, attempt)
    shown = article(page, position)
    assert "Regraded by hand." in shown and "CD19" in shown and "badge-correct" in shown
    assert "rituximab" not in shown
    assert "You scored <strong>1</strong>" in page and "1 of 8 fully correct" in page
    assert page == cold(client, attempt)


def test_marking_a_guess_leaves_the_results_page_as_a_fresh_render_shows_it(app, client, quiz):
    attempt = finished(app, quiz, mode="practice")
    before = review_of(results(client, attempt))
    with client.session_transaction() as session:
        token = session["learner"]
    with app.app_context():
        remembering.mark_guessed(token, attempt, positions(app, attempt)["tf-cart"])
        db.session.remove()
    after = review_of(results(client, attempt))
    assert after == review_of(cold(client, attempt))
    assert after == before  # the results page does not show guesses: the question page does


def test_the_links_follow_the_script_root_each_view_is_served_under(app, client, quiz):
    attempt = finished(app, quiz)
    assert 'href="/material/checkpoint-inhibitors"' in results(client, attempt)
    under = results(client, attempt, base_url="http://localhost/quiz/")
    assert 'href="/quiz/material/checkpoint-inhibitors"' in under
    assert 'href="/material/' not in under


ONE_QUESTION = (
    "title: One question\nquestions:\n"
    "  - {id: tf, type: true_false, prompt: Is it so?, explanation: EXPLAINED, answer: true}\n"
)


def test_after_a_catalog_reload_each_attempt_shows_the_version_it_was_taken_with(app, client, quiz, questions_dir):
    bank = questions_dir / "one.yaml"
    bank.write_text(ONE_QUESTION.replace("EXPLAINED", "First wording."))
    answers = {"tf": {"answer": "true"}}
    old = finished(app, quiz, answers=answers, bank="one")
    assert "First wording." in results(client, old)
    bank.write_text(ONE_QUESTION.replace("EXPLAINED", "Second wording."))
    new = quiz.start("one", mode="exam")
    with app.app_context():  # the same layout seed and answer: only the version tells the two articles apart
        seed = db.session.scalar(select(Attempt.seed).where(Attempt.public_id == old))
        db.session.execute(update(Attempt).where(Attempt.public_id == new).values(seed=seed))
        db.session.commit()
    assert quiz.answer(new, 1, answers["tf"]).status_code == 303
    assert quiz.finish(new).status_code in (302, 303)
    assert "Second wording." in results(client, new)
    assert "First wording." not in results(client, new)
    assert "First wording." in results(client, old)


def test_the_kept_articles_stay_within_their_bound(app, client, quiz, monkeypatch):
    attempt = finished(app, quiz)
    page = cold(client, attempt)
    monkeypatch.setattr(articles.ARTICLES, "most", 3)
    articles.ARTICLES.clear()
    assert results(client, attempt) == page
    assert len(articles.ARTICLES) == 3
    assert results(client, attempt) == page


def test_an_attempt_not_yet_finished_keeps_redirecting(app, client, quiz):
    attempt = quiz.start(mode="exam")
    assert client.get(f"/attempts/{attempt}").status_code == 302


def test_an_unknown_attempt_is_404(client, quiz):
    quiz.start()
    assert client.get("/attempts/nosuchattempt").status_code == 404
