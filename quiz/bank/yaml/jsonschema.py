"""The JSON Schema of our YAML bank format, for editors (completion and checking as you type).

Generated from `quiz.bank.yaml.schema.BankModel`, the same models the loader validates with, and kept in
`questions/schema.json`. After changing the models, regenerate it with `flask --app quiz questions schema`.
"""

from __future__ import annotations

import json
from typing import Any

from quiz.bank.yaml import schema

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "urn:immunoquiz:question-bank"
REGENERATE = "flask --app quiz questions schema"


def bank_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a YAML question bank."""
    generated = schema.BankModel.model_json_schema()
    return {"$schema": DIALECT, "$id": SCHEMA_ID, **generated}


def render() -> str:
    """The schema as `questions/schema.json` holds it: sorted keys, two-space indent, final newline."""
    return json.dumps(bank_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
