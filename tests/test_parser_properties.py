"""Property tests: whatever text they are given, the parsers return Parsed or raise BankError, nothing else.

Examples per test: 300 for any text and 200 for the (slower to generate) structured text by default;
HYPOTHESIS_PROFILE=ci raises both to 2000.
"""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.bank.aiken.reader import parse_aiken
from quiz.bank.errors import BankError, Parsed, Severity
from quiz.bank.gift.reader import parse_gift
from quiz.bank.gift.text import ID_PATTERN
from quiz.bank.model import Kind
from quiz.bank.yaml.reader import parse_yaml

# Hypothesis touches a deprecated mypy_extensions name while it reports a failure; with warnings as errors
# that would hide the failing example behind an internal error.
pytestmark = pytest.mark.filterwarnings("ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning")

CI = os.environ.get("HYPOTHESIS_PROFILE") == "ci"
_HEALTH = [HealthCheck.too_slow, HealthCheck.filter_too_much]
SETTINGS = settings(max_examples=2000 if CI else 300, deadline=None, suppress_health_check=_HEALTH)
STRUCTURED = settings(max_examples=2000 if CI else 200, deadline=None, suppress_health_check=_HEALTH)


def check(parser, text: str, yaml_lines: bool = False) -> None:
    """Return normally for Parsed or BankError (with sane problems); any other exception fails the test.

    `yaml_lines`: YAML 1.1 also breaks lines at NEL, U+2028 and U+2029, and PyYAML reports an
    unexpected end of file on the line after the last one.
    """
    breaks = r"\r\n|\r|\n|\x85|\u2028|\u2029" if yaml_lines else r"\r\n|\r|\n"
    lines = len(re.split(breaks, text)) + (1 if yaml_lines else 0)
    try:
        result = parser(text, "questions/prop.x", "prop")
    except BankError as exc:
        assert exc.problems, "a BankError must list at least one problem"
        assert any(p.is_error for p in exc.problems)
        assert all(1 <= p.line <= lines for p in exc.problems), [str(p) for p in exc.problems]
        assert all(p.path == "questions/prop.x" and p.message for p in exc.problems)
        return
    assert isinstance(result, Parsed)
    bank = result.bank
    assert all(w.severity is Severity.WARNING for w in result.warnings)
    ids = [q.id for q in bank.questions]
    assert len(set(ids)) == len(ids), ids
    assert all(ID_PATTERN.match(i) and len(i) <= 100 for i in ids), ids
    assert all(1 <= q.line <= lines for q in bank.questions)
    for question in bank.questions:
        assert question.prompt.strip()
        question.to_dict()  # always serialisable
        if question.kind is Kind.CLOZE:
            assert question.prompt.count("{{1}}") == 1


# --- any text at all ---------------------------------------------------------------------------------------


@SETTINGS
@given(st.text())
def test_gift_any_text(text: str) -> None:
    check(parse_gift, text)


@SETTINGS
@given(st.text())
def test_aiken_any_text(text: str) -> None:
    check(parse_aiken, text)


@SETTINGS
@given(st.text())
def test_yaml_any_text(text: str) -> None:
    check(parse_yaml, text, yaml_lines=True)


# --- text made of the formats' own fragments, to reach deep code ------------------------------------------

GIFT_FRAGMENTS = [
    "{", "}", "=", "~", "#", "->", "::", "%50%", "%-100%", "%100%", "%abc%", "%", "\\", "\\{", "\\}", "\\:",
    "\\=", "\\~", "\\#", "\\\\", "\\n", "####", "\n", "\n\n", "\r\n", "//", "// [id:x]\n", "// [id:bad id]\n",
    "[tag:y]", "[points:2]", "[points:x]", "[difficulty:hard]", "[source:m#a]", "$CATEGORY:", "$CATEGORY: a/b\n",
    "$category: c\n", "$course$/top/", "T", "TRUE", "F", "FALSE", "true", "..", ":", "1", "-2.5", "1e3", "1,5",
    "[html]", "[plain]", "[markdown]", "[moodle]", " ", "\t", "a", "PD-1", "{{1}}", "*", "\\*", "_", "\ufdd0",
    "\ufeff", "é", "::Q::", "{#", "{=a ~b}", "{T}", "{}", " -> ", "= -> x",
]  # fmt: skip

AIKEN_FRAGMENTS = [
    "Which?", "A. a", "B. b", "C) c", "A)", "A.", "A.x", "Z. z", "ANSWER: A", "ANSWER: B", "ANSWER:", "ANSWER: a",
    "ANSWER: Z", "Answer: A", "ANSWER: AB", "", " ", "x", "*b*", "\t", "\ufeff",
]  # fmt: skip

YAML_FRAGMENTS = [
    "title: T\n", "questions:\n", "- id: a\n", "  type: single\n", "  type: cloze\n", "  type: nope\n",
    "  prompt: p {{1}}\n", "  explanation: e\n", "  choices:\n", "  - text: x\n", "    correct: true\n",
    "    weight: 2\n", "  answers: [a]\n", "  blanks: [{answers: [a], choices: [a]}]\n", "  value: 1\n",
    "  min: 3\n", "  max: 1\n", "  pairs: [[a, b]]\n", "  items: [a, a]\n", "&a ", "*a", "!!python/object ",
    "{", "}", "[", "]", ":", "- ", "  ", "\t", "\n", "'", '"', "#", "---\n", "...\n", "~", "null", "1.5",
    "id: a\n", "  regex: true\n", "  text: '('\n",
]  # fmt: skip


def fragments(pieces: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces) | st.text(max_size=3), max_size=40).map("".join)


@STRUCTURED
@given(fragments(GIFT_FRAGMENTS))
def test_gift_fragments(text: str) -> None:
    check(parse_gift, text)


@STRUCTURED
@given(st.lists(st.lists(st.sampled_from(AIKEN_FRAGMENTS), max_size=6).map(" ".join), max_size=15).map("\n".join))
def test_aiken_lines(text: str) -> None:
    check(parse_aiken, text)


@STRUCTURED
@given(fragments(YAML_FRAGMENTS))
def test_yaml_fragments(text: str) -> None:
    check(parse_yaml, text, yaml_lines=True)


# --- well-formed GIFT questions always load, with the kind they were written as ---------------------------

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -.,?é", min_size=1, max_size=12)
TEXT = WORD.filter(lambda s: s.strip() != "" and s.strip() not in ("T", "F", "TRUE", "FALSE"))
NUMBER = st.integers(-1000, 1000)


@st.composite
def gift_question(draw: st.DrawFn) -> tuple[str, Kind]:
    kind = draw(st.sampled_from([Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE, Kind.SHORT, Kind.NUMERIC, Kind.MATCHING]))
    if kind is Kind.SINGLE:
        wrong = draw(st.lists(TEXT, min_size=1, max_size=4))
        block = "=" + draw(TEXT) + "".join(" ~" + w for w in wrong)
    elif kind is Kind.MULTIPLE:
        right = draw(st.lists(TEXT, min_size=1, max_size=4))
        block = "".join(f" ~%{100 / len(right):.5f}%{r}" for r in right) + " ~%-100%" + draw(TEXT)
    elif kind is Kind.TRUE_FALSE:
        block = draw(st.sampled_from(["T", "F", "TRUE", "FALSE"])) + draw(st.sampled_from(["", "#no", "#no#yes"]))
    elif kind is Kind.SHORT:
        block = "".join(" =" + a for a in draw(st.lists(TEXT, min_size=1, max_size=3)))
    elif kind is Kind.NUMERIC:
        block = f"#{draw(NUMBER)}:{draw(st.integers(0, 5))}"
    else:
        lefts = draw(st.lists(TEXT, min_size=2, max_size=4, unique_by=lambda s: s.strip()))
        block = "".join(f" ={left} -> {draw(TEXT)}" for left in lefts)
    title = draw(st.sampled_from(["", "::" + draw(TEXT) + "::"]))
    return f"{title}{draw(TEXT)}{{{block}####{draw(TEXT)}}}", kind


@STRUCTURED
@given(st.lists(gift_question(), min_size=1, max_size=5))
def test_well_formed_gift_always_loads(questions: list[tuple[str, Kind]]) -> None:
    text = "\n\n".join(source for source, _ in questions)
    parsed = parse_gift(text, "questions/ok.gift")
    assert [q.kind for q in parsed.bank.questions] == [kind for _, kind in questions]
    assert not parsed.warnings
