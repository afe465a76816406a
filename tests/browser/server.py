"""Serve an app on a free local port in a background thread, and the Chromium flags to look at it with.

Test-only (imported as `server`): used by the browser tests (conftest.py) and screenshots.py beside it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

from quiz.extensions import db

# Headless Chromium on this kind of machine: no sandbox as root, and no background calls to the outside network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """No line per request: keeps test and script output readable."""


@contextmanager
def serve_in_thread(app: Flask) -> Iterator[str]:
    """Create the tables, serve `app` on 127.0.0.1 (a free port) until the block ends; yield its base URL."""
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.engine.dispose()
