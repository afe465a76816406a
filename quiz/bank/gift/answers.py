"""GIFT answer blocks: what kind of question a block makes, and its choices, answers or pairs."""

from __future__ import annotations

import re
from typing import Any

from quiz.bank.gift.lexer import WEIGHT, BaseReader, parse_number, show, split_answers
from quiz.bank.gift.text import default_weights_dropped, markdown_unescape, wildcard_answer
from quiz.bank.model import AcceptedAnswer, Blank, Choice, Kind, NumericAnswer, TextFormat

_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


class AnswerReader(BaseReader):
    """Reads the text between a question's braces, one method per kind of question."""

    def answers(self, block: str, line: int, fmt: str) -> dict[str, Any]:
        if block.startswith("#"):
            return self.numeric(block[1:], line, fmt)
        if "~" in block:
            return self.choices(block, line, fmt)
        if "=" in block and "->" in block:
            return self.matching(block, line, fmt)
        check = block[: block.find("#")].strip() if block.find("#") > 0 else block
        if check in _TRUE_FALSE:
            return self.true_false(block, fmt)
        if check.upper() in _TRUE_FALSE:
            self.warn(
                line,
                f'"{show(check)}" makes this a short-answer question; '
                f"write {{{check.upper()}}} for true/false (it is case-sensitive)",
            )
        return self.short(block, line, fmt)

    def choices(self, block: str, line: int, fmt: str) -> dict[str, Any]:
        """A `=`/`~` block: single choice when an answer is marked "=", else multiple choice by weights."""
        raw_choices = self.raw_choices(block, line, fmt)
        if any(marked for *_, marked in raw_choices):
            choices = []
            for text, weight, feedback, marked in raw_choices:
                full = marked or (weight is not None and weight >= 1.0 - 1e-9)
                kept = None if full or not weight else weight
                choices.append(Choice(text, full, feedback, kept))
            return {"kind": Kind.SINGLE, "choices": tuple(choices)}
        return {"kind": Kind.MULTIPLE, "choices": self.weighted_choices(raw_choices, line)}

    def raw_choices(self, block: str, line: int, fmt: str) -> list[tuple[str, float | None, str, bool]]:
        """Each answer as (text, weight, feedback, marked "="), every mistake in the block reported."""
        lead, parts = split_answers(block, "=~")
        if lead:
            self.fail(
                line,
                f'"{show(lead)}" in the answer block is not an answer: '
                'start every answer with "=" (right) or "~" (wrong)',
            )
        if len(parts) < 2:
            self.fail(line, f"a multiple-choice question needs at least two answers (found {len(parts)})")
        raw_choices = []
        for number, (marker, body) in enumerate(parts, start=1):
            weight = None
            if marker == "~":
                weight, body = self.weight(body, line, number, -1.0)
            elif (match := WEIGHT.match(body)) and parse_number(match.group(1)) is not None:
                self.fail(
                    line,
                    f'answer {number} has a weight after "=", which marks a right answer: '
                    'use "~%50%" for partial credit',
                )
            text, _, feedback = body.partition("#")
            choice_text = self.text_part(text, fmt)
            if not choice_text:
                self.fail(line, f"answer {number} is empty")
            raw_choices.append((choice_text, weight, self.text_part(feedback, fmt), marker == "="))
        return raw_choices

    def weighted_choices(self, raw_choices: list[tuple[str, float | None, str, bool]], line: int) -> tuple[Choice, ...]:
        """Multiple-choice answers; weights equal to the default rule are dropped (they mean the same)."""
        weights = [w or 0.0 for _, w, _, _ in raw_choices]
        if not any(w > 0 for w in weights):
            self.fail(
                line,
                'no answer is right: mark the right answer with "=" (or give weights such as ~%50% to the right ones)',
            )
        kept = default_weights_dropped(weights)
        positive = sum(w for w in weights if w > 0)
        if positive < 1.0 - 1e-6:
            self.warn(line, f"the positive weights add up to {positive * 100:g}%, so nobody can get full marks")
        return tuple(
            Choice(text, w > 0, feedback, k)
            for (text, _, feedback, _), w, k in zip(raw_choices, weights, kept, strict=True)
        )

    def true_false(self, block: str, fmt: str) -> dict[str, Any]:
        value, *feedback = block.split("#", 2)
        wrong = self.text_part(feedback[0], fmt) if feedback else ""
        right = self.text_part(feedback[1], fmt) if len(feedback) > 1 else ""
        answer = _TRUE_FALSE[value.strip()]
        # `{T#wrong#right}`: the first feedback is for a wrong answer, the second for a right one.
        true_feedback, false_feedback = (right, wrong) if answer else (wrong, right)
        return {
            "kind": Kind.TRUE_FALSE,
            "answer": answer,
            "true_feedback": true_feedback,
            "false_feedback": false_feedback,
        }

    def accepted(self, lead: str, parts: list[tuple[str, str]], line: int, fmt: str) -> list[AcceptedAnswer]:
        bodies = ([lead] if lead else []) + [body for _, body in parts]
        answers = []
        for number, body in enumerate(bodies, start=1):
            credit, body = self.weight(body, line, number, 0.0)
            text, _, feedback = body.partition("#")
            value = self.plain_part(text, fmt)
            if not value:
                self.fail(line, f"answer {number} is empty")
            wildcard = wildcard_answer(value)
            answer = wildcard or AcceptedAnswer(value.replace("\\*", "*"))
            answers.append(
                AcceptedAnswer(
                    answer.text, 1.0 if credit is None else credit, self.text_part(feedback, fmt), answer.regex
                )
            )
        return answers

    def short(self, block: str, line: int, fmt: str) -> dict[str, Any]:
        lead, parts = split_answers(block, "=")
        answers = self.accepted(lead, parts, line, fmt)
        if not answers:
            self.fail(line, "a short-answer question needs at least one answer")
        if not any(a.credit >= 1.0 for a in answers):
            self.warn(line, "no answer is worth 100%, so nobody can get full marks")
        return {"kind": Kind.SHORT, "answers": tuple(answers)}

    def numeric(self, block: str, line: int, fmt: str) -> dict[str, Any]:
        tilde = block.find("~")
        other = ""
        if tilde >= 0:
            # Moodle reads `~#text` as the answer "*" worth 0%: feedback for any other number.
            rest, _, feedback = block[tilde + 1 :].partition("#")
            if rest.strip() not in ("", "*", "%0%"):
                self.warn(
                    line,
                    f'"~{show(rest.strip())}" in a numeric question is not an answer Moodle grades; it was dropped',
                )
            other, block = self.text_part(feedback, fmt), block[:tilde]
        lead, parts = split_answers(block, "=")
        bodies = ([lead] if lead else []) + [body for _, body in parts]
        if not bodies:
            self.fail(line, "a numeric question needs at least one answer, e.g. {#42:0.5} or {#40..44}")
        answers = []
        for number, body in enumerate(bodies, start=1):
            credit, body = self.weight(body, line, number, 0.0)
            text, _, feedback = body.partition("#")
            value = self.plain_part(text, fmt)
            answers.append(
                self.numeric_answer(
                    value, line, number, 1.0 if credit is None else credit, self.text_part(feedback, fmt)
                )
            )
        full = next((i for i, a in enumerate(answers) if a.credit >= 1.0), None)
        if full is None:
            self.fail(line, "a numeric question needs an answer worth 100% (write it without a weight, or with %100%)")
        answers.insert(0, answers.pop(full))
        return {"kind": Kind.NUMERIC, "numeric": tuple(answers), "other_feedback": other}

    def numeric_answer(self, value: str, line: int, number: int, credit: float, feedback: str) -> NumericAnswer:
        where = f"numeric answer {number}" if number > 1 else "the numeric answer"
        marker = value.find("..")
        if marker > 0:
            low, high = parse_number(value[:marker]), parse_number(value[marker + 2 :])
            for text, parsed in ((value[:marker], low), (value[marker + 2 :], high)):
                if parsed is None:
                    self.fail(line, f'{where}: "{text.strip()}" is not a number (write min..max, e.g. 1.5..2.5)')
            if low > high:  # type: ignore[operator]
                self.fail(
                    line, f'{where}: the range "{value}" runs backwards (the minimum is greater than the maximum)'
                )
            return NumericAnswer(min=low, max=high, credit=credit, feedback=feedback)
        colon = value.find(":")
        center, margin = (value[:colon], value[colon + 1 :]) if colon > 0 else (value, "0")
        number_value, tolerance = parse_number(center), parse_number(margin)
        if number_value is None:
            hint = " (use a point for decimals)" if re.fullmatch(r"\s*[+-]?\d+,\d+\s*", center) else ""
            self.fail(line, f'{where}: "{center.strip()}" is not a number{hint}')
        if tolerance is None or tolerance < 0:
            self.fail(line, f'{where}: the margin "{margin.strip()}" after ":" must be a number, zero or more')
        return NumericAnswer(value=number_value, tolerance=tolerance, credit=credit, feedback=feedback)

    def matching(self, block: str, line: int, fmt: str) -> dict[str, Any]:
        lead, parts = split_answers(block, "=")
        bodies = ([lead] if lead else []) + [body for _, body in parts]
        pairs: list[tuple[str, str]] = []
        distractors: list[str] = []
        for number, body in enumerate(bodies, start=1):
            arrow = body.find("->")
            if arrow < 0:
                self.fail(line, f'matching pair {number} ("{show(body)}") has no "->" between the item and its match')
            left, right = self.text_part(body[:arrow], fmt), show(body[arrow + 2 :]).strip()
            if not right:
                self.fail(line, f'matching pair {number} has nothing after "->"')
            if not left:
                distractors.append(right)
            elif any(left == known for known, _ in pairs):
                self.fail(line, f'the item "{left}" appears in more than one matching pair')
            else:
                pairs.append((left, right))
        if len(pairs) < 2:
            self.fail(line, f"a matching question needs at least two pairs (found {len(pairs)})")
        rights = {right for _, right in pairs}
        for distractor in distractors:
            if distractor in rights:
                self.fail(line, f'the extra answer "{distractor}" is also the match of an item')
        return {"kind": Kind.MATCHING, "pairs": tuple(pairs), "distractors": tuple(distractors)}

    def as_cloze(self, fields: dict[str, Any], line: int) -> dict[str, Any]:
        """A single-choice or short-answer block inside the sentence becomes a one-blank cloze."""
        if fields["kind"] is Kind.SHORT:
            blank = Blank(fields.pop("answers"))
        else:
            answers, texts = [], []
            for choice in fields.pop("choices"):
                plain = markdown_unescape(choice.text) if self.text_format is TextFormat.MARKDOWN else choice.text
                texts.append(plain)
                credit = 1.0 if choice.correct else (choice.weight or 0.0)
                if credit > 0:
                    answers.append(AcceptedAnswer(plain, credit, choice.feedback))
                elif choice.feedback:
                    self.warn(
                        line, f'the feedback on the wrong choice "{plain}" of a missing-word question is not shown'
                    )
            blank = Blank(tuple(answers), tuple(texts))
        return fields | {"kind": Kind.CLOZE, "blanks": (blank,)}
