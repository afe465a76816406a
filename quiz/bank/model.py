"""The canonical question model every file format is parsed into.

Frozen dataclasses so a parsed catalog can be shared between requests and threads
without copying. Nothing here imports Flask or SQLAlchemy.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any


class Kind(StrEnum):
    """The question types ImmunoQuiz can show and grade."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    SHORT = "short"
    NUMERIC = "numeric"
    MATCHING = "matching"
    ORDERING = "ordering"
    CLOZE = "cloze"
    # An information page inside a quiz (GIFT "description"): shown, never scored.
    DESCRIPTION = "description"


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


@dataclass(frozen=True)
class Choice:
    """One option of a single or multiple choice question.

    `weight` is the fraction of the question's points this choice is worth when picked
    (negative weights take points away); `None` means "use the default rule for the kind".
    """

    text: str
    correct: bool
    feedback: str = ""
    weight: float | None = None


@dataclass(frozen=True)
class AcceptedAnswer:
    """An accepted answer of a short-answer question or a cloze blank."""

    text: str
    credit: float = 1.0
    feedback: str = ""
    # When true, `text` is a regular expression matched against the whole normalised answer.
    regex: bool = False


@dataclass(frozen=True)
class NumericAnswer:
    """A numeric answer: either `value` with `tolerance`, or the closed range `min`..`max`."""

    value: float | None = None
    tolerance: float = 0.0
    min: float | None = None
    max: float | None = None
    credit: float = 1.0
    feedback: str = ""

    @property
    def low(self) -> float:
        return self.min if self.min is not None else float(self.value) - self.tolerance  # type: ignore[arg-type]

    @property
    def high(self) -> float:
        return self.max if self.max is not None else float(self.value) + self.tolerance  # type: ignore[arg-type]


@dataclass(frozen=True)
class Blank:
    """One blank of a cloze question: typed answers, or a choice list shown as a select."""

    answers: tuple[AcceptedAnswer, ...]
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    """A question in canonical form, whatever file format it came from."""

    id: str
    kind: Kind
    prompt: str
    explanation: str
    topic: str = ""
    tags: tuple[str, ...] = ()
    difficulty: Difficulty | None = None
    points: float = 1.0
    source: str = ""
    title: str = ""
    choices: tuple[Choice, ...] = ()
    answer: bool | None = None  # true_false
    true_feedback: str = ""  # true_false: shown when the learner answered "true"
    false_feedback: str = ""
    answers: tuple[AcceptedAnswer, ...] = ()  # short
    case_sensitive: bool = False  # short
    numeric: tuple[NumericAnswer, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()  # matching
    distractors: tuple[str, ...] = ()  # matching: extra right-hand options
    items: tuple[str, ...] = ()  # ordering, in the right order
    blanks: tuple[Blank, ...] = ()  # cloze
    # Line in the source file where the question starts (for error messages; not content).
    line: int = field(default=0, compare=False)

    @property
    def scored(self) -> bool:
        return self.kind is not Kind.DESCRIPTION

    @property
    def max_points(self) -> float:
        return self.points if self.scored else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Return the canonical JSON-ready form (the interchange format of every export)."""
        return question_to_dict(self)

    @cached_property
    def content_hash(self) -> str:
        """A hash of everything a learner sees or is graded on, so each version is told apart."""
        payload = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Bank:
    """A parsed question file."""

    id: str
    title: str
    path: str
    format: str
    questions: tuple[Question, ...]
    description: str = ""
    topic: str = ""
    tags: tuple[str, ...] = ()

    @property
    def scored_questions(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.scored)

    def question(self, question_id: str) -> Question | None:
        """Return the question with this id, or None."""
        for question in self.questions:
            if question.id == question_id:
                return question
        return None

    def to_dict(self) -> dict[str, Any]:
        """Return the canonical JSON form of the whole bank."""
        data: dict[str, Any] = {"title": self.title, "topic": self.topic}
        if self.description:
            data["description"] = self.description
        if self.tags:
            data["tags"] = list(self.tags)
        data["questions"] = [q.to_dict() for q in self.questions]
        return data


def _number(value: float) -> float | int:
    """Write whole numbers as ints so exports read naturally (3, not 3.0)."""
    return int(value) if float(value).is_integer() else value


def _accepted_to_dict(answer: AcceptedAnswer) -> dict[str, Any]:
    data: dict[str, Any] = {"text": answer.text, "credit": _number(answer.credit)}
    if answer.feedback:
        data["feedback"] = answer.feedback
    if answer.regex:
        data["regex"] = True
    return data


def _numeric_to_dict(answer: NumericAnswer) -> dict[str, Any]:
    data: dict[str, Any]
    if answer.min is not None:
        data = {"min": _number(answer.min), "max": _number(answer.max)}  # type: ignore[arg-type]
    else:
        data = {"value": _number(answer.value), "tolerance": _number(answer.tolerance)}  # type: ignore[arg-type]
    data["credit"] = _number(answer.credit)
    if answer.feedback:
        data["feedback"] = answer.feedback
    return data


def question_to_dict(question: Question) -> dict[str, Any]:
    """Return a question's canonical JSON form; fields that do not apply to its kind are left out."""
    q = question
    data: dict[str, Any] = {
        "id": q.id,
        "type": q.kind.value,
        "prompt": q.prompt,
        "explanation": q.explanation,
        "topic": q.topic,
        "tags": list(q.tags),
        "difficulty": q.difficulty.value if q.difficulty else None,
        "points": _number(q.points),
        "source": q.source,
    }
    if q.title:
        data["title"] = q.title
    if q.kind in (Kind.SINGLE, Kind.MULTIPLE):
        data["choices"] = [
            {"text": c.text, "correct": c.correct, "feedback": c.feedback}
            | ({} if c.weight is None else {"weight": _number(c.weight)})
            for c in q.choices
        ]
    elif q.kind is Kind.TRUE_FALSE:
        data["answer"] = q.answer
        if q.true_feedback:
            data["true_feedback"] = q.true_feedback
        if q.false_feedback:
            data["false_feedback"] = q.false_feedback
    elif q.kind is Kind.SHORT:
        data["answers"] = [_accepted_to_dict(a) for a in q.answers]
        if q.case_sensitive:
            data["case_sensitive"] = True
    elif q.kind is Kind.NUMERIC:
        first, *others = q.numeric
        data.update(_numeric_to_dict(first))
        data.pop("credit", None)
        data.pop("feedback", None)
        if first.feedback:
            data["feedback"] = first.feedback
        if others:
            data["alternatives"] = [_numeric_to_dict(a) for a in others]
    elif q.kind is Kind.MATCHING:
        data["pairs"] = [[left, right] for left, right in q.pairs]
        data["distractors"] = list(q.distractors)
    elif q.kind is Kind.ORDERING:
        data["items"] = list(q.items)
    elif q.kind is Kind.CLOZE:
        data["blanks"] = [
            {"answers": [_accepted_to_dict(a) for a in b.answers]} | ({"choices": list(b.choices)} if b.choices else {})
            for b in q.blanks
        ]
    return data
