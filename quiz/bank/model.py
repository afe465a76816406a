"""The canonical question model every file format is parsed into.

Frozen dataclasses so a parsed catalog can be shared between requests and threads
without copying. Nothing here imports Flask or SQLAlchemy.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
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


def choice_weights(question: Question) -> tuple[float, ...]:
    """The fraction each choice is worth when picked (explicit weights win over the default rule).

    Single choice: the correct choice 1, the others 0. Multiple response: each correct choice
    1/(number correct), each wrong choice -1/(number wrong), so picking everything scores 0.
    """
    choices: Sequence[Choice] = question.choices
    if question.kind is Kind.SINGLE:
        return tuple(c.weight if c.weight is not None else (1.0 if c.correct else 0.0) for c in choices)
    right = sum(1 for c in choices if c.correct) or 1
    wrong = sum(1 for c in choices if not c.correct) or 1
    return tuple(c.weight if c.weight is not None else (1.0 / right if c.correct else -1.0 / wrong) for c in choices)


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


def _accepted(data: dict[str, Any]) -> AcceptedAnswer:
    return AcceptedAnswer(
        text=data["text"],
        credit=float(data.get("credit", 1.0)),
        feedback=data.get("feedback", ""),
        regex=bool(data.get("regex", False)),
    )


def _numeric(data: dict[str, Any]) -> NumericAnswer:
    return NumericAnswer(
        value=data.get("value"),
        tolerance=float(data.get("tolerance", 0.0)),
        min=data.get("min"),
        max=data.get("max"),
        credit=float(data.get("credit", 1.0)),
        feedback=data.get("feedback", ""),
    )


def question_from_dict(data: dict[str, Any]) -> Question:
    """Build the Question a canonical dict describes (as stored for each answered version)."""
    kind = Kind(data["type"])
    fields: dict[str, Any] = {
        "id": data["id"],
        "kind": kind,
        "prompt": data["prompt"],
        "explanation": data.get("explanation", ""),
        "topic": data.get("topic", ""),
        "tags": tuple(data.get("tags", ())),
        "difficulty": Difficulty(data["difficulty"]) if data.get("difficulty") else None,
        "points": float(data.get("points", 1.0)),
        "source": data.get("source", ""),
        "title": data.get("title", ""),
    }
    if kind in (Kind.SINGLE, Kind.MULTIPLE):
        fields["choices"] = tuple(
            Choice(c["text"], bool(c["correct"]), c.get("feedback", ""), c.get("weight")) for c in data["choices"]
        )
    elif kind is Kind.TRUE_FALSE:
        fields["answer"] = bool(data["answer"])
        fields["true_feedback"] = data.get("true_feedback", "")
        fields["false_feedback"] = data.get("false_feedback", "")
    elif kind is Kind.SHORT:
        fields["answers"] = tuple(_accepted(a) for a in data["answers"])
        fields["case_sensitive"] = bool(data.get("case_sensitive", False))
    elif kind is Kind.NUMERIC:
        first = _numeric(data | {"credit": 1.0})
        fields["numeric"] = (first, *(_numeric(a) for a in data.get("alternatives", ())))
    elif kind is Kind.MATCHING:
        fields["pairs"] = tuple((left, right) for left, right in data["pairs"])
        fields["distractors"] = tuple(data.get("distractors", ()))
    elif kind is Kind.ORDERING:
        fields["items"] = tuple(data["items"])
    elif kind is Kind.CLOZE:
        fields["blanks"] = tuple(
            Blank(tuple(_accepted(a) for a in b["answers"]), tuple(b.get("choices", ()))) for b in data["blanks"]
        )
    return Question(**fields)
