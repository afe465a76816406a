"""Which questions to fix and why: flags drawn from the item statistics, each with its rule and minimum sample.

Pure: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass

from quiz.teaching.options import OptionCount
from quiz.teaching.stats import ItemStats

EASY_FACILITY = 90.0
HARD_FACILITY = 20.0
MIN_RESPONSES = 20  # below this, facility and discrimination say more about chance than about the question
MIN_OPTION_RESPONSES = 30  # comparing options needs more: each is picked by only part of the class


@dataclass(frozen=True)
class Rule:
    """A kind of flag: its name, what it means, and the responses it needs before it is raised."""

    name: str
    meaning: str
    minimum: int


CHECK_KEY = Rule(
    "Check the key",
    "negative discrimination: learners who did better on the rest of the quiz did worse on this question",
    MIN_RESPONSES,
)
TOO_EASY = Rule(
    "Too easy", f"facility index of {EASY_FACILITY:g}% or more: it tells learners apart little", MIN_RESPONSES
)
TOO_HARD = Rule(
    "Too hard", f"facility index of {HARD_FACILITY:g}% or less: check the wording and the key", MIN_RESPONSES
)
UNPICKED = Rule("Distractor nobody picks", "a wrong option that no learner chose does no work", MIN_OPTION_RESPONSES)
STRONG_PICK = Rule(
    "Distractor attracts the stronger half",
    "a wrong option picked more by the stronger half than by the weaker (by at least 2 learners and a tenth of a"
    " half): it may be right, or misleading",
    MIN_OPTION_RESPONSES,
)
RULES = (CHECK_KEY, TOO_EASY, TOO_HARD, UNPICKED, STRONG_PICK)


@dataclass(frozen=True)
class Flag:
    """One flag raised on one question: the rule, and the reason in this question's numbers."""

    rule: Rule
    reason: str


def _statistic_flags(stats: ItemStats) -> list[Flag]:
    flags = []
    if stats.responses < MIN_RESPONSES or stats.facility is None:
        return flags
    if stats.discrimination is not None and stats.discrimination < 0:
        flags.append(Flag(CHECK_KEY, f"discrimination index {stats.discrimination:.1f}"))
    if stats.facility >= EASY_FACILITY:
        flags.append(Flag(TOO_EASY, f"facility index {stats.facility:.1f}%"))
    if stats.facility <= HARD_FACILITY:
        flags.append(Flag(TOO_HARD, f"facility index {stats.facility:.1f}%"))
    return flags


def _option_flags(responses: int, options: list[OptionCount]) -> list[Flag]:
    flags = []
    if responses < MIN_OPTION_RESPONSES:
        return flags
    for option in options:
        if option.correct or option.catch_all:
            continue
        if option.count == 0:
            flags.append(Flag(UNPICKED, f"nobody picked “{option.label}”"))
        elif option.strong - option.weak >= max(2, responses / 20):
            reason = f"“{option.label}” picked by {option.strong} of the stronger half, {option.weak} of the weaker"
            flags.append(Flag(STRONG_PICK, reason))
    return flags


def flags_for(stats: ItemStats, options: list[OptionCount]) -> list[Flag]:
    """Every flag this question earns (none until it has the responses each rule needs)."""
    return _statistic_flags(stats) + _option_flags(stats.responses, options)
