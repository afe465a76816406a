"""Start ImmunoQuiz: bring the database schema up to date, load the banks, and serve.

python run.py [--host 127.0.0.1] [--port 5000] [--threads 8] [--dev]

Serves with waitress, a production WSGI server (pure Python, also on Windows). `--dev` uses Flask's development
server instead, with the reloader and the debugger: only on your own machine, never on a network.
For more cores: `gunicorn -w N 'quiz:create_app()'` (see the README).
"""

from __future__ import annotations

import argparse
import logging
import os

from flask import Flask
from flask_migrate import upgrade
from waitress import serve

from quiz import create_app
from quiz.catalog import loader
from quiz.config import InsecureConfiguration

# Requests mostly wait on the database or the network, so a few threads per core keep the CPU busy;
# waitress queues any beyond them instead of starting more.
DEFAULT_THREADS = 8


def main(argv: list[str] | None = None) -> None:
    """Parse the command line, migrate the database, report question-file problems and serve."""
    parser = argparse.ArgumentParser(description="Serve ImmunoQuiz.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=5000, help="port to listen on (default 5000)")
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS, help="waitress worker threads (default 8)")
    parser.add_argument(
        "--dev", "--debug", action="store_true", help="development server: reload on code changes, show tracebacks"
    )
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    try:
        app = create_app()
    except InsecureConfiguration as exc:
        parser.exit(2, f"run.py: {exc}\n")
    os.makedirs(app.instance_path, exist_ok=True)
    with app.app_context():
        upgrade()
        catalog = loader(app).refresh()
    # Alembic's logging config (applied by upgrade) sets the root level to WARN; our start-up report is INFO.
    log = logging.getLogger("immunoquiz")
    log.setLevel(logging.INFO)
    log.info("Loaded %d banks with %d questions.", len(catalog.banks), catalog.question_count)
    for problem in catalog.problems:
        (log.error if problem.is_error else log.warning)("%s", problem)
    if catalog.errors:
        log.warning("Files with errors were skipped; see /problems or run `flask --app quiz questions validate`.")
    url = f"http://{args.host}:{args.port}/"
    if args.dev:
        log.info("Development server (reloader and debugger) on %s", url)
        app.run(host=args.host, port=args.port, debug=True)
    else:
        log.info("Serving ImmunoQuiz on %s with waitress, %d threads (Ctrl+C stops it).", url, args.threads)
        serve_production(app, args.host, args.port, args.threads)


def serve_production(app: Flask, host: str, port: int, threads: int) -> None:
    """Serve with waitress; its own start-up line is left out, ours says the same with the thread count."""
    logging.getLogger("waitress").setLevel(logging.WARNING)
    serve(app, host=host, port=port, threads=threads, ident="ImmunoQuiz")


if __name__ == "__main__":
    main()
