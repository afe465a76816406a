"""Format name -> writer: every writer takes a Bank and returns Exported. JSON is the canonical form."""

from __future__ import annotations

import json
from collections.abc import Callable

from quiz.bank.aiken.writer import to_aiken
from quiz.bank.errors import Exported
from quiz.bank.gift.writer import to_gift
from quiz.bank.model import Bank
from quiz.bank.moodle.writer import to_moodle_xml
from quiz.bank.yaml.writer import to_yaml


def to_json(bank: Bank) -> Exported:
    """The canonical JSON form of a bank (`Bank.to_dict`)."""
    return Exported(json.dumps(bank.to_dict(), indent=2, ensure_ascii=False) + "\n")


EXPORTERS: dict[str, Callable[[Bank], Exported]] = {
    "json": to_json,
    "gift": to_gift,
    "aiken": to_aiken,
    "yaml": to_yaml,
    "moodle-xml": to_moodle_xml,
}
