"""Moodle's embedded answers ("cloze", qtype multianswer) to our cloze blanks, and back.

In Moodle the question text holds each blank as `{weight:TYPE:=right#feedback~%50%partly~wrong}`.
Short answers and drop-down lists become our blanks; what we cannot grade (numbers with a tolerance,
multiple-response lists) is refused with the reason, so the question is reported, never half-imported.
"""

from __future__ import annotations

import re

from quiz.bank.errors import CannotExport
from quiz.bank.gift.text import moodle_wildcard, snap_fraction, wildcard_answer
from quiz.bank.model import AcceptedAnswer, Blank

EMBEDDED = re.compile(r"\{(\d*):(\w+):((?:\\.|[^\\}])*)\}")
_SPLIT = re.compile(r"(?<!\\)~")
_FRACTION = re.compile(r"^%(-?[\d.]+)%")
_TYPED = {"SHORTANSWER", "SA", "MW", "SHORTANSWER_C", "SAC", "MWC", "NUMERICAL", "NM"}
_LISTS = {"MULTICHOICE", "MC", "MULTICHOICE_V", "MCV", "MULTICHOICE_H", "MCH", "MULTICHOICE_S", "MCS"}
_ESCAPED = re.compile(r"\\([\\}#~/\"])")
_TO_ESCAPE = str.maketrans({c: "\\" + c for c in "\\}#~"})


class BlankError(ValueError):
    """An embedded answer we cannot turn into a blank; the message says why."""


def _unescape(text: str) -> str:
    return _ESCAPED.sub(r"\1", text).strip()


def _answers(body: str) -> list[tuple[float, str, str]]:
    """(fraction, text, feedback) of each `~`-separated answer."""
    answers = []
    for part in _SPLIT.split(body):
        part = part.strip()
        if part.startswith("="):
            fraction, part = 1.0, part[1:]
        elif match := _FRACTION.match(part):
            fraction, part = snap_fraction(float(match.group(1)) / 100), part[match.end() :]
        else:
            fraction = 0.0
        text, *feedback = re.split(r"(?<!\\)#", part, maxsplit=1)
        answers.append((fraction, _unescape(text), _unescape("".join(feedback))))
    return answers


def read_blank(kind: str, body: str) -> tuple[Blank, list[str]]:
    """The blank an embedded answer of this TYPE and body describes, and notes on what it drops;
    raise BlankError when we cannot grade it."""
    kind = kind.upper()
    answers = _answers(body)
    if kind in _TYPED:
        if kind in ("NUMERICAL", "NM") and any(":" in text for _, text, _ in answers):
            raise BlankError("a numeric blank with a tolerance cannot be graded by ImmunoQuiz's cloze")
        kept = []
        for fraction, text, feedback in answers:
            if fraction <= 0 and text != "*":
                continue
            answer = wildcard_answer(text) or AcceptedAnswer(text.replace("\\*", "*"))
            kept.append(AcceptedAnswer(answer.text, max(fraction, 0.0), feedback, answer.regex))
        dropped = [text for fraction, text, feedback in answers if fraction <= 0 and feedback and text != "*"]
        return Blank(tuple(kept)), _feedback_notes(dropped, "answers")
    if kind in _LISTS:
        right = tuple(AcceptedAnswer(text, fraction, feedback) for fraction, text, feedback in answers if fraction > 0)
        dropped = [text for fraction, text, feedback in answers if fraction <= 0 and feedback]
        return Blank(right, tuple(text for _, text, _ in answers)), _feedback_notes(dropped, "choices")
    raise BlankError(f"the embedded answer type {kind} cannot be shown as a blank (short answer or drop-down only)")


def _feedback_notes(texts: list[str], what: str) -> list[str]:
    if not texts:
        return []
    listed = ", ".join(f'"{t}"' for t in texts)
    return [f"the feedback on the wrong {what} {listed} was dropped: ImmunoQuiz's cloze has none for wrong {what}"]


def _weight(credit: float) -> str:
    return "=" if credit >= 1.0 else f"%{round(credit * 100, 5):g}%"


def _feedback(text: str) -> str:
    return "#" + text.translate(_TO_ESCAPE) if text else ""


def write_blank(blank: Blank) -> str:
    """One blank in Moodle's embedded-answer syntax; raise CannotExport when Moodle cannot grade it the same."""
    if not blank.choices:
        parts = [
            _weight(a.credit) + moodle_wildcard(a).translate(_TO_ESCAPE) + _feedback(a.feedback) for a in blank.answers
        ]
        return "{1:SHORTANSWER:" + "~".join(parts) + "}"
    credits = {a.text: a for a in blank.answers}
    parts = []
    for choice in blank.choices:
        answer = credits.get(choice)
        parts.append(
            (_weight(answer.credit) if answer else "")
            + choice.translate(_TO_ESCAPE)
            + (_feedback(answer.feedback) if answer else "")
        )
    if not any(a.credit >= 1.0 for a in blank.answers):
        raise CannotExport("in Moodle a drop-down blank needs an answer worth 100%")
    return "{1:MULTICHOICE:" + "~".join(parts) + "}"
