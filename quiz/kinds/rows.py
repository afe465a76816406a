"""Kinds answered with one select per row: matching pairs, and putting items in order."""

from __future__ import annotations

import random
from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from quiz.bank.model import Kind, Question
from quiz.kinds.base import Inputs, KindHandler, Layout, Marking, Option, Row, shuffled
from quiz.markup import render_text, render_text_inline


def _longest_increasing(sequence: Sequence[int]) -> int:
    tails: list[int] = []
    for value in sequence:
        index = bisect_left(tails, value)
        if index == len(tails):
            tails.append(value)
        else:
            tails[index] = value
    return len(tails)


def row_names(count: int) -> list[str]:
    """The form field names of a question with `count` rows or blanks (WTForms FieldList naming)."""
    return [f"answer-{n}" for n in range(count)]


def _rows(question: Question, labels: Sequence[str], submitted: Any, options: tuple[Option, ...]) -> tuple[Row, ...]:
    values = list(submitted or ()) + [None] * len(labels)
    return tuple(
        Row(name, render_text_inline(label, question.text_format), str(value or ""), options)
        for name, label, value in zip(row_names(len(labels)), labels, values, strict=False)
    )


class Matching(KindHandler):
    """Match each left-hand item with one right-hand option (extra options may be distractors)."""

    kind = Kind.MATCHING
    answer_shape = "list[str | None]: per pair in bank order, the right-hand text chosen (None when left empty)"

    def layout(self, question: Question, rng: random.Random) -> Layout:
        rights = list(dict.fromkeys([right for _, right in question.pairs] + list(question.distractors)))
        rng.shuffle(rights)
        return Layout(left_order=shuffled(rng, len(question.pairs)), right_options=tuple(rights))

    def field_names(self, question: Question) -> frozenset[str]:
        return frozenset(row_names(len(question.pairs)))

    def read_answer(self, question: Question, shown: Layout, value: Any) -> list[str | None]:
        chosen: list[str | None] = [None] * len(question.pairs)
        for row, option in enumerate(value):
            chosen[shown.left_order[row]] = shown.right_options[int(option)]
        return chosen

    def check_answer(self, question: Question, answer: Any) -> None:
        if not isinstance(answer, list) or len(answer) != len(question.pairs):
            raise ValueError("a matching answer needs one choice per pair")
        if not all(pick is None or isinstance(pick, str) for pick in answer):
            raise ValueError("a matching answer names the chosen texts")

    def is_blank(self, question: Question, answer: Any) -> bool:
        return answer is None or all(not part for part in answer)

    def mark(self, question: Question, answer: Any) -> Marking:
        parts = tuple(pick == right for pick, (_left, right) in zip(answer, question.pairs, strict=True))
        return Marking(sum(parts) / len(parts), (), parts)

    def describe_answer(self, question: Question, answer: Any) -> list[str]:
        return [f"{left} → {chosen or '(none)'}" for (left, _), chosen in zip(question.pairs, answer, strict=True)]

    def describe_key(self, question: Question) -> list[str]:
        return [f"{left} → {right}" for left, right in question.pairs]

    def inputs(self, question: Question, shown: Layout, submitted: Any) -> Inputs:
        options = tuple(
            Option(str(n), render_text_inline(text, question.text_format)) for n, text in enumerate(shown.right_options)
        )
        labels = [question.pairs[i][0] for i in shown.left_order]
        return Inputs(
            macro="matching",
            prompt=render_text(question.prompt, question.text_format),
            rows=_rows(question, labels, submitted, options),
        )


class Ordering(KindHandler):
    """Put items in order; credit for the longest run already in the right relative order."""

    kind = Kind.ORDERING
    answer_shape = "list[int]: the canonical item indexes in the order the learner gave, each exactly once"

    def layout(self, question: Question, rng: random.Random) -> Layout:
        order = shuffled(rng, len(question.items))
        if order == tuple(range(len(order))):
            # Never show the items already in the right order.
            order = order[1:] + order[:1]
        return Layout(item_order=order)

    def field_names(self, question: Question) -> frozenset[str]:
        return frozenset(row_names(len(question.items)))

    def read_answer(self, question: Question, shown: Layout, value: Any) -> list[int]:
        rows = sorted(range(len(value)), key=lambda row: int(value[row]))
        return [shown.item_order[row] for row in rows]

    def check_answer(self, question: Question, answer: Any) -> None:
        if not isinstance(answer, list) or sorted(answer) != list(range(len(question.items))):
            raise ValueError("an ordering answer must place every item exactly once")

    def mark(self, question: Question, answer: Any) -> Marking:
        parts = tuple(answer[i] == i for i in range(len(answer)))
        return Marking((_longest_increasing(answer) - 1) / (len(answer) - 1), (), parts)

    def describe_answer(self, question: Question, answer: Any) -> list[str]:
        return [f"{n}. {question.items[i]}" for n, i in enumerate(answer, start=1)]

    def describe_key(self, question: Question) -> list[str]:
        return [f"{n}. {item}" for n, item in enumerate(question.items, start=1)]

    def inputs(self, question: Question, shown: Layout, submitted: Any) -> Inputs:
        options = tuple(
            Option(str(n), render_text_inline(str(n), question.text_format)) for n in range(1, len(question.items) + 1)
        )
        labels = [question.items[i] for i in shown.item_order]
        return Inputs(
            macro="ordering",
            prompt=render_text(question.prompt, question.text_format),
            rows=_rows(question, labels, submitted, options),
        )
