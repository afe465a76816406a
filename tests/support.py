"""Test helpers shared by the test files (imported as `support`): the every-type bank, app creation, counters."""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from quiz import create_app
from quiz.bank.model import Bank
from quiz.bank.yaml.reader import parse_yaml
from quiz.extensions import db
from quiz.models import Attempt

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent
# data/banks/every-type.yaml (one question of every kind), parsed once for the whole run.
BANK: Bank = parse_yaml((DATA / "banks" / "every-type.yaml").read_text(), "every-type.yaml", "every-type").bank


@contextmanager
def make_app(config: dict[str, Any]) -> Iterator[Flask]:
    """An app on `config` with its tables created; its database connections are closed when the block ends."""
    app = create_app(config)
    with app.app_context():
        db.create_all()
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()


def count(model: Any, *where: Any, app: Flask | None = None) -> int:
    """Rows of `model` matching `where`: in the current app context, or in a fresh one of `app` when given."""
    query = select(func.count()).select_from(model).where(*where)
    if app is None:
        return db.session.scalar(query)
    with app.app_context():
        try:
            return db.session.scalar(query)
        finally:
            db.session.remove()


# Form data that answers each question of data/banks/every-type.yaml validly (display positions).
VALID_ANSWERS: dict[str, dict[str, Any]] = {
    "single-pd1": {"answer": "0"},
    "multiple-checkpoints": {"answer": ["0", "1"]},
    "tf-cart": {"answer": "true"},
    "short-target": {"answer": "CD19"},
    "numeric-domains": {"answer": "1"},
    "matching-drugs": {"answer-0": "0", "answer-1": "1", "answer-2": "2"},
    "ordering-cart": {"answer-0": "1", "answer-1": "2", "answer-2": "3", "answer-3": "4"},
    "cloze-cart": {"answer-0": "0", "answer-1": "cytokine"},
}


class FormReader(HTMLParser):
    """Reads the inputs of a page the way a browser would: radios, checkboxes, selects, text inputs, labels."""

    def __init__(self) -> None:
        super().__init__()
        self.inputs: list[dict[str, str]] = []
        self.labels: dict[str, str] = {}
        self.selects: dict[str, list[tuple[str, str]]] = {}
        self._label_for: str | None = None
        self._label_text: list[str] = []
        self._select: str | None = None
        self._option: str | None = None
        self._option_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "input":
            self.inputs.append(a)
        elif tag == "label":
            self._label_for = a.get("for")
            self._label_text = []
        elif tag == "select":
            self._select = a.get("name")
            self.selects[self._select] = []
        elif tag == "option":
            self._option = a.get("value", "")
            self._option_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._label_for:
            self.labels[self._label_for] = " ".join("".join(self._label_text).split())
            self._label_for = None
        elif tag == "option" and self._select is not None and self._option is not None:
            self.selects[self._select].append((self._option, " ".join("".join(self._option_text).split())))
            self._option = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._label_for:
            self._label_text.append(data)
        if self._option is not None:
            self._option_text.append(data)

    def choices(self) -> dict[str, str]:
        """Radio/checkbox label text (without the key number) -> value."""
        found = {}
        for item in self.inputs:
            if item.get("type") in ("radio", "checkbox"):
                label = self.labels.get(item.get("id", ""), "")
                found[re.sub(r"^\d+\s+", "", label)] = item["value"]
        return found

    def select_labels(self) -> dict[str, str]:
        """Select name -> the text of its label."""
        return {name: self.labels.get(name, "") for name in self.selects}


def read_form(html: str) -> FormReader:
    reader = FormReader()
    reader.feed(html)
    return reader


class QuizActions:
    """Drives a quiz through HTTP the way a student does."""

    def __init__(self, client) -> None:
        self.client = client

    def start(self, bank_id: str = "every-type", count: str = "all", mode: str = "practice") -> str:
        response = self.client.post(f"/banks/{bank_id}", data={"count": count, "mode": mode})
        assert response.status_code == 303, response.get_data(as_text=True)
        match = re.search(r"/attempts/([^/]+)/1$", response.headers["Location"])
        assert match, response.headers["Location"]
        return match.group(1)

    def page(self, attempt: str, position: int) -> str:
        response = self.client.get(f"/attempts/{attempt}/{position}")
        assert response.status_code == 200
        return response.get_data(as_text=True)

    def answer(self, attempt: str, position: int, data: dict[str, Any]):
        return self.client.post(f"/attempts/{attempt}/{position}", data=data)

    def finish(self, attempt: str):
        return self.client.post(f"/attempts/{attempt}/finish", data={})


def positions(app, public_id: str) -> dict[str, int]:
    """Question id -> position in an attempt (read straight from the database)."""
    with app.app_context():
        try:
            attempt = db.session.scalar(select(Attempt).where(Attempt.public_id == public_id))
            return {item.question_id: item.position for item in attempt.items}
        finally:
            db.session.remove()


def stop_process(process: subprocess.Popen[Any]) -> None:
    """Stop a server the test started: politely, then by force if it does not exit within 10 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def start_gunicorn(
    env: dict[str, str], log: Any, *options: str, ready: Callable[[int], bool] = lambda _pid: True
) -> tuple[subprocess.Popen[Any], int]:
    """gunicorn with two sync workers serving the app on a free port, once `ready(master pid)` and a GET of / answer.

    Its output goes to `log` (a file opened for reading and writing), where the port is read from."""
    command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", "127.0.0.1:0", *options]
    process = subprocess.Popen([*command, "quiz:create_app()"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        log.seek(0)
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log.read())
        if found and ready(process.pid):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", int(found.group(1)), timeout=10)
                connection.request("GET", "/")
                connection.getresponse().read()
                connection.close()
                return process, int(found.group(1))
            except OSError:
                pass
        log.seek(0)
        assert process.poll() is None, log.read()
        time.sleep(0.1)
    stop_process(process)
    log.seek(0)
    raise AssertionError("gunicorn did not start:\n" + log.read())
