"""WTForms classes: the start form, and one small answer form per question kind (keyed by kind).

The forms validate; the kind handlers (`quiz.kinds`) say what to draw, and Jinja macros draw it
(much faster than widgets). Every value a form accepts is a display position, never a canonical index.
"""

from __future__ import annotations

from typing import Any, ClassVar

from flask_wtf import FlaskForm
from wtforms import FieldList, IntegerField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from quiz.bank.model import Kind, Question, Unit
from quiz.kinds.base import Layout
from quiz.kinds.text import UnknownUnit, read_number

COUNT_CHOICES = (5, 10, 20, 50)
MAX_TIME_LIMIT = 300  # minutes


class StartForm(FlaskForm):
    """How many questions, practice or exam mode, and an exam's time limit (none by default)."""

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
    time_limit = IntegerField(
        "Time limit in minutes (exam mode only; leave empty for none)",
        validators=[
            Optional(),
            NumberRange(1, MAX_TIME_LIMIT, message=f"A time limit is from 1 to {MAX_TIME_LIMIT} minutes."),
        ],
    )

    def validate_time_limit(self, field: IntegerField) -> None:
        if field.data is not None and self.mode.data != "exam":
            raise ValidationError("A time limit is for exam mode only: choose exam mode, or leave the time empty.")

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


class AnswerForm(FlaskForm):
    """An answer form: `prepare` fits it to a question as laid out; `value` is the validated display-level value."""

    kind: ClassVar[Kind]

    class Meta:
        # CSRFProtect checks every POST's token before any view runs; checking it again here only costs time.
        csrf = False

    def prepare(self, question: Question, shown: Layout) -> None:
        """Set the choices and the number of rows this question needs (nothing by default)."""

    def submitted(self) -> Any:
        """The values as submitted, for drawing the form again (None on a fresh page)."""
        return self.answer.data

    def value(self) -> Any:
        """The validated value, in display positions."""
        return self.answer.data


class _ChoiceAnswerForm(AnswerForm):
    def prepare(self, question: Question, shown: Layout) -> None:
        self.answer.choices = [
            SelectChoice(str(slot), question.choices[index].text) for slot, index in enumerate(shown.choice_order)
        ]


class SingleAnswerForm(_ChoiceAnswerForm):
    kind = Kind.SINGLE
    answer = RadioField("Answer", coerce=int, validators=[InputRequired(message="Choose an answer.")])


class MultipleAnswerForm(_ChoiceAnswerForm):
    kind = Kind.MULTIPLE
    answer = SelectMultipleField("Answer", coerce=int)

    def validate_answer(self, field: SelectMultipleField) -> None:
        if not field.data:
            raise ValidationError("Choose at least one answer.")


class TrueFalseAnswerForm(AnswerForm):
    kind = Kind.TRUE_FALSE
    answer = RadioField(
        "Answer",
        choices=[SelectChoice("true", "True"), SelectChoice("false", "False")],
        validators=[InputRequired(message="Choose true or false.")],
    )

    def value(self) -> bool:
        return self.answer.data == "true"


class ShortAnswerForm(AnswerForm):
    kind = Kind.SHORT
    answer = StringField(
        "Your answer",
        validators=[InputRequired(message="Type an answer."), Length(max=300, message="Keep it under 300 characters.")],
    )


class NumericAnswerForm(AnswerForm):
    kind = Kind.NUMERIC
    answer = StringField(
        "Your answer", validators=[InputRequired(message="Type a number."), Length(max=40, message="That is too long.")]
    )
    # The question's units (none by default): a typed unit is converted to the main one.
    units: tuple[Unit, ...] = ()

    def prepare(self, question: Question, shown: Layout) -> None:
        self.units = question.units

    def validate_answer(self, field: StringField) -> None:
        try:
            read_number(field.data or "", self.units)
        except UnknownUnit as exc:
            raise ValidationError(str(exc)) from None
        except ValueError:
            example = f"4 or 2.5 {self.units[0].name}" if self.units else "4 or 2.5"
            raise ValidationError(f"Type a number, for example {example}.") from None

    def value(self) -> float:
        return read_number(self.answer.data, self.units)


def _size(field: FieldList, count: int) -> None:
    """Make a FieldList hold exactly `count` entries (formdata may have fewer)."""
    while len(field.entries) < count:
        field.append_entry()
    del field.entries[count:]


class _RowsAnswerForm(AnswerForm):
    """Matching and ordering: one select per row."""

    answer = FieldList(SelectField("Answer", validators=[InputRequired(message="Choose an option for every row.")]))

    def fit(self, rows: int, options: list[SelectChoice]) -> None:
        """Hold one select per row, each offering `options`."""
        _size(self.answer, rows)
        for entry in self.answer.entries:
            entry.choices = options

    def submitted(self) -> list[Any]:
        return [entry.data for entry in self.answer.entries]

    value = submitted


class MatchingAnswerForm(_RowsAnswerForm):
    kind = Kind.MATCHING

    def prepare(self, question: Question, shown: Layout) -> None:
        self.fit(len(question.pairs), [SelectChoice(str(n), text) for n, text in enumerate(shown.right_options)])


class OrderingAnswerForm(_RowsAnswerForm):
    kind = Kind.ORDERING

    def prepare(self, question: Question, shown: Layout) -> None:
        self.fit(len(question.items), [SelectChoice(str(n)) for n in range(1, len(question.items) + 1)])

    def validate_answer(self, field: FieldList) -> None:
        positions = [entry.data for entry in field.entries]
        if len(set(positions)) != len(positions):
            raise ValidationError("Give each position to exactly one item.")


class ClozeAnswerForm(AnswerForm):
    kind = Kind.CLOZE
    answer = FieldList(
        StringField("Blank", validators=[Length(max=200, message="Keep each blank under 200 characters.")])
    )
    # Per blank: its options as shown (empty for a typed blank).
    blank_options: tuple[tuple[str, ...], ...] = ()

    def prepare(self, question: Question, shown: Layout) -> None:
        _size(self.answer, len(question.blanks))
        self.blank_options = shown.blank_choices

    def validate_answer(self, field: FieldList) -> None:
        values = [(entry.data or "").strip() for entry in field.entries]
        if not any(values):
            raise ValidationError("Fill in at least one blank.")
        for number, (value, options) in enumerate(zip(values, self.blank_options, strict=True), start=1):
            if options and value and not (value.isdigit() and int(value) < len(options)):
                raise ValidationError(f"Choose one of the options for blank {number}.")

    def submitted(self) -> list[Any]:
        return [entry.data for entry in self.answer.entries]

    value = submitted


ANSWER_FORMS: dict[Kind, type[AnswerForm]] = {
    form.kind: form
    for form in (
        SingleAnswerForm,
        MultipleAnswerForm,
        TrueFalseAnswerForm,
        ShortAnswerForm,
        NumericAnswerForm,
        MatchingAnswerForm,
        OrderingAnswerForm,
        ClozeAnswerForm,
    )
}


def answer_form(question: Question, shown: Layout, formdata: Any = None) -> AnswerForm | ActionForm:
    """The answer form of a question as laid out for this attempt (a bare token form for information pages)."""
    form_class = ANSWER_FORMS.get(question.kind)
    if form_class is None:
        return ActionForm(formdata=formdata)
    form = form_class(formdata=formdata)
    form.prepare(question, shown)
    return form
