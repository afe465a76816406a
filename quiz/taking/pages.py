"""Plain values for the taking templates: everything a page shows, computed before rendering.

Templates only loop and print; no grading and no queries happen in them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from quiz.bank.model import Kind, Question, choice_weights
from quiz.markup import render_cloze, render_inline, render_markdown
from quiz.models import Attempt, AttemptItem, Response
from quiz.presenting import Layout, describe_answer, describe_key, layout
from quiz.queries import Progress, question_of
from quiz.scoring import Grade, Outcome, Score, grade, summarize

OUTCOME_LABELS = {
    "correct": ("Correct", "✔"),
    "partial": ("Partly correct", "◐"),
    "incorrect": ("Incorrect", "✘"),
    "unanswered": ("Not answered", "–"),
    "information": ("Information", "ℹ"),
}


@dataclass
class Feedback:
    """What is shown once a question has been answered (and may be revealed)."""

    outcome: str
    label: str
    icon: str
    points: float
    max_points: float
    your_answer: list[Markup]
    correct_answer: list[Markup]
    explanation: Markup
    feedback: list[Markup]
    source: str
    choices: list[dict[str, Any]] = field(default_factory=list)
    parts: list[dict[str, Any]] = field(default_factory=list)


def material_link(source: str) -> str:
    """The URL path of a `file#section` source reference ('' when there is none)."""
    if not source:
        return ""
    page, _, anchor = source.partition("#")
    return f"/material/{page}" + (f"#{anchor}" if anchor else "")


def response_for(attempt: Attempt, item: AttemptItem) -> Response | None:
    return next((r for r in attempt.responses if r.question_id == item.question_id), None)


def feedback(question: Question, shown: Layout, response: Response | None) -> Feedback:
    """The review of one question: the learner's answer, the right one, the explanation."""
    answer = response.answer if response else None
    result = grade(question, answer) if response else None
    outcome = response.outcome if response else Outcome.UNANSWERED.value
    label, icon = OUTCOME_LABELS[outcome]
    review = Feedback(
        outcome=outcome,
        label=label,
        icon=icon,
        points=response.points if response else 0.0,
        max_points=question.max_points,
        your_answer=[render_inline(line) for line in describe_answer(question, answer)],
        correct_answer=[render_inline(line) for line in describe_key(question)],
        explanation=render_markdown(question.explanation),
        feedback=[render_inline(text) for text in (result.feedback if result else ())],
        source=material_link(question.source),
    )
    if question.kind in (Kind.SINGLE, Kind.MULTIPLE):
        picked = set([answer] if question.kind is Kind.SINGLE and answer is not None else (answer or []))
        weights = choice_weights(question)
        for index in shown.choice_order:
            choice = question.choices[index]
            review.choices.append(
                {
                    "text": render_inline(choice.text),
                    "picked": index in picked,
                    "correct": weights[index] > 0,
                    "feedback": render_inline(choice.feedback) if choice.feedback and index in picked else "",
                }
            )
        # Choice feedback is shown beside its choice, not repeated in the general list.
        review.feedback = []
    if result and result.parts:
        review.parts = [{"number": n, "right": right} for n, right in enumerate(result.parts, start=1)]
    return review


def question_inputs(question: Question, shown: Layout, form: Any) -> dict[str, Any]:
    """The inputs of a question page, in display order, with the values already submitted."""
    kind = question.kind
    data: dict[str, Any] = {"kind": kind.value}
    if kind is Kind.CLOZE:
        entries = list(form.answer.entries)
        pieces = []
        for html, number in render_cloze(question.prompt):
            blank = None
            if number is not None and 1 <= number <= len(entries):
                entry = entries[number - 1]
                options = shown.blank_choices[number - 1]
                blank = {
                    "name": entry.name,
                    "number": number,
                    "value": entry.data or "",
                    "options": [(str(n), render_inline(text)) for n, text in enumerate(options)],
                }
            pieces.append({"html": html, "blank": blank})
        data["pieces"] = pieces
        return data
    data["prompt"] = render_markdown(question.prompt)
    if kind in (Kind.SINGLE, Kind.MULTIPLE):
        chosen = form.answer.data
        selected = {str(v) for v in (chosen if isinstance(chosen, list) else [chosen]) if v is not None}
        data["options"] = [
            {"value": choice.value, "label": render_inline(choice.label), "checked": choice.value in selected}
            for choice in form.answer.choices
        ]
    elif kind is Kind.TRUE_FALSE:
        data["options"] = [
            {"value": choice.value, "label": choice.label, "checked": form.answer.data == choice.value}
            for choice in form.answer.choices
        ]
    elif kind in (Kind.SHORT, Kind.NUMERIC):
        data["value"] = form.answer.data or ""
    elif kind in (Kind.MATCHING, Kind.ORDERING):
        labels = (
            [question.pairs[i][0] for i in shown.left_order]
            if kind is Kind.MATCHING
            else [question.items[i] for i in shown.item_order]
        )
        data["rows"] = [
            {
                "name": entry.name,
                "label": render_inline(label),
                "value": entry.data or "",
                "options": [(choice.value, render_inline(choice.label)) for choice in entry.choices],
            }
            for entry, label in zip(form.answer.entries, labels, strict=True)
        ]
    return data


def navigation(progress: Progress, position: int) -> list[dict[str, Any]]:
    """The numbered links to every question of the attempt."""
    return [
        {"position": at, "answered": at in progress.answered, "current": at == position} for at, _ in progress.items
    ]


def attempt_score(attempt: Attempt) -> Score:
    """The attempt's score from its stored responses (unanswered questions count zero)."""
    by_position = {r.position: r for r in attempt.responses}
    graded = []
    for item in attempt.items:
        question = question_of(item)
        stored = by_position.get(item.position)
        # The points stored at submit time are the score; nothing is re-graded here.
        graded.append(
            (
                question,
                Grade(stored.fraction, stored.points, stored.max_points, Outcome(stored.outcome)) if stored else None,
            )
        )
    return summarize(graded)


def review(attempt: Attempt) -> list[dict[str, Any]]:
    """Every question of a finished attempt with the learner's answer, the right one and why."""
    rows = []
    for item in attempt.items:
        question = question_of(item)
        shown = layout(question, attempt.seed)
        rows.append(
            {
                "position": item.position,
                "title": question.title,
                "topic": question.topic,
                "prompt": render_markdown(question.prompt.replace("{{", "[blank ").replace("}}", "]"))
                if question.kind is Kind.CLOZE
                else render_markdown(question.prompt),
                "scored": question.scored,
                "feedback": feedback(question, shown, response_for(attempt, item)),
            }
        )
    return rows
