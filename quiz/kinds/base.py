"""What every question kind's handler does, and the plain values handlers hand to the pages.

Pure: no Flask, no database. A handler is stateless; every method takes the question it works on.
Answers are canonical (choice and item indexes as in the bank file); form values are display
positions of the per-attempt shuffle, which only `read_answer` translates.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, ClassVar

from markupsafe import Markup

from quiz.bank.model import Kind, Question
from quiz.markup import render_text


@dataclass(frozen=True)
class Layout:
    """The display order of everything shuffled in one question of one attempt."""

    choice_order: tuple[int, ...] = ()  # single/multiple: canonical choice index per display slot
    left_order: tuple[int, ...] = ()  # matching: pair index per display row
    right_options: tuple[str, ...] = ()  # matching: the right-hand options, as shown
    item_order: tuple[int, ...] = ()  # ordering: canonical item index per display row
    blank_choices: tuple[tuple[str, ...], ...] = ()  # cloze: each blank's options, as shown


@dataclass(frozen=True)
class Marking:
    """What grading one answer found, before points: the fraction earned, feedback texts and part marks."""

    fraction: float
    feedback: tuple[str, ...] = ()
    parts: tuple[bool, ...] = ()  # per pair, blank or item: was that part right?


@dataclass(frozen=True)
class Option:
    """One radio button, checkbox or select option as drawn."""

    value: str
    label: Markup
    checked: bool = False


@dataclass(frozen=True)
class Row:
    """One select of a matching or ordering question: its label and options."""

    name: str
    label: Markup
    value: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Piece:
    """A stretch of cloze text, followed by the blank after it (if any)."""

    html: Markup
    blank: Row | None = None
    number: int = 0


@dataclass(frozen=True)
class Inputs:
    """Everything a question page draws for its answer, in display order; `macro` names the drawing macro."""

    macro: str
    prompt: Markup | None = None
    options: tuple[Option, ...] = ()
    value: str = ""
    rows: tuple[Row, ...] = ()
    pieces: tuple[Piece, ...] = ()
    units: tuple[str, ...] = ()  # numeric: the units an answer may be typed in, the main one first


@dataclass(frozen=True)
class ChoiceReview:
    """One choice in the review of a choice question: picked, right, and its feedback when picked."""

    text: Markup
    picked: bool
    correct: bool
    feedback: Markup | str = ""


class KindHandler:
    """The behaviour of one question kind. Subclasses override what differs from these defaults."""

    kind: ClassVar[Kind]
    scored: ClassVar[bool] = True
    # The shape of a valid canonical answer, in words; `check_answer` enforces it.
    answer_shape: ClassVar[str] = ""

    def layout(self, question: Question, rng: random.Random) -> Layout:
        """The shuffled display order of this question's parts (nothing to shuffle by default)."""
        return Layout()

    def field_names(self, question: Question) -> frozenset[str]:
        """The form field names a genuine answer may contain (besides the CSRF token)."""
        return frozenset({"answer"})

    def read_answer(self, question: Question, shown: Layout, value: Any) -> Any:
        """Turn a validated form value (display positions) into the canonical answer that is graded and stored."""
        raise ValueError(f"questions of type {question.kind} take no answer")

    def check_answer(self, question: Question, answer: Any) -> None:
        """Raise ValueError unless `answer` has this kind's canonical shape."""

    def is_blank(self, question: Question, answer: Any) -> bool:
        """True when the learner gave no answer at all."""
        return answer is None

    def mark(self, question: Question, answer: Any) -> Marking:
        """Grade a checked, non-blank answer."""
        raise ValueError(f"questions of type {question.kind} are not graded")

    def describe_answer(self, question: Question, answer: Any) -> list[str]:
        """The learner's answer in words, one Markdown line per part."""
        return [str(answer)]

    def describe_key(self, question: Question) -> list[str]:
        """The correct answer in words, one Markdown line per part."""
        return []

    def inputs(self, question: Question, shown: Layout, submitted: Any) -> Inputs:
        """The inputs a page draws, filled with the values already submitted (None on a fresh page)."""
        return Inputs(macro="none", prompt=render_text(question.prompt, question.text_format))

    def review_prompt(self, question: Question) -> Markup:
        """The prompt as shown in a review, where no inputs are drawn."""
        return render_text(question.prompt, question.text_format)

    def review_choices(self, question: Question, shown: Layout, answer: Any) -> list[ChoiceReview]:
        """Per-choice review rows, for kinds whose feedback sits beside each choice (none by default)."""
        return []


def shuffled(rng: random.Random, count: int) -> tuple[int, ...]:
    """A random permutation of range(count)."""
    order = list(range(count))
    rng.shuffle(order)
    return tuple(order)


def number_text(value: float) -> str:
    """A number as people write it (3, not 3.0)."""
    return f"{value:g}"


def selected(submitted: Any) -> set[str]:
    """The submitted values of a radio group or checkbox list, as strings."""
    values = submitted if isinstance(submitted, list) else [submitted]
    return {str(v) for v in values if v is not None}
