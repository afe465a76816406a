"""The `questions` CLI: validate, list and export, through Flask's CLI runner."""

from __future__ import annotations

import json
import shutil

from quiz.catalog import current_catalog
from support import DATA


def test_validate_clean_folder_exits_zero(runner):
    result = runner.invoke(args=["questions", "validate"])
    assert result.exit_code == 0, result.output
    assert "1 file(s) checked, 8 question(s) loaded: 0 error(s), 0 warning(s)." in result.output


def test_validate_reports_every_problem_with_file_and_line(runner, questions_dir):
    shutil.copy(DATA / "banks" / "broken.yaml", questions_dir / "broken.yaml")
    (questions_dir / "syntax.yml").write_text("title: x\nquestions: [\n")
    result = runner.invoke(args=["questions", "validate"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert 'questions/broken.yaml:11: choice 2 of question "q1" has an unknown field "feedbak"' in lines[0]
    assert lines[1].startswith("questions/syntax.yml:2: YAML syntax error")
    assert lines[-1] == "3 file(s) checked, 8 question(s) loaded: 2 error(s), 0 warning(s)."


def test_validate_given_paths(runner, tmp_path):
    good = tmp_path / "good.yaml"
    shutil.copy(DATA / "banks" / "every-type.yaml", good)
    assert runner.invoke(args=["questions", "validate", str(good)]).exit_code == 0
    result = runner.invoke(args=["questions", "validate", str(DATA / "banks" / "broken.yaml")])
    assert result.exit_code == 1
    assert "broken.yaml:11:" in result.output
    missing = runner.invoke(args=["questions", "validate", str(tmp_path / "nope.yaml")])
    assert missing.exit_code != 0 and "does not exist" in missing.output


def test_list_counts_by_type_and_topic(runner):
    result = runner.invoke(args=["questions", "list"])
    assert result.exit_code == 0
    assert "every-type: Every type (8 questions)" in result.output
    assert "cloze 1" in result.output and "matching 1" in result.output
    assert "Checkpoints 1, Testing 7" in result.output


def test_export_json_is_the_canonical_form(runner):
    result = runner.invoke(args=["questions", "export", str(DATA / "banks" / "every-type.yaml"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["title"], data["topic"]) == ("Every type", "Testing")
    by_id = {q["id"]: q for q in data["questions"]}
    assert by_id["single-pd1"]["choices"][0] == {"text": "Nivolumab", "correct": True, "feedback": ""}
    assert by_id["tf-cart"]["answer"] is True
    assert by_id["short-target"]["answers"][0] == {"text": "CD19", "credit": 1}
    assert (by_id["numeric-domains"]["value"], by_id["numeric-domains"]["tolerance"]) == (1, 0)
    assert by_id["matching-drugs"]["pairs"][0] == ["Nivolumab", "PD-1"]
    assert by_id["matching-drugs"]["distractors"] == ["CD20"]
    assert by_id["ordering-cart"]["items"][0] == "Leukapheresis"
    assert by_id["cloze-cart"]["blanks"][0]["choices"] == ["CD19", "CD3", "CD8"]
    for question in data["questions"]:
        assert {"id", "type", "prompt", "explanation", "topic"} <= question.keys()


def test_export_of_a_broken_file_fails_with_its_errors(runner):
    result = runner.invoke(args=["questions", "export", str(DATA / "banks" / "broken.yaml")])
    assert result.exit_code == 1
    assert "broken.yaml:11:" in result.output


def test_export_unknown_format_is_refused(runner):
    result = runner.invoke(args=["questions", "export", str(DATA / "banks" / "every-type.yaml"), "--format", "pdf"])
    assert result.exit_code != 0
    assert "use one of" in result.output


def test_validate_and_the_problems_page_treat_gift_and_aiken_like_yaml(runner, client, questions_dir):
    shutil.copy(DATA / "gift" / "errors.gift", questions_dir / "errors.gift")
    shutil.copy(DATA / "aiken" / "errors.aiken", questions_dir / "errors.aiken")
    shutil.copy(DATA / "aiken" / "checkpoints.aiken", questions_dir / "checkpoints.aiken")
    result = runner.invoke(args=["questions", "validate"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.startswith("questions/errors.gift:4: ") for line in lines)
    assert any(line.startswith("questions/errors.aiken:1: ") for line in lines)
    page = client.get("/problems").get_data(as_text=True)
    assert "questions/errors.gift:4:" in page and "questions/errors.aiken:1:" in page
    # The good Aiken file still loads beside the broken ones.
    assert "checkpoints" in runner.invoke(args=["questions", "list"]).output


MIXED_MISTAKES = """\
title: Mixed
questions:
  - id: one
    type: true_false
    prompt: p
    explanation: e
    answer: maybe
  - id: two
    type: true_false
    prompt: p
    explanation: e
    answer: true
  - id: two
    type: true_false
    prompt: p
    explanation: e
    answer: false
"""


def test_validate_reports_the_duplicate_bank_the_app_reports(runner, app, questions_dir):
    shutil.copy(DATA / "banks" / "every-type.yaml", questions_dir / "every-type.yml")
    result = runner.invoke(args=["questions", "validate"])
    assert result.exit_code == 1
    duplicate = (
        'questions/every-type.yml:1: another file (questions/every-type.yaml) already defines the bank "every-type"; '
        "rename one of them"
    )
    assert duplicate in result.output.splitlines()
    assert result.output.splitlines()[-1] == "2 file(s) checked, 8 question(s) loaded: 1 error(s), 0 warning(s)."
    with app.app_context():
        assert [str(p) for p in current_catalog().problems] == [duplicate]


def test_validate_reports_a_schema_error_and_a_duplicate_id_of_one_file_together(runner, app, questions_dir):
    (questions_dir / "mixed.yaml").write_text(MIXED_MISTAKES, encoding="utf-8")
    result = runner.invoke(args=["questions", "validate"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith('questions/mixed.yaml:7: "answer" of question "one" must be true or false')
    assert lines[1] == 'questions/mixed.yaml:13: the question id "two" is already used on line 8'
    assert lines[-1].endswith("2 error(s), 0 warning(s).")
    with app.app_context():
        assert [str(p) for p in current_catalog().problems] == lines[:2]
