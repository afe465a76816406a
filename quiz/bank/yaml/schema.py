"""Validation models of the YAML bank format (pydantic v2, strict, unknown keys refused).

These models are the single definition of the format: the loader validates with them and
`questions/schema.json` is generated from them for editors.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator


def _number_as_text(value: object) -> object:
    """YAML reads `- 2` or `- 1.5` as numbers; where text is expected, take them as written."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


Text = Annotated[str, BeforeValidator(_number_as_text), Field(min_length=1)]
_ID_HELP = "Stable id, unique in the bank: letters, digits, '-', '_' or '.'."
Identifier = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=100, description=_ID_HELP)]
Fraction = Annotated[float, Field(ge=-1, le=1)]
Credit = Annotated[float, Field(ge=0, le=1)]
BLANK_PATTERN = re.compile(r"\{\{(\d+)\}\}")
# A group with a quantifier inside, itself quantified: the shape of catastrophic backtracking.
NESTED_REPEAT = re.compile(r"\((?:[^()\\]|\\.)*[*+}](?:[^()\\]|\\.)*\)\s*(?:[*+]|\{\d*,)")


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class ChoiceModel(Strict):
    text: Text
    correct: bool = False
    feedback: str = ""
    weight: Fraction | None = Field(
        default=None, description="Fraction of the points this choice is worth when picked; negative takes points away."
    )


class AnswerModel(Strict):
    text: Text
    credit: Credit = 1.0
    feedback: str = ""
    regex: bool = Field(default=False, description="Match `text` as a regular expression against the whole answer.")

    @model_validator(mode="after")
    def _regex_compiles(self) -> AnswerModel:
        if self.regex:
            try:
                re.compile(self.text)
            except re.error as exc:
                raise ValueError(f'the regular expression "{self.text}" is invalid: {exc}') from None
            if NESTED_REPEAT.search(self.text):
                # Patterns like (a+)+ backtrack exponentially: one typed answer could stall a worker.
                raise ValueError(
                    f'the regular expression "{self.text}" repeats a group that itself repeats (like (a+)+), '
                    "which can take very long to match; simplify it"
                )
        return self


AcceptedAnswers = Annotated[list[Text | AnswerModel], Field(min_length=1)]


class NumericModel(Strict):
    value: float | None = None
    tolerance: Annotated[float, Field(ge=0)] = 0.0
    min: float | None = None
    max: float | None = None
    credit: Credit = 1.0
    feedback: str = ""

    @model_validator(mode="after")
    def _value_or_range(self) -> NumericModel:
        check_numeric(self)
        return self


def check_numeric(model: NumericModel | NumericQuestion) -> None:
    """A numeric answer is either a value (with tolerance) or a min..max range."""
    has_value = model.value is not None
    has_range = model.min is not None or model.max is not None
    if has_value == has_range:
        raise ValueError("give either value (with an optional tolerance) or both min and max")
    if has_range:
        if model.min is None or model.max is None:
            raise ValueError("a range needs both min and max")
        if model.min > model.max:
            raise ValueError(f"min ({model.min}) is greater than max ({model.max})")


class UnitModel(Strict):
    """A unit the answer may be typed in (e.g. mg): a number in it divided by the multiplier is in the first unit."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=30)]
    multiplier: Annotated[float, Field(gt=0, allow_inf_nan=False, description="g is 0.001 when mg is first.")] = 1.0


class BlankModel(Strict):
    answers: AcceptedAnswers
    choices: list[Text] = Field(default_factory=list, description="When given, the blank is a drop-down list.")

    @model_validator(mode="after")
    def _answers_in_choices(self) -> BlankModel:
        if self.choices:
            if len(self.choices) < 2:
                raise ValueError("a blank with choices needs at least two")
            for answer in self.answers:
                text = answer if isinstance(answer, str) else answer.text
                if text not in self.choices:
                    raise ValueError(f'the answer "{text}" is not one of the blank\'s choices')
        return self


_FORMAT_HELP = "How every text of the question is written: markdown (default), html (sanitised) or text."
TextFormatName = Annotated[Literal["markdown", "html", "text"], Field(description=_FORMAT_HELP)]
IMAGE_PATTERN = r"^[A-Za-z0-9_-][A-Za-z0-9_. -]*(/[A-Za-z0-9_-][A-Za-z0-9_. -]*)*\.(png|jpe?g|gif|webp)$"
_IMAGE_HELP = "An image file beside the bank (a path relative to the bank's folder), shown under the prompt."
# Every folder and file name starts with a letter, digit, "_" or "-": no "..", no hidden files, no "/" first.
ImagePath = Annotated[str, Field(pattern=IMAGE_PATTERN, max_length=200, description=_IMAGE_HELP)]


class Illustrated(Strict):
    """What every question may have: a text format, and an image with its text alternative."""

    format: TextFormatName = "markdown"
    image: ImagePath | None = None
    alt: str = Field(default="", description="What the image shows, for people who cannot see it (required).")

    @model_validator(mode="after")
    def _image_has_alt(self) -> Illustrated:
        if self.image and not self.alt.strip():
            raise ValueError("an image needs alt: a short text saying what it shows, for people who cannot see it")
        if self.alt and not self.image:
            raise ValueError("alt describes an image: give image too, or leave alt out")
        return self


class QuestionBase(Illustrated):
    id: Identifier
    prompt: Text = Field(description="In the question's format (Markdown unless `format` says otherwise).")
    explanation: Text = Field(description="Shown after the answer: why the right answer is right.")
    title: str = ""
    topic: str | None = None
    tags: list[Text] = Field(default_factory=list)
    difficulty: Literal["easy", "medium", "hard"] | None = None
    points: Annotated[float, Field(gt=0, le=100)] = 1.0
    source: str | None = Field(default=None, description="Material section, e.g. 'checkpoint-inhibitors#pd-1'.")


class SingleQuestion(QuestionBase):
    type: Literal["single"]
    choices: Annotated[list[ChoiceModel], Field(min_length=2)]

    @model_validator(mode="after")
    def _one_correct(self) -> SingleQuestion:
        correct = sum(1 for c in self.choices if c.correct)
        if correct != 1:
            raise ValueError(f"a single-choice question needs exactly one correct choice (found {correct})")
        return self


class MultipleQuestion(QuestionBase):
    type: Literal["multiple"]
    choices: Annotated[list[ChoiceModel], Field(min_length=2)]

    @model_validator(mode="after")
    def _some_correct(self) -> MultipleQuestion:
        if not any(c.correct for c in self.choices):
            raise ValueError("a multiple-response question needs at least one correct choice")
        return self


class TrueFalseQuestion(QuestionBase):
    type: Literal["true_false"]
    answer: bool
    true_feedback: str = ""
    false_feedback: str = ""


class ShortQuestion(QuestionBase):
    type: Literal["short"]
    answers: AcceptedAnswers
    case_sensitive: bool = False


class NumericQuestion(QuestionBase):
    type: Literal["numeric"]
    value: float | None = None
    tolerance: Annotated[float, Field(ge=0)] = 0.0
    min: float | None = None
    max: float | None = None
    feedback: str = ""
    alternatives: list[NumericModel] = Field(default_factory=list, description="Other answers, usually partial credit.")
    other_feedback: str = Field(default="", description="Shown for any number that matches no answer.")
    units: list[UnitModel] = Field(default_factory=list, description="Units the answer may be typed in (optional).")

    @model_validator(mode="after")
    def _value_or_range(self) -> NumericQuestion:
        check_numeric(self)
        # The first unit is the one the answers are in.
        if self.units and self.units[0].multiplier != 1:
            raise ValueError(f"the first unit ({self.units[0].name}) is the unit of the answers: its multiplier is 1")
        if len({unit.name for unit in self.units}) < len(self.units):
            raise ValueError("every unit must have a different name")
        return self


class MatchingQuestion(QuestionBase):
    type: Literal["matching"]
    pairs: Annotated[list[Annotated[list[Text], Field(min_length=2, max_length=2)]], Field(min_length=2)]
    distractors: list[Text] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_lefts(self) -> MatchingQuestion:
        lefts = [left for left, _ in self.pairs]
        for left in lefts:
            if lefts.count(left) > 1:
                raise ValueError(f'the left item "{left}" appears in more than one pair')
        rights = {right for _, right in self.pairs}
        for distractor in self.distractors:
            if distractor in rights:
                raise ValueError(f'the distractor "{distractor}" is also a right answer')
        return self


class OrderingQuestion(QuestionBase):
    type: Literal["ordering"]
    items: Annotated[list[Text], Field(min_length=2, description="In the right order.")]

    @model_validator(mode="after")
    def _unique_items(self) -> OrderingQuestion:
        if len(set(self.items)) != len(self.items):
            raise ValueError("every item of an ordering question must be different")
        return self


class ClozeQuestion(QuestionBase):
    type: Literal["cloze"]
    blanks: Annotated[list[BlankModel], Field(min_length=1)]

    @model_validator(mode="after")
    def _blanks_match_prompt(self) -> ClozeQuestion:
        used = [int(n) for n in BLANK_PATTERN.findall(self.prompt)]
        expected = list(range(1, len(self.blanks) + 1))
        if sorted(used) != expected:
            raise ValueError(
                f"the prompt must contain each of the markers {', '.join(_marker(n) for n in expected)} exactly once "
                f"(found {', '.join(_marker(n) for n in used) or 'none'})"
            )
        return self


def _marker(number: int) -> str:
    return "{{" + str(number) + "}}"


class DescriptionQuestion(Illustrated):
    """An information page inside a quiz: shown, never scored."""

    type: Literal["description"]
    id: Identifier
    prompt: Text
    explanation: str = ""
    title: str = ""
    topic: str | None = None
    tags: list[Text] = Field(default_factory=list)
    source: str | None = None


QuestionModel = Annotated[
    SingleQuestion
    | MultipleQuestion
    | TrueFalseQuestion
    | ShortQuestion
    | NumericQuestion
    | MatchingQuestion
    | OrderingQuestion
    | ClozeQuestion
    | DescriptionQuestion,
    Field(discriminator="type"),
]


class BankModel(Strict):
    """A YAML question bank."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, title="ImmunoQuiz question bank")

    title: Text
    description: str = ""
    topic: str | None = Field(default=None, description="Default topic of the questions (defaults to the title).")
    tags: list[Text] = Field(default_factory=list)
    source: str | None = Field(default=None, description="Default material section of the questions.")
    questions: Annotated[list[QuestionModel], Field(min_length=1)]
