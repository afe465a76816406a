"""The bare stack ImmunoQuiz is measured against: Flask + Flask-SQLAlchemy + Flask-WTF and nothing else.

    gunicorn --chdir scripts/bare_skeleton 'bare_app:create_app()'

GET /  : ten four-choice questions drawn with Jinja loops, and a CSRF token (the session cookie is set).
POST / : the CSRF token checked, one INSERT and a commit (SQLite in WAL, as ImmunoQuiz), then a 303 redirect.
BARE_DATABASE_URL picks the database (default: bare-skeleton.sqlite3 in the temporary folder).
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

from flask import Flask, redirect, render_template
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import FlaskForm
from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from wtforms import StringField

QUESTIONS = [
    {"prompt": f"Question {n}: which cell presents antigen?", "choices": ["T cell", "B cell", "Dendritic cell", "NK"]}
    for n in range(1, 11)
]


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class BareAnswer(db.Model):  # type: ignore[name-defined]
    __tablename__ = "bench_bare_answer"
    id: Mapped[int] = mapped_column(primary_key=True)
    answer: Mapped[str]


class AnswerForm(FlaskForm):
    answer = StringField()


@event.listens_for(Engine, "connect")
def _wal(dbapi_connection: Any, _record: Any) -> None:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")
        dbapi_connection.execute("PRAGMA busy_timeout=10000")


def create_app() -> Flask:
    """The bare app, its one table created."""
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ.get("BARE_SECRET_KEY", "bare-skeleton-secret-key-0123456789-abcdef")
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get(
        "BARE_DATABASE_URL", f"sqlite:///{tempfile.gettempdir()}/bare-skeleton.sqlite3"
    )
    app.config["WTF_CSRF_TIME_LIMIT"] = None
    db.init_app(app)
    with app.app_context():
        try:
            db.create_all()
        except OperationalError:
            # Both gunicorn workers start at once; the one that loses the race finds the table made by the other.
            db.session.rollback()
            if not inspect(db.engine).has_table(BareAnswer.__tablename__):
                raise

    @app.route("/", methods=["GET", "POST"])
    def page() -> Any:
        form = AnswerForm()
        if form.validate_on_submit():
            db.session.add(BareAnswer(answer=form.answer.data or ""))
            db.session.commit()
            return redirect("/", code=303)
        return render_template("page.html", form=form, questions=QUESTIONS)

    return app
