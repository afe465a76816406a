"""What every exporter shares: the `Exported` result, `CannotExport`, and comparing questions on meaning."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quiz.bank.model import Kind, Question, choice_weights


@dataclass(frozen=True)
class Exported:
    """The text of an export, and the questions that format could not express (with why)."""

    text: str
    skipped: tuple[str, ...] = field(default=())


class CannotExport(Exception):
    """A question the target format cannot express; the message says why."""


def question_meaning(question: Question, default_topic: str = "") -> dict[str, Any]:
    """What a question means to a learner and to grading, for comparing two versions of it.

    The canonical dict, with choice weights replaced by their effective values (an explicit weight
    equal to the default rule means the same as no weight), the answers of a drop-down blank in
    choice order, surrounding white space ignored, and an empty topic read as `default_topic`.
    """
    data = question.to_dict()
    data["topic"] = question.topic or default_topic
    if question.kind in (Kind.SINGLE, Kind.MULTIPLE):
        data["choices"] = [
            {"text": c.text, "correct": c.correct, "feedback": c.feedback, "weight": round(w, 6)}
            for c, w in zip(question.choices, choice_weights(question), strict=True)
        ]
    if question.kind is Kind.CLOZE:
        for blank in data["blanks"]:
            if blank.get("choices"):
                order = blank["choices"]
                blank["answers"].sort(key=lambda a: order.index(a["text"]) if a["text"] in order else len(order))
    return _strip(data)


def _strip(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [_strip(v) for v in value]
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items()}
    return value
