"""Rate limits are counted in the database: they hold across processes and servers, and windows expire."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Blueprint

from quiz import ratelimit
from quiz.extensions import limiter
from quiz.models import RateLimit
from support import count, make_app

probe = Blueprint("probe", __name__)


@probe.post("/probe")
@limiter.limit("3 per 15 minutes")
def limited() -> str:
    return "ok"


class FakeClock:
    """Stands in for the time module inside quiz.ratelimit, so windows pass in a test, not in real time."""

    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture
def two_servers(app_config):
    """Two app instances on one database, as two worker processes or two machines would be."""
    with make_app(app_config) as first, make_app(app_config) as second:
        first.register_blueprint(probe)
        second.register_blueprint(probe)
        yield first.test_client(), second.test_client(), first


def test_the_fourth_try_is_refused_even_when_it_reaches_another_server(two_servers):
    first, second, app = two_servers
    assert [first.post("/probe").status_code for _ in range(2)] == [200, 200]
    assert second.post("/probe").status_code == 200
    assert second.post("/probe").status_code == 429
    assert first.post("/probe").status_code == 429
    assert count(RateLimit, app=app) == 1


def test_a_window_that_has_passed_starts_counting_again(two_servers, monkeypatch):
    first, _, _ = two_servers
    clock = FakeClock(1_000_000.0)
    monkeypatch.setattr(ratelimit, "time", clock)
    assert [first.post("/probe").status_code for _ in range(4)] == [200, 200, 200, 429]
    clock.now += 15 * 60 + 1
    assert first.post("/probe").status_code == 200


def test_the_storage_counts_and_forgets_per_key(app, monkeypatch):
    storage = ratelimit.DatabaseStorage()
    clock = FakeClock(5_000.0)
    monkeypatch.setattr(ratelimit, "time", clock)
    with app.app_context():
        assert storage.check()
        assert [storage.incr("a", 60) for _ in range(3)] == [1, 2, 3]
        assert storage.incr("b", 60, amount=2) == 2
        assert storage.get("a") == 3
        assert storage.get_expiry("a") == 5_060.0
        storage.clear("a")
        assert storage.get("a") == 0
        clock.now += 61
        assert storage.get("b") == 0
        assert storage.incr("b", 60) == 1
        assert storage.reset() == 1


def test_the_limit_table_is_in_the_migrations(tmp_path: Path):
    from flask_migrate import upgrade

    from quiz import create_app

    config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.sqlite3'}", "TESTING": True, "SECRET_KEY": "x" * 40}
    app = create_app(config)
    with app.app_context():
        upgrade()
        assert ratelimit.DatabaseStorage().incr("migrated", 60) == 1
