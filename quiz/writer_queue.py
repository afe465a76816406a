"""SQLite writers take turns on a kernel file lock before BEGIN IMMEDIATE, rather than in SQLite's busy handler.

SQLite's busy handler sleeps 1, 2, 5, 10... ms between tries however soon the lock frees, so under concurrent answers
a blocked writer waits far longer than the writer ahead of it needs. A blocking flock on a file beside the database
wakes the next writer as soon as the one ahead has committed (or rolled back) and returned its connection. Readers
never queue: WAL lets them read during a write. Without fcntl (Windows) writers wait in the busy handler as before.
"""

from __future__ import annotations

import os
from typing import Any

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

_HELD = "quiz_writer_queue_fd"  # in the pooled connection's info dict while its writer holds the turn


def wait_turn(info: dict[str, Any], database: str | None) -> None:
    """Block until this connection may write to the SQLite file `database` (nothing in memory or without fcntl)."""
    if fcntl is None or not database or database == ":memory:" or _HELD in info:
        return
    fd = os.open(f"{database}-writers.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except BaseException:
        os.close(fd)
        raise
    info[_HELD] = fd


def end_turn(info: dict[str, Any] | None) -> None:
    """Let the next writer go: called when the connection returns to the pool, after its commit or rollback."""
    fd = info.pop(_HELD, None) if info is not None else None
    if fd is not None:
        os.close(fd)  # closing the descriptor releases its lock
