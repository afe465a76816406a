"""Write a bank out in another format. JSON is the canonical interchange form.

* `json`: the canonical form (`Bank.to_dict`).
* `gift`: Moodle's GIFT. Every question is written, read back with our GIFT reader and compared on
  meaning (texts, feedback, effective grading weights, metadata); a question GIFT cannot express
  (ordering, a cloze with several blanks, regular expressions, a weight Moodle refuses...) is listed
  in `skipped` with the reason instead. Texts are written as `[markdown]`; ids, tags, points,
  difficulty and source go in `// [id:...]`-style comments (Moodle reads id and tags, ignores the rest);
  topics become `$CATEGORY: <bank title>/<topic>`.
* `aiken`: single-choice questions without partial credit (others are skipped). Aiken has no
  explanations, feedback, ids or topics: those are lost; Markdown is written as plain text.
* `yaml`: our YAML format, valid against `quiz.bank.schema` (questions it cannot hold, such as GIFT
  questions without an explanation, are skipped with the schema's reason).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from quiz.bank.export_aiken import aiken_question, to_aiken
from quiz.bank.export_common import CannotExport, Exported, question_meaning
from quiz.bank.export_gift import gift_escape, gift_question, to_gift
from quiz.bank.export_yaml import to_yaml, yaml_question
from quiz.bank.model import Bank

# One module per format (`export_gift`, `export_aiken`, `export_yaml`) and what they share
# (`export_common`); everything stays importable from here.
__all__ = [
    "EXPORTERS",
    "CannotExport",
    "Exported",
    "aiken_question",
    "export_bank",
    "gift_escape",
    "gift_question",
    "question_meaning",
    "to_aiken",
    "to_gift",
    "to_json",
    "to_yaml",
    "yaml_question",
]


def to_json(bank: Bank) -> Exported:
    """The canonical JSON form of a bank."""
    return Exported(json.dumps(bank.to_dict(), indent=2, ensure_ascii=False) + "\n")


# Format name -> exporter. Every exporter takes a Bank and returns Exported.
EXPORTERS: dict[str, Callable[[Bank], Exported]] = {
    "json": to_json,
    "gift": to_gift,
    "aiken": to_aiken,
    "yaml": to_yaml,
}


def export_bank(bank: Bank, format_name: str) -> Exported:
    """Export a bank in the named format; raise KeyError for a format we do not write."""
    return EXPORTERS[format_name](bank)
