"""Views for spaced review and progress: thin handlers that read, call a service, and redirect."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from quiz.catalog import current_catalog
from quiz.models import utcnow
from quiz.queries.memories import memories, memory_history
from quiz.services import attempts, remembering
from quiz.studying.pages import due_summary, mastery, progress_over_time
from quiz.taking.charts import topic_chart
from quiz.taking.forms import ActionForm
from quiz.taking.routes import learner_token

bp = Blueprint("studying", __name__, template_folder="templates")


@bp.get("/review")
def review() -> str:
    summary = due_summary(memories(learner_token()), current_catalog(), utcnow())
    return render_template("studying/review.html", summary=summary)


@bp.post("/review")
def start_review() -> WerkzeugResponse:
    if not ActionForm().validate_on_submit():
        abort(400)
    public_id = attempts.start_review(learner_token() or "", current_catalog())
    return redirect(url_for("taking.question", public_id=public_id, position=1), code=303)


@bp.post("/attempts/<public_id>/<int:position>/guessed")
def guessed(public_id: str, position: int) -> WerkzeugResponse:
    if not ActionForm().validate_on_submit():
        abort(400)
    remembering.mark_guessed(learner_token(), public_id, position)
    flash("Marked as a guess: this question will come back sooner.", "info")
    return redirect(url_for("taking.question", public_id=public_id, position=position) + "#feedback", code=303)


@bp.get("/progress")
def progress() -> str:
    token, catalog, now = learner_token(), current_catalog(), utcnow()
    points = progress_over_time(memory_history(token), catalog, now)
    chart = topic_chart(
        [(point.label, point.percent) for point in points],
        chart_id="progress-chart",
        title="Share of your answered questions retained, over time",
    )
    return render_template(
        "studying/progress.html", topics=mastery(memories(token), catalog, now), points=points, chart=chart
    )
