"""Recovery codes: how they are made and hashed (pure; quiz.services stores and uses them).

A code is 20 characters of Crockford's base 32 (no I, L, O or U to misread) = 100 random bits, shown
in groups of four. Only its SHA-256 hash is stored: with that much randomness a fast hash is enough.
"""

from __future__ import annotations

import hashlib
import secrets

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 20
GROUP = 4


def new_code() -> str:
    """A fresh random code, grouped for reading aloud or copying: XXXX-XXXX-XXXX-XXXX-XXXX."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(code[start : start + GROUP] for start in range(0, CODE_LENGTH, GROUP))


def code_hash(typed: str) -> str:
    """The stored form of a code, forgiving of case, spaces, dashes and the letters Crockford reads as digits."""
    plain = "".join(typed.upper().split()).replace("-", "").translate(str.maketrans("OIL", "011"))
    return hashlib.sha256(plain.encode()).hexdigest()
