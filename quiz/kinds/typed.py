"""How typed answers (short answers and cloze blanks) are compared with the accepted ones."""

from __future__ import annotations

import re
from collections.abc import Iterable

from quiz.bank.model import AcceptedAnswer

_SPACES = re.compile(r"\s+")


def normalise(text: str, case_sensitive: bool = False) -> str:
    """Trim, fold runs of white space into one space, and fold case unless asked not to."""
    folded = _SPACES.sub(" ", text).strip()
    return folded if case_sensitive else folded.casefold()


def match_text(answer: str, accepted: Iterable[AcceptedAnswer], case_sensitive: bool = False) -> AcceptedAnswer | None:
    """Return the best accepted answer that the typed text matches, or None."""
    typed = normalise(answer, case_sensitive)
    best: AcceptedAnswer | None = None
    for option in accepted:
        if option.regex:
            flags = 0 if case_sensitive else re.IGNORECASE
            try:
                hit = re.fullmatch(option.text, typed, flags) is not None
            except re.error:
                hit = False
        else:
            hit = typed == normalise(option.text, case_sensitive)
        if hit and (best is None or option.credit > best.credit):
            best = option
    return best


def key_texts(accepted: Iterable[AcceptedAnswer]) -> list[str]:
    """The fully right answers that are plain text (not patterns), as a key shows them."""
    return [a.text for a in accepted if a.credit >= 1.0 and not a.regex]
