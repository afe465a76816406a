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


class TextFormat(StrEnum):
    """How a question's texts are written, and so how they are shown (Moodle's text formats)."""

    MARKDOWN = "markdown"
    # Sanitised with the same allow-list as rendered Markdown.
    HTML = "html"
    # Moodle's "auto-format" and plain text: shown as typed, line breaks kept.
    TEXT = "text"


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
class Unit:
    """A unit a numeric answer may be typed in: a number in it, divided by `multiplier`, is in the main unit.

    As in Moodle: with mg as the main unit (multiplier 1), g has multiplier 0.001, so "0.005 g" is 5 mg.
    """

    name: str
    multiplier: float = 1.0


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
    other_feedback: str = ""  # numeric: shown for any answer that matches none (Moodle's "*" answer)
    units: tuple[Unit, ...] = ()  # numeric: the first is the main unit (multiplier 1) the answers are in
    # Every text of the question (prompt, choices, feedback, explanation) is in this format.
    text_format: TextFormat = TextFormat.MARKDOWN
    image: str = ""  # a file beside the bank, shown under the prompt
    alt: str = ""  # the image's text alternative (required with an image)
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
        # dict_form builds Questions from dicts too, so it imports this module; import it here, not at the top.
        from quiz.bank.dict_form import question_to_dict

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
