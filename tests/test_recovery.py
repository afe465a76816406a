"""Recovery codes: made on /history, shown once, stored as a hash; used at /restore, they move a learner's
attempts to another browser, exactly once, and wrong codes are rate-limited per address."""

from __future__ import annotations

import hashlib
import math
import re

import pytest
from sqlalchemy import func, select

from quiz import recovery
from quiz.extensions import db
from quiz.models import Attempt, Learner, MemoryCard, MemoryReview, RecoveryCode, Response
from quiz.services import answering, attempts, restoring
from support import BANK, VALID_ANSWERS, QuizActions, count, make_app, positions

CODE = re.compile(r'<code id="recovery-code">([0-9A-Z]{4}(?:-[0-9A-Z]{4}){4})</code>')


def make_code(client) -> str:
    response = client.post("/recovery-code")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return CODE.search(response.get_data(as_text=True)).group(1)


def history(client) -> str:
    return client.get("/history").get_data(as_text=True)


def answered_attempt(app, quiz, mode: str = "exam", answers: int = 2, finish: bool = False) -> str:
    public_id = quiz.start(mode=mode)
    for qid, position in sorted(positions(app, public_id).items(), key=lambda pair: pair[1])[:answers]:
        assert quiz.answer(public_id, position, VALID_ANSWERS[qid]).status_code == 303
    if finish:
        quiz.finish(public_id)
    return public_id


def responses_by_attempt(app) -> dict[str, int]:
    with app.app_context():
        rows = db.session.execute(
            select(Attempt.public_id, func.count(Response.id)).outerjoin(Response).group_by(Attempt.public_id)
        )
        return dict(rows.all())


@pytest.fixture
def other_client(app):
    """A second browser: its own cookies, so its own learner."""
    return app.test_client()


# --- the code itself ---------------------------------------------------------------------------------


def test_a_code_has_at_least_80_random_bits_and_codes_do_not_repeat():
    assert recovery.CODE_LENGTH * math.log2(len(set(recovery.CODE_ALPHABET))) >= 80
    codes = {recovery.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}", code) for code in codes)


def test_typing_a_code_forgives_case_spaces_dashes_and_look_alike_letters():
    code = "0A1B-C2D3-E4F5-G6H7-J8K9"
    assert recovery.code_hash(code) == recovery.code_hash(" oa1b c2d3-e4f5 g6h7-j8k9 ")
    assert recovery.code_hash(code) == recovery.code_hash("0AIB-C2D3-E4F5-G6H7-J8K9")  # I read as 1
    assert recovery.code_hash(code) != recovery.code_hash("0A1B-C2D3-E4F5-G6H7-J8K8")


# --- making, showing, replacing, revoking --------------------------------------------------------------


def test_history_offers_a_code_once_there_are_attempts(app, client, quiz):
    assert "Make a recovery code" not in history(client)
    answered_attempt(app, quiz)
    page = history(client)
    assert 'action="/recovery-code"' in page and "Make a recovery code" in page
    assert 'href="/restore"' in page


def test_a_code_is_shown_once_and_stored_only_as_its_hash(app, client, quiz):
    answered_attempt(app, quiz)
    code = make_code(client)
    with app.app_context():
        (stored,) = db.session.scalars(select(RecoveryCode)).all()
        assert stored.code_hash == hashlib.sha256(code.replace("-", "").encode()).hexdigest()
        assert code.replace("-", "") not in stored.code_hash
    page = history(client)
    assert code not in page
    assert "Replace the recovery code" in page and "Revoke the recovery code" in page


def test_a_new_code_replaces_the_old_one(app, client, other_client, quiz):
    answered_attempt(app, quiz)
    old, new = make_code(client), make_code(client)
    assert old != new
    assert count(RecoveryCode, app=app) == 1
    assert other_client.post("/restore", data={"code": old}).status_code == 403
    assert other_client.post("/restore", data={"code": new}).status_code == 303


def test_a_revoked_code_no_longer_works(app, client, other_client, quiz):
    answered_attempt(app, quiz)
    code = make_code(client)
    response = client.post("/recovery-code/revoke")
    assert response.status_code == 303
    assert "revoked" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert count(RecoveryCode, app=app) == 0
    assert other_client.post("/restore", data={"code": code}).status_code == 403


# --- restoring ----------------------------------------------------------------------------------------


def test_restoring_into_a_browser_with_attempts_moves_them_all_without_losing_or_doubling_an_answer(
    app, client, other_client, quiz
):
    finished = answered_attempt(app, quiz, finish=True)
    open_one = answered_attempt(app, quiz, mode="practice", answers=1)
    other = QuizActions(other_client)
    own = answered_attempt(app, other, answers=3)
    before = responses_by_attempt(app)
    code = make_code(client)

    response = other_client.post("/restore", data={"code": code.lower()})
    assert response.status_code == 303 and response.headers["Location"].endswith("/history")
    page = other_client.get("/history").get_data(as_text=True)
    assert "Moved 2 attempts to this browser." in page
    assert all(public_id in page for public_id in (finished, open_one, own))
    assert responses_by_attempt(app) == before == {finished: 2, open_one: 1, own: 3}
    assert other_client.get(f"/attempts/{finished}").status_code == 200
    assert all(public_id not in history(client) for public_id in (finished, open_one))
    assert client.get(f"/attempts/{finished}").status_code == 404

    # The moved attempt goes on in its new browser, and an answer it already had still counts once.
    where = positions(app, open_one)
    first, second = sorted(where, key=where.get)[:2]
    assert other.answer(open_one, where[second], VALID_ANSWERS[second]).status_code == 303
    assert other.answer(open_one, where[first], VALID_ANSWERS[first]).status_code == 303  # a replay, not a new answer
    assert responses_by_attempt(app)[open_one] == 2
    with app.app_context():
        per_learner = select(Learner.id, func.count(Attempt.id)).outerjoin(Attempt).group_by(Learner.id)
        assert sorted(n for _, n in db.session.execute(per_learner)) == [0, 3]


def test_a_replayed_restore_is_refused_and_changes_nothing(app, client, other_client, quiz):
    answered_attempt(app, quiz)
    code = make_code(client)
    assert other_client.post("/restore", data={"code": code}).status_code == 303
    before = responses_by_attempt(app)
    replay = other_client.post("/restore", data={"code": code})
    assert replay.status_code == 403
    assert "not valid" in replay.get_data(as_text=True)
    assert client.post("/restore", data={"code": code}).status_code == 403
    assert responses_by_attempt(app) == before
    assert len(re.findall(r"/attempts/", history(other_client))) == 1


def test_a_browser_without_anything_yet_can_restore(app, client, quiz):
    public_id = answered_attempt(app, quiz)
    code = make_code(client)
    fresh = app.test_client()
    assert "Restore your attempts" in fresh.get("/restore").get_data(as_text=True)
    assert fresh.post("/restore", data={"code": code}).status_code == 303
    assert public_id in history(fresh)


def test_using_a_code_in_its_own_browser_moves_nothing(app, client, quiz):
    public_id = answered_attempt(app, quiz)
    code = make_code(client)
    response = client.post("/restore", data={"code": code})
    assert response.status_code == 303
    assert "Moved 0 attempts" in client.get("/history").get_data(as_text=True)
    assert public_id in history(client)


@pytest.mark.parametrize(
    ("data", "status"),
    [({}, 400), ({"code": ""}, 400), ({"code": "x" * 101}, 400), ({"code": "ÄÖÜ-ſ-\u202e"}, 403), ({"code": "A"}, 403)],
)
def test_malformed_restore_posts_get_a_4xx_page(client, data, status):
    assert client.post("/restore", data=data).status_code == status


def test_wrong_codes_are_limited_per_address_counting_only_failures(app, client, other_client, quiz):
    answered_attempt(app, quiz)
    code = make_code(client)
    wrong = {"code": "AAAA-BBBB-CCCC-DDDD-EEEE"}
    assert [other_client.post("/restore", data=wrong).status_code for _ in range(9)] == [403] * 9
    assert other_client.post("/restore", data={}).status_code == 400  # an empty form is not a guess
    assert other_client.post("/restore", data=wrong).status_code == 403  # the tenth failure
    blocked = other_client.post("/restore", data={"code": code})
    assert blocked.status_code == 429
    assert "Too many wrong recovery codes" in blocked.get_data(as_text=True)
    assert count(RecoveryCode, app=app) == 1  # the good code was not even tried
    elsewhere = other_client.post("/restore", data={"code": code}, environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert elsewhere.status_code == 303


def test_a_good_code_does_not_count_against_the_limit(app, client, quiz):
    answered_attempt(app, quiz)
    for _ in range(12):
        assert client.post("/restore", data={"code": make_code(client)}).status_code == 303


def test_the_service_moves_every_learner_owned_table_and_drops_clashes_in_unique_ones(app, monkeypatch):
    with app.app_context():
        for token in ("a", "b"):
            attempts.start_attempt(token, BANK, None, "exam")
        attempts.start_attempt("a", BANK, None, "practice")
        ids = dict(db.session.execute(select(Learner.token, Learner.id)).all())
        # As if a learner could hold only one attempt per mode: A's exam clashes with B's and is dropped.
        monkeypatch.setitem(restoring.LEARNER_OWNED, Attempt, ("mode",))
        moved = restoring.move_learner_rows(ids["a"], ids["b"])
        db.session.commit()
        assert moved == {"attempt": 1, "memory_card": 0, "memory_review": 0}
        assert sorted(db.session.scalars(select(Attempt.mode).where(Attempt.learner_id == ids["b"]))) == [
            "exam",
            "practice",
        ]
        assert count(Attempt, Attempt.learner_id == ids["a"]) == 0


# --- CSRF ---------------------------------------------------------------------------------------------


def test_code_and_restore_posts_need_the_csrf_token(app_config):
    with make_app({**app_config, "WTF_CSRF_ENABLED": True}) as app:
        client = app.test_client()
        for path in ("/recovery-code", "/recovery-code/revoke", "/restore"):
            assert client.post(path, data={"code": "AAAA"}).status_code == 400, path
        assert count(RecoveryCode, app=app) == 0
        assert client.get("/recovery-code").status_code == 405


def test_restoring_moves_the_review_schedule_and_keeps_the_newer_browsers_memory_of_a_shared_question(app):
    with app.app_context():
        for token in ("a", "b"):
            public_id = attempts.start_attempt(token, BANK, None, "practice")
            position = positions(app, public_id)["tf-cart"]
            answering.record_answer(token, public_id, position, token == "a")  # A right, B wrong
        public_id = attempts.start_attempt("a", BANK, None, "practice")
        answering.record_answer("a", public_id, positions(app, public_id)["single-pd1"], 0)
        code = restoring.new_recovery_code("a")
        restoring.restore_with_code("b", code)
        ids = dict(db.session.execute(select(Learner.token, Learner.id)).all())
        cards = db.session.execute(
            select(MemoryCard.question_id, MemoryCard.state).where(MemoryCard.learner_id == ids["b"])
        ).all()
        assert sorted(question for question, _ in cards) == ["single-pd1", "tf-cart"]
        assert count(MemoryCard, MemoryCard.learner_id == ids["a"]) == 0
        assert count(MemoryReview, MemoryReview.learner_id == ids["b"]) == 3  # every review moved, none lost
