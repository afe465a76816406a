"""Views for educators: sign in and out, item analysis per bank, CSV downloads, question file uploads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user, logout_user
from werkzeug.utils import secure_filename
from werkzeug.wrappers import Response as WerkzeugResponse

from quiz import catalog
from quiz.bank.loader import MAX_FILE_BYTES, PARSERS
from quiz.bank.model import Bank
from quiz.catalog import current_catalog
from quiz.exceptions import UploadRefused
from quiz.extensions import limiter
from quiz.markup import render_inline
from quiz.services import educators
from quiz.teaching import analysis, auth, exports, uploads
from quiz.teaching.flags import RULES
from quiz.teaching.forms import LoginForm, LogoutForm, UploadForm
from quiz.teaching.report import bank_report

bp = Blueprint("teaching", __name__, url_prefix="/teach", template_folder="templates")
bp.record_once(lambda state: auth.init_app(state.app))
bp.context_processor(auth.user_in_templates)
bp.add_app_template_filter(render_inline, "inline")

Page = str | tuple[str, int] | WerkzeugResponse


@bp.before_request
def _educators_only() -> WerkzeugResponse | None:
    if request.endpoint == "teaching.login" or current_user.is_authenticated:
        return None
    return auth.login_manager.unauthorized()


@bp.after_request
def _not_cached(response: Response) -> Response:
    # Statistics and account pages are for the signed-in educator only: no shared or back-button caches.
    response.headers["Cache-Control"] = "no-store"
    return response


def _safe_next(target: str | None) -> str:
    """Where to go after signing in: only a page under /teach of this site."""
    parts = urlsplit(target or "")
    if parts.scheme or parts.netloc or not parts.path.startswith("/teach/") or "\\" in parts.path:
        return url_for("teaching.index")
    return parts.path + (f"?{parts.query}" if parts.query else "")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(auth.FAILED_LOGIN_LIMIT, key_func=auth.account_key, deduct_when=auth.login_failed, methods=["POST"])
@limiter.limit(auth.FAILED_LOGIN_LIMIT, key_func=auth.address_key, deduct_when=auth.login_failed, methods=["POST"])
def login() -> Page:
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        educator = auth.authenticate(form.email.data or "", form.password.data or "")
        if educator is not None:
            auth.sign_in(educator)
            return redirect(_safe_next(request.args.get("next")), code=303)
        failed = True
    status = 401 if failed else 400 if request.method == "POST" else 200
    return render_template("teaching/login.html", form=form, failed=failed), status


@bp.post("/logout")
def logout() -> WerkzeugResponse:
    if not LogoutForm().validate_on_submit():
        abort(400, description="This form has expired. Go back, reload the page and try again.")
    educators.end_educator_sessions(current_user.educator_id)
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("teaching.login"), code=303)


@bp.get("/")
def index() -> str:
    catalog = current_catalog()
    counts = analysis.finished_attempt_counts()
    banks = [(bank, counts.get(bank_id, 0)) for bank_id, bank in catalog.banks.items() if bank.scored_questions]
    return render_template("teaching/index.html", banks=banks)


def _bank_or_404(bank_id: str) -> Bank:
    bank = current_catalog().bank(bank_id)
    if bank is None or not bank.scored_questions:
        abort(404)
    return bank


def _every_attempt() -> bool:
    return request.args.get("attempts") == "all"


@bp.get("/banks/<path:bank_id>")
def bank(bank_id: str) -> str:
    report = bank_report(_bank_or_404(bank_id), _every_attempt())
    return render_template("teaching/bank.html", report=report, rules=RULES)


def _csv(name: str, chunks: Iterator[str]) -> Response:
    response = Response(stream_with_context(chunks), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _csv_name(bank: Bank, what: str) -> str:
    scope = "all" if _every_attempt() else "first"
    return f"{secure_filename(bank.id.replace('/', '-')) or 'bank'}-{what}-{scope}"


@bp.get("/banks/<path:bank_id>/responses.csv")
def responses_csv(bank_id: str) -> Response:
    bank = _bank_or_404(bank_id)
    rows = exports.response_rows(analysis.analysed_attempts(bank.id, _every_attempt()))
    return _csv(_csv_name(bank, "responses"), exports.csv_chunks(exports.RESPONSE_HEADER, rows))


@bp.get("/banks/<path:bank_id>/attempts.csv")
def attempts_csv(bank_id: str) -> Response:
    bank = _bank_or_404(bank_id)
    rows = exports.attempt_rows(analysis.analysed_attempts(bank.id, _every_attempt()))
    return _csv(_csv_name(bank, "attempts"), exports.csv_chunks(exports.ATTEMPT_HEADER, rows))


@bp.get("/banks/<path:bank_id>/items.csv")
def items_csv(bank_id: str) -> Response:
    bank = _bank_or_404(bank_id)
    rows = exports.item_rows(bank_report(bank, _every_attempt()))
    return _csv(_csv_name(bank, "items"), exports.csv_chunks(exports.ITEM_HEADER, rows))


@bp.before_request
def _room_for_uploads() -> None:
    # Answers are tiny (the app-wide limit); a question file may be as large as the loader accepts.
    if request.endpoint == "teaching.upload":
        request.max_content_length = MAX_FILE_BYTES + 64 * 1024


@bp.route("/upload", methods=["GET", "POST"])
def upload() -> Page:
    form = UploadForm()
    problems: list[str] = []
    if form.validate_on_submit():
        root = Path(current_app.config["QUESTIONS_DIR"])
        try:
            target = uploads.upload_target(root, form.file.data.filename or "")
            with form.file.data.stream as stream:  # closed now: a large upload is spooled to a temporary file
                raw = stream.read()
            warnings = uploads.check_upload(root, target, raw, current_catalog())
        except UploadRefused as refused:
            problems = refused.problems
        else:
            educators.save_upload(target, raw)
            bank = next(b for b in catalog.loader().refresh().banks.values() if Path(b.path).name == target.name)
            flash(f"Saved {bank.path}: “{bank.title}”, {len(bank.scored_questions)} questions.", "success")
            for warning in warnings:
                flash(f"{bank.path}:{warning}", "warning")
            return redirect(url_for("teaching.bank", bank_id=bank.id), code=303)
    status = 422 if problems else 400 if request.method == "POST" else 200
    return render_template("teaching/upload.html", form=form, problems=problems, formats=sorted(PARSERS)), status
