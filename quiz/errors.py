"""Error pages: every failure a learner can cause ends in a friendly 4xx page, never a 500."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from quiz.exceptions import QuizError
from quiz.extensions import db

TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Not found",
    405: "Not allowed",
    409: "Already done",
    413: "Too large",
    422: "Check your answer",
    429: "Too many tries",
    500: "Something went wrong",
    503: "Try again in a moment",
}


def _page(status: int, message: str) -> tuple[str, int]:
    return render_template(
        "errors/error.html", status=status, title=TITLES.get(status, "Error"), message=message
    ), status


def _http_error(error: HTTPException) -> tuple[str, int]:
    return _page(error.code or 500, error.description or "")


def _csrf_error(error: CSRFError) -> tuple[str, int]:
    return _page(400, "This form has expired or did not come from this site. Go back, reload the page and try again.")


def _quiz_error(error: QuizError) -> tuple[str, int]:
    # A refused action stores nothing: end its transaction (and any write lock) before drawing the page.
    db.session.rollback()
    return _page(error.status, str(error))


def _database_error(error: SQLAlchemyError) -> tuple[str, int]:
    # The learner sees a calm page; whoever runs the server needs to know what failed and where.
    current_app.logger.warning("database error on %s %s", request.method, request.path, exc_info=error)
    # Whatever the request was doing is undone, so the next request starts clean.
    db.session.rollback()
    return _page(503, "The database is busy or unavailable. Nothing was saved; please try again.")


def init_app(app: Flask) -> None:
    """Register the error pages."""
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(QuizError, _quiz_error)
    app.register_error_handler(SQLAlchemyError, _database_error)
