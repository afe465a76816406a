"""One bank's item-analysis report: the database's sums, the stored answers and the flags, put together per question."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup

from quiz.bank.model import Bank, Question
from quiz.kinds.registry import handler_for
from quiz.queries.attempts import questions_by_hash
from quiz.services import tallies
from quiz.teaching.analysis import AnswerGroup, answer_groups, attempt_totals, score_levels, tallies_stale
from quiz.teaching.flags import Flag, flags_for
from quiz.teaching.options import OptionCount, Picked, stored_answer, tally
from quiz.teaching.stats import BankStats, ItemStats, Sums, bank_stats, item_stats


@dataclass(frozen=True)
class QuestionReport:
    """One question: where it is, what students saw, its statistics, what was picked, and its flags."""

    question: Question
    location: str  # path:line in the questions folder
    prompt: Markup
    stats: ItemStats
    options: list[OptionCount]
    flags: list[Flag]


@dataclass(frozen=True)
class BankReport:
    """A bank's statistics and its questions' reports, over first attempts (or every attempt)."""

    bank: Bank
    every_attempt: bool
    summary: BankStats
    questions: list[QuestionReport]


def _question_report(bank: Bank, question: Question, groups: list[AnswerGroup]) -> QuestionReport:
    versions = questions_by_hash({g.version_hash for g in groups})
    sums = sum((g.sums for g in groups), Sums())
    picked = [
        Picked(versions[g.version_hash], stored_answer(g.answer), g.sums.n, g.strong, g.weak, g.sums.x / g.sums.n)
        for g in groups
    ]
    stats = item_stats(sums)
    options = tally(question, picked)
    return QuestionReport(
        question=question,
        location=f"{bank.path}:{question.line}",
        prompt=handler_for(question).review_prompt(question),
        stats=stats,
        options=options,
        flags=flags_for(stats, options),
    )


def bank_report(bank: Bank, every_attempt: bool = False) -> BankReport:
    """The item analysis of a bank over finished attempts: each learner's first, or all of them."""
    if tallies_stale(bank.id):  # attempts finished before the tallies existed: counted once, on the first look
        tallies.rebuild(bank.id)
    levels = score_levels(bank.id, every_attempt)
    totals = attempt_totals(levels)
    by_question: dict[str, list[AnswerGroup]] = defaultdict(list)
    for group in answer_groups(bank.id, every_attempt, levels) if totals.count else []:
        by_question[group.question_id].append(group)
    questions = [_question_report(bank, q, by_question[q.id]) for q in bank.scored_questions]
    summary = bank_stats(totals.count, totals.percent, totals.points, totals.median, [q.stats for q in questions])
    return BankReport(bank, every_attempt, summary, questions)
