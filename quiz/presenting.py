"""How a question is laid out for one attempt, and how answers are read back and described.

Pure: the shuffled order of choices comes from the attempt's seed, so a reload shows the same
page, and form values are display positions that say nothing about which choice is right.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from quiz.bank.model import Kind, Question, choice_weights


@dataclass(frozen=True)
class Layout:
    """The display order of everything shuffled in one question of one attempt."""

    choice_order: tuple[int, ...] = ()  # single/multiple: canonical choice index per display slot
    left_order: tuple[int, ...] = ()  # matching: pair index per display row
    right_options: tuple[str, ...] = ()  # matching: the right-hand options, as shown
    item_order: tuple[int, ...] = ()  # ordering: canonical item index per display row
    blank_choices: tuple[tuple[str, ...], ...] = ()  # cloze: each blank's options, as shown


def _shuffled(rng: random.Random, count: int) -> tuple[int, ...]:
    order = list(range(count))
    rng.shuffle(order)
    return tuple(order)


def layout(question: Question, seed: int) -> Layout:
    """The stable, per-attempt shuffle of a question's parts."""
    rng = random.Random(f"{seed}:{question.id}")
    kind = question.kind
    if kind in (Kind.SINGLE, Kind.MULTIPLE):
        return Layout(choice_order=_shuffled(rng, len(question.choices)))
    if kind is Kind.MATCHING:
        rights = list(dict.fromkeys([right for _, right in question.pairs] + list(question.distractors)))
        rng.shuffle(rights)
        return Layout(left_order=_shuffled(rng, len(question.pairs)), right_options=tuple(rights))
    if kind is Kind.ORDERING:
        order = _shuffled(rng, len(question.items))
        if order == tuple(range(len(order))):
            # Never show the items already in the right order.
            order = order[1:] + order[:1]
        return Layout(item_order=order)
    if kind is Kind.CLOZE:
        options = []
        for blank in question.blanks:
            choices = list(blank.choices)
            rng.shuffle(choices)
            options.append(tuple(choices))
        return Layout(blank_choices=tuple(options))
    return Layout()


def to_canonical(question: Question, shown: Layout, value: Any) -> Any:
    """Turn validated form values (display positions) into the canonical answer that is graded and stored."""
    kind = question.kind
    if kind is Kind.SINGLE:
        return shown.choice_order[int(value)]
    if kind is Kind.MULTIPLE:
        return sorted(shown.choice_order[int(v)] for v in value)
    if kind is Kind.TRUE_FALSE:
        return bool(value)
    if kind is Kind.SHORT:
        return str(value).strip()
    if kind is Kind.NUMERIC:
        return float(value)
    if kind is Kind.MATCHING:
        chosen: list[str | None] = [None] * len(question.pairs)
        for row, option in enumerate(value):
            chosen[shown.left_order[row]] = shown.right_options[int(option)]
        return chosen
    if kind is Kind.ORDERING:
        rows = sorted(range(len(value)), key=lambda row: int(value[row]))
        return [shown.item_order[row] for row in rows]
    if kind is Kind.CLOZE:
        return [
            shown.blank_choices[i][int(v)] if shown.blank_choices[i] and str(v).strip() else str(v or "").strip()
            for i, v in enumerate(value)
        ]
    raise ValueError(f"questions of type {kind} take no answer")


def _number(value: float) -> str:
    return f"{value:g}"


def describe_answer(question: Question, answer: Any) -> list[str]:
    """The learner's answer in words, one line per part (Markdown)."""
    if answer is None:
        return []
    kind = question.kind
    if kind is Kind.SINGLE:
        return [question.choices[answer].text]
    if kind is Kind.MULTIPLE:
        return [question.choices[i].text for i in answer]
    if kind is Kind.TRUE_FALSE:
        return ["True" if answer else "False"]
    if kind is Kind.NUMERIC:
        return [_number(float(answer))]
    if kind is Kind.MATCHING:
        return [f"{left} → {chosen or '(none)'}" for (left, _), chosen in zip(question.pairs, answer, strict=True)]
    if kind is Kind.ORDERING:
        return [f"{n}. {question.items[i]}" for n, i in enumerate(answer, start=1)]
    if kind is Kind.CLOZE:
        return [f"Blank {n}: {text or '(empty)'}" for n, text in enumerate(answer, start=1)]
    return [str(answer)]


def describe_key(question: Question) -> list[str]:
    """The correct answer in words, one line per part (Markdown)."""
    kind = question.kind
    if kind in (Kind.SINGLE, Kind.MULTIPLE):
        weights = choice_weights(question)
        best = max(weights)
        if kind is Kind.SINGLE:
            return [c.text for c, w in zip(question.choices, weights, strict=True) if w == best]
        return [c.text for c, w in zip(question.choices, weights, strict=True) if w > 0]
    if kind is Kind.TRUE_FALSE:
        return ["True" if question.answer else "False"]
    if kind is Kind.SHORT:
        full = [a for a in question.answers if a.credit >= 1.0]
        plain = [a.text for a in full if not a.regex]
        return [" or ".join(plain or [f"text matching `{a.text}`" for a in full])]
    if kind is Kind.NUMERIC:
        first = question.numeric[0]
        if first.min is not None:
            return [f"between {_number(first.low)} and {_number(first.high)}"]
        tolerance = f" (± {_number(first.tolerance)})" if first.tolerance else ""
        return [f"{_number(float(first.value or 0))}{tolerance}"]
    if kind is Kind.MATCHING:
        return [f"{left} → {right}" for left, right in question.pairs]
    if kind is Kind.ORDERING:
        return [f"{n}. {item}" for n, item in enumerate(question.items, start=1)]
    if kind is Kind.CLOZE:
        lines = []
        for n, blank in enumerate(question.blanks, start=1):
            full = [a.text for a in blank.answers if a.credit >= 1.0 and not a.regex] or [blank.answers[0].text]
            lines.append(f"Blank {n}: {' or '.join(full)}")
        return lines
    return []
