"""Export to our YAML format, valid against `quiz.bank.yaml.schema`.

Questions it cannot hold, such as GIFT questions without an explanation, are skipped with the schema's reason.
"""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from quiz.bank.errors import Exported
from quiz.bank.model import Bank, Kind, Question
from quiz.bank.yaml import schema

_QUESTION_MODEL: TypeAdapter[Any] = TypeAdapter(schema.QuestionModel)


def _yaml_answers(answers: list[dict[str, Any]]) -> list[Any]:
    """Plain answers (full credit, no feedback) as bare strings, the others as mappings."""
    return [a["text"] if set(a) == {"text", "credit"} and a["credit"] == 1 else a for a in answers]


def yaml_question(question: Question, bank_topic: str) -> dict[str, Any]:
    """A question as our YAML writes it: the canonical dict without defaults."""
    data = question.to_dict()
    if data["topic"] == bank_topic or not data["topic"]:
        del data["topic"]
    for key, empty in (("tags", []), ("difficulty", None), ("points", 1), ("source", ""), ("distractors", [])):
        if key in data and data[key] == empty:
            del data[key]
    if question.kind is Kind.DESCRIPTION:
        data.pop("points", None)
        data.pop("difficulty", None)
        if not data["explanation"]:
            del data["explanation"]
    for choice in data.get("choices", []):
        if not choice["feedback"]:
            del choice["feedback"]
        if not choice["correct"]:
            del choice["correct"]
    if "answers" in data:
        data["answers"] = _yaml_answers(data["answers"])
    for blank in data.get("blanks", []):
        blank["answers"] = _yaml_answers(blank["answers"])
    if question.kind is Kind.NUMERIC:
        for answer in [data, *data.get("alternatives", [])]:
            if answer.get("tolerance") == 0 and "value" in answer:
                del answer["tolerance"]
    # Put the type first, as people write it.
    return {"id": data.pop("id"), "type": data.pop("type"), **data}


def _schema_reason(exc: ValidationError) -> str:
    error = exc.errors(include_url=False)[0]
    where = ".".join(str(step) for step in error["loc"][1:]) or "the question"
    if error["type"] in ("string_too_short", "too_short") and not error.get("input"):
        return f'"{where}" is empty, and our YAML format requires it'
    return f"{where}: {error['msg'].removeprefix('Value error, ')}"


def to_yaml(bank: Bank) -> Exported:
    """The bank in our YAML format, valid against quiz/bank/schema.py; invalid questions are skipped."""
    bank_topic = bank.topic or bank.title
    data: dict[str, Any] = {"title": bank.title}
    if bank.description:
        data["description"] = bank.description
    if bank.topic and bank.topic != bank.title:
        data["topic"] = bank.topic
    if bank.tags:
        data["tags"] = list(bank.tags)
    questions, skipped = [], []
    for question in bank.questions:
        item = yaml_question(question, bank_topic)
        try:
            _QUESTION_MODEL.validate_python(item)
        except ValidationError as exc:
            skipped.append(f'question "{question.id}": {_schema_reason(exc)}')
            continue
        questions.append(item)
    data["questions"] = questions
    return Exported(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), tuple(skipped))
