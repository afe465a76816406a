"""A question's canonical dict, both directions (as stored for each answered version), and its meaning.

The dict is what a bank exports as JSON and what the database keeps for every version of a question a
learner answered; `question_meaning` is that dict normalised for comparing two versions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from quiz.bank.model import (
    AcceptedAnswer,
    Blank,
    Choice,
    Difficulty,
    Kind,
    NumericAnswer,
    Question,
    TextFormat,
    Unit,
    choice_weights,
)


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
    # Left out at their defaults, so the content hash of every question written before them is unchanged.
    if q.text_format is not TextFormat.MARKDOWN:
        data["format"] = q.text_format.value
    if q.image:
        data |= {"image": q.image, "alt": q.alt}
    kind_fields = _KIND_TO_DICT.get(q.kind)
    return data | kind_fields(q) if kind_fields else data


def _choices_to_dict(q: Question) -> dict[str, Any]:
    return {
        "choices": [
            {"text": c.text, "correct": c.correct, "feedback": c.feedback}
            | ({} if c.weight is None else {"weight": _number(c.weight)})
            for c in q.choices
        ]
    }


def _true_false_to_dict(q: Question) -> dict[str, Any]:
    data: dict[str, Any] = {"answer": q.answer}
    if q.true_feedback:
        data["true_feedback"] = q.true_feedback
    if q.false_feedback:
        data["false_feedback"] = q.false_feedback
    return data


def _short_to_dict(q: Question) -> dict[str, Any]:
    data: dict[str, Any] = {"answers": [_accepted_to_dict(a) for a in q.answers]}
    if q.case_sensitive:
        data["case_sensitive"] = True
    return data


def _numeric_question_to_dict(q: Question) -> dict[str, Any]:
    """The first answer's range at the top level (full credit by definition), the others as alternatives."""
    first, *others = q.numeric
    data = {k: v for k, v in _numeric_to_dict(first).items() if k not in ("credit", "feedback")}
    if first.feedback:
        data["feedback"] = first.feedback
    if others:
        data["alternatives"] = [_numeric_to_dict(a) for a in others]
    if q.other_feedback:
        data["other_feedback"] = q.other_feedback
    if q.units:
        data["units"] = [{"name": u.name, "multiplier": _number(u.multiplier)} for u in q.units]
    return data


def _cloze_to_dict(q: Question) -> dict[str, Any]:
    return {
        "blanks": [
            {"answers": [_accepted_to_dict(a) for a in b.answers]} | ({"choices": list(b.choices)} if b.choices else {})
            for b in q.blanks
        ]
    }


# Kind -> the fields only that kind has (a description has none).
_KIND_TO_DICT: dict[Kind, Callable[[Question], dict[str, Any]]] = {
    Kind.SINGLE: _choices_to_dict,
    Kind.MULTIPLE: _choices_to_dict,
    Kind.TRUE_FALSE: _true_false_to_dict,
    Kind.SHORT: _short_to_dict,
    Kind.NUMERIC: _numeric_question_to_dict,
    Kind.MATCHING: lambda q: {"pairs": [[left, right] for left, right in q.pairs], "distractors": list(q.distractors)},
    Kind.ORDERING: lambda q: {"items": list(q.items)},
    Kind.CLOZE: _cloze_to_dict,
}


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
        "text_format": TextFormat(data.get("format", "markdown")),
        "image": data.get("image", ""),
        "alt": data.get("alt", ""),
    }
    return Question(**fields, **_kind_fields_from_dict(kind, data))


def _kind_fields_from_dict(kind: Kind, data: dict[str, Any]) -> dict[str, Any]:
    """The Question fields only this kind has, read from its canonical dict."""
    extra: dict[str, Any] = {}
    if kind in (Kind.SINGLE, Kind.MULTIPLE):
        extra["choices"] = tuple(
            Choice(c["text"], bool(c["correct"]), c.get("feedback", ""), c.get("weight")) for c in data["choices"]
        )
    elif kind is Kind.TRUE_FALSE:
        extra["answer"] = bool(data["answer"])
        extra["true_feedback"] = data.get("true_feedback", "")
        extra["false_feedback"] = data.get("false_feedback", "")
    elif kind is Kind.SHORT:
        extra["answers"] = tuple(_accepted(a) for a in data["answers"])
        extra["case_sensitive"] = bool(data.get("case_sensitive", False))
    elif kind is Kind.NUMERIC:
        first = _numeric(data | {"credit": 1.0})
        extra["numeric"] = (first, *(_numeric(a) for a in data.get("alternatives", ())))
        extra["other_feedback"] = data.get("other_feedback", "")
        extra["units"] = tuple(Unit(u["name"], float(u.get("multiplier", 1.0))) for u in data.get("units", ()))
    elif kind is Kind.MATCHING:
        extra["pairs"] = tuple((left, right) for left, right in data["pairs"])
        extra["distractors"] = tuple(data.get("distractors", ()))
    elif kind is Kind.ORDERING:
        extra["items"] = tuple(data["items"])
    elif kind is Kind.CLOZE:
        extra["blanks"] = tuple(
            Blank(tuple(_accepted(a) for a in b["answers"]), tuple(b.get("choices", ()))) for b in data["blanks"]
        )
    return extra


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
