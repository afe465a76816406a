"""Helpers for the educators' tests: accounts, a signed-in client, banks written to the questions folder, classes."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

from quiz.catalog import current_catalog
from quiz.services import answering, attempts, educators

EMAIL = "teacher@example.org"
PASSWORD = "correct horse battery staple"


class InOrder(random.Random):
    """An rng that leaves questions in file order, so position n asks the n-th question."""

    def shuffle(self, x: Any, *args: Any) -> None:
        return None


def add_educator(app, email: str = EMAIL, password: str = PASSWORD) -> None:
    with app.app_context():
        educators.add_educator(email, password)


def sign_in(client, email: str = EMAIL, password: str = PASSWORD, **extra):
    return client.post("/teach/login", data={"email": email, "password": password}, **extra)


def choice_bank(folder: Path, name: str, keys: list[int], choices: int = 3) -> str:
    """A bank of single-choice questions q1..qN whose right choice (per the file) is keys[n]; returns its id."""
    questions = [
        {
            "id": f"q{n}",
            "type": "single",
            "prompt": f"Question **{n}**?",
            "explanation": "Because.",
            "choices": [{"text": f"Option {chr(65 + c)}", "correct": c == key} for c in range(choices)],
        }
        for n, key in enumerate(keys, start=1)
    ]
    (folder / f"{name}.yaml").write_text(yaml.safe_dump({"title": name.title(), "questions": questions}))
    return name


def take(app, bank_id: str, token: str, answers: list[int]) -> None:
    """One finished attempt of a learner answering question n with choice answers[n] (canonical index)."""
    with app.app_context():
        bank = current_catalog().bank(bank_id)
        public_id = attempts.start_attempt(token, bank, None, "exam", rng=InOrder())
        for position, answer in enumerate(answers, start=1):
            answering.record_answer(token, public_id, position, answer)
        attempts.finish_attempt(token, public_id)
