"""Numeric answers with units, as Moodle's numerical question has them: model, YAML, Moodle XML, grading, HTTP."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import select

from quiz.bank.aiken.writer import to_aiken
from quiz.bank.dict_form import question_from_dict
from quiz.bank.errors import BankError
from quiz.bank.gift.writer import to_gift
from quiz.bank.model import Question, Unit
from quiz.bank.moodle.reader import parse_moodle_xml
from quiz.bank.moodle.writer import to_moodle_xml
from quiz.bank.yaml.reader import parse_yaml
from quiz.bank.yaml.writer import to_yaml
from quiz.extensions import db
from quiz.kinds.registry import handler_for
from quiz.kinds.text import UnknownUnit, read_number
from quiz.models import Response
from support import count, positions

UNITS_YAML = """\
title: Dosing
questions:
  - id: dose
    type: numeric
    prompt: What is the dose?
    explanation: Five milligrams.
    value: 5
    tolerance: 0.1
    alternatives:
      - {value: 50, credit: 0.5, feedback: Ten times too much.}
    units:
      - {name: mg, multiplier: 1}
      - {name: g, multiplier: 0.001}
      - {name: µg, multiplier: 1000}
"""
MG, G, UG = Unit("mg"), Unit("g", 0.001), Unit("µg", 1000.0)


def dose() -> Question:
    return parse_yaml(UNITS_YAML, "dosing.yaml", "dosing").bank.questions[0]


def moodle(units_xml: str) -> str:
    return f"""<?xml version="1.0"?>
<quiz>
  <question type="numerical">
    <name><text>Dose</text></name>
    <questiontext format="html"><text>What is the dose?</text></questiontext>
    <generalfeedback format="html"><text>Five milligrams.</text></generalfeedback>
    <answer fraction="100"><text>5</text><tolerance>0.1</tolerance></answer>
    {units_xml}
  </question>
</quiz>
"""


# --- the model and YAML ----------------------------------------------------------------------------------


def test_yaml_units_are_read_main_unit_first() -> None:
    assert dose().units == (MG, G, UG)


def test_units_survive_the_canonical_dict_and_are_absent_without_units() -> None:
    question = dose()
    data = question.to_dict()
    assert data["units"] == [{"name": "mg", "multiplier": 1}, {"name": "g", "multiplier": 0.001},
                             {"name": "µg", "multiplier": 1000}]  # fmt: skip
    assert question_from_dict(data) == question
    without = dataclasses.replace(question, units=())
    assert "units" not in without.to_dict()
    assert without.content_hash != question.content_hash


def test_yaml_export_keeps_units() -> None:
    bank = parse_yaml(UNITS_YAML, "dosing.yaml", "dosing").bank
    exported = to_yaml(bank)
    assert exported.skipped == ()
    assert parse_yaml(exported.text, "again.yaml", "dosing").bank.questions[0].units == (MG, G, UG)


@pytest.mark.parametrize(
    ("units", "message"),
    [
        ("[{name: g, multiplier: 0.001}, {name: mg}]", "the first unit (g) is the unit of the answers"),
        ("[{name: mg}, {name: mg, multiplier: 2}]", "every unit must have a different name"),
        ("[{name: mg}, {name: g, multiplier: 0}]", "greater than 0"),
        ("[{name: ' '}]", "is empty"),
    ],
)
def test_bad_units_are_refused_with_the_line(units: str, message: str) -> None:
    text = UNITS_YAML.split("    units:")[0] + f"    units: {units}\n"
    with pytest.raises(BankError) as caught:
        parse_yaml(text, "dosing.yaml", "dosing")
    problem = caught.value.problems[0]
    assert message in problem.message
    assert problem.line >= 3


# --- Moodle XML ------------------------------------------------------------------------------------------


def test_moodle_units_are_read_and_the_main_unit_put_first() -> None:
    units = (
        "<unitgradingtype>0</unitgradingtype><showunits>0</showunits><unitsleft>0</unitsleft><units>"
        "<unit><multiplier>0.001</multiplier><unit_name>g</unit_name></unit>"
        "<unit><multiplier>1</multiplier><unit_name>mg</unit_name></unit></units>"
    )
    parsed = parse_moodle_xml(moodle(units), "questions/d.xml", "d")
    assert parsed.bank.questions[0].units == (MG, G)
    assert parsed.warnings == ()


@pytest.mark.parametrize(
    ("units", "kept", "warning"),
    [
        ("<unitgradingtype>1</unitgradingtype><unitpenalty>0.2</unitpenalty><showunits>0</showunits>"
         "<units><unit><multiplier>1</multiplier><unit_name>mg</unit_name></unit></units>",
         (MG,), "the unit penalty was dropped"),
        ("<showunits>3</showunits><units><unit><multiplier>1</multiplier><unit_name>mg</unit_name></unit></units>",
         (), "does not use them"),
        ("<showunits>0</showunits><units><unit><multiplier>0.001</multiplier><unit_name>g</unit_name></unit></units>",
         (), "none has the multiplier 1"),
        ("<showunits>0</showunits><units><unit><multiplier>x</multiplier><unit_name>g</unit_name></unit>"
         "<unit><multiplier>1</multiplier><unit_name>mg</unit_name></unit></units>",
         (MG,), "without a name or a positive multiplier"),
    ],
)  # fmt: skip
def test_moodle_units_we_cannot_keep_are_noted(units: str, kept: tuple[Unit, ...], warning: str) -> None:
    parsed = parse_moodle_xml(moodle(units), "questions/d.xml", "d")
    assert parsed.bank.questions[0].units == kept
    assert [w for w in parsed.warnings if warning in w.message]


def test_moodle_xml_round_trip_keeps_units() -> None:
    bank = parse_yaml(UNITS_YAML, "dosing.yaml", "dosing").bank
    exported = to_moodle_xml(bank)
    assert exported.skipped == ()
    assert "<unit_name>g</unit_name>" in exported.text
    back = parse_moodle_xml(exported.text, "questions/back.xml", "back").bank.questions[0]
    assert back.units == (MG, G, UG)
    assert back.numeric == bank.questions[0].numeric


def test_gift_and_aiken_list_a_question_with_units_as_not_exported() -> None:
    bank = parse_yaml(UNITS_YAML, "dosing.yaml", "dosing").bank
    gift = to_gift(bank)
    assert len(gift.skipped) == 1
    assert "units" in gift.skipped[0]
    assert len(to_aiken(bank).skipped) == 1


# --- grading ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value", "fraction"),
    [
        ("5 mg", 5.0, 1.0),
        ("5mg", 5.0, 1.0),
        ("0.005 g", 5.0, 1.0),
        ("5000 µg", 5.0, 1.0),
        ("5,05 mg", 5.05, 1.0),
        ("5", 5.0, 1.0),
        ("mg 5", 5.0, 1.0),
        ("0.05 g", 50.0, 0.5),
        ("5 g", 5000.0, 0.0),
    ],
)
def test_typed_units_are_graded_in_the_main_unit(typed: str, value: float, fraction: float) -> None:
    question = dose()
    number = read_number(typed, question.units)
    assert number == pytest.approx(value)
    assert handler_for(question).mark(question, number).fraction == fraction


@pytest.mark.parametrize("typed", ["5 kg", "5 MG", "5 mg g", "0.005g mg"])
def test_an_unknown_unit_is_refused_naming_the_units(typed: str) -> None:
    with pytest.raises(UnknownUnit, match="Use one of: mg, g, µg"):
        read_number(typed, dose().units)


def test_without_units_a_unit_is_not_a_number() -> None:
    with pytest.raises(ValueError) as caught:
        read_number("5 mg")
    assert not isinstance(caught.value, UnknownUnit)
    assert read_number("5") == 5.0


def test_the_key_and_the_answer_are_described_with_the_main_unit() -> None:
    question = dose()
    handler = handler_for(question)
    assert handler.describe_key(question) == ["5 mg (± 0.1 mg)"]
    assert handler.describe_answer(question, 5.0) == ["5 mg"]


# --- through HTTP ----------------------------------------------------------------------------------------


@pytest.fixture
def questions_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "dosing.yaml").write_text(UNITS_YAML, "utf-8")
    return folder


def test_the_page_shows_the_units_in_the_label_and_hint(quiz) -> None:
    attempt = quiz.start("dosing")
    html = quiz.page(attempt, 1)
    assert "Your answer (a number in mg)" in html
    assert 'id="answer-hint"' in html
    assert "answer-hint" in html.split('id="answer"', 1)[1].split(">", 1)[0]
    assert "mg, g, µg" in html


def test_an_answer_in_another_unit_is_stored_in_the_main_unit(quiz, app) -> None:
    attempt = quiz.start("dosing")
    assert positions(app, attempt) == {"dose": 1}
    response = quiz.answer(attempt, 1, {"answer": "0.005 g"})
    assert response.status_code == 303
    with app.app_context():
        stored = db.session.scalars(select(Response)).one()
        assert (stored.answer, stored.fraction) == (pytest.approx(5.0), 1.0)


def test_an_unknown_unit_is_a_422_form_and_nothing_is_stored(quiz, app) -> None:
    attempt = quiz.start("dosing")
    response = quiz.answer(attempt, 1, {"answer": "5 kg"})
    assert response.status_code == 422
    assert "Use one of: mg, g, µg" in response.get_data(as_text=True)
    with app.app_context():
        assert count(Response) == 0
