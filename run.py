"""Start ImmunoQuiz: bring the database schema up to date, load the banks, and serve.

python run.py [--host 127.0.0.1] [--port 5000]
"""

from __future__ import annotations

import argparse
import logging
import os

from flask_migrate import upgrade

from quiz import create_app
from quiz.catalog import loader
from quiz.config import InsecureConfiguration


def main(argv: list[str] | None = None) -> None:
    """Parse the command line, migrate the database, report question-file problems and serve."""
    parser = argparse.ArgumentParser(description="Serve ImmunoQuiz.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=5000, help="port to listen on (default 5000)")
    parser.add_argument("--debug", action="store_true", help="reload on code changes and show tracebacks")
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
    app.run(host=args.host, port=args.port, debug=args.debug)


if __name__ == "__main__":
    main()
