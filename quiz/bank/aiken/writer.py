"""Export to Aiken: single-choice questions without partial credit (others are skipped).

Aiken has no explanations, feedback, ids or topics: those are lost; Markdown is written as plain text.
"""

from __future__ import annotations

import re

from quiz.bank.errors import CannotExport, Exported
from quiz.bank.gift.text import markdown_unescape
from quiz.bank.model import Bank, Kind, Question, choice_weights

_AIKEN_LINE = re.compile(r"^(?:[A-Z][.)]|ANSWER:|answer\s*:)", re.I)


def _aiken_text(text: str, what: str) -> str:
    if re.search(r"\n\s*\n", text.strip()):
        raise CannotExport(f"the {what} has several paragraphs; Aiken has one line")
    line = re.sub(r"\s+", " ", markdown_unescape(text)).strip()
    if len(line) < 2:
        raise CannotExport(f'the {what} "{line}" is too short: Aiken skips lines under two characters')
    return line


def aiken_question(question: Question) -> str:
    """One single-choice question in Aiken; raise CannotExport for anything else."""
    if question.kind is not Kind.SINGLE:
        raise CannotExport(
            f"not exportable: Aiken has only single-choice questions (this one is {question.kind.value})"
        )
    weights = choice_weights(question)
    right = [i for i, w in enumerate(weights) if w > 0]
    if len(right) != 1 or weights[right[0]] != 1.0 or not question.choices[right[0]].correct:
        raise CannotExport("not exportable: Aiken has exactly one right answer and no partial credit")
    if len(question.choices) > 26:
        raise CannotExport("not exportable: Aiken has at most 26 options (A to Z)")
    prompt = _aiken_text(question.prompt, "prompt")
    if _AIKEN_LINE.match(prompt):
        raise CannotExport("not exportable: the prompt starts like an Aiken option or ANSWER line")
    options = [f"{chr(65 + i)}. {_aiken_text(c.text, f'choice {i + 1}')}" for i, c in enumerate(question.choices)]
    return "\n".join([prompt, *options, f"ANSWER: {chr(65 + right[0])}"])


def to_aiken(bank: Bank) -> Exported:
    """The bank's single-choice questions in Aiken (explanations and feedback are lost: Aiken has none)."""
    out, skipped = [], []
    for question in bank.questions:
        try:
            out.append(aiken_question(question) + "\n")
        except CannotExport as exc:
            skipped.append(f'question "{question.id}": {exc}')
    return Exported("\n".join(out), tuple(skipped))
