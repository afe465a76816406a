"""Failed-login limits hold across processes: two gunicorn servers (two workers each) on one database."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest

from support import ROOT, start_gunicorn, stop_process

EMAIL = "teacher@example.org"
PASSWORD = "correct horse battery staple"

pytestmark = pytest.mark.slow


def _request(port: int, method: str, path: str, body: dict | None = None, cookie: str = "") -> tuple[int, str, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        headers = {"Cookie": cookie} if cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=urlencode(body) if body is not None else None, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Set-Cookie") or "", response.getheader("Location") or ""
    finally:
        connection.close()


def _login(port: int, password: str) -> tuple[int, str]:
    """A login the way a browser makes it: fetch the form (and its CSRF token), then post it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/teach/login")
    response = connection.getresponse()
    page, cookie = response.read().decode(), (response.getheader("Set-Cookie") or "").split(";")[0]
    connection.close()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    status, new_cookie, _ = _request(
        port, "POST", "/teach/login", {"email": EMAIL, "password": password, "csrf_token": token}, cookie
    )
    return status, new_cookie.split(";")[0]


class Server:
    """gunicorn with two sync workers on a free port, on the shared database of `env`."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log = log.open("w+")
        self.process, self.port = start_gunicorn(env, self.log)

    def stop(self) -> None:
        stop_process(self.process)
        self.log.close()


@pytest.fixture
def servers(tmp_path):
    questions = tmp_path / "questions"
    questions.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZ_")}
    env.update(
        QUIZ_DATABASE_URL=f"sqlite:///{tmp_path / 'quiz.sqlite3'}",
        QUIZ_QUESTIONS_DIR=str(questions),
        QUIZ_SECRET_KEY="teaching-servers-test-secret-key-0123456789",
        QUIZ_INSTANCE_DIR=str(tmp_path / "instance"),
    )
    flask = [sys.executable, "-m", "flask", "--app", "quiz:create_app"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=60)
    # The password comes from standard input, as a script would give it (no terminal here).
    added = subprocess.run(
        [*flask, "educators", "add", EMAIL], input=PASSWORD + "\n", text=True, cwd=ROOT, env=env, capture_output=True
    )
    assert added.returncode == 0, added.stderr
    started = [Server(env, tmp_path / f"gunicorn-{n}.log") for n in range(2)]
    yield started
    for server in started:
        server.stop()


def test_the_eleventh_failed_login_is_refused_whichever_server_it_reaches(servers):
    first, second = servers
    statuses = [_login((first if n % 2 else second).port, "wrong password!")[0] for n in range(10)]
    assert statuses == [401] * 10
    assert _login(first.port, "wrong password!")[0] == 429
    assert _login(second.port, PASSWORD)[0] == 429


def test_a_login_on_one_server_is_honoured_and_ended_on_the_other(servers):
    first, second = servers
    status, cookie = _login(first.port, PASSWORD)
    assert status == 303
    assert _request(second.port, "GET", "/teach/", cookie=cookie)[0] == 200
    assert _request(second.port, "GET", "/teach/upload")[0] == 302  # no cookie: to the login
