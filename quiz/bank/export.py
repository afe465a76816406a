"""Write a bank out in another format. JSON is the canonical interchange form."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from quiz.bank.model import Bank


@dataclass(frozen=True)
class Exported:
    """The text of an export, and the questions that format could not express (with why)."""

    text: str
    skipped: tuple[str, ...] = field(default=())


def to_json(bank: Bank) -> Exported:
    """The canonical JSON form of a bank."""
    return Exported(json.dumps(bank.to_dict(), indent=2, ensure_ascii=False) + "\n")


# Format name -> exporter. Every exporter takes a Bank and returns Exported.
EXPORTERS: dict[str, Callable[[Bank], Exported]] = {"json": to_json}


def export_bank(bank: Bank, format_name: str) -> Exported:
    """Export a bank in the named format; raise KeyError for a format we do not write."""
    return EXPORTERS[format_name](bank)
