"""Parsing and validating YAML banks: every mistake is reported with its file and line (pure)."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest

from quiz.bank.dict_form import question_from_dict
from quiz.bank.errors import BankError
from quiz.bank.loader import CatalogLoader
from quiz.bank.model import Kind
from quiz.bank.yaml.reader import parse_yaml

DATA = Path(__file__).parent / "data" / "banks"


def parse(text: str):
    return parse_yaml(textwrap.dedent(text).lstrip(), "bank.yaml", "bank")


def errors_of(text: str) -> list[str]:
    with pytest.raises(BankError) as caught:
        parse(text)
    return [str(p) for p in caught.value.problems]


HEADER = """\
title: T
questions:
"""


def test_every_type_parses_to_the_canonical_form():
    bank, warnings = parse_yaml((DATA / "every-type.yaml").read_text(), "every-type.yaml", "every-type")
    assert warnings == ()
    assert {q.kind for q in bank.questions} == set(Kind) - {Kind.DESCRIPTION}
    assert bank.topic == "Testing"
    multiple = bank.question("multiple-checkpoints")
    assert multiple.topic == "Checkpoints"  # a question's own topic wins
    assert bank.question("single-pd1").topic == "Testing"  # otherwise the bank's
    numeric = bank.question("numeric-domains")
    assert numeric.points == 2
    assert [(a.value, a.credit) for a in numeric.numeric] == [(1, 1.0), (2, 0.5)]
    assert bank.question("short-target").answers[1].regex is True


def test_canonical_json_round_trips_through_question_from_dict():
    bank, _ = parse_yaml((DATA / "every-type.yaml").read_text(), "every-type.yaml")
    for question in bank.questions:
        data = json.loads(json.dumps(question.to_dict()))
        assert question_from_dict(data) == question
        assert question_from_dict(data).content_hash == question.content_hash


def test_content_hash_changes_with_content_only():
    bank, _ = parse_yaml((DATA / "every-type.yaml").read_text(), "a.yaml")
    edited = (DATA / "every-type.yaml").read_text().replace("Which drug blocks", "Which antibody blocks")
    bank2, _ = parse_yaml("\n\n" + edited, "b.yaml")  # lines move too
    first, second = bank.question("single-pd1"), bank2.question("single-pd1")
    assert first.content_hash != second.content_hash
    assert bank.question("tf-cart").content_hash == bank2.question("tf-cart").content_hash


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            """
            - id: a
              type: single
              prompt: p
              explanation: e
              choices:
                - {text: A, correct: true}
                - text: ""
            """,
            'bank.yaml:9: "text" of choice 2 of question "a" is empty',
        ),
        (
            """
            - id: a
              type: single
              prompt: p
              explanation: e
              choices:
                - {text: A}
                - {text: B}
            """,
            'bank.yaml:3: question "a": a single-choice question needs exactly one correct choice (found 0)',
        ),
        (
            """
            - id: a
              type: true_false
              prompt: p
              answer: true
            """,
            'bank.yaml:3: question "a" is missing "explanation"',
        ),
        (
            """
            - id: a
              type: short
              prompt: p
              explanation: e
              answers: [x]
              case_sensitiv: true
            """,
            'bank.yaml:8: question "a" has an unknown field "case_sensitiv" (did you mean "case_sensitive"?)',
        ),
        (
            """
            - id: a
              type: essay
              prompt: p
              explanation: e
            """,
            'bank.yaml:3: question "a" has an unknown type "essay"',
        ),
        (
            """
            - id: a
              type: numeric
              prompt: p
              explanation: e
              min: 5
              max: 1
            """,
            'bank.yaml:3: question "a": min (5.0) is greater than max (1.0)',
        ),
        (
            """
            - id: a
              type: numeric
              prompt: p
              explanation: e
              value: lots
            """,
            'bank.yaml:7: "value" of question "a" must be a number (found \'lots\')',
        ),
        (
            """
            - id: a
              type: cloze
              prompt: "{{1}} and {{3}}"
              explanation: e
              blanks: [{answers: [x]}, {answers: [y]}]
            """,
            'bank.yaml:3: question "a": the prompt must contain each of the markers {{1}}, {{2}} exactly once',
        ),
        (
            """
            - id: a
              type: matching
              prompt: p
              explanation: e
              pairs: [[x, 1], [x, 2.5]]
            """,
            'bank.yaml:3: question "a": the left item "x" appears in more than one pair',
        ),
        (
            """
            - id: a
              type: short
              prompt: p
              explanation: e
              answers: [{text: "(", regex: true}]
            """,
            'bank.yaml:7: answer 1 of question "a": the regular expression "(" is invalid',
        ),
        (
            """
            - id: a
              type: ordering
              prompt: p
              explanation: e
              items: [only]
            """,
            'bank.yaml:7: "items" of question "a" needs at least 2 entries',
        ),
        (
            """
            - id: has space
              type: true_false
              prompt: p
              explanation: e
              answer: true
            """,
            "bank.yaml:3: \"id\" of question \"has space\" may only contain letters, digits, '-', '_' and '.'",
        ),
    ],
)
def test_validation_messages_name_the_line(body, expected):
    messages = errors_of(HEADER + textwrap.indent(textwrap.dedent(body).lstrip(), "  "))
    assert any(m.startswith(expected) for m in messages), messages


def test_regular_expressions_that_backtrack_exponentially_are_refused():
    messages = errors_of(
        HEADER + "  - {id: a, type: short, prompt: p, explanation: e, answers: [{text: '(a+)+b', regex: true}]}\n"
    )
    assert messages == [
        'bank.yaml:3: answer 1 of question "a": the regular expression "(a+)+b" repeats a group that itself '
        "repeats (like (a+)+), which can take very long to match; simplify it"
    ]


def test_numbers_are_accepted_where_text_is_expected():
    bank, _ = parse(HEADER + "  - {id: a, type: ordering, prompt: p, explanation: e, items: [1, 2.5, 10]}\n")
    assert bank.questions[0].items == ("1", "2.5", "10")


def test_wrong_type_inside_a_pair_names_the_entry():
    messages = errors_of(HEADER + "  - {id: a, type: matching, prompt: p, explanation: e, pairs: [[x, y], [z, [1]]]}\n")
    assert messages == ['bank.yaml:3: entry 2 of pair 2 of question "a" must be text (found [1])']


def test_duplicate_question_ids_point_to_both_lines():
    messages = errors_of(
        HEADER
        + """\
  - {id: a, type: true_false, prompt: p, explanation: e, answer: true}
  - {id: a, type: true_false, prompt: q, explanation: e, answer: false}
"""
    )
    assert messages == ['bank.yaml:4: the question id "a" is already used on line 3']


def test_a_schema_error_does_not_hide_a_duplicate_id_in_another_question():
    messages = errors_of(
        HEADER
        + """\
  - {id: a, type: true_false, prompt: p, explanation: e, answer: maybe}
  - {id: b, type: true_false, prompt: p, explanation: e, answer: true}
  - {id: b, type: true_false, prompt: q, explanation: e, answer: false}
"""
    )
    assert messages[0].startswith('bank.yaml:3: "answer" of question "a" must be true or false')
    assert messages[1:] == ['bank.yaml:5: the question id "b" is already used on line 4']


def test_the_app_loader_reports_a_bank_id_claimed_by_two_files(tmp_path):
    root = tmp_path / "questions"
    root.mkdir()
    for name in ("a.yaml", "a.yml"):
        (root / name).write_bytes((DATA / "every-type.yaml").read_bytes())
    catalog = CatalogLoader(root).refresh()
    assert list(catalog.banks) == ["a"] and catalog.bank("a").path == "questions/a.yaml"
    assert [str(p) for p in catalog.errors] == [
        'questions/a.yml:1: another file (questions/a.yaml) already defines the bank "a"; rename one of them'
    ]


def test_every_mistake_is_reported_not_just_the_first():
    messages = errors_of(
        HEADER
        + """\
  - {id: a, type: true_false, prompt: p, answer: true}
  - {id: b, type: true_false, prompt: p, explanation: e, answer: maybe}
"""
    )
    assert [m.split(":")[1] for m in messages] == ["3", "4"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: [unclosed\n", "bank.yaml:1: YAML syntax error"),
        ("- just\n- a list\n", "bank.yaml:1: a bank file must be a mapping"),
        ("title: T\ntitle: U\nquestions: []\n", 'bank.yaml:2: the key "title" appears twice (first on line 1)'),
        ("title: T\n", 'bank.yaml:1: the bank is missing "questions"'),
        ("a: &x [1]\nb: *x\n", "bank.yaml:2: YAML aliases (*name) are not allowed"),
        ("title: !!python/object:os.system x\n", "bank.yaml:1: YAML syntax error: this YAML tag is not allowed"),
        ("", "bank.yaml:1: the file is empty"),
    ],
)
def test_file_level_problems(text, expected):
    messages = errors_of(text)
    assert any(m.startswith(expected) for m in messages), messages


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


GOOD = "title: Good\nquestions:\n  - {id: a, type: true_false, prompt: p, explanation: e, answer: true}\n"


def test_a_broken_file_is_skipped_and_the_rest_still_load(tmp_path):
    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "sub/other.yml", GOOD.replace("Good", "Other"))
    write(tmp_path, "bad.yaml", "title: Bad\nquestions:\n  - {id: a, type: single}\n")
    write(tmp_path, "notes.txt", "ignored")
    catalog = CatalogLoader(tmp_path).refresh()
    assert sorted(catalog.banks) == ["good", "sub/other"]
    assert catalog.errors and all(str(p).startswith(f"{tmp_path.name}/bad.yaml:3:") for p in catalog.errors)


def test_non_utf8_file_is_reported_with_its_line(tmp_path):
    (tmp_path / "latin.yaml").write_bytes(b"title: T\nquestions:\n  - caf\xe9\n")
    catalog = CatalogLoader(tmp_path).refresh()
    assert [str(p) for p in catalog.errors] == [
        f"{tmp_path.name}/latin.yaml:3: the file is not valid UTF-8 text; save it as UTF-8"
    ]


def test_catalog_parses_once_and_reloads_only_changed_files(tmp_path):
    good = write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "other.yaml", GOOD.replace("Good", "Other"))
    loader = CatalogLoader(tmp_path, interval=0)
    assert len(loader.catalog().banks) == 2
    for _ in range(5):
        loader.catalog()
    assert loader.parse_count == 2  # no parse per call
    good.write_text(GOOD.replace("Good", "Better"), encoding="utf-8")
    os.utime(good, ns=(good.stat().st_atime_ns, good.stat().st_mtime_ns + 1_000_000_000))
    assert loader.catalog().bank("good").title == "Better"
    assert loader.parse_count == 3  # only the changed file
    good.unlink()
    assert list(loader.catalog().banks) == ["other"]


def test_catalog_checks_at_most_once_per_interval(tmp_path):
    write(tmp_path, "good.yaml", GOOD)
    loader = CatalogLoader(tmp_path, interval=3600)
    loader.catalog()
    write(tmp_path, "new.yaml", GOOD.replace("Good", "New"))
    assert list(loader.catalog().banks) == ["good"]  # not rescanned yet
    assert sorted(loader.refresh().banks) == ["good", "new"]
