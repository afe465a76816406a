"""Rate limits kept in the app's own database, so every worker process and server counts the same tries.

Flask-Limiter does the limiting; `limits` has no SQL storage, so `DatabaseStorage` is one: a
fixed-window counter per key in the `rate_limit` table, incremented with one atomic upsert. It
uses its own short transactions on the engine, apart from the request's session.
"""

from __future__ import annotations

import time
from typing import ClassVar

from flask import Flask
from limits.storage import Storage
from sqlalchemy import delete, select, text
from sqlalchemy.exc import SQLAlchemyError

from quiz.extensions import db, limiter
from quiz.models import RateLimit

SCHEME = "quizdb"

_INCREMENT = text(
    """
    INSERT INTO rate_limit (key, count, expires_at) VALUES (:key, :amount, :now + :expiry)
    ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN rate_limit.expires_at <= :now THEN :amount ELSE rate_limit.count + :amount END,
        expires_at = CASE WHEN rate_limit.expires_at <= :now THEN :now + :expiry ELSE rate_limit.expires_at END
    RETURNING count
    """
)


class DatabaseStorage(Storage):
    """A `limits` storage on the app's database (SQLite or PostgreSQL), for the fixed-window strategy."""

    STORAGE_SCHEME: ClassVar[list[str]] = [SCHEME]

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Count `amount` more tries under `key`; a window that has expired starts again."""
        params = {"key": key, "amount": amount, "now": time.time(), "expiry": float(expiry)}
        with db.engine.begin() as connection:
            return int(connection.execute(_INCREMENT, params).scalar_one())

    def get(self, key: str) -> int:
        """The tries counted under `key` in its current window (0 once it has expired)."""
        with db.engine.connect() as connection:
            row = connection.execute(
                select(RateLimit.count).where(RateLimit.key == key, RateLimit.expires_at > time.time())
            ).first()
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        """When the window of `key` ends (now when there is none)."""
        with db.engine.connect() as connection:
            expires = connection.execute(select(RateLimit.expires_at).where(RateLimit.key == key)).scalar()
        return float(expires) if expires is not None else time.time()

    def check(self) -> bool:
        """True when the database answers."""
        try:
            with db.engine.connect() as connection:
                connection.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        """Forget every counter."""
        with db.engine.begin() as connection:
            return connection.execute(delete(RateLimit)).rowcount

    def clear(self, key: str) -> None:
        """Forget the counter of one key."""
        with db.engine.begin() as connection:
            connection.execute(delete(RateLimit).where(RateLimit.key == key))


def init_app(app: Flask) -> None:
    """Count tries in the app's database unless the configuration names another store (e.g. redis://)."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", f"{SCHEME}://")
    app.config.setdefault("RATELIMIT_STRATEGY", "fixed-window")
    limiter.init_app(app)
    if not (app.config.get("RATELIMIT_DEFAULT") or app.config.get("RATELIMIT_APPLICATION")):
        # That before-request hook only applies app-wide limits, and there are none: each limit is declared on its
        # view, whose decorator checks it (failed-try deductions are counted after the request, a hook kept).
        # Without it, the pages that have no limit skip the limiter's work on every request.
        app.before_request_funcs[None].remove(limiter._check_request_limit)
