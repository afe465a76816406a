"""Educator passwords and identities: argon2 hashes, normalised e-mail addresses, session keys. No database here."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
_HASHER = PasswordHasher()
# Verified when the e-mail is unknown, so a wrong address takes as long as a wrong password.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


def normalise_email(email: str) -> str:
    """The form an address is stored and looked up in: trimmed and lower case."""
    return email.strip().lower()


def check_email(email: str) -> str:
    """The normalised address; ValueError when it does not look like one."""
    address = normalise_email(email)
    local, _, domain = address.partition("@")
    if not local or "." not in domain or len(address) > 254 or any(c.isspace() for c in address):
        raise ValueError(f"{email!r} is not an e-mail address")
    return address


def check_password(password: str) -> None:
    """ValueError when a new password is too short or too long to accept."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValueError(f"the password may have at most {MAX_PASSWORD_LENGTH} characters")


def hash_password(password: str) -> str:
    """A memory-hard (argon2id) hash of a password, salted."""
    return _HASHER.hash(password)


def password_matches(stored_hash: str | None, password: str) -> bool:
    """True when `password` matches `stored_hash`; with no hash (unknown account) it still does the work, then fails."""
    try:
        return _HASHER.verify(stored_hash or _DUMMY_HASH, password[:MAX_PASSWORD_LENGTH]) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_session_key() -> str:
    """A fresh random key for an educator's login cookies."""
    return secrets.token_urlsafe(24)
