"""Pages for students: pick a bank, answer one question per page, see results and history."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from quiz import queries, services
from quiz.bank.loader import Catalog
from quiz.catalog import current_catalog
from quiz.charts import topic_chart
from quiz.exceptions import AlreadyAnswered
from quiz.forms import ActionForm, StartForm, answer_form, expected_fields, form_value
from quiz.presenting import layout, to_canonical
from quiz.scoring import percent
from quiz.taking import pages

bp = Blueprint("taking", __name__)


def catalog() -> Catalog:
    """The parsed question banks (reloaded only when a file changed)."""
    return current_catalog()


def learner_token(create: bool = False) -> str | None:
    """This browser's learner token; a new one is made only when something is about to be saved."""
    token = session.get("learner")
    if not isinstance(token, str) and create:
        token = services.new_learner_token()
        session["learner"] = token
        session.permanent = True
    return token if isinstance(token, str) else None


def _attempt_rows(attempts: list[queries.AttemptSummary]) -> list[dict[str, Any]]:
    rows = []
    for attempt in attempts:
        points = attempt.points
        rows.append(
            {
                "public_id": attempt.public_id,
                "bank_title": attempt.bank_title,
                "mode": attempt.mode,
                "created_at": attempt.created_at.strftime("%Y-%m-%d %H:%M"),
                "finished": attempt.finished,
                "points": round(points or 0.0, 2),
                "max_points": round(attempt.max_points, 2),
                "percent": percent(points or 0.0, attempt.max_points),
                "questions": attempt.questions,
                "answered": attempt.answered,
            }
        )
    return rows


# Headings for bank sub-folders on the home page; other folders are named after themselves.
FOLDER_TITLES = {
    "generated": (
        "Drills generated from the study material",
        "Made automatically from the material's glossary, tables, lists and key terms: quick recall practice.",
    )
}


def _bank_sections() -> list[dict[str, Any]]:
    """Banks at the top of the questions folder first ("Topics"), then one section per sub-folder."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for bank in catalog().banks.values():
        if bank.scored_questions:
            groups.setdefault(bank.id.rpartition("/")[0], []).append(
                {
                    "id": bank.id,
                    "title": bank.title,
                    "topic": bank.topic,
                    "description": bank.description,
                    "count": len(bank.scored_questions),
                }
            )
    sections = [{"slug": "topics", "title": "Topics", "note": "", "banks": groups.pop("", [])}]
    for folder in sorted(groups):
        title, note = FOLDER_TITLES.get(folder, (folder.replace("/", " · ").replace("-", " ").capitalize(), ""))
        sections.append({"slug": folder.replace("/", "-"), "title": title, "note": note, "banks": groups[folder]})
    return [section for section in sections if section["banks"] or section["slug"] == "topics"]


@bp.get("/")
def index() -> str:
    recent = _attempt_rows(queries.recent_attempts(learner_token(), current_app.config["RECENT_ATTEMPTS"]))
    return render_template(
        "taking/index.html", sections=_bank_sections(), recent=recent, problem_count=len(catalog().errors)
    )


def _bank_or_404(bank_id: str) -> Any:
    bank = catalog().bank(bank_id)
    if bank is None or not bank.scored_questions:
        abort(404)
    return bank


@bp.route("/banks/<path:bank_id>", methods=["GET", "POST"])
def bank(bank_id: str) -> str | WerkzeugResponse:
    bank = _bank_or_404(bank_id)
    form = StartForm()
    form.set_count_choices(len(bank.scored_questions))
    if form.validate_on_submit():
        public_id = services.start_attempt(learner_token(create=True), bank, form.question_count, form.mode.data)
        return redirect(url_for("taking.question", public_id=public_id, position=1), code=303)
    topics = sorted({q.topic for q in bank.scored_questions})
    status = 400 if request.method == "POST" else 200
    return render_template("taking/bank.html", bank=bank, topics=topics, form=form), status


def _reject_tampering(question: Any) -> None:
    """Refuse posts with fields a real answer form never sends, or bytes that were not UTF-8."""
    unexpected = set(request.form) - expected_fields(question)
    if unexpected:
        abort(400, description="The form contained fields this question does not have.")
    if any("\ufffd" in value for value in request.form.values()):
        abort(400, description="The form contained text that is not valid UTF-8.")


@bp.route("/attempts/<public_id>/<int:position>", methods=["GET", "POST"])
def question(public_id: str, position: int) -> str | WerkzeugResponse | tuple[str, int]:
    token = learner_token()
    progress = queries.attempt_progress(token, public_id)
    attempt = progress.attempt
    version = progress.version_at(position)
    if version is None:
        abort(404)
    current = queries.question_by_hash(version)
    shown = layout(current, attempt.seed)
    status = 200
    # An information page takes no answer, so it has no answer form (only the finish form's token).
    formdata = request.form if request.method == "POST" else None
    form = answer_form(current, shown, formdata) if current.scored else ActionForm()
    if request.method == "POST":
        _reject_tampering(current)
        if not current.scored:
            abort(405)
        if form.validate():
            answer = to_canonical(current, shown, form_value(current, form))
            try:
                services.record_answer(token, public_id, position, answer)
            except AlreadyAnswered as exc:
                if not exc.same:
                    raise
                # A repeat of the stored answer (a double click): show the same page as the first post.
            return redirect(_after_answer(public_id, position, attempt.mode, progress.open_positions()), code=303)
        status = 422
    elif attempt.finished:
        return redirect(url_for("taking.results", public_id=public_id) + f"#q{position}")
    response = queries.response_at(attempt.id, position) if position in progress.answered else None
    reveal = response is not None and attempt.mode == "practice"
    total = len(progress.items)
    return render_template(
        "taking/question.html",
        attempt=attempt,
        position=position,
        total=total,
        percent_done=round(100 * len(progress.answered) / total),
        answered_count=len(progress.answered),
        nav=pages.navigation(progress, position),
        title=current.title,
        topic=current.topic,
        points=current.max_points,
        scored=current.scored,
        inputs=pages.question_inputs(current, shown, form),
        errors=[
            error for errors in form.errors.values() for error in (errors if isinstance(errors, list) else [errors])
        ],
        form=form,
        answered=response is not None,
        feedback=pages.feedback(current, shown, response) if reveal else None,
        previous=position - 1 if position > 1 else None,
        next=position + 1 if position < total else None,
        all_answered=not progress.open_positions(),
        finish_form=ActionForm(),
    ), status


def _after_answer(public_id: str, position: int, mode: str, open_positions: list[int]) -> str:
    """Practice stays on the question to show feedback; exam moves on to the next unanswered question."""
    if mode == "practice":
        return url_for("taking.question", public_id=public_id, position=position)
    remaining = [p for p in open_positions if p != position]
    later = [p for p in remaining if p > position]
    if later or remaining:
        return url_for("taking.question", public_id=public_id, position=(later or remaining)[0])
    return url_for("taking.finish", public_id=public_id)


@bp.route("/attempts/<public_id>/finish", methods=["GET", "POST"])
def finish(public_id: str) -> str | WerkzeugResponse:
    token = learner_token()
    progress = queries.attempt_progress(token, public_id)
    form = ActionForm()
    if form.validate_on_submit():
        services.finish_attempt(token, public_id)
        return redirect(url_for("taking.results", public_id=public_id), code=303)
    if request.method == "POST":
        abort(400)
    if progress.attempt.finished:
        return redirect(url_for("taking.results", public_id=public_id))
    unanswered = progress.open_positions()
    total = len(progress.needs_answer)
    return render_template(
        "taking/finish.html",
        attempt=progress.attempt,
        form=form,
        total=total,
        answered=total - len(unanswered),
        unanswered=unanswered,
    )


@bp.get("/attempts/<public_id>")
def results(public_id: str) -> str | WerkzeugResponse:
    attempt = queries.find_attempt(learner_token(), public_id)
    if not attempt.finished:
        return redirect(url_for("taking.finish", public_id=public_id))
    score = pages.attempt_score(attempt)
    missed = score.questions - score.correct
    return render_template(
        "taking/results.html",
        attempt=attempt,
        score=score,
        topics=[
            {
                "topic": t.topic,
                "points": round(t.points, 2),
                "max_points": round(t.max_points, 2),
                "percent": t.percent,
                "questions": t.questions,
            }
            for t in score.by_topic
        ],
        chart=topic_chart([(t.topic, t.percent) for t in score.by_topic]),
        review=pages.review(attempt),
        missed=missed,
        form=ActionForm(),
    )


@bp.post("/attempts/<public_id>/retry")
def retry(public_id: str) -> WerkzeugResponse:
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    new_id = services.start_retry(learner_token(), public_id)
    flash("A new attempt with the questions you missed. Good luck!", "info")
    return redirect(url_for("taking.question", public_id=new_id, position=1), code=303)


@bp.get("/history")
def history() -> str:
    return render_template("taking/history.html", attempts=_attempt_rows(queries.recent_attempts(learner_token())))


@bp.get("/problems")
def problems() -> str:
    current = catalog()
    return render_template(
        "taking/problems.html",
        errors=[str(p) for p in current.errors],
        warnings=[str(p) for p in current.warnings],
        bank_count=len(current.banks),
    )
