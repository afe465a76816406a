"""WTForms classes: one small form per answer kind, choices assigned after creation.

The forms validate; templates draw the inputs with Jinja macros (much faster than widgets).
Every value a form accepts is a display position, never a canonical index.
"""

from __future__ import annotations

import math
from typing import Any

from flask_wtf import FlaskForm
from wtforms import FieldList, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from quiz.bank.model import Kind, Question
from quiz.presenting import Layout

COUNT_CHOICES = (5, 10, 20, 50)


class StartForm(FlaskForm):
    """How many questions, and practice or exam mode."""

    count = SelectField("Number of questions", validators=[InputRequired()])
    mode = RadioField(
        "Mode",
        choices=[
            SelectChoice("practice", "Practice: see the answer and explanation after each question"),
            SelectChoice("exam", "Exam: no feedback until you finish"),
        ],
        default="practice",
        validators=[InputRequired(message="Choose a mode.")],
    )

    def set_count_choices(self, available: int) -> None:
        """Offer sizes smaller than the bank, plus 'all'."""
        self.count.choices = [SelectChoice(str(n), f"{n} questions") for n in COUNT_CHOICES if n < available]
        self.count.choices.append(SelectChoice("all", f"All {available} questions"))
        if self.count.data is None:
            self.count.data = self.count.choices[min(1, len(self.count.choices) - 1)].value

    @property
    def question_count(self) -> int | None:
        return None if self.count.data == "all" else int(self.count.data)


class ActionForm(FlaskForm):
    """A form with nothing but the CSRF token: finish, retry."""


class SingleAnswerForm(FlaskForm):
    answer = RadioField("Answer", coerce=int, validators=[InputRequired(message="Choose an answer.")])


class MultipleAnswerForm(FlaskForm):
    answer = SelectMultipleField("Answer", coerce=int)

    def validate_answer(self, field: SelectMultipleField) -> None:
        if not field.data:
            raise ValidationError("Choose at least one answer.")


class TrueFalseAnswerForm(FlaskForm):
    answer = RadioField(
        "Answer",
        choices=[SelectChoice("true", "True"), SelectChoice("false", "False")],
        validators=[InputRequired(message="Choose true or false.")],
    )


class ShortAnswerForm(FlaskForm):
    answer = StringField(
        "Your answer",
        validators=[InputRequired(message="Type an answer."), Length(max=300, message="Keep it under 300 characters.")],
    )


def parse_number(text: str) -> float:
    """Read a number as people type it: spaces ignored, a decimal comma accepted."""
    cleaned = text.strip().replace(" ", "").replace("\u2212", "-")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


class NumericAnswerForm(FlaskForm):
    answer = StringField(
        "Your answer", validators=[InputRequired(message="Type a number."), Length(max=40, message="That is too long.")]
    )

    def validate_answer(self, field: StringField) -> None:
        try:
            parse_number(field.data or "")
        except ValueError:
            raise ValidationError("Type a number, for example 4 or 2.5.") from None


class ListAnswerForm(FlaskForm):
    """Matching, ordering and cloze: one entry per row or blank."""

    answer = FieldList(SelectField("Answer", validators=[InputRequired(message="Choose an option for every row.")]))


class ClozeAnswerForm(FlaskForm):
    answer = FieldList(
        StringField("Blank", validators=[Length(max=200, message="Keep each blank under 200 characters.")])
    )
    # Per blank: its options as shown (empty for a typed blank). Set by answer_form.
    blank_options: tuple[tuple[str, ...], ...] = ()

    def validate_answer(self, field: FieldList) -> None:
        values = [(entry.data or "").strip() for entry in field.entries]
        if not any(values):
            raise ValidationError("Fill in at least one blank.")
        for number, (value, options) in enumerate(zip(values, self.blank_options, strict=True), start=1):
            if options and value and not (value.isdigit() and int(value) < len(options)):
                raise ValidationError(f"Choose one of the options for blank {number}.")


class OrderingAnswerForm(ListAnswerForm):
    def validate_answer(self, field: FieldList) -> None:
        positions = [entry.data for entry in field.entries]
        if len(set(positions)) != len(positions):
            raise ValidationError("Give each position to exactly one item.")


_FORMS: dict[Kind, type[FlaskForm]] = {
    Kind.SINGLE: SingleAnswerForm,
    Kind.MULTIPLE: MultipleAnswerForm,
    Kind.TRUE_FALSE: TrueFalseAnswerForm,
    Kind.SHORT: ShortAnswerForm,
    Kind.NUMERIC: NumericAnswerForm,
    Kind.MATCHING: ListAnswerForm,
    Kind.ORDERING: OrderingAnswerForm,
}


def expected_fields(question: Question) -> set[str]:
    """The form field names a genuine answer to this question may contain."""
    rows = {Kind.MATCHING: len(question.pairs), Kind.ORDERING: len(question.items), Kind.CLOZE: len(question.blanks)}
    if question.kind in rows:
        return {"csrf_token"} | {f"answer-{n}" for n in range(rows[question.kind])}
    return {"csrf_token", "answer"}


def answer_form(question: Question, shown: Layout, formdata: Any = None) -> FlaskForm:
    """Build the answer form of a question as laid out for this attempt."""
    if question.kind is Kind.CLOZE:
        form = ClozeAnswerForm(formdata=formdata)
        _size(form.answer, len(question.blanks))
        form.blank_options = shown.blank_choices
        return form
    form = _FORMS[question.kind](formdata=formdata)
    if question.kind in (Kind.SINGLE, Kind.MULTIPLE):
        form.answer.choices = [
            SelectChoice(str(slot), question.choices[index].text) for slot, index in enumerate(shown.choice_order)
        ]
    elif question.kind is Kind.MATCHING:
        _size(form.answer, len(question.pairs))
        options = [SelectChoice(str(n), text) for n, text in enumerate(shown.right_options)]
        for entry in form.answer.entries:
            entry.choices = options
    elif question.kind is Kind.ORDERING:
        _size(form.answer, len(question.items))
        options = [SelectChoice(str(n)) for n in range(1, len(question.items) + 1)]
        for entry in form.answer.entries:
            entry.choices = options
    return form


def _size(field: FieldList, count: int) -> None:
    """Make a FieldList hold exactly `count` entries (formdata may have fewer)."""
    while len(field.entries) < count:
        field.append_entry()
    del field.entries[count:]


def form_value(question: Question, form: FlaskForm) -> Any:
    """The validated display-level value of an answer form."""
    if question.kind is Kind.TRUE_FALSE:
        return form.answer.data == "true"
    if question.kind is Kind.NUMERIC:
        return parse_number(form.answer.data)
    if question.kind in (Kind.MATCHING, Kind.ORDERING, Kind.CLOZE):
        return [entry.data for entry in form.answer.entries]
    return form.answer.data
