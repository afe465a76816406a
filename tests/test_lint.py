"""The item-writing linter: one small bank per rule, the bank-level thresholds at their edges, and the CLI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quiz.bank.lint.cueing import key_length, true_false_balance
from quiz.bank.lint.duplicates import similar_pairs
from quiz.bank.lint.findings import LintReport
from quiz.bank.lint.items import unemphasised_negative
from quiz.bank.lint.run import lint_banks, lint_files
from quiz.bank.lint.words import absolute_words
from quiz.bank.model import Choice, Kind, Question
from support import DATA

LINT = DATA / "lint"


def lint(*names: str) -> LintReport:
    return lint_files([LINT / name for name in names], LINT)[1]


def found(report: LintReport) -> list[tuple[str, int, str]]:
    """(file name, line, rule) of every finding; paths show as lint/NAME, relative to the folder above LINT."""
    return [(f.path.removeprefix("lint/"), f.line, f.rule) for f in report.findings]


def figure(report: LintReport, rule: str):
    return next(f for f in report.figures if f.rule == rule)


def test_a_clean_bank_reports_nothing():
    report = lint("clean.yaml")
    assert report.findings == ()
    assert report.clean and report.question_count == 6


def test_key_length_names_the_questions_whose_key_is_the_shortest():
    report = lint("key-length.gift")
    assert found(report) == [("key-length.gift", line, "key-shortest") for line in (1, 3, 5, 7, 9)]
    assert figure(report, "key-shortest").flagged and not figure(report, "key-longest").flagged
    text = figure(report, "key-shortest").text
    assert text.startswith("the key is the shortest option in 5 of 10 single-choice questions (50.0%;")
    assert text.endswith("chance 25.0%; gap +25.0 points (limit ±8)")


def test_absolute_words_in_wrong_options_but_not_where_a_key_has_one_too():
    report = lint("absolute-words.yaml")
    assert found(report) == [("absolute-words.yaml", line, "absolute-words") for line in (4, 15)]
    assert '"always"' in report.findings[0].message and "false statement" in report.findings[1].message
    assert "5 of 7 wrong options (71.4%) and 1 of 2 keys (50.0%)" in figure(report, "absolute-words").text


def test_all_and_none_of_the_above():
    report = lint("above.yaml")
    assert found(report) == [("above.yaml", 4, "all-none-of-the-above"), ("above.yaml", 15, "all-none-of-the-above")]
    assert '"All of the above"' in report.findings[0].message


def test_true_false_answers_far_from_half_true_name_the_majority():
    report = lint("true-false.gift")
    false_lines = [2 * n - 1 for n, answer in enumerate("TFFTFFTFFF", 1) if answer == "F"]
    assert found(report) == [("true-false.gift", line, "true-false-balance") for line in false_lines]
    assert figure(report, "true-false-balance").text.startswith("3 of 10 true/false answers are true (30.0%")


def test_near_duplicates_across_banks_and_formats_name_the_earlier_question():
    report = lint("near-duplicate.yaml", "near-duplicate-copy.aiken")
    assert found(report) == [("near-duplicate-copy.aiken", 1, "near-duplicate")]
    assert '"tebentafusp-test" at lint/near-duplicate.yaml:4' in report.findings[0].message
    assert lint("near-duplicate.yaml").findings == ()


def test_a_stem_word_only_the_key_repeats():
    report = lint("key-echo.yaml")
    assert found(report) == [("key-echo.yaml", 4, "key-echoes-stem")]
    assert '"cytokine"' in report.findings[0].message


def test_negative_stems_without_emphasis():
    report = lint("negative.yaml")
    assert found(report) == [("negative.yaml", 4, "negative-stem"), ("negative.yaml", 15, "negative-stem")]
    assert '("least")' in report.findings[1].message


# Bank-level thresholds at their edges, on questions built here.


def single(position: str, line: int) -> Question:
    """A four-option question whose key is the shortest, the longest or neither."""
    key = {"shortest": "a", "longest": "dddd", "middle": "bb"}[position]
    wrong = [text for text in ("a", "bb", "ccc", "dddd") if text != key]
    if position == "middle":
        wrong = ["a", "ccc", "dddd"]
    choices = (Choice(key, True), *(Choice(text, False) for text in wrong))
    return Question(f"q{line}", Kind.SINGLE, "Pick one.", "", choices=choices, line=line)


def singles(shortest: int, total: int = 100) -> list[tuple[str, Question]]:
    return [("b.yaml", single("shortest" if n < shortest else "middle", n)) for n in range(total)]


@pytest.mark.parametrize(("shortest", "flagged"), [(33, False), (34, True), (17, False), (16, True)])
def test_key_length_gap_of_exactly_8_points_passes(shortest, flagged):
    check = key_length(singles(shortest), "shortest")
    assert check.figure.flagged is flagged
    above_chance = flagged and shortest > 25
    assert len(check.findings) == (shortest if above_chance else 0)


def test_key_length_needs_ten_single_choice_questions():
    assert not key_length(singles(9, total=9), "shortest").figure.flagged
    assert "too few to judge" in key_length(singles(9, total=9), "shortest").figure.text
    assert key_length(singles(10, total=10), "shortest").figure.flagged


def test_a_key_tied_for_shortest_with_one_other_counts_half():
    tied = Question("t", Kind.SINGLE, "Pick.", "", choices=(Choice("a", True), Choice("b", False), Choice("cc", False)))
    check = key_length([("b.yaml", tied)] * 10, "shortest")
    assert "shortest option in 5 of 10 single-choice questions (50.0%;" in check.figure.text
    assert "chance 33.3%" in check.figure.text and len(check.findings) == 10


def statements(true_count: int, total: int) -> list[tuple[str, Question]]:
    made = [Question(f"s{n}", Kind.TRUE_FALSE, "S.", "", answer=n < true_count, line=n) for n in range(total)]
    return [("tf.gift", question) for question in made]


@pytest.mark.parametrize(
    ("true_count", "total", "flagged"), [(4, 10, False), (6, 10, False), (3, 10, True), (7, 10, True), (0, 9, False)]
)
def test_true_false_share_limits_are_40_and_60_percent_from_ten_questions(true_count, total, flagged):
    check = true_false_balance(statements(true_count, total))
    assert check.figure.flagged is flagged
    majority = true_count > total / 2
    assert [f.line for f in check.findings] == [n for n in range(total) if flagged and (n < true_count) is majority]


def test_absolute_words_flag_only_when_more_common_in_wrong_options():
    def question(key: str, wrong: str, line: int) -> Question:
        choices = (Choice(key, True), Choice(wrong, False))
        return Question(f"q{line}", Kind.SINGLE, "Pick.", "", choices=choices, line=line)

    even = [("a.yaml", question("It always works", "It never fails", 1)), ("a.yaml", question("Yes", "No", 2))]
    assert not figure(lint_banks_of(even), "absolute-words").flagged
    more = [("a.yaml", question("Yes", "It never fails", 1))]
    assert figure(lint_banks_of(more), "absolute-words").flagged


def lint_banks_of(located: list[tuple[str, Question]]) -> LintReport:
    from quiz.bank.model import Bank

    questions = tuple(q for _, q in located)
    return lint_banks([Bank("a", "A", located[0][0], "yaml", questions)])


def test_similarity_threshold_is_inclusive():
    base = [f"w{n}" for n in range(20)]
    three_changed = [*base[:17], "x1", "x2", "x3"]  # 17 of 20 words in common: ratio 34/40 = 0.85
    four_changed = [*base[:16], "x1", "x2", "x3", "x4"]
    assert [pair[:2] for pair in similar_pairs([base, three_changed, four_changed])] == [(0, 1), (1, 2)]


# The command.

FINDING = re.compile(r"^(?P<path>\S+):(?P<line>\d+): lint: .+ \[(?P<rule>[a-z-]+)\]$")


def test_cli_prints_findings_then_the_summary_and_exits_zero(runner):
    result = runner.invoke(args=["questions", "lint", str(LINT / "negative.yaml"), str(LINT / "key-echo.yaml")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [FINDING.match(line).group("line", "rule") for line in lines[:3]] == [
        ("4", "key-echoes-stem"),
        ("4", "negative-stem"),
        ("15", "negative-stem"),
    ]
    assert lines[0].startswith(f"{(LINT / 'key-echo.yaml').as_posix()}:4: lint: the stem and the key share")
    assert lines[3] == "Bank-level figures over 2 file(s), 4 question(s):"
    assert [line.split(":")[0].strip() for line in lines[4:9]] == [
        "key-longest",
        "key-shortest",
        "absolute-words",
        "true-false-balance",
        "near-duplicate",
    ]
    assert lines[-1] == "3 finding(s) (key-echoes-stem 1, negative-stem 2); 0 bank-level figure(s) out of bounds."


@pytest.mark.parametrize(("name", "code"), [("clean.yaml", 0), ("negative.yaml", 1), ("true-false.gift", 1)])
def test_cli_strict_exits_one_when_anything_is_reported(runner, name, code):
    result = runner.invoke(args=["questions", "lint", "--strict", str(LINT / name)])
    assert result.exit_code == code, result.output


def test_cli_reports_a_file_it_cannot_read_and_strict_fails(runner, tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: x\nquestions: [\n")
    result = runner.invoke(args=["questions", "lint", "--strict", str(broken)])
    assert result.exit_code == 1
    assert "broken.yaml:2:" in result.output and "(file not linted" in result.output


def test_a_negative_in_a_vignettes_facts_is_no_negative_stem():
    vignette = Question(
        "rash",
        Kind.SINGLE,
        "A man on nivolumab has a rash that does not interfere with daily life. Which grade is it?",
        "",
        choices=(Choice("Grade 1", True), Choice("Grade 3", False)),
        line=7,
    )
    asking_negatively = Question(
        "not-asked",
        Kind.SINGLE,
        "A man on nivolumab has a rash. Which of these is not a usual next step?",
        "",
        choices=(Choice("Infliximab", True), Choice("Emollients", False)),
        line=9,
    )
    assert unemphasised_negative("bank.yaml", vignette) == []
    assert [f.line for f in unemphasised_negative("bank.yaml", asking_negatively)] == [9]


@pytest.mark.parametrize(
    ("text", "absolute"),
    [
        ("Pembrolizumab every three weeks", []),
        ("Tocilizumab every 8 hours, up to three doses", []),
        ("Every patient responds", ["every"]),
        ("It is always fatal", ["always"]),
    ],
)
def test_a_dosing_interval_is_no_absolute_claim(text, absolute):
    assert absolute_words(text) == absolute
