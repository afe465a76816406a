"""Views for students: thin handlers that read, call a service, and redirect (POST/redirect/GET)."""

from __future__ import annotations

from functools import cache, partial
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from quiz.bank.model import Bank, Question
from quiz.catalog import current_catalog
from quiz.exceptions import AlreadyAnswered, TimeIsUp
from quiz.kinds.base import Layout
from quiz.kinds.registry import handler_for, layout
from quiz.memory import current_question
from quiz.models import utcnow
from quiz.queries.attempts import (
    Progress,
    attempt_progress,
    question_by_hash,
    recent_attempts,
    recovery_code_made,
    response_at,
)
from quiz.queries.home import home_reads
from quiz.queries.results import attempt_results
from quiz.services import answering, attempts
from quiz.taking import home, listing, pages
from quiz.taking.articles import review_articles
from quiz.taking.forms import MAX_TIME_LIMIT, ActionForm, AnswerForm, StartForm, answer_form
from quiz.taking.links import site_links
from quiz.taking.review import attempt_questions
from quiz.taking.summary import score_summary

bp = Blueprint("taking", __name__, template_folder="templates")
bp.add_app_template_global(site_links)

Page = str | tuple[str, int] | WerkzeugResponse


def learner_token(create: bool = False) -> str | None:
    """This browser's learner token; a new one is made only when something is about to be saved."""
    token = session.get("learner")
    if not isinstance(token, str) and create:
        token = attempts.new_learner_token()
        session["learner"] = token
        session.permanent = True
    return token if isinstance(token, str) else None


@bp.get("/")
def index() -> str:
    catalog = current_catalog()
    reads = home_reads(learner_token(), utcnow(), current_app.config["RECENT_ATTEMPTS"])
    return render_template(
        "taking/index.html",
        bank_sections=home.bank_sections_html(catalog),
        unfinished=listing.open_rows(reads.unfinished),
        recent=listing.attempt_rows(reads.recent),
        due=sum(current_question(catalog, bank_id, question_id) is not None for bank_id, question_id in reads.due),
    )


def _bank_or_404(bank_id: str) -> Bank:
    bank = current_catalog().bank(bank_id)
    if bank is None or not bank.scored_questions:
        abort(404)
    return bank


@bp.route("/banks/<path:bank_id>", methods=["GET", "POST"])
def bank(bank_id: str) -> Page:
    bank = _bank_or_404(bank_id)
    form = StartForm()
    form.set_count_choices(len(bank.scored_questions))
    if form.validate_on_submit():
        public_id = attempts.start_attempt(
            learner_token(create=True), bank, form.question_count, form.mode.data, time_limit=form.time_limit.data
        )
        return redirect(url_for("taking.question", public_id=public_id, position=1), code=303)
    topics = sorted({q.topic for q in bank.scored_questions})
    status = 400 if request.method == "POST" else 200
    page = render_template("taking/bank.html", bank=bank, topics=topics, form=form, max_time_limit=MAX_TIME_LIMIT)
    return page, status


def _reject_tampering(question: Question) -> None:
    """Refuse posts with fields a real answer form never sends (non-UTF-8 bodies are refused app-wide)."""
    unexpected = set(request.form) - handler_for(question).field_names(question) - {"csrf_token"}
    if unexpected:
        abort(400, description="The form contained fields this question does not have.")


@bp.route("/attempts/<public_id>/<int:position>", methods=["GET", "POST"])
def question(public_id: str, position: int) -> Page:
    if request.method == "POST":
        return _answer(public_id, position)
    progress = attempt_progress(learner_token(), public_id)
    version = progress.version_at(position)
    if version is None:
        abort(404)
    if progress.attempt.timed_out(utcnow()):
        return _time_up(public_id, answering=False)
    if progress.attempt.finished:
        return redirect(url_for("taking.results", public_id=public_id) + f"#q{position}")
    current = question_by_hash(version)
    return _question_page(progress, position, current, layout(current, progress.attempt.seed))


def _question_page(progress: Progress, position: int, current: Question, shown: Layout, form=None, status=200) -> Page:
    stored = response_at(progress.attempt.id, position) if position in progress.answered else None
    page = pages.question_page(progress, position, current, shown, stored, form, utcnow())
    return render_template("taking/question.html", page=page), status


class _FormRefused(Exception):
    """An answer form with mistakes, to be shown again (422)."""

    def __init__(self, form: AnswerForm | ActionForm, question: Question, shown: Layout) -> None:
        super().__init__("The answer form has mistakes.")
        self.form, self.question, self.shown = form, question, shown


def _read_form(question: Question, seed: int) -> Any:
    """The posted answer to `question` as laid out by `seed`; refuses tampered, unanswerable or mistaken forms."""
    _reject_tampering(question)
    if not question.scored:
        abort(405)
    shown = layout(question, seed)
    form = answer_form(question, shown, request.form)
    if not form.validate():
        raise _FormRefused(form, question, shown)
    return handler_for(question).read_answer(question, shown, form.value())


def _answer(public_id: str, position: int) -> Page:
    """Validate, grade and store an answer, then redirect; a form with mistakes is shown again (422)."""
    token = learner_token()
    try:
        answered = answering.answer_question(token, public_id, position, _read_form)
    except _FormRefused as refused:
        progress = attempt_progress(token, public_id)
        return _question_page(progress, position, refused.question, refused.shown, refused.form, status=422)
    except AlreadyAnswered as exc:
        if not exc.same:
            raise
        # A repeat of the stored answer (a double click): show the same page as the first post.
        progress = attempt_progress(token, public_id)
        return redirect(_after_answer(public_id, position, progress.attempt.mode, progress.open_positions()), code=303)
    except TimeIsUp:
        # The deadline passed before this answer arrived: the service refused it and finished the exam.
        return _time_up(public_id, answering=True)
    return redirect(_after_answer(public_id, position, answered.mode, answered.open_positions), code=303)


def _time_up(public_id: str, answering: bool) -> Page:
    """A timed exam past its deadline: finish it with the answers given; an answer sent now gets a page saying so."""
    attempts.finish_if_timed_out(learner_token(), public_id)
    if answering:
        return render_template("taking/time_up.html", public_id=public_id), 409
    flash("Time is up: your exam is finished with the answers you gave.", "info")
    return redirect(url_for("taking.results", public_id=public_id), code=303)


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
def finish(public_id: str) -> Page:
    token = learner_token()
    progress = attempt_progress(token, public_id)
    form = ActionForm()
    if form.validate_on_submit():
        attempts.finish_attempt(token, public_id)
        return redirect(url_for("taking.results", public_id=public_id), code=303)
    if request.method == "POST":
        abort(400)
    if progress.attempt.timed_out(utcnow()):
        return _time_up(public_id, answering=False)
    if progress.attempt.finished:
        return redirect(url_for("taking.results", public_id=public_id))
    unanswered = progress.open_positions()
    total = len(progress.needs_answer)
    return render_template(
        "taking/finish.html",
        attempt=progress.attempt,
        total=total,
        answered=total - len(unanswered),
        unanswered=unanswered,
    )


@bp.get("/attempts/<public_id>")
def results(public_id: str) -> Page:
    results = attempt_results(learner_token(), public_id)
    if not results.attempt.finished:
        return redirect(url_for("taking.finish", public_id=public_id))
    questions = cache(partial(attempt_questions, results))  # read only for what is not kept rendered
    return render_template(
        "taking/results.html",
        attempt=results.attempt,
        summary=score_summary(results, questions),
        review=review_articles(results, questions),
    )


@bp.post("/attempts/<public_id>/retry")
def retry(public_id: str) -> WerkzeugResponse:
    if not ActionForm().validate_on_submit():
        abort(400)
    new_id = attempts.start_retry(learner_token(), public_id)
    flash("A new attempt with the questions you missed. Good luck!", "info")
    return redirect(url_for("taking.question", public_id=new_id, position=1), code=303)


@bp.get("/history")
def history() -> str:
    token = learner_token()
    return render_template(
        "taking/history.html",
        attempts=listing.attempt_rows(recent_attempts(token)),
        code_made=listing.when(recovery_code_made(token)),
    )


@bp.get("/problems")
def problems() -> str:
    catalog = current_catalog()
    return render_template(
        "taking/problems.html",
        errors=[str(p) for p in catalog.errors],
        warnings=[str(p) for p in catalog.warnings],
        bank_count=len(catalog.banks),
    )
