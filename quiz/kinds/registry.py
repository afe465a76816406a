"""The handler of every question kind, keyed by kind (like CTFd's CHALLENGE_CLASSES)."""

from __future__ import annotations

import random
from typing import Any

from quiz.bank.model import Kind, Question
from quiz.kinds.base import KindHandler, Layout
from quiz.kinds.choice import MultipleResponse, SingleChoice, TrueFalse
from quiz.kinds.cloze import Cloze
from quiz.kinds.description import Description
from quiz.kinds.rows import Matching, Ordering
from quiz.kinds.text import Numeric, ShortAnswer

KINDS: dict[Kind, KindHandler] = {
    handler.kind: handler
    for handler in (
        SingleChoice(),
        MultipleResponse(),
        TrueFalse(),
        ShortAnswer(),
        Numeric(),
        Matching(),
        Ordering(),
        Cloze(),
        Description(),
    )
}


def handler_for(question: Question) -> KindHandler:
    """The handler of a question's kind."""
    return KINDS[question.kind]


# Layouts by (question version, seed): a version never changes, so neither does its shuffle for one attempt.
_LAYOUTS: dict[tuple[str, int], Layout] = {}
_LAYOUT_CACHE_SIZE = 50_000


def layout(question: Question, seed: int) -> Layout:
    """The stable, per-attempt shuffle of a question's parts (same seed, same page on every reload; cached)."""
    key = (question.content_hash, seed)
    found = _LAYOUTS.get(key)
    if found is None:
        if len(_LAYOUTS) >= _LAYOUT_CACHE_SIZE:
            _LAYOUTS.clear()
        found = _LAYOUTS[key] = handler_for(question).layout(question, random.Random(f"{seed}:{question.id}"))
    return found


def describe_answer(question: Question, answer: Any) -> list[str]:
    """The learner's answer in words, one Markdown line per part (nothing when unanswered)."""
    return [] if answer is None else handler_for(question).describe_answer(question, answer)
