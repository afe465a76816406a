"""What learners answered, per choice or accepted answer: the answer groups of the database made readable.

Pure: no Flask, no database. A choice is keyed by its text, so versions that only reorder choices add up.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from quiz.bank.model import Kind, Question, choice_weights
from quiz.kinds.registry import describe_answer
from quiz.kinds.typed import match_text

OTHER = "Any other answer"
# Kinds whose answers are listed one by one (matching, ordering, numbers, cloze): the most frequent ones.
MAX_LISTED_ANSWERS = 8


@dataclass
class OptionCount:
    """How often one choice (or accepted answer) was picked, overall and by the stronger and weaker halves."""

    label: str  # Markdown, as in the question file
    correct: bool
    count: int = 0
    strong: int = 0
    weak: int = 0
    catch_all: bool = False  # "any other answer": not an option a learner could see


@dataclass(frozen=True)
class Picked:
    """One distinct answer to one version of a question, and how many learners gave it."""

    question: Question
    answer: Any
    count: int
    strong: int
    weak: int
    fraction: float  # the mean score of this answer (the same for everyone who gave it)


def _starting_options(question: Question) -> dict[str, OptionCount]:
    if question.kind in (Kind.SINGLE, Kind.MULTIPLE):
        weights = choice_weights(question)
        return {c.text: OptionCount(c.text, w > 0) for c, w in zip(question.choices, weights, strict=True)}
    if question.kind is Kind.TRUE_FALSE:
        return {label: OptionCount(label, (label == "True") == question.answer) for label in ("True", "False")}
    if question.kind is Kind.SHORT:
        options = {a.text: OptionCount(f"`{a.text}`" if a.regex else a.text, a.credit > 0) for a in question.answers}
        return options | {OTHER: OptionCount(OTHER, False, catch_all=True)}
    return {}


def _labels(picked: Picked) -> list[tuple[str, bool]]:
    """The option labels one answer counts for, each with whether it is right."""
    question, answer = picked.question, picked.answer
    if question.kind in (Kind.SINGLE, Kind.MULTIPLE):
        indexes = [answer] if question.kind is Kind.SINGLE else sorted(set(answer or ()))
        weights = choice_weights(question)
        return [(question.choices[i].text, weights[i] > 0) for i in indexes if 0 <= i < len(question.choices)]
    if question.kind is Kind.TRUE_FALSE:
        return [("True" if answer else "False", bool(answer) == question.answer)]
    if question.kind is Kind.SHORT:
        hit = match_text(str(answer), question.answers, question.case_sensitive)
        return [(hit.text, hit.credit > 0) if hit else (OTHER, False)]
    return [(" / ".join(describe_answer(question, answer)) or "(blank)", picked.fraction >= 1.0)]


def tally(current: Question, answers: Iterable[Picked]) -> list[OptionCount]:
    """Every option of the current version (unpicked ones with 0), then any other answers given, most frequent first."""
    options = _starting_options(current)
    fixed = len(options)
    for picked in answers:
        for label, correct in _labels(picked):
            option = options.setdefault(label, OptionCount(label, correct))
            option.count += picked.count
            option.strong += picked.strong
            option.weak += picked.weak
    listed = list(options.values())
    extra = sorted(listed[fixed:], key=lambda o: -o.count)
    if len(extra) > MAX_LISTED_ANSWERS:
        rest = OptionCount("Other answers", False, catch_all=True)
        for option in extra[MAX_LISTED_ANSWERS:]:
            rest.count += option.count
            rest.strong += option.strong
            rest.weak += option.weak
        extra = [*extra[:MAX_LISTED_ANSWERS], rest]
    return listed[:fixed] + extra


def stored_answer(text: str | None) -> Any:
    """A stored answer from the JSON text the database grouped it by."""
    return None if text is None else json.loads(text)
