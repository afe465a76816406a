"""Who may see /teach: Flask-Login sessions for educators, and the rate limits on failed logins."""

from __future__ import annotations

from flask import Flask, Response, request, session
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, UserMixin, login_user
from flask_login.utils import _user_context_processor
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Educator
from quiz.teaching.accounts import normalise_email, password_matches

login_manager = LoginManager()
login_manager.login_view = "teaching.login"
login_manager.login_message = "Sign in to see the educators' pages."
login_manager.login_message_category = "info"
# Not Flask-Login's IP/browser check: it writes into every learner's cookie. Sessions are renewed at login and
# revoked server-side instead (the session key in each login cookie, renewed at logout and password change).
login_manager.session_protection = None

# The eleventh failed login within the window is refused (429), per account and per address.
FAILED_LOGIN_LIMIT = "10 per 15 minutes"


class SignedIn(UserMixin):
    """The educator of this session: its id and the session key its cookie was issued with."""

    def __init__(self, educator_id: int, email: str, session_key: str) -> None:
        self.educator_id = educator_id
        self.email = email
        self.session_key = session_key

    def get_id(self) -> str:
        return f"{self.educator_id}:{self.session_key}"


@login_manager.user_loader
def _load(user_id: str) -> SignedIn | None:
    educator_id, _, key = user_id.partition(":")
    if not educator_id.isdigit():
        return None
    educator = db.session.get(Educator, int(educator_id))
    if educator is None or not key or educator.session_key != key:
        return None  # removed, logged out or password changed since this cookie was issued
    return SignedIn(educator.id, educator.email, educator.session_key)


def authenticate(email: str, password: str) -> SignedIn | None:
    """The educator with this address and password, or None (as slow for an unknown address as a wrong password)."""
    educator = db.session.scalar(select(Educator).where(Educator.email == normalise_email(email)))
    if not password_matches(educator.password_hash if educator else None, password) or educator is None:
        return None
    return SignedIn(educator.id, educator.email, educator.session_key)


def sign_in(educator: SignedIn) -> None:
    """Start a fresh session for the educator: nothing from before the login survives but the learner's own token."""
    learner = session.get("learner")
    session.clear()
    if learner is not None:
        session["learner"] = learner
    login_user(educator)


def account_key() -> str:
    """The rate-limit key of the account a login form names."""
    return "account:" + normalise_email(request.form.get("email", ""))[:254]


def address_key() -> str:
    """The rate-limit key of the address a login comes from."""
    return "address:" + (get_remote_address() or "")


def login_failed(response: Response) -> bool:
    """Only failed logins count towards the limits (the login page answers a failure with 401)."""
    return response.status_code == 401


def init_app(app: Flask) -> None:
    """Attach Flask-Login to the app; only the educators' templates get `current_user` (learners' pages skip it)."""
    login_manager.init_app(app, add_context_processor=False)


def user_in_templates() -> dict[str, object]:
    """`current_user` for the educators' templates (Flask-Login's context processor, scoped to their blueprint)."""
    return _user_context_processor()
