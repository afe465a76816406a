"""Description: an information page inside a quiz. Shown, never answered or scored."""

from __future__ import annotations

from quiz.bank.model import Kind
from quiz.kinds.base import KindHandler


class Description(KindHandler):
    """Takes no answer: the defaults (no fields to read, nothing to grade) are exactly right."""

    kind = Kind.DESCRIPTION
    scored = False
    answer_shape = "none: a description takes no answer"
