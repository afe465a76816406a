"""Units of work on educator accounts and uploaded question files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sqlalchemy import select

from quiz.exceptions import (
    EducatorExists,
    EducatorNotFound,
)
from quiz.extensions import db
from quiz.models import Educator
from quiz.services.writing import begin_write
from quiz.teaching.accounts import check_email, check_password, hash_password, new_session_key


def add_educator(email: str, password: str) -> str:
    """Create an educator account; return its normalised address (ValueError for a bad address or password)."""
    address = check_email(email)
    check_password(password)
    begin_write()
    if db.session.scalar(select(Educator.id).where(Educator.email == address)) is not None:
        raise EducatorExists(f"{address} already has an account.")
    db.session.add(Educator(email=address, password_hash=hash_password(password), session_key=new_session_key()))
    db.session.commit()
    return address


def _educator(email: str) -> Educator:
    educator = db.session.scalar(select(Educator).where(Educator.email == check_email(email)))
    if educator is None:
        raise EducatorNotFound(f"No educator has the address {email.strip()}.")
    return educator


def remove_educator(email: str) -> None:
    """Delete an educator account; its open sessions stop working at once."""
    begin_write()
    db.session.delete(_educator(email))
    db.session.commit()


def set_educator_password(email: str, password: str) -> None:
    """Give an educator a new password and sign out every session that used the old one."""
    check_password(password)
    begin_write()
    educator = _educator(email)
    educator.password_hash = hash_password(password)
    educator.session_key = new_session_key()
    db.session.commit()


def end_educator_sessions(educator_id: int) -> None:
    """Renew an educator's session key (logout), so no copy of an earlier login cookie works any more."""
    begin_write()
    educator = db.session.get(Educator, educator_id)
    if educator is not None:
        educator.session_key = new_session_key()
        db.session.commit()


def save_upload(target: Path, raw: bytes) -> None:
    """Save an uploaded question file byte for byte; it replaces any earlier one at once (never half written)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".upload-", delete=False) as scratch:
        scratch.write(raw)
    os.replace(scratch.name, target)
