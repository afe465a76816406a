"""Configuration: defaults, overridden by QUIZ_* environment variables, then by test_config."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIN_SECRET_LENGTH = 32


class InsecureConfiguration(RuntimeError):
    """Raised when production settings are unsafe (for example a missing secret key)."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def from_environment(instance_path: str) -> dict[str, Any]:
    """Settings read from the environment, with defaults that work on a fresh checkout."""
    env = os.environ
    return {
        "QUIZ_ENV": env.get("QUIZ_ENV", "development"),
        "QUESTIONS_DIR": env.get("QUIZ_QUESTIONS_DIR", str(PROJECT_ROOT / "questions")),
        "SQLALCHEMY_DATABASE_URI": env.get(
            "QUIZ_DATABASE_URL", "sqlite:///" + str(Path(instance_path) / "quiz.sqlite3")
        ),
        "SECRET_KEY": env.get("QUIZ_SECRET_KEY") or None,
        "SESSION_COOKIE_SECURE": _bool(env.get("QUIZ_HTTPS")),
        "CATALOG_RELOAD_SECONDS": float(env.get("QUIZ_RELOAD_SECONDS", "2")),
    }


DEFAULTS: dict[str, Any] = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": 60 * 60 * 24 * 365,
    # Answers are tiny; anything bigger is an attack or a mistake (413).
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "MAX_FORM_MEMORY_SIZE": 64 * 1024,
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "RECENT_ATTEMPTS": 5,
}


def development_secret(instance_path: str) -> str:
    """A random secret kept in instance/secret_key, so sessions survive a restart in development."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # Created with owner-only permissions: it signs every session cookie.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


def check_production(config: dict[str, Any]) -> None:
    """Refuse to serve production without a strong secret key, and say how to set one."""
    key = config.get("SECRET_KEY") or ""
    if len(key) < MIN_SECRET_LENGTH:
        raise InsecureConfiguration(
            "QUIZ_ENV=production needs a strong secret key: set QUIZ_SECRET_KEY to at least "
            f"{MIN_SECRET_LENGTH} random characters, for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`."
        )
