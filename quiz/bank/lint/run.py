"""Run every rule over a set of banks; the one entry point for the CLI, tests and (later) uploads."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from quiz.bank.lint.cueing import absolute_cue, key_length, true_false_balance
from quiz.bank.lint.duplicates import near_duplicates
from quiz.bank.lint.findings import Check, LintReport, merge
from quiz.bank.lint.items import above_options, key_echo, unemphasised_negative
from quiz.bank.loader import Catalog, load_files
from quiz.bank.model import Bank

QUESTION_RULES = (above_options, key_echo, unemphasised_negative)


def lint_banks(banks: Iterable[Bank]) -> LintReport:
    """Lint these banks together: per-question rules on each question, bank-level rules over all of them."""
    located = [(bank.path, q) for bank in banks for q in bank.questions if q.scored]
    checks = [
        key_length(located, "longest"),
        key_length(located, "shortest"),
        absolute_cue(located),
        true_false_balance(located),
        near_duplicates(located),
    ]
    checks += [Check(tuple(f for path, q in located for f in rule(path, q))) for rule in QUESTION_RULES]
    return merge(checks, len(located))


def lint_files(paths: Iterable[Path], root: Path) -> tuple[Catalog, LintReport]:
    """Load the files as the app does and lint every bank that loaded (a test of the shipped banks calls this)."""
    catalog = load_files(paths, root)
    return catalog, lint_banks(catalog.banks.values())
