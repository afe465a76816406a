"""Views for recovery codes: make, replace or revoke one (from /history), and use one at /restore."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from quiz.exceptions import InvalidRecoveryCode
from quiz.extensions import limiter
from quiz.services import restoring
from quiz.taking.forms import ActionForm
from quiz.taking.routes import learner_token

bp = Blueprint("restoring", __name__, template_folder="templates")

# Per address, counted in the database (quiz.ratelimit), so guessing is as slow across workers as in one.
WRONG_CODE_LIMIT = "10 per 15 minutes"


class RestoreForm(FlaskForm):
    """The recovery code made in the other browser."""

    code = StringField(
        "Recovery code",
        validators=[InputRequired(message="Type your recovery code."), Length(max=100, message="That is too long.")],
    )


def _wrong_code(response: Response) -> bool:
    """Only refused codes count against the limit: a good code or an empty form does not."""
    return response.status_code == InvalidRecoveryCode.status


@bp.post("/recovery-code")
def make_code() -> Response:
    if not ActionForm().validate_on_submit():
        abort(400)
    code = restoring.new_recovery_code(learner_token(create=True))
    # The code is shown in this response only (never stored or put in a redirect); reloading makes a new one.
    response = make_response(render_template("restoring/code.html", code=code))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/recovery-code/revoke")
def revoke_code() -> WerkzeugResponse:
    if not ActionForm().validate_on_submit():
        abort(400)
    if restoring.revoke_recovery_code(learner_token()):
        flash("Your recovery code is revoked: it can no longer be used.", "info")
    return redirect(url_for("taking.history"), code=303)


@bp.route("/restore", methods=["GET", "POST"])
@limiter.limit(
    WRONG_CODE_LIMIT,
    key_func=get_remote_address,
    methods=["POST"],
    deduct_when=_wrong_code,
    error_message="Too many wrong recovery codes from your network. Wait 15 minutes, then try again.",
)
def restore() -> tuple[str, int] | WerkzeugResponse:
    form = RestoreForm()
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        try:
            moved = restoring.restore_with_code(learner_token(create=True), form.code.data)
        except InvalidRecoveryCode as error:
            form.code.errors.append(str(error))
            return render_template("restoring/restore.html", form=form), InvalidRecoveryCode.status
        flash(f"Moved {moved} attempt{'' if moved == 1 else 's'} to this browser.", "info")
        return redirect(url_for("taking.history"), code=303)
    return render_template("restoring/restore.html", form=form), status
