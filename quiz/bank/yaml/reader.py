"""Our YAML bank format: text in, canonical `Bank` out, every mistake tied to its line."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import ValidationError

from quiz.bank.errors import BankError, Parsed, Problem
from quiz.bank.model import (
    AcceptedAnswer,
    Bank,
    Blank,
    Choice,
    Difficulty,
    Kind,
    NumericAnswer,
    Question,
    TextFormat,
    Unit,
)
from quiz.bank.yaml import schema
from quiz.bank.yaml.safe_load import LineMap, LinePath, line_for, load_yaml

_EXPECTED = {
    "string_type": "text",
    "bool_type": "true or false",
    "int_type": "a whole number",
    "float_type": "a number",
    "finite_number": "a finite number",
    "list_type": "a list",
    "model_type": "a mapping",
    "dict_type": "a mapping",
}


def parse_yaml(text: str, path: str, bank_id: str = "") -> Parsed:
    """Parse and validate a YAML bank; raise BankError listing every mistake with its line."""
    data, lines = load_yaml(text, path)
    if not isinstance(data, dict):
        raise BankError.single(path, 1, "a bank file must be a mapping with a title and a list of questions")
    # Duplicate ids are read from the raw data, so a schema error elsewhere in the file cannot hide them.
    problems = _duplicate_ids(data, lines, path)
    try:
        model = schema.BankModel.model_validate(data)
    except ValidationError as exc:
        raise BankError(problems + _problems(exc, data, lines, path)) from None
    if problems:
        raise BankError(problems)
    questions = [_question(item, model, line_for(lines, ("questions", i))) for i, item in enumerate(model.questions)]
    bank = Bank(
        id=bank_id or path,
        title=model.title,
        path=path,
        format="yaml",
        questions=tuple(questions),
        description=model.description,
        topic=model.topic or model.title,
        tags=tuple(model.tags),
    )
    return Parsed(bank, ())


def _duplicate_ids(data: dict[str, Any], lines: LineMap, path: str) -> list[Problem]:
    """A problem for every question whose id an earlier question of the file already uses."""
    items = data.get("questions")
    seen: dict[str, int] = {}
    problems = []
    for index, item in enumerate(items if isinstance(items, list) else ()):
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str):
            continue
        line = line_for(lines, ("questions", index))
        if ident in seen:
            problems.append(Problem(path, line, f'the question id "{ident}" is already used on line {seen[ident]}'))
        seen.setdefault(ident, line)
    return problems


def _accepted(answers: list[str | schema.AnswerModel]) -> tuple[AcceptedAnswer, ...]:
    return tuple(
        AcceptedAnswer(text=a) if isinstance(a, str) else AcceptedAnswer(a.text, a.credit, a.feedback, a.regex)
        for a in answers
    )


def _numeric(m: schema.NumericModel | schema.NumericQuestion, credit: float = 1.0) -> NumericAnswer:
    return NumericAnswer(value=m.value, tolerance=m.tolerance, min=m.min, max=m.max, credit=credit, feedback=m.feedback)


def _question(item: Any, bank: schema.BankModel, line: int) -> Question:
    common: dict[str, Any] = {
        "id": item.id,
        "kind": Kind(item.type),
        "prompt": item.prompt,
        "explanation": item.explanation,
        "title": item.title,
        "topic": item.topic or bank.topic or bank.title,
        "tags": tuple(item.tags),
        "source": item.source or bank.source or "",
        "text_format": TextFormat(item.format),
        "image": item.image or "",
        "alt": item.alt,
        "line": line,
    }
    if item.type != "description":
        common["points"] = item.points
        common["difficulty"] = Difficulty(item.difficulty) if item.difficulty else None
    else:
        common["points"] = 0.0
    match item:
        case schema.SingleQuestion() | schema.MultipleQuestion():
            common["choices"] = tuple(Choice(c.text, c.correct, c.feedback, c.weight) for c in item.choices)
        case schema.TrueFalseQuestion():
            common.update(answer=item.answer, true_feedback=item.true_feedback, false_feedback=item.false_feedback)
        case schema.ShortQuestion():
            common.update(answers=_accepted(item.answers), case_sensitive=item.case_sensitive)
        case schema.NumericQuestion():
            common["numeric"] = (_numeric(item), *(_numeric(a, a.credit) for a in item.alternatives))
            common["other_feedback"] = item.other_feedback
            common["units"] = tuple(Unit(unit.name, unit.multiplier) for unit in item.units)
        case schema.MatchingQuestion():
            common.update(pairs=tuple((left, right) for left, right in item.pairs), distractors=tuple(item.distractors))
        case schema.OrderingQuestion():
            common["items"] = tuple(item.items)
        case schema.ClozeQuestion():
            common["blanks"] = tuple(Blank(_accepted(b.answers), tuple(b.choices)) for b in item.blanks)
    return Question(**common)


def _data_path(loc: tuple[Any, ...], data: Any) -> LinePath:
    """Drop the union-tag steps pydantic adds, keeping only steps that exist in the data."""
    path: list[str | int] = []
    node = data
    for step in loc:
        if (isinstance(node, dict) and step in node) or (
            isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)
        ):
            node = node[step]
            path.append(step)
    return tuple(path)


def _where(path: LinePath, data: Any) -> str:
    """Describe a data path in words: 'choice 3 of question "cart-targets"'."""
    parts: list[str] = []
    node = data
    question = ""
    i = 0
    while i < len(path):
        step = path[i]
        node = node[step] if isinstance(node, (dict, list)) else None
        if step == "questions" and i + 1 < len(path):
            i += 1
            node = node[path[i]] if isinstance(node, list) else None
            ident = node.get("id") if isinstance(node, dict) else None
            question = f'question "{ident}"' if isinstance(ident, str) else f"question {int(path[i]) + 1}"
        elif isinstance(step, str) and i + 1 < len(path) and isinstance(path[i + 1], int):
            noun = {
                "choices": "choice",
                "blanks": "blank",
                "pairs": "pair",
                "items": "item",
                "answers": "answer",
                "alternatives": "alternative answer",
                "distractors": "distractor",
                "tags": "tag",
            }.get(step, step)
            i += 1
            node = node[path[i]] if isinstance(node, list) else None
            parts.append(f"{noun} {int(path[i]) + 1}")
        elif isinstance(step, int):
            parts.append(f"entry {step + 1}")
        else:
            parts.append(f'"{step}"')
        i += 1
    pieces = list(reversed(parts))
    if question:
        pieces.append(question)
    return " of ".join(pieces) if pieces else "the bank"


def _message(error: dict[str, Any], path: LinePath, data: Any) -> str:
    kind = error["type"]
    loc = error["loc"]
    field = str(loc[-1]) if loc and isinstance(loc[-1], str) else ""
    where = _where(path, data)
    value = error.get("input")
    if kind == "missing":
        return f'{where} is missing "{field}"'
    if kind == "extra_forbidden":
        parent = _where(path[:-1], data)
        known = error.get("ctx", {}).get("known", [])
        hint = difflib.get_close_matches(field, known, n=1)
        return f'{parent} has an unknown field "{field}"' + (f' (did you mean "{hint[0]}"?)' if hint else "")
    if kind == "string_too_short" or (kind == "too_short" and isinstance(value, str)):
        return f"{where} is empty"
    if kind == "too_short":
        return f"{where} needs at least {error['ctx']['min_length']} entries"
    if kind == "too_long":
        return f"{where} has more than {error['ctx']['max_length']} entries"
    if kind == "union_tag_invalid":
        return f'{where} has an unknown type "{error["ctx"]["tag"]}" (use one of {error["ctx"]["expected_tags"]})'
    if kind == "union_tag_not_found":
        return f'{where} has no "type" (use one of {", ".join(k.value for k in Kind)})'
    if kind == "literal_error":
        return f"{where} must be one of {error['ctx']['expected']} (found {value!r})"
    if kind == "string_pattern_mismatch":
        return f"{where} may only contain letters, digits, '-', '_' and '.' (found {value!r})"
    if kind == "value_error":
        return f"{where}: {error['msg'].removeprefix('Value error, ')}"
    if kind in _EXPECTED:
        return f"{where} must be {_EXPECTED[kind]} (found {value!r})"
    return f"{where}: {error['msg']} (found {value!r})"


def _problems(exc: ValidationError, data: Any, lines: LineMap, path: str) -> list[Problem]:
    problems: dict[tuple[int, str], Problem] = {}
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        if _other_branch(error):
            continue
        if error["type"] == "extra_forbidden":
            error.setdefault("ctx", {})["known"] = _known_fields(loc, data)
        data_path = _data_path(loc, data)
        message = _message(error, data_path, data)
        line = line_for(lines, data_path)
        problems[(line, message)] = Problem(path, line, message)
    return list(problems.values()) or [Problem(path, 1, "the bank does not match the format")]


def _other_branch(error: dict[str, Any]) -> bool:
    """For `text or mapping` fields, keep only the errors of the branch the educator meant."""
    value = error.get("input")
    branch = str(error["loc"][-1]) if error["loc"] else ""
    # The text branch of a union is named "str" (or "function-...[..., str]]" with validators attached).
    if error["type"] == "string_type" and isinstance(value, dict) and branch.rstrip("]").endswith("str"):
        return True
    return (
        error["type"] == "model_type"
        and any("AnswerModel" in str(step) for step in error["loc"])
        and not isinstance(value, dict)
    )


def _known_fields(loc: tuple[Any, ...], data: Any) -> list[str]:
    """The field names allowed where an unknown one was found, for a 'did you mean' hint."""
    path = _data_path(loc[:-1], data)
    if not path:
        return list(schema.BankModel.model_fields)
    if path[0] == "questions" and len(path) == 2:
        node = data["questions"][path[1]]
        kind = node.get("type") if isinstance(node, dict) else None
        for model in schema.QuestionModel.__origin__.__args__:  # type: ignore[attr-defined]
            if model.model_fields["type"].annotation.__args__[0] == kind:
                return list(model.model_fields)
    names: set[str] = set()
    for model in (schema.ChoiceModel, schema.AnswerModel, schema.NumericModel, schema.BlankModel):
        names.update(model.model_fields)
    return sorted(names)
