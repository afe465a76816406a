"""Flask extensions, created unbound and attached in create_app."""

from __future__ import annotations

from typing import Any

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import Pool

from quiz import writer_queue

# Named constraints, so migrations can alter them on SQLite and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
migrate = Migrate()
# Limits are declared per view (`@limiter.limit`); none applies by default. Storage: quiz.ratelimit.
limiter = Limiter(key_func=get_remote_address, default_limits=[])

IMMEDIATE = "quiz_immediate"


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL, a busy timeout and foreign keys for SQLite; we issue BEGIN ourselves (see below)."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        # Let SQLAlchemy's "begin" event emit BEGIN, so writers can ask for BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection: Any) -> None:
    """Writers that read then write take the write lock up front, so they never deadlock or lose updates."""
    if connection.dialect.name == "sqlite":
        immediate = connection.get_execution_options().get(IMMEDIATE, False)
        if immediate:
            writer_queue.wait_turn(connection.info, connection.engine.url.database)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@event.listens_for(Pool, "checkin")
def _end_write_turn(_dbapi_connection: Any, record: Any) -> None:
    """A connection back in the pool has committed or rolled back: the next SQLite writer may go."""
    writer_queue.end_turn(record.info if record is not None else None)


@event.listens_for(Pool, "invalidate")
def _end_write_turn_of_invalidated(_dbapi_connection: Any, record: Any, _exception: Any) -> None:
    writer_queue.end_turn(record.info if record is not None else None)
