"""Educator accounts and access to /teach: the CLI, login, logout, sessions, CSRF and failed-login limits."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Educator
from support import make_app
from teaching_support import EMAIL, PASSWORD, add_educator, sign_in

PAGES = ["/teach/", "/teach/banks/every-type", "/teach/banks/every-type/responses.csv", "/teach/upload"]


def test_educators_cli_adds_lists_changes_and_removes_accounts(app, runner):
    added = runner.invoke(args=["educators", "add", " Teacher@Example.org "], input=PASSWORD + "\n")
    assert added.exit_code == 0, added.output
    listed = runner.invoke(args=["educators", "list"])
    assert listed.output.split("\t")[0] == EMAIL
    with app.app_context():
        stored = db.session.scalar(select(Educator.password_hash))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    changed = runner.invoke(args=["educators", "password", EMAIL], input="another long password\n")
    assert changed.exit_code == 0, changed.output
    client = app.test_client()
    assert sign_in(client).status_code == 401
    assert sign_in(client, password="another long password").status_code == 303
    assert runner.invoke(args=["educators", "remove", EMAIL]).exit_code == 0
    assert runner.invoke(args=["educators", "list"]).output == ""
    assert client.get("/teach/").status_code == 302  # the removed account's session ends at once


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["add", "not-an-address"], PASSWORD + "\n", "not an e-mail address"),
        (["add", EMAIL], "short\n", "at least 12 characters"),
        (["remove", "nobody@example.org"], "", "No educator"),
        (["password", "nobody@example.org"], PASSWORD + "\n", "No educator"),
    ],
)
def test_educators_cli_refuses_bad_input_with_a_message(runner, args, stdin, message):
    result = runner.invoke(args=["educators", *args], input=stdin)
    assert result.exit_code == 1
    assert message in result.output


def test_an_address_can_have_only_one_account(app, runner):
    add_educator(app)
    result = runner.invoke(args=["educators", "add", EMAIL.upper()], input=PASSWORD + "\n")
    assert result.exit_code == 1 and "already has an account" in result.output


def test_there_is_no_default_account(client):
    for email, password in [("admin", "admin"), ("admin@example.org", "password"), (EMAIL, PASSWORD)]:
        assert sign_in(client, email, password).status_code == 401
    assert client.get("/teach/").status_code == 302


@pytest.mark.parametrize("path", PAGES)
def test_every_teach_page_sends_a_stranger_to_the_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/teach/login?next=")


def test_posts_under_teach_also_need_a_login(client):
    assert client.post("/teach/upload", data={}).status_code == 302
    assert client.post("/teach/logout", data={}).status_code == 302


def test_login_opens_the_pages_and_goes_back_to_the_page_asked_for(app, client):
    add_educator(app)
    response = sign_in(client, query_string={"next": "/teach/upload"})
    assert response.status_code == 303 and response.headers["Location"] == "/teach/upload"
    for path in PAGES:
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("target", ["https://evil.example/teach/", "//evil.example/teach/", "/attempts/x", "/\\evil"])
def test_login_never_redirects_off_the_teach_pages(app, client, target):
    add_educator(app)
    assert sign_in(client, query_string={"next": target}).headers["Location"] == "/teach/"


def test_a_wrong_password_and_an_unknown_address_fail_alike(app, client):
    add_educator(app)
    wrong = sign_in(client, password="not the password")
    unknown = sign_in(client, email="nobody@example.org")
    assert wrong.status_code == unknown.status_code == 401
    token = re.compile(r'name="csrf_token" value="[^"]*"')  # signed with a timestamp: differs from second to second
    pages = [token.sub("", r.get_data(as_text=True)) for r in (wrong, unknown)]
    assert pages[0] == pages[1].replace("nobody@example.org", EMAIL)


def test_login_renews_the_session_keeping_only_the_learner(app, client):
    add_educator(app)
    with client.session_transaction() as session:
        session["learner"] = "learner-token"
        session["planted"] = "by someone else"
    sign_in(client)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["learner"] == "learner-token"
        assert session["_user_id"]


def test_logout_is_a_post_and_the_old_cookie_no_longer_works(app, client):
    add_educator(app)
    sign_in(client)
    with client.session_transaction() as session:
        signed_in = dict(session)
    assert client.get("/teach/logout").status_code == 405
    assert client.post("/teach/logout").status_code == 303
    assert client.get("/teach/").status_code == 302
    with client.session_transaction() as session:
        session.update(signed_in)  # a copy of the cookie taken while signed in
    assert client.get("/teach/").status_code == 302


def test_a_password_change_signs_out_every_session(app, client, runner):
    add_educator(app)
    sign_in(client)
    assert client.get("/teach/").status_code == 200
    runner.invoke(args=["educators", "password", EMAIL], input="a brand new password\n")
    assert client.get("/teach/").status_code == 302


def test_login_and_logout_need_the_csrf_token(app_config):
    with make_app({**app_config, "WTF_CSRF_ENABLED": True}) as app:
        add_educator(app)
        client = app.test_client()
        assert sign_in(client).status_code == 400
        page = client.get("/teach/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = client.post("/teach/login", data={"email": EMAIL, "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 303
        assert client.post("/teach/logout", data={}).status_code == 400
        assert client.get("/teach/").status_code == 200


def _failures(client, email: str, times: int, address: str) -> list[int]:
    return [sign_in(client, email, "wrong password!", environ_base={"REMOTE_ADDR": address}).status_code
            for _ in range(times)]  # fmt: skip


def test_the_eleventh_failure_for_one_account_is_refused_from_any_address(app, client):
    add_educator(app)
    statuses = [_failures(client, EMAIL, 1, f"10.0.0.{n}")[0] for n in range(10)]
    assert statuses == [401] * 10
    assert _failures(client, EMAIL, 1, "10.0.1.1") == [429]
    # Even the right password waits: that is what stops guessing.
    assert sign_in(client, environ_base={"REMOTE_ADDR": "10.0.1.2"}).status_code == 429
    assert sign_in(client, "other@example.org", "x" * 12, environ_base={"REMOTE_ADDR": "10.0.1.3"}).status_code == 401


def test_the_eleventh_failure_from_one_address_is_refused_for_any_account(app, client):
    add_educator(app)
    statuses = [_failures(client, f"user{n}@example.org", 1, "10.9.9.9")[0] for n in range(10)]
    assert statuses == [401] * 10
    assert _failures(client, "user99@example.org", 1, "10.9.9.9") == [429]
    assert sign_in(client, environ_base={"REMOTE_ADDR": "10.9.9.8"}).status_code == 303


def test_successful_logins_do_not_count_towards_the_limit(app, client):
    add_educator(app)
    for _ in range(12):
        assert sign_in(client).status_code == 303
