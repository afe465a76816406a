"""Kinds answered by typing: a short text answer, or a number."""

from __future__ import annotations

import math
from typing import Any

from quiz.bank.model import Kind, Question
from quiz.kinds.base import Inputs, KindHandler, Layout, Marking, number_text
from quiz.kinds.typed import key_texts, match_text
from quiz.markup import render_text


def parse_number(text: str) -> float:
    """Read a number as people type it: spaces ignored, a decimal comma and a minus sign accepted."""
    cleaned = text.strip().replace(" ", "").replace("\u2212", "-")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


class ShortAnswer(KindHandler):
    """A word or phrase, matched against accepted answers after normalising."""

    kind = Kind.SHORT
    answer_shape = "str: the typed text, trimmed (an empty string is blank)"

    def read_answer(self, question: Question, shown: Layout, value: Any) -> str:
        return str(value).strip()

    def check_answer(self, question: Question, answer: Any) -> None:
        if not isinstance(answer, str):
            raise ValueError("a short answer is text")

    def is_blank(self, question: Question, answer: Any) -> bool:
        return answer is None or not str(answer).strip()

    def mark(self, question: Question, answer: Any) -> Marking:
        hit = match_text(answer, question.answers, question.case_sensitive)
        if hit is None:
            return Marking(0.0)
        return Marking(hit.credit, (hit.feedback,) if hit.feedback else ())

    def describe_key(self, question: Question) -> list[str]:
        plain = key_texts(question.answers)
        patterns = [f"text matching `{a.text}`" for a in question.answers if a.credit >= 1.0]
        return [" or ".join(plain or patterns)]

    def inputs(self, question: Question, shown: Layout, submitted: Any) -> Inputs:
        return Inputs(
            macro="typed", prompt=render_text(question.prompt, question.text_format), value=str(submitted or "")
        )


class Numeric(KindHandler):
    """A number, right within a tolerance or a range; alternatives may give partial credit."""

    kind = Kind.NUMERIC
    answer_shape = "float: the number typed (a non-finite number scores zero)"

    def read_answer(self, question: Question, shown: Layout, value: Any) -> float:
        return float(value)

    def check_answer(self, question: Question, answer: Any) -> None:
        if isinstance(answer, bool) or not isinstance(answer, int | float):
            raise ValueError("a numeric answer is a number")

    def mark(self, question: Question, answer: Any) -> Marking:
        value = float(answer)
        if not math.isfinite(value):
            return Marking(0.0)
        best = None
        for option in question.numeric:
            slack = 1e-9 * max(1.0, abs(option.low), abs(option.high))
            if option.low - slack <= value <= option.high + slack and (best is None or option.credit > best.credit):
                best = option
        if best is None:
            return Marking(0.0, (question.other_feedback,) if question.other_feedback else ())
        return Marking(best.credit, (best.feedback,) if best.feedback else ())

    def describe_answer(self, question: Question, answer: Any) -> list[str]:
        return [number_text(float(answer))]

    def describe_key(self, question: Question) -> list[str]:
        first = question.numeric[0]
        if first.min is not None:
            return [f"between {number_text(first.low)} and {number_text(first.high)}"]
        tolerance = f" (± {number_text(first.tolerance)})" if first.tolerance else ""
        return [f"{number_text(float(first.value or 0))}{tolerance}"]

    def inputs(self, question: Question, shown: Layout, submitted: Any) -> Inputs:
        return Inputs(
            macro="number", prompt=render_text(question.prompt, question.text_format), value=str(submitted or "")
        )
