"""Shared fixtures: an app on a temporary SQLite file and question folder, a client, a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from support import DATA, QuizActions, make_app


@pytest.fixture
def questions_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "questions"
    folder.mkdir()
    shutil.copy(DATA / "banks" / "every-type.yaml", folder / "every-type.yaml")
    return folder


@pytest.fixture
def app_config(tmp_path: Path, questions_dir: Path) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'quiz.sqlite3'}",
        "QUESTIONS_DIR": str(questions_dir),
        "WTF_CSRF_ENABLED": False,
        "CATALOG_RELOAD_SECONDS": 0,
    }


@pytest.fixture
def app(app_config: dict[str, Any]):
    with make_app(app_config) as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def quiz(client) -> QuizActions:
    return QuizActions(client)
