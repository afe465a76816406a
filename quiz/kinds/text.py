"""Kinds answered by typing: a short text answer, or a number."""

from __future__ import annotations

import math
from typing import Any

from quiz.bank.model import Kind, Question, Unit
from quiz.kinds.base import Inputs, KindHandler, Layout, Marking, number_text
from quiz.kinds.typed import key_texts, match_text
from quiz.markup import render_text


def parse_number(text: str) -> float:
    """Read a number as people type it: spaces ignored, a decimal comma and a minus sign accepted."""
    cleaned = text.strip().replace(" ", "").replace("\u2212", "-")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    return _finite(float(cleaned))


class UnknownUnit(ValueError):
    """A number followed (or preceded) by something that is none of the question's units."""


def unit_names(units: tuple[Unit, ...]) -> str:
    """The units as a learner reads them in a hint or message: "mg, g"."""
    return ", ".join(unit.name for unit in units)


def read_number(text: str, units: tuple[Unit, ...] = ()) -> float:
    """A typed answer as a number in the main unit: "5 mg", "5mg", "0.005 g" (g = 0.001 mg) or a bare 5.

    As in Moodle, a unit is optional, case-sensitive, and may follow the number or (like "$ 5") precede it;
    a number with a unit none of `units` is refused with UnknownUnit, anything else not a number with ValueError.
    """
    cleaned = text.strip()
    try:
        return parse_number(cleaned)
    except ValueError:
        if not units:
            raise
    # Longest names first, so "5 mg" is read as mg, not as "5 m" and g.
    for unit in sorted(units, key=lambda u: len(u.name), reverse=True):
        for rest in (cleaned.removesuffix(unit.name), cleaned.removeprefix(unit.name)):
            if rest != cleaned:
                try:
                    number = parse_number(rest)
                except ValueError:
                    continue
                return _finite(number / unit.multiplier)
    if any(character.isdigit() for character in cleaned):
        raise UnknownUnit(f"Use one of: {unit_names(units)} (or no unit, meaning {units[0].name}).")
    raise ValueError("not a number")


def _finite(value: float) -> float:
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
        return [number_text(float(answer)) + _main_unit(question)]

    def describe_key(self, question: Question) -> list[str]:
        first, unit = question.numeric[0], _main_unit(question)
        if first.min is not None:
            return [f"between {number_text(first.low)}{unit} and {number_text(first.high)}{unit}"]
        tolerance = f" (± {number_text(first.tolerance)}{unit})" if first.tolerance else ""
        return [f"{number_text(float(first.value or 0))}{unit}{tolerance}"]

    def inputs(self, question: Question, shown: Layout, submitted: Any) -> Inputs:
        return Inputs(
            macro="number",
            prompt=render_text(question.prompt, question.text_format),
            value=str(submitted or ""),
            units=tuple(unit.name for unit in question.units),
        )


def _main_unit(question: Question) -> str:
    """ " mg" after a number in the main unit, or nothing for a question without units."""
    return f" {question.units[0].name}" if question.units else ""
