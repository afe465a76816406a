"""The educators' forms: sign in, sign out, upload a question file."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired, Length

from quiz.teaching.accounts import MAX_PASSWORD_LENGTH


class LoginForm(FlaskForm):
    """E-mail address and password."""

    email = StringField(
        "E-mail address", validators=[InputRequired(message="Enter your e-mail address."), Length(max=254)]
    )
    password = PasswordField(
        "Password", validators=[InputRequired(message="Enter your password."), Length(max=MAX_PASSWORD_LENGTH)]
    )


class LogoutForm(FlaskForm):
    """Nothing but the CSRF token: signing out is a POST."""


class UploadForm(FlaskForm):
    """One question file."""

    file = FileField("Question file", validators=[FileRequired(message="Choose a question file to upload.")])
