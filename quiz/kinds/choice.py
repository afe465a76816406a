"""Kinds answered by picking: single choice, multiple response, true/false."""

from __future__ import annotations

import random
from typing import Any

from markupsafe import Markup

from quiz.bank.model import Kind, Question, choice_weights
from quiz.kinds.base import ChoiceReview, Inputs, KindHandler, Layout, Marking, Option, selected, shuffled
from quiz.markup import render_text, render_text_inline


def _is_index(value: Any, question: Question) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(question.choices)


class _ChoiceHandler(KindHandler):
    """Shared by single and multiple: shuffled choices, weights per choice, feedback beside each choice."""

    def layout(self, question: Question, rng: random.Random) -> Layout:
        return Layout(choice_order=shuffled(rng, len(question.choices)))

    def picked(self, answer: Any) -> list[int]:
        """The canonical indexes of the choices an answer picks."""
        raise NotImplementedError

    def mark(self, question: Question, answer: Any) -> Marking:
        weights = choice_weights(question)
        picked = self.picked(answer)
        feedback = tuple(question.choices[i].feedback for i in picked if question.choices[i].feedback)
        return Marking(sum(weights[i] for i in picked), feedback)

    def describe_answer(self, question: Question, answer: Any) -> list[str]:
        return [question.choices[i].text for i in self.picked(answer)]

    def inputs(self, question: Question, shown: Layout, submitted: Any) -> Inputs:
        chosen = selected(submitted)
        options = tuple(
            Option(
                str(slot), render_text_inline(question.choices[index].text, question.text_format), str(slot) in chosen
            )
            for slot, index in enumerate(shown.choice_order)
        )
        return Inputs(macro=self.kind.value, prompt=render_text(question.prompt, question.text_format), options=options)

    def review_choices(self, question: Question, shown: Layout, answer: Any) -> list[ChoiceReview]:
        picked = set(self.picked(answer)) if answer is not None else set()
        weights = choice_weights(question)
        rows = []
        for index in shown.choice_order:
            choice = question.choices[index]
            shows_feedback = choice.feedback and index in picked
            rows.append(
                ChoiceReview(
                    text=render_text_inline(choice.text, question.text_format),
                    picked=index in picked,
                    correct=weights[index] > 0,
                    feedback=render_text_inline(choice.feedback, question.text_format) if shows_feedback else "",
                )
            )
        return rows


class SingleChoice(_ChoiceHandler):
    """One right choice among several (choices can carry partial weights)."""

    kind = Kind.SINGLE
    answer_shape = "int: the canonical index of the picked choice"

    def read_answer(self, question: Question, shown: Layout, value: Any) -> int:
        return shown.choice_order[int(value)]

    def check_answer(self, question: Question, answer: Any) -> None:
        if not _is_index(answer, question):
            raise ValueError("answer names a choice the question does not have")

    def picked(self, answer: Any) -> list[int]:
        return [answer]

    def describe_key(self, question: Question) -> list[str]:
        weights = choice_weights(question)
        best = max(weights)
        return [c.text for c, w in zip(question.choices, weights, strict=True) if w == best]


class MultipleResponse(_ChoiceHandler):
    """Any number of right choices; wrong picks take points away."""

    kind = Kind.MULTIPLE
    answer_shape = "list[int]: the canonical indexes of the picked choices (an empty list is blank)"

    def read_answer(self, question: Question, shown: Layout, value: Any) -> list[int]:
        return sorted(shown.choice_order[int(v)] for v in value)

    def check_answer(self, question: Question, answer: Any) -> None:
        if not isinstance(answer, list) or not all(_is_index(i, question) for i in answer):
            raise ValueError("answer names a choice the question does not have")

    def is_blank(self, question: Question, answer: Any) -> bool:
        return answer is None or len(answer) == 0

    def picked(self, answer: Any) -> list[int]:
        return sorted(set(answer or ()))

    def describe_key(self, question: Question) -> list[str]:
        weights = choice_weights(question)
        return [c.text for c, w in zip(question.choices, weights, strict=True) if w > 0]


class TrueFalse(KindHandler):
    """A statement that is true or false."""

    kind = Kind.TRUE_FALSE
    answer_shape = "bool: what the learner said the statement is"

    def read_answer(self, question: Question, shown: Layout, value: Any) -> bool:
        return bool(value)

    def check_answer(self, question: Question, answer: Any) -> None:
        if not isinstance(answer, bool):
            raise ValueError("a true/false answer is true or false")

    def mark(self, question: Question, answer: Any) -> Marking:
        feedback = question.true_feedback if answer else question.false_feedback
        return Marking(1.0 if answer == question.answer else 0.0, (feedback,) if feedback else ())

    def describe_answer(self, question: Question, answer: Any) -> list[str]:
        return ["True" if answer else "False"]

    def describe_key(self, question: Question) -> list[str]:
        return ["True" if question.answer else "False"]

    def inputs(self, question: Question, shown: Layout, submitted: Any) -> Inputs:
        options = tuple(Option(value, Markup(value.capitalize()), submitted == value) for value in ("true", "false"))
        return Inputs(macro=self.kind.value, prompt=render_text(question.prompt, question.text_format), options=options)
