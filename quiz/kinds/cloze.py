"""Cloze: text with numbered blanks, each typed or picked from a drop-down."""

from __future__ import annotations

import random
from typing import Any

from markupsafe import Markup

from quiz.bank.model import Kind, Question
from quiz.kinds.base import Inputs, KindHandler, Layout, Marking, Option, Piece, Row
from quiz.kinds.rows import row_names
from quiz.kinds.typed import key_texts, match_text
from quiz.markup import render_cloze, render_text, render_text_inline


class Cloze(KindHandler):
    """Each blank is graded on its own; the question earns the mean of the blanks' credits."""

    kind = Kind.CLOZE
    answer_shape = "list[str]: per blank, the text typed or the option picked ('' when left empty)"

    def layout(self, question: Question, rng: random.Random) -> Layout:
        options = []
        for blank in question.blanks:
            choices = list(blank.choices)
            rng.shuffle(choices)
            options.append(tuple(choices))
        return Layout(blank_choices=tuple(options))

    def field_names(self, question: Question) -> frozenset[str]:
        return frozenset(row_names(len(question.blanks)))

    def read_answer(self, question: Question, shown: Layout, value: Any) -> list[str]:
        return [
            shown.blank_choices[i][int(v)] if shown.blank_choices[i] and str(v).strip() else str(v or "").strip()
            for i, v in enumerate(value)
        ]

    def check_answer(self, question: Question, answer: Any) -> None:
        if not isinstance(answer, list) or len(answer) != len(question.blanks):
            raise ValueError("a cloze answer needs one entry per blank")
        if not all(text is None or isinstance(text, str) for text in answer):
            raise ValueError("a cloze answer is text per blank")

    def is_blank(self, question: Question, answer: Any) -> bool:
        return answer is None or all(not part for part in answer)

    def mark(self, question: Question, answer: Any) -> Marking:
        credits = []
        feedback = []
        for text, blank in zip(answer, question.blanks, strict=True):
            hit = match_text(text, blank.answers) if text else None
            credits.append(hit.credit if hit else 0.0)
            if hit and hit.feedback:
                feedback.append(hit.feedback)
        return Marking(sum(credits) / len(credits), tuple(feedback), tuple(c >= 1.0 for c in credits))

    def describe_answer(self, question: Question, answer: Any) -> list[str]:
        return [f"Blank {n}: {text or '(empty)'}" for n, text in enumerate(answer, start=1)]

    def describe_key(self, question: Question) -> list[str]:
        return [
            f"Blank {n}: {' or '.join(key_texts(blank.answers) or [blank.answers[0].text])}"
            for n, blank in enumerate(question.blanks, start=1)
        ]

    def inputs(self, question: Question, shown: Layout, submitted: Any) -> Inputs:
        values = list(submitted or ()) + [None] * len(question.blanks)
        names = row_names(len(question.blanks))
        pieces = []
        for html, number in render_cloze(question.prompt, question.text_format):
            blank = None
            if number is not None and 1 <= number <= len(question.blanks):
                shown_options = shown.blank_choices[number - 1]
                options = tuple(
                    Option(str(n), render_text_inline(text, question.text_format))
                    for n, text in enumerate(shown_options)
                )
                blank = Row(names[number - 1], Markup(f"Blank {number}"), str(values[number - 1] or ""), options)
            pieces.append(Piece(html, blank, number or 0))
        return Inputs(macro="cloze", pieces=tuple(pieces))

    def review_prompt(self, question: Question) -> Markup:
        return render_text(question.prompt.replace("{{", "[blank ").replace("}}", "]"), question.text_format)
