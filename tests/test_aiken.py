"""The Aiken reader: one-line single-choice questions, every mistake with its line (pure: no Flask app)."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.bank.aiken.reader import parse_aiken
from quiz.bank.errors import BankError, Severity
from quiz.bank.loader import CatalogLoader
from quiz.bank.model import Kind
from quiz.scoring import Outcome, grade

DATA = Path(__file__).parent / "data" / "aiken"


def read(name: str) -> str:
    # newline="" keeps \r\n as written, so the parser sees Windows line ends.
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return handle.read()


def errors_of(text: str) -> list[tuple[int, str]]:
    with pytest.raises(BankError) as caught:
        parse_aiken(text, "questions/x.aiken")
    return [(p.line, p.message) for p in caught.value.problems]


def test_aiken_files_in_the_questions_folder_load_into_the_catalog(tmp_path: Path) -> None:
    root = tmp_path / "questions"
    (root / "moodle").mkdir(parents=True)
    (root / "moodle" / "checkpoints.aiken").write_bytes((DATA / "checkpoints.aiken").read_bytes())
    catalog = CatalogLoader(root).refresh()
    assert catalog.errors == ()
    bank = catalog.bank("moodle/checkpoints")
    assert bank is not None and bank.format == "aiken"
    assert bank.path == "questions/moodle/checkpoints.aiken"
    assert bank.questions[0].prompt == "Which receptor does nivolumab block?"
    assert [c.correct for c in bank.questions[0].choices].count(True) == 1


def test_corpus_file() -> None:
    parsed = parse_aiken(read("checkpoints.aiken"), "questions/checkpoints.aiken", "checkpoints")
    bank = parsed.bank
    assert (bank.id, bank.title, bank.topic, bank.format) == ("checkpoints", "Checkpoints", "Checkpoints", "aiken")
    assert [(q.line, q.id) for q in bank.questions] == [
        (1, "which-receptor-does-nivolumab-block"),
        (8, "which-cytokine-is-the-t-cell-growth-factor"),
        (12, "which-cells-are-engineered-in-car-t-therapy"),
        (18, "indented-lines-are-trimmed-as-in-moodle-is-this"),
        (23, "which-receptor-does-nivolumab-block-2"),
    ]
    first = bank.questions[0]
    assert first.to_dict() == {
        "id": "which-receptor-does-nivolumab-block",
        "type": "single",
        "prompt": "Which receptor does nivolumab block?",
        "explanation": "",
        "topic": "Checkpoints",
        "tags": [],
        "difficulty": None,
        "points": 1,
        "source": "",
        "choices": [
            {"text": "CTLA-4", "correct": False, "feedback": ""},
            {"text": "PD-1", "correct": True, "feedback": ""},
            {"text": "LAG-3", "correct": False, "feedback": ""},
            {"text": "TIM-3", "correct": False, "feedback": ""},
        ],
    }
    assert all(q.kind is Kind.SINGLE for q in bank.questions)
    assert [[c.correct for c in q.choices].index(True) for q in bank.questions] == [1, 0, 0, 0, 0]
    assert [c.text for c in bank.questions[2].choices] == ["T cells", "B cells", "NK cells"]  # "A)T cells"


def test_aiken_text_is_plain_and_shows_literally() -> None:
    q = parse_aiken(read("checkpoints.aiken"), "x.aiken").bank.questions[3]
    assert q.prompt == "Indented lines are trimmed, as in Moodle: is \\*this\\* markup shown literally?"
    assert q.choices[0].text == "Yes, \\<b\\>tags\\</b\\> and \\*stars\\* show as typed"


def test_one_warning_per_file_for_the_missing_explanations() -> None:
    parsed = parse_aiken(read("checkpoints.aiken"), "questions/checkpoints.aiken")
    assert [(w.line, w.severity) for w in parsed.warnings] == [(1, Severity.WARNING)]
    assert "no explanations" in parsed.warnings[0].message
    assert "5 question(s)" in parsed.warnings[0].message


def test_windows_line_ends() -> None:
    text = read("windows_lines.aiken")
    assert "\r\n" in text
    (q,) = parse_aiken(text, "x.aiken").bank.questions
    assert [c.text for c in q.choices] == ["CTLA-4", "PD-1"]
    assert q.choices[1].correct


def test_grading() -> None:
    (q,) = parse_aiken("Which?\nA. a\nB. b\nC. c\nANSWER: C\n", "x.aiken").bank.questions
    assert grade(q, 2).outcome is Outcome.CORRECT
    assert grade(q, 0).outcome is Outcome.INCORRECT


ERRORS = [
    (1, 'the option "A. An option before any question" belongs to no question'),
    (2, "this ANSWER line belongs to no question"),
    (6, "the question needs at least two options (found 1)"),  # the ANSWER line, as Moodle names it
    (8, 'the question has no "ANSWER:" line before the next question on line 12'),
    (15, "the answer C names no option (the options run from A to B)"),
    (19, "option C is out of order: the next option of this question must be B"),
    (25, 'write the answer line as "ANSWER: X", with ANSWER in capitals'),
    (30, 'the answer "a" must be the capital letter of one option'),
    (32, "the question text must be on one line (line 33 continues it)"),
    (40, "option B has no text"),
    (48, 'the question has no "ANSWER:" line before the end of the file'),
]


@pytest.fixture(scope="module")
def corpus_errors() -> list[tuple[int, str]]:
    with pytest.raises(BankError) as caught:
        parse_aiken(read("errors.aiken"), "questions/errors.aiken")
    assert all(p.path == "questions/errors.aiken" and p.is_error for p in caught.value.problems)
    return [(p.line, p.message) for p in caught.value.problems]


@pytest.mark.parametrize(("line", "message"), ERRORS, ids=[f"line{line}" for line, _ in ERRORS])
def test_every_mistake_is_reported_with_its_line(corpus_errors: list[tuple[int, str]], line: int, message: str) -> None:
    assert any(n == line and message in m for n, m in corpus_errors), corpus_errors


def test_parsing_goes_on_and_reports_nothing_else(corpus_errors: list[tuple[int, str]]) -> None:
    assert len(corpus_errors) == len(ERRORS)
    assert not [n for n, _ in corpus_errors if 43 <= n <= 46], "the good question was reported"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [(1, "the file contains no questions")]),
        ("\n\n  \n", [(1, "the file contains no questions")]),
        ("Q?\nA. a\nB. b\nANSWER: \n", [(4, 'the answer "" must be the capital letter of one option')]),
        ("Q?\nA. a\nB. b\nANSWER: AB\n", [(4, 'the answer "AB" must be the capital letter of one option')]),
        (
            "Q?\nA. a\nB. b\n\nQ2?\nA. a\nB. b\nANSWER: A",
            [(1, 'the question has no "ANSWER:" line before the next question on line 5')],
        ),
        ("Q?\nANSWER: A\n", [(2, "the question needs at least two options (found 0)")]),
    ],
)
def test_small_mistakes(text: str, expected: list[tuple[int, str]]) -> None:
    assert errors_of(text) == expected


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("Q?\nA. a\nB. b\nANSWER: B\n", 1),
        ("Q?\nA. a\nB. b\nANSWER:B", 1),
        ("Q?\nA. a\nB. b\nANSWER: B)", 1),
        ("Q?\nA. a\nB. b\nANSWER: B.", 1),
        ("Q?\r\nA) a\r\nB) b\r\nANSWER: A\r\n", 0),
        ("Q?\rA) a\rB) b\rANSWER: A\r", 0),
        ("\ufeffQ?\nA. a\nB. b\nANSWER: A", 0),
    ],
)
def test_answer_line_variants(text: str, answer: int) -> None:
    (q,) = parse_aiken(text, "x.aiken").bank.questions
    assert q.prompt == "Q?"
    assert [c.correct for c in q.choices].index(True) == answer


def test_duplicate_questions_get_distinct_ids() -> None:
    text = "Same?\nA. a\nB. b\nANSWER: A\n" * 3
    assert [q.id for q in parse_aiken(text, "x.aiken").bank.questions] == ["same", "same-2", "same-3"]


def test_hash_id_for_a_question_without_letters() -> None:
    (q,) = parse_aiken("??\nA. a\nB. b\nANSWER: A", "x.aiken").bank.questions
    assert q.id.startswith("q-") and len(q.id) == 12


def test_the_good_questions_of_a_broken_file_are_kept_for_import() -> None:
    # Review P06 (Moodle's aikenformat_test logic): one bad question, one good; Moodle imports the good one.
    text = "Bad question\nA) only\nANSWER: A\n\nGood question\nA) yes\nB) no\nANSWER: A\n"
    with pytest.raises(BankError) as error:
        parse_aiken(text, "questions/case.aiken", "case")
    assert [(p.line, p.message) for p in error.value.problems] == [
        (3, "the question needs at least two options (found 1)")
    ]
    assert error.value.partial is not None
    assert [(q.prompt, [c.text for c in q.choices]) for q in error.value.partial.questions] == [
        ("Good question", ["yes", "no"])
    ]
