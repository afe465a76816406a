"""Security promises, each proven against the running app (Flask test client) or the loader.

Headers and cookies, CSRF, GET without side effects, answer keys kept on the server, tampered
and oversized input, attempts of other sessions (IDOR), hostile question files, and the
production secret check. Every "nothing changed" claim compares a full snapshot of every table.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from quiz import create_app
from quiz.bank import loader as bank_loader
from quiz.bank.model import Kind, Question
from quiz.catalog import current_catalog
from quiz.config import InsecureConfiguration
from quiz.extensions import db
from quiz.models import Learner
from quiz.taking import routes as taking_routes
from support import VALID_ANSWERS as VALID
from support import make_app, positions

ROOT = Path(__file__).resolve().parent.parent


# --- helpers -------------------------------------------------------------------------------------


def snapshot(app) -> dict[str, list[str]]:
    """Every row of every table, so 'nothing changed' means exactly that."""
    with app.app_context():
        try:
            return {
                table.name: sorted(repr(tuple(row)) for row in db.session.execute(select(table)))
                for table in db.metadata.sorted_tables
            }
        finally:
            db.session.remove()


def rows(app) -> int:
    return sum(len(table) for table in snapshot(app).values())


def bank_questions(app) -> tuple[Question, ...]:
    return current_catalog(app).bank("every-type").questions


def csrf_token(client, url: str = "/banks/every-type") -> str:
    page = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def session_of(app, client) -> dict[str, Any]:
    """The decoded Flask session cookie of a test client."""
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    assert cookie is not None, "no session cookie"
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def start(client, mode: str = "practice", count: str = "all", token: str | None = None) -> str:
    data = {"count": count, "mode": mode}
    if token:
        data["csrf_token"] = token
    response = client.post("/banks/every-type", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[-600:]
    return response.headers["Location"].split("/")[2]


@pytest.fixture
def csrf_app(app_config):
    with make_app({**app_config, "WTF_CSRF_ENABLED": True}) as app:
        yield app


# --- headers and cookies -------------------------------------------------------------------------


def check_headers(response, where: str) -> None:
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in (p.strip() for p in csp.split(";")) if part}
    assert directives.get("default-src") == ["'self'"], f"{where}: {csp!r}"
    script = directives.get("script-src", directives["default-src"])
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, f"{where}: {csp!r}"
    assert not any(source in ("*", "data:", "http:", "https:") for source in script), f"{where}: {csp!r}"
    assert directives.get("object-src") == ["'none'"], where
    assert directives.get("frame-ancestors") == ["'none'"], where
    assert directives.get("base-uri") in (["'none'"], ["'self'"]), where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("X-Frame-Options") == "DENY", where
    assert headers.get("Referrer-Policy") in ("no-referrer", "same-origin", "strict-origin-when-cross-origin"), where


def test_security_headers_are_on_pages_redirects_static_files_and_error_pages(app, client, quiz, monkeypatch):
    attempt = quiz.start()
    where = positions(app, attempt)
    done = quiz.start(mode="exam")
    quiz.finish(done)
    requests = [
        ("GET", "/", None, 200),
        ("GET", "/banks/every-type", None, 200),
        ("GET", f"/attempts/{attempt}/1", None, 200),
        ("GET", f"/attempts/{attempt}/finish", None, 200),
        ("GET", f"/attempts/{done}", None, 200),
        ("GET", f"/attempts/{done}/1", None, 302),
        ("GET", "/history", None, 200),
        ("GET", "/problems", None, 200),
        ("GET", "/material/", None, 200),
        ("GET", "/static/css/app.css", None, 200),
        ("GET", "/static/js/quiz.js", None, 200),
        ("GET", "/no/such/page", None, 404),
        ("GET", "/attempts/not-an-attempt/1", None, 404),
        ("POST", "/history", {}, 405),
        ("POST", f"/attempts/{attempt}/{where['tf-cart']}", {"answer": "true", "score": "100"}, 400),
        ("POST", f"/attempts/{attempt}/{where['tf-cart']}", {"answer": "maybe"}, 422),
        ("POST", f"/attempts/{attempt}/{where['tf-cart']}", {"answer": "x" * 70_000}, 413),
        ("POST", f"/attempts/{attempt}/{where['tf-cart']}", {"answer": "true"}, 303),
        ("POST", f"/attempts/{done}/{positions(app, done)['tf-cart']}", {"answer": "true"}, 409),
    ]
    for method, url, data, status in requests:
        with client.open(url, method=method, data=data) as response:
            assert response.status_code == status, (method, url, response.status_code)
            check_headers(response, f"{method} {url}")

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise OperationalError("SELECT 1", {}, Exception("disk I/O error"))

    monkeypatch.setattr(taking_routes, "home_reads", broken)
    response = client.get("/")
    assert response.status_code == 503
    check_headers(response, "503 page")


def test_security_headers_are_on_csrf_failures(csrf_app):
    response = csrf_app.test_client().post("/banks/every-type", data={"count": "all", "mode": "practice"})
    assert response.status_code == 400
    check_headers(response, "CSRF 400")


def test_security_headers_are_on_unexpected_500_pages(app_config):
    app = create_app({**app_config, "TESTING": False, "PROPAGATE_EXCEPTIONS": False})

    def boom() -> str:
        raise RuntimeError("a bug")

    app.add_url_rule("/boom", view_func=boom)
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "a bug" not in response.get_data(as_text=True)  # no traceback or message leaks out
    check_headers(response, "500 page")


def test_the_checker_rejects_weak_headers(app, client) -> None:
    response = client.get("/")
    response.headers["Content-Security-Policy"] = "default-src 'self'; script-src 'self' 'unsafe-inline'"
    with pytest.raises(AssertionError):
        check_headers(response, "weakened")


def test_session_cookie_is_httponly_and_samesite_lax(client):
    response = client.post("/banks/every-type", data={"count": "all", "mode": "practice"})
    cookie = response.headers["Set-Cookie"]
    attributes = {part.strip().split("=")[0].lower(): part for part in cookie.split(";")}
    assert "httponly" in attributes
    assert attributes["samesite"].strip().lower() == "samesite=lax"
    assert "secure" not in attributes  # plain HTTP in development: a Secure cookie would never come back


def test_session_cookie_is_secure_and_hsts_is_sent_when_https_is_configured(app_config, monkeypatch):
    monkeypatch.setenv("QUIZ_HTTPS", "1")
    with make_app(app_config) as app:
        response = app.test_client().post("/banks/every-type", data={"count": "all", "mode": "practice"})
    assert response.status_code == 303
    attributes = [part.strip().lower() for part in response.headers["Set-Cookie"].split(";")]
    assert "secure" in attributes and "httponly" in attributes and "samesite=lax" in attributes
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_no_hsts_over_plain_http(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


# --- CSRF ----------------------------------------------------------------------------------------


def _csrf_setup(app):
    """Learner A with an attempt in progress and a finished one; learner B with a token of its own."""
    a, b = app.test_client(), app.test_client()
    token_a = csrf_token(a)
    in_progress = start(a, token=token_a)
    finished = start(a, token=token_a)
    assert a.post(f"/attempts/{finished}/finish", data={"csrf_token": token_a}).status_code == 303
    token_b = csrf_token(b)
    where = positions(app, in_progress)
    endpoints = {
        "start": ("/banks/every-type", {"count": "all", "mode": "practice"}),
        "answer": (f"/attempts/{in_progress}/{where['tf-cart']}", {"answer": "true"}),
        "finish": (f"/attempts/{in_progress}/finish", {}),
        "retry": (f"/attempts/{finished}/retry", {}),
    }
    return a, token_a, token_b, endpoints


@pytest.mark.parametrize("endpoint", ["start", "answer", "finish", "retry"])
@pytest.mark.parametrize("token", ["missing", "another-session", "forged", "another-session-in-header"])
def test_state_changing_posts_without_a_valid_csrf_token_are_refused(csrf_app, endpoint, token):
    a, token_a, token_b, endpoints = _csrf_setup(csrf_app)
    url, data = endpoints[endpoint]
    headers = {}
    if token == "another-session":
        data = {**data, "csrf_token": token_b}
    elif token == "forged":
        data = {**data, "csrf_token": token_a[:-4] + ("AAAA" if not token_a.endswith("AAAA") else "BBBB")}
    elif token == "another-session-in-header":
        headers = {"X-CSRFToken": token_b}
    before = snapshot(csrf_app)
    response = a.post(url, data=data, headers=headers)
    assert response.status_code == 400
    assert "did not come from this site" in response.get_data(as_text=True)
    assert snapshot(csrf_app) == before


@pytest.mark.parametrize("endpoint", ["start", "answer", "finish", "retry"])
def test_the_same_posts_with_the_sessions_own_token_do_change_state(csrf_app, endpoint):
    a, token_a, _token_b, endpoints = _csrf_setup(csrf_app)
    url, data = endpoints[endpoint]
    before = snapshot(csrf_app)
    response = a.post(url, data={**data, "csrf_token": token_a})
    assert response.status_code == 303
    assert snapshot(csrf_app) != before


# --- GET never changes state ---------------------------------------------------------------------


def test_get_of_every_page_changes_nothing(app, client, quiz, questions_dir):
    material = questions_dir / "material"
    material.mkdir()
    (material / "basics.md").write_text("# Basics\n\n## T cells\n\nText.\n", encoding="utf-8")
    in_progress = quiz.start()
    where = positions(app, in_progress)
    quiz.answer(in_progress, where["tf-cart"], VALID["tf-cart"])
    finished = quiz.start(mode="exam")
    quiz.finish(finished)
    stranger = app.test_client()
    values = {
        "public_id": [in_progress, finished, "unknown-attempt"],
        "position": list(range(0, len(VALID) + 2)),
        "bank_id": ["every-type", "unknown-bank"],
        "slug": ["basics", "unknown-page"],
        "filename": ["css/app.css", "js/quiz.js", "no-such-file.css"],
    }
    before = snapshot(app)
    assert rows(app) > 0
    visited = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        missing = [name for name in rule.arguments if name not in values]
        assert not missing, f"add sample values for {missing} (rule {rule.rule}) to this test"
        combos: list[dict[str, Any]] = [{}]
        for name in sorted(rule.arguments):
            combos = [{**combo, name: value} for combo in combos for value in values[name]]
        for args in combos:
            url = rule.rule
            for name, value in args.items():
                url = re.sub(rf"<(?:[^:<>]+:)?{name}>", str(value), url)
            for who in (client, stranger):
                with who.get(url) as response:
                    assert response.status_code < 500, (url, response.status_code)
        visited.add(rule.endpoint)
    assert {"taking.index", "taking.question", "taking.finish", "taking.results", "material.page"} <= visited
    assert snapshot(app) == before


# --- answer keys stay on the server until the answer is in ---------------------------------------


def secrets_of(question: Question) -> list[str]:
    """Texts that would give the answer away if a page showed them before the answer is in."""
    found = [question.explanation]
    found += [choice.feedback for choice in question.choices]
    found += [question.true_feedback, question.false_feedback]
    found += [answer.feedback for answer in question.answers]
    found += [answer.text for answer in question.answers if not answer.regex]
    found += [answer.feedback for answer in question.numeric]
    for blank in question.blanks:
        found += [answer.feedback for answer in blank.answers]
        if not blank.choices:
            found += [answer.text for answer in blank.answers]
    return [text for text in found if text]


def visible(html: str) -> str:
    import html as html_lib

    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.parametrize("mode", ["practice", "exam"])
def test_question_pages_hold_no_answer_key_before_the_answer_is_in(app, quiz, mode):
    attempt = quiz.start(mode=mode)
    where = positions(app, attempt)
    by_id = {q.id: q for q in bank_questions(app)}
    for qid, position in where.items():
        html = quiz.page(attempt, position)
        text = visible(html)
        for secret in secrets_of(by_id[qid]):
            assert secret not in text, f"{qid}: {secret!r} is on the page before the answer"
        # The site navigation (the same on every page) links to the spaced review: look at the page's own content.
        content = html.split('<main id="main"', 1)[1]
        assert not re.search(r"correct|explanation|review", content, re.I), f"{qid}: a key marker is in the HTML"
        question = by_id[qid]
        if question.kind in (Kind.SINGLE, Kind.MULTIPLE):
            # Option values are display positions 0..n-1 in page order: they say nothing about the key.
            values = re.findall(r'name="answer"\s+value="([^"]*)"', html)
            assert values == [str(n) for n in range(len(question.choices))]
    if mode == "exam":
        # Answered in exam mode: still nothing until the attempt is finished.
        qid = "short-target"
        assert quiz.answer(attempt, where[qid], VALID[qid]).status_code == 303
        text = visible(quiz.page(attempt, where[qid]))
        assert by_id[qid].explanation not in text
        quiz.finish(attempt)
        results = visible(quiz.client.get(f"/attempts/{attempt}").get_data(as_text=True))
        assert by_id[qid].explanation in results  # the check above can see an explanation when there is one


def test_practice_mode_shows_the_key_only_after_the_answer(app, quiz):
    attempt = quiz.start(mode="practice")
    where = positions(app, attempt)
    question = next(q for q in bank_questions(app) if q.id == "single-pd1")
    assert question.explanation not in visible(quiz.page(attempt, where["single-pd1"]))
    quiz.answer(attempt, where["single-pd1"], VALID["single-pd1"])
    assert question.explanation in visible(quiz.page(attempt, where["single-pd1"]))


def test_the_correct_choice_is_not_always_in_the_same_place(app, quiz):
    slots = set()
    for _ in range(12):
        attempt = quiz.start()
        html = quiz.page(attempt, positions(app, attempt)["single-pd1"])
        labels = re.findall(r"<label[^>]*>(.*?)</label>", html, re.S)
        slots.add(next(n for n, label in enumerate(labels) if "Nivolumab" in label))
    assert len(slots) > 1


def test_the_session_cookie_holds_only_the_learner_and_csrf_tokens(csrf_app):
    client = csrf_app.test_client()
    allowed = {"learner", "csrf_token", "_permanent"}
    keys = [text for q in bank_questions(csrf_app) for text in secrets_of(q)]
    seen: list[dict[str, Any]] = []

    def check(response) -> None:
        assert response.status_code < 400, response.status_code
        data = session_of(csrf_app, client)
        seen.append(data)
        extra = set(data) - allowed
        # A flashed message lives in the cookie only until the next page shows it.
        assert extra <= {"_flashes"}, extra
        dumped = json.dumps(data)
        for secret in keys:
            assert secret not in dumped

    token = csrf_token(client)
    check(client.get("/"))
    response = client.post("/banks/every-type", data={"count": "all", "mode": "practice", "csrf_token": token})
    check(response)
    attempt = response.headers["Location"].split("/")[2]
    for qid, position in positions(csrf_app, attempt).items():
        check(client.get(f"/attempts/{attempt}/{position}"))
        check(client.post(f"/attempts/{attempt}/{position}", data={**VALID[qid], "csrf_token": token}))
        check(client.get(f"/attempts/{attempt}/{position}"))
    check(client.post(f"/attempts/{attempt}/finish", data={"csrf_token": token}))
    check(client.get(f"/attempts/{attempt}"))
    response = client.post(f"/attempts/{attempt}/retry", data={"csrf_token": token})
    check(response)
    check(client.get(response.headers["Location"]))
    final = seen[-1]
    assert set(final) - {"_permanent"} == {"learner", "csrf_token"}
    assert isinstance(final["_permanent"], bool)
    with csrf_app.app_context():
        assert db.session.scalar(select(Learner.token)) == final["learner"]


def test_a_cookie_signed_with_another_key_is_ignored(app, quiz):
    attempt = quiz.start()
    learner = session_of(app, quiz.client)["learner"]
    forger = app.test_client()
    # Same learner token, signed with a guessed key: the app must not trust it.
    serializer = URLSafeTimedSerializer("guessed-key", salt="cookie-session", signer_kwargs={"key_derivation": "hmac"})
    forger.set_cookie("session", serializer.dumps({"learner": learner}))
    assert forger.get(f"/attempts/{attempt}/1").status_code == 404


# --- tampered input ------------------------------------------------------------------------------

TAMPERED = [
    # (question id, form data or raw bytes, expected status)
    ("single-pd1", {"answer": "99"}, 422),
    ("single-pd1", {"answer": "-1"}, 422),
    ("single-pd1", {"answer": "0 OR 1=1"}, 422),
    ("single-pd1", {}, 422),
    ("multiple-checkpoints", {"answer": ["0", "99"]}, 422),
    ("tf-cart", {"answer": "maybe"}, 422),
    ("numeric-domains", {"answer": "nan"}, 422),
    ("numeric-domains", {"answer": "inf"}, 422),
    ("numeric-domains", {"answer": "1e999"}, 422),
    ("short-target", {"answer": "x" * 301}, 422),
    ("matching-drugs", {"answer-0": "99", "answer-1": "1", "answer-2": "2"}, 422),
    ("ordering-cart", {"answer-0": "0", "answer-1": "2", "answer-2": "3", "answer-3": "4"}, 422),
    ("ordering-cart", {"answer-0": "1", "answer-1": "1", "answer-2": "3", "answer-3": "4"}, 422),
    ("cloze-cart", {"answer-0": "7", "answer-1": "cytokine"}, 422),
    # Fields a real form never sends.
    ("tf-cart", {"answer": "true", "score": "100"}, 400),
    ("tf-cart", {"answer": "true", "points": "1", "correct": "1"}, 400),
    ("matching-drugs", {"answer-0": "0", "answer-1": "1", "answer-2": "2", "answer-9": "0"}, 400),
    # Bytes that are not UTF-8, in a value and in a name.
    ("short-target", b"answer=CD\xff19", 400),
    ("short-target", b"answer=caf%E9", 400),
    ("short-target", b"answer=%FF%FE", 400),
    ("tf-cart", b"\xff\xfe=true&answer=true", 400),
    # Bodies over the limit: a long field, a file upload, too many fields.
    ("short-target", {"answer": "x" * 70_000}, 413),
    ("short-target", {"answer": (io.BytesIO(b"x" * 70_000), "big.txt")}, 413),
    ("tf-cart", {**{f"f{n}": "1" for n in range(1500)}, "answer": "true"}, 400),
    ("tf-cart", {**{f"f{n}": "1" for n in range(1500)}, "upload": (io.BytesIO(b"x"), "f.txt")}, 413),
]


@pytest.mark.parametrize(("qid", "data", "status"), TAMPERED, ids=[f"{c[0]}-{n}" for n, c in enumerate(TAMPERED)])
def test_tampered_answers_get_a_4xx_page_and_change_nothing(app, client, quiz, qid, data, status):
    attempt = quiz.start()
    url = f"/attempts/{attempt}/{positions(app, attempt)[qid]}"
    before = snapshot(app)
    if isinstance(data, bytes):
        response = client.post(url, data=data, content_type="application/x-www-form-urlencoded")
    else:
        response = client.post(url, data=data)
    assert response.status_code == status, response.get_data(as_text=True)[-500:]
    assert "<h1>" in response.get_data(as_text=True)  # a page, not a bare error
    assert snapshot(app) == before


def test_valid_answers_of_the_same_questions_are_stored(app, quiz):
    # The counterpart of the test above: the same URLs with genuine data do change the database.
    attempt = quiz.start()
    for qid, position in positions(app, attempt).items():
        before = snapshot(app)
        assert quiz.answer(attempt, position, VALID[qid]).status_code == 303, qid
        after = snapshot(app)
        # The response, plus the question's new schedule and the review that made it (spaced review).
        grown = {table: len(after[table]) - len(before[table]) for table in after if after[table] != before[table]}
        assert grown == {"response": 1, "memory_card": 1, "memory_review": 1}, qid


@pytest.mark.parametrize("position", ["0", "9", "99999999999999999999", "-1", "1.5", "%2e%2e"])
def test_positions_out_of_range_are_404_and_change_nothing(app, client, quiz, position):
    attempt = quiz.start()
    before = snapshot(app)
    for method in ("GET", "POST"):
        response = client.open(f"/attempts/{attempt}/{position}", method=method, data={"answer": "true"})
        assert response.status_code == 404
    assert snapshot(app) == before


def test_a_position_that_exists_only_in_another_attempt_is_404(app, client, quiz):
    big = quiz.start(count="all")
    small = quiz.start(count="5")
    assert max(positions(app, small).values()) == 5 < max(positions(app, big).values())
    before = snapshot(app)
    assert client.post(f"/attempts/{small}/8", data={"answer": "true"}).status_code == 404
    assert client.get(f"/attempts/{small}/8").status_code == 404
    assert snapshot(app) == before


@pytest.mark.parametrize(
    "data",
    [
        {"count": "1000", "mode": "practice"},
        {"count": "-5", "mode": "practice"},
        {"count": "0", "mode": "practice"},
        {"count": "all", "mode": "god"},
        {"count": "all; DROP TABLE attempt", "mode": "practice"},
        {"mode": "practice"},
    ],
)
def test_tampered_start_forms_are_400_and_create_nothing(app, client, data):
    before = snapshot(app)
    response = client.post("/banks/every-type", data=data)
    assert response.status_code == 400
    assert snapshot(app) == before


# --- attempts of another session (IDOR) ----------------------------------------------------------


def test_attempt_urls_of_another_session_are_404_and_change_nothing(app, quiz):
    owner = quiz
    in_progress = owner.start()
    where = positions(app, in_progress)
    finished = owner.start()
    owner.answer(finished, positions(app, finished)["tf-cart"], {"answer": "false"})
    owner.finish(finished)
    other = app.test_client()
    start(other)  # a learner of its own, with a valid session
    anonymous = app.test_client()
    requests = [("GET", f"/attempts/{in_progress}/{p}", None) for p in where.values()]
    requests += [("POST", f"/attempts/{in_progress}/{where[qid]}", VALID[qid]) for qid in where]
    requests += [
        ("GET", f"/attempts/{in_progress}/finish", None),
        ("POST", f"/attempts/{in_progress}/finish", {}),
        ("GET", f"/attempts/{in_progress}", None),
        ("GET", f"/attempts/{finished}", None),
        ("GET", f"/attempts/{finished}/1", None),
        ("POST", f"/attempts/{finished}/retry", {}),
        ("POST", f"/attempts/{finished}/finish", {}),
    ]
    before = snapshot(app)
    for who in (other, anonymous):
        for method, url, data in requests:
            response = who.open(url, method=method, data=data)
            assert response.status_code == 404, (method, url, response.status_code)
        assert in_progress not in who.get("/history").get_data(as_text=True)
    assert snapshot(app) == before
    # The owner still reaches both.
    assert owner.client.get(f"/attempts/{in_progress}/1").status_code == 200
    assert owner.client.get(f"/attempts/{finished}").status_code == 200


# --- hostile question files ----------------------------------------------------------------------

PARSE_ONE = """
import json, sys
from pathlib import Path
from quiz.bank.loader import load_files
root = Path(sys.argv[1])
catalog = load_files([root / sys.argv[2]], root)
print(json.dumps({"loaded": len(catalog.banks), "problems": [[str(p), p.line, p.is_error] for p in catalog.problems]}))
"""


def _hostile_files(marker: Path) -> list[tuple[str, bytes, int, str | None]]:
    """(file name, content, expected line, words of our own message, or None where the YAML library may speak first).

    Whichever check stops a file, ours or the library's, the promise is the same: refused, with its path and line,
    quickly, and nothing in it runs. Only the words are left unchecked where a library release may change them.
    """
    laughs = "lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"lol{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" for n in range(1, 10)
    )
    question = "  - id: q\n    type: true_false\n    prompt: p\n    explanation: e\n    answer: true\n"
    return [
        (
            "python-apply.yaml",
            f"title: t\nquestions:\n  - !!python/object/apply:os.system ['touch {marker}']\n".encode(),
            3,
            "tag is not allowed",
        ),
        (
            "python-new.yaml",
            f"title: t\nquestions: !!python/object/new:subprocess.Popen [['touch', '{marker}']]\n".encode(),
            2,
            "tag is not allowed",
        ),
        ("python-name.yaml", b"title: !!python/name:os.system\nquestions: []\n", 1, "tag is not allowed"),
        ("local-tag.yaml", b"title: t\nquestions:\n  - !question {id: q}\n", 3, "tag is not allowed"),
        ("billion-laughs.yaml", laughs.encode(), 2, "aliases"),
        ("merge-key.yaml", b"base: &b {type: single}\nq:\n  <<: *b\n", 3, "aliases"),
        ("deep-flow.yaml", b"title: t\nquestions: " + b"[" * 100_000 + b"]" * 100_000 + b"\n", 2, None),
        (
            "deep-mapping.yaml",
            b"title: t\nquestions: " + b"{a: " * 20_000 + b"1" + b"}" * 20_000 + b"\n",
            2,
            None,
        ),
        (
            "deep-block.yaml",
            b"title: t\nquestions:\n" + b"".join(b"  " * n + b"- x:\n" for n in range(1, 200)),
            22,  # each line opens a list and a mapping: level 41 is on line 22
            "nested",
        ),
        ("duplicate-top.yaml", b"title: a\ndescription: b\ntitle: c\nquestions: []\n", 3, 'key "title" appears twice'),
        (
            "duplicate-in-question.yaml",
            ("title: t\nquestions:\n" + question + "    answer: false\n").encode(),
            8,
            'key "answer" appears twice',
        ),
        ("too-many-values.yaml", b"title: t\nquestions: [" + b"1," * 400_000 + b"1]\n", 2, "more than"),
        ("oversized.yaml", b"title: t\nquestions:\n" + b"# padding padding padding\n" * 45_000, 1, "larger than"),
        ("nul-byte.yaml", b"title: t\n\ndescription: a\x00b\nquestions: []\n", 3, "character YAML does not allow"),
        ("not-utf8.yaml", b"title: t\ndescription: caf\xe9\nquestions: []\n", 2, "not valid UTF-8"),
        ("complex-key.yaml", b"title: t\n? [a, b]\n: c\nquestions: []\n", 2, None),
        ("two-documents.yaml", b"title: t\n---\ntitle: u\n", 2, "one YAML document"),
        ("empty.yaml", b"", 1, "empty"),
    ]


HOSTILE_NAMES = [case[0] for case in _hostile_files(Path("m"))]


@pytest.mark.slow  # a child process per file
@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_question_files_give_a_path_line_error_quickly(tmp_path, name):
    marker = tmp_path / "pwned"
    _, content, line, words = next(case for case in _hostile_files(marker) if case[0] == name)
    root = tmp_path / "questions"
    root.mkdir()
    (root / name).write_bytes(content)
    started = time.monotonic()
    # A child process, so a hang in C code (libyaml) is cut off by the timeout instead of hanging the suite.
    done = subprocess.run(
        [sys.executable, "-c", PARSE_ONE, str(root), name],
        cwd=ROOT,  # `python -c` imports from its working directory first: this checkout's quiz
        capture_output=True,
        text=True,
        timeout=20,
    )
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-2000:]  # never a crash
    assert elapsed < 10, f"{name} took {elapsed:.1f}s"
    result = json.loads(done.stdout)
    assert result["loaded"] == 0
    problems = result["problems"]
    assert problems, "no problem reported"
    text, found_line, is_error = problems[0]
    assert is_error
    assert re.match(rf"^questions/{re.escape(name)}:\d+: \S", text), text
    assert found_line == line, text
    assert words is None or words in text, text
    assert "\n" not in text
    assert not marker.exists(), "a YAML tag ran code"


@pytest.mark.parametrize("suffix", sorted(bank_loader.PARSERS))
def test_oversized_files_of_every_format_are_refused_before_parsing(tmp_path, suffix):
    root = tmp_path / "questions"
    root.mkdir()
    path = root / f"huge{suffix}"
    path.write_bytes(b"x" * (bank_loader.MAX_FILE_BYTES + 1))
    catalog = bank_loader.load_files([path], root)
    assert not catalog.banks
    assert [str(p) for p in catalog.problems] == [
        f"questions/huge{suffix}:1: the file is larger than {bank_loader.MAX_FILE_BYTES // 1000} kB; "
        "split it into several banks"
    ]


def test_hostile_files_beside_a_good_bank_leave_the_app_working(client, questions_dir, tmp_path):
    quick = {
        "python-apply.yaml",
        "python-name.yaml",
        "billion-laughs.yaml",
        "duplicate-top.yaml",
        "nul-byte.yaml",
        "not-utf8.yaml",
        "oversized.yaml",
    }
    for name, content, _line, _words in _hostile_files(tmp_path / "pwned"):
        if name in quick:
            (questions_dir / name).write_bytes(content)
    home = client.get("/")
    assert home.status_code == 200
    assert "Every type" in home.get_data(as_text=True)
    problems = visible(client.get("/problems").get_data(as_text=True))
    for name in quick:
        assert re.search(rf"questions/{re.escape(name)}:\d+:", problems), name
    assert not (tmp_path / "pwned").exists()


# --- production settings -------------------------------------------------------------------------


def _production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZ_")}
    env.update(
        QUIZ_ENV="production",
        QUIZ_INSTANCE_DIR=str(tmp_path / "instance"),
        QUIZ_DATABASE_URL=f"sqlite:///{tmp_path / 'quiz.sqlite3'}",
    )
    return env


def test_production_refusal_says_how_to_set_a_key(monkeypatch, tmp_path):
    for name, value in _production_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("QUIZ_SECRET_KEY", raising=False)
    with pytest.raises(InsecureConfiguration) as refused:
        create_app()
    message = str(refused.value)
    assert "QUIZ_SECRET_KEY" in message
    assert "secrets.token_urlsafe" in message  # a command that makes a good key


@pytest.mark.slow  # starts run.py
def test_run_py_in_production_without_a_key_exits_with_the_message(tmp_path):
    done = subprocess.run(
        [sys.executable, "run.py", "--port", "1"],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "QUIZ_SECRET_KEY" in done.stderr
    assert not (tmp_path / "quiz.sqlite3").exists()  # refused before touching the database
