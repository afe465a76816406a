"""Rebuild a Question from its canonical JSON form (the inverse of Question.to_dict)."""

from __future__ import annotations

from typing import Any

from quiz.bank.model import AcceptedAnswer, Blank, Choice, Difficulty, Kind, NumericAnswer, Question


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
