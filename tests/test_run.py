"""`python run.py` on a fresh checkout: migrates a new SQLite database, keeps a secret, serves the banks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from quiz import create_app
from quiz.config import InsecureConfiguration

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(tmp_path: Path, port: int, *options: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZ_")}
    env["QUIZ_INSTANCE_DIR"] = str(tmp_path / "instance")
    return subprocess.Popen(
        [sys.executable, "run.py", "--host", "127.0.0.1", "--port", str(port), *options],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def get(url: str, deadline: float) -> str:
    return fetch(url, deadline)[1]


def fetch(url: str, deadline: float) -> tuple[dict[str, str], str]:
    """The headers and body of `url`, retried until the server is up or the deadline passes."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return dict(response.headers), response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.slow
def test_run_py_creates_the_database_and_serves_the_shipped_banks(tmp_path):
    port = free_port()
    server = serve(tmp_path, port)
    try:
        headers, page = fetch(f"http://127.0.0.1:{port}/", time.monotonic() + 30)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert "Checkpoint inhibitors" in page
    # The production server (waitress, named after us), not Werkzeug's development server; the URL is printed.
    assert headers["Server"] == "ImmunoQuiz"
    assert f"Serving ImmunoQuiz on http://127.0.0.1:{port}/" in output
    assert "development server" not in output.lower()
    assert (tmp_path / "instance" / "quiz.sqlite3").exists()
    secret = (tmp_path / "instance" / "secret_key").read_text()
    assert len(secret) >= 32
    assert "Loaded" in output and "banks" in output
    # A second start keeps the same secret, so sessions survive a restart.
    port = free_port()
    server = serve(tmp_path, port)
    try:
        get(f"http://127.0.0.1:{port}/history", time.monotonic() + 30)
    finally:
        server.terminate()
        server.communicate(timeout=10)
    assert (tmp_path / "instance" / "secret_key").read_text() == secret


def test_production_refuses_a_missing_or_weak_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("QUIZ_INSTANCE_DIR", str(tmp_path))
    monkeypatch.setenv("QUIZ_ENV", "production")
    monkeypatch.delenv("QUIZ_SECRET_KEY", raising=False)
    with pytest.raises(InsecureConfiguration, match="QUIZ_SECRET_KEY"):
        create_app()
    monkeypatch.setenv("QUIZ_SECRET_KEY", "short")
    with pytest.raises(InsecureConfiguration):
        create_app()
    monkeypatch.setenv("QUIZ_SECRET_KEY", "x" * 40)
    assert create_app().config["SECRET_KEY"] == "x" * 40
    assert not (tmp_path / "secret_key").exists()  # production never invents a key


@pytest.mark.slow  # starts run.py
def test_run_py_explains_a_missing_production_secret_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZ_")}
    env |= {"QUIZ_ENV": "production", "QUIZ_INSTANCE_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "run.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith("run.py: QUIZ_ENV=production needs a strong secret key")
    assert "Traceback" not in result.stderr


@pytest.mark.slow  # starts run.py
def test_run_py_dev_serves_with_the_development_server(tmp_path):
    port = free_port()
    server = serve(tmp_path, port, "--dev")
    try:
        headers, _ = fetch(f"http://127.0.0.1:{port}/", time.monotonic() + 30)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert headers["Server"] != "ImmunoQuiz"  # the development server, not waitress
    assert "Development server (reloader and debugger)" in output
