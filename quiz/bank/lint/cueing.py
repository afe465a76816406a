"""Bank-level cues: where the key sits by length, absolute words in wrong options, the true/false balance.

Each is a rate over every question of the files linted together, because a test-wise student learns a habit of the
whole bank, not of one question. Rates are exact fractions so the thresholds hold at their edges.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

from quiz.bank.lint.findings import Check, Figure, Finding, Located
from quiz.bank.lint.words import absolute_words, options, plain, quoted
from quiz.bank.model import Kind, Question

LENGTH_GAP = Fraction(8, 100)  # the key's rate as longest or shortest may differ from chance by at most 8 points
TRUE_SHARE = (Fraction(40, 100), Fraction(60, 100))
# Fewer questions than this are too few to judge a bank-level rate (a rate of 1 of 2 says nothing).
SINGLE_CHOICE_MINIMUM = 10
TRUE_FALSE_MINIMUM = 10


def percent(value: Fraction) -> str:
    return f"{float(value) * 100:.1f}%"


def _key_share(question: Question, pick: Callable[[list[int]], int]) -> Fraction:
    """1 when the key is the option `pick` (max or min) chooses by length, 1/k when it ties with k-1 others, else 0.

    Sharing ties keeps chance at exactly 1/(number of options): a student who picks the longest option among k
    equally long ones is right one time in k.
    """
    lengths = [len(plain(c.text)) for c in question.choices]
    extreme = pick(lengths)
    keys = [i for i, c in enumerate(question.choices) if c.correct]
    if len(keys) != 1 or lengths[keys[0]] != extreme:
        return Fraction(0)
    return Fraction(1, lengths.count(extreme))


def key_length(located: Sequence[Located], which: str) -> Check:
    """Is the key the longest (or shortest) option of single-choice questions more often than chance allows?"""
    pick = max if which == "longest" else min
    rule = f"key-{which}"
    singles = [(path, q) for path, q in located if q.kind is Kind.SINGLE and len(q.choices) >= 2]
    if len(singles) < SINGLE_CHOICE_MINIMUM:
        text = f"{len(singles)} single-choice question(s), too few to judge (at least {SINGLE_CHOICE_MINIMUM})"
        return Check(figure=Figure(rule, text, False))
    shares = [(path, q, _key_share(q, pick)) for path, q in singles]
    hits = sum(share for _, _, share in shares)
    rate = hits / len(singles)
    chance = sum(Fraction(1, len(q.choices)) for _, q in singles) / len(singles)
    gap = rate - chance
    text = (
        f"the key is the {which} option in {round(float(hits), 1):g} of {len(singles)} single-choice questions "
        f"({percent(rate)}; a tie of k options counts 1/k); chance {percent(chance)}; "
        f"gap {float(gap) * 100:+.1f} points (limit ±8)"
    )
    figure = Figure(rule, text, abs(gap) > LENGTH_GAP)
    if not figure.flagged or gap < 0:  # below chance no single question is to blame: the pattern is the absence
        return Check(figure=figure)
    message = (
        f"the key is the {which} option, as in {percent(rate)} of single-choice questions (chance {percent(chance)})"
    )
    return Check(tuple(Finding(path, q.line, rule, message) for path, q, share in shares if share), figure)


def _absolute_statements(question: Question) -> tuple[list[str], list[str]]:
    """Texts of the wrong options and of the keys; a true/false statement is a key when true, wrong when false."""
    if question.kind is Kind.TRUE_FALSE:
        return ([], [question.prompt]) if question.answer else ([question.prompt], [])
    choices = options(question)
    return [c.text for c in choices if not c.correct], [c.text for c in choices if c.correct]


def absolute_cue(located: Sequence[Located]) -> Check:
    """Are absolute words ("always", "never"...) more common in wrong options than in keys?"""
    wrong_total = wrong_hits = key_total = key_hits = 0
    suspects: list[Finding] = []
    for path, question in located:
        wrong, keys = _absolute_statements(question)
        wrong_with = [(text, absolute_words(text)) for text in wrong if absolute_words(text)]
        keys_with = [text for text in keys if absolute_words(text)]
        wrong_total, wrong_hits = wrong_total + len(wrong), wrong_hits + len(wrong_with)
        key_total, key_hits = key_total + len(keys), key_hits + len(keys_with)
        if wrong_with and not keys_with:
            text, found = wrong_with[0]
            what = "the false statement" if question.kind is Kind.TRUE_FALSE else f"wrong option {quoted(text)}"
            more = f" (and {len(wrong_with) - 1} more)" if len(wrong_with) > 1 else ""
            message = f'{what} says "{found[0]}"{more}, and no key has an absolute word'
            suspects.append(Finding(path, question.line, "absolute-words", message))
    if not wrong_total or not key_total:
        return Check(figure=Figure("absolute-words", "no choice or true/false questions", False))
    wrong_rate, key_rate = Fraction(wrong_hits, wrong_total), Fraction(key_hits, key_total)
    text = (
        f"absolute words in {wrong_hits} of {wrong_total} wrong options ({percent(wrong_rate)}) "
        f"and {key_hits} of {key_total} keys ({percent(key_rate)})"
    )
    figure = Figure("absolute-words", text, wrong_rate > key_rate)
    return Check(tuple(suspects) if figure.flagged else (), figure)


def true_false_balance(located: Sequence[Located]) -> Check:
    """Are 40-60% of the true/false answers true (judged from TRUE_FALSE_MINIMUM questions on)?"""
    statements = [(path, q) for path, q in located if q.kind is Kind.TRUE_FALSE]
    count = len(statements)
    true_count = sum(1 for _, q in statements if q.answer)
    if count < TRUE_FALSE_MINIMUM:
        text = f"{count} true/false question(s), too few to judge (at least {TRUE_FALSE_MINIMUM})"
        return Check(figure=Figure("true-false-balance", text, False))
    share = Fraction(true_count, count)
    text = f"{true_count} of {count} true/false answers are true ({percent(share)}; limits 40-60%)"
    low, high = TRUE_SHARE
    figure = Figure("true-false-balance", text, not low <= share <= high)
    if not figure.flagged:
        return Check(figure=figure)
    majority = share > high
    answer = "true" if majority else "false"
    message = f"the answer is {answer}, like {true_count if majority else count - true_count} of {count}"
    named = tuple(
        Finding(path, q.line, "true-false-balance", message) for path, q in statements if q.answer is majority
    )
    return Check(named, figure)
