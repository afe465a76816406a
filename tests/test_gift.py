"""The GIFT reader: a corpus of files for every construct and every mistake (pure: no Flask app)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quiz.bank.errors import BankError, Severity
from quiz.bank.gift.reader import parse_gift
from quiz.bank.loader import load_files
from quiz.bank.model import Kind, Question, TextFormat, choice_weights
from quiz.markup import render_text
from quiz.scoring import Outcome, grade

DATA = Path(__file__).parent / "data" / "gift"
GOOD = sorted(p.stem for p in DATA.glob("*.gift") if p.stem != "errors")


def parse_file(name: str):
    return parse_gift((DATA / f"{name}.gift").read_text("utf-8"), f"questions/{name}.gift", name)


def one(text: str, path: str = "questions/x.gift") -> Question:
    parsed = parse_gift(text, path)
    assert len(parsed.bank.questions) == 1
    return parsed.bank.questions[0]


def errors_of(text: str) -> list[tuple[int, str]]:
    with pytest.raises(BankError) as caught:
        parse_gift(text, "questions/x.gift")
    return [(p.line, p.message) for p in caught.value.problems if p.is_error]


# --- the corpus --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", GOOD)
def test_corpus_file_reads_as_expected(name: str) -> None:
    """Each corpus file has a reviewed expectation: canonical JSON, line of each question, warnings."""
    parsed = parse_file(name)
    expected = json.loads((DATA / f"{name}.json").read_text("utf-8"))
    assert parsed.bank.title == expected["title"]
    assert [q.to_dict() for q in parsed.bank.questions] == expected["questions"]
    assert [q.line for q in parsed.bank.questions] == expected["lines"]
    assert [[w.line, w.message] for w in parsed.warnings] == expected["warnings"]
    assert all(w.severity is Severity.WARNING for w in parsed.warnings)
    assert parsed.bank.format == "gift"
    assert parsed.bank.id == name
    assert parsed.bank.path == f"questions/{name}.gift"


def test_corpus_covers_every_kind_gift_can_express() -> None:
    kinds = {q.kind for name in GOOD for q in parse_file(name).bank.questions}
    assert kinds == set(Kind) - {Kind.ORDERING}


ERRORS = [
    (4, 'the answer block "{" is not closed with "}"'),
    (6, 'a "}" closes no answer block'),
    (8, 'a "{" inside the answer block'),
    (10, "more than one answer block {...}; separate questions with a blank line"),
    (13, 'the question title opened with "::" is not closed'),
    (15, 'matching pair 2 ("Ipilimumab CTLA-4") has no "->"'),
    (17, "a matching question needs at least two pairs (found 1)"),
    (19, 'the item "Nivolumab" appears in more than one matching pair'),
    (21, 'the extra answer "PD-1" is also the match of an item'),
    (23, 'matching pair 2 has nothing after "->"'),
    (25, '"fourteen" is not a number'),
    (27, '"1,5" is not a number (use a point for decimals)'),
    (29, 'the margin "-2" after ":" must be a number, zero or more'),
    (31, 'the range "20..10" runs backwards'),
    (33, "a numeric question needs an answer worth 100%"),
    (35, "a numeric question needs at least one answer"),
    (37, "a multiple-choice question needs at least two answers (found 1)"),
    (39, 'answer 2 has an unknown weight "%abc%"'),
    (41, "answer 2 has the weight %150%, out of range: use -100% to 100%"),
    (43, 'answer 1 has a weight after "="'),
    (45, '"Nivolumab" in the answer block is not an answer'),
    (47, "no answer is right"),
    (49, "answer 2 is empty"),
    (51, "answer 2 has the weight %-50%, out of range: use 0% to 100%"),
    (53, "the question has no text"),
    (55, 'write "$CATEGORY:" in capitals'),
    (57, "the $CATEGORY line names no category"),
    (63, 'the question id "twice" is already used on line 60'),
    (65, "[difficulty:insane] must be easy, medium or hard"),
    (65, "[points:0] must be a number greater than 0"),
    (68, "the text contains {{n}}, which marks the blanks"),
    (71, "a $CATEGORY line must be a block of its own: put a blank line before it"),
]


@pytest.fixture(scope="module")
def corpus_errors() -> BankError:
    with pytest.raises(BankError) as caught:
        parse_file("errors")
    return caught.value


@pytest.mark.parametrize(("line", "fragment"), ERRORS, ids=[f"line{line}" for line, _ in ERRORS])
def test_every_mistake_is_reported_with_its_line(corpus_errors: BankError, line: int, fragment: str) -> None:
    found = [p for p in corpus_errors.problems if p.line == line and fragment in p.message]
    assert found, f"no error containing {fragment!r} on line {line}; got {[str(p) for p in corpus_errors.problems]}"
    assert all(p.path == "questions/errors.gift" and p.is_error for p in found)
    assert str(found[0]).startswith(f"questions/errors.gift:{line}: ")


def test_parsing_goes_on_after_errors_and_reports_nothing_else(corpus_errors: BankError) -> None:
    errors = [p for p in corpus_errors.problems if p.is_error]
    assert len(errors) == len(ERRORS)
    assert not [p for p in corpus_errors.problems if p.line >= 73], "the good question at the end was reported"


def test_bank_error_also_carries_the_warnings() -> None:
    with pytest.raises(BankError) as caught:
        parse_gift("No feedback here{=a ~b}\n\nBroken{=a ~b\n", "x.gift")
    assert [(p.line, p.severity) for p in caught.value.problems] == [(1, Severity.WARNING), (3, Severity.ERROR)]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("\n\n// comment\n::Q::What?{=a ~b\n\n", 4, "is not closed"),
        ("::A::x{T####y}\n \t \n::B::Unclosed {T\n", 3, "is not closed"),
        ("\r\n\r\n::Q::What?{=a}}\r\n", 3, 'a "}" closes no answer block'),
        ("", 1, "the file contains no questions"),
        ("// only a comment\n", 1, "the file contains no questions"),
        ("::Essay::Tell me.{}\n", 1, "the file contains no questions"),
    ],
)
def test_error_lines_count_every_kind_of_line(text: str, line: int, fragment: str) -> None:
    errors = errors_of(text)
    assert len(errors) == 1
    assert errors[0][0] == line
    assert fragment in errors[0][1]


def test_a_blank_line_inside_an_answer_block_ends_the_question() -> None:
    errors = errors_of("::Q::What?\n{\n=a\n~b\n\n}\n")
    assert [(line, message[:30]) for line, message in errors] == [
        (1, 'the answer block "{" is not cl'),
        (6, 'a "}" closes no answer block ('),
    ]


# --- semantics that are easy to get wrong ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("block", "answer", "true_feedback", "false_feedback"),
    [
        ("{T}", True, "", ""),
        ("{TRUE}", True, "", ""),
        ("{F}", False, "", ""),
        ("{FALSE}", False, "", ""),
        # {answer#shown when the learner is wrong#shown when the learner is right}
        ("{T#wrong#right}", True, "right", "wrong"),
        ("{F#wrong#right}", False, "wrong", "right"),
        ("{TRUE#wrong}", True, "", "wrong"),
        ("{FALSE##right}", False, "", "right"),
        ("{T#wrong#right####general}", True, "right", "wrong"),
    ],
)
def test_true_false_feedback_goes_to_the_answer_the_learner_gave(
    block: str, answer: bool, true_feedback: str, false_feedback: str
) -> None:
    q = one(f"Ipilimumab blocks CTLA-4.{block}")
    assert (q.kind, q.answer, q.true_feedback, q.false_feedback) == (
        Kind.TRUE_FALSE,
        answer,
        true_feedback,
        false_feedback,
    )
    said_right = grade(q, answer)
    said_wrong = grade(q, not answer)
    assert said_right.outcome is Outcome.CORRECT and said_wrong.outcome is Outcome.INCORRECT
    assert said_right.feedback == (("right",) if "right" in block else ())
    assert said_wrong.feedback == (("wrong",) if "wrong" in block else ())


@pytest.mark.parametrize(
    ("block", "picked", "fraction"),
    [
        ("{=a ~b ~c}", 0, 1.0),
        ("{=a ~b ~c}", 1, 0.0),
        ("{=a ~%50%b ~c}", 1, 0.5),
        ("{=a ~%-50%b ~c}", 1, 0.0),
        ("{=a =b ~c}", 1, 1.0),
        ("{~%100%a =b}", 0, 1.0),
    ],
)
def test_single_choice_grading_matches_moodle(block: str, picked: int, fraction: float) -> None:
    q = one(f"Pick.{block[:-1]}####Why.}}")
    assert q.kind is Kind.SINGLE
    assert grade(q, picked).fraction == pytest.approx(fraction)


@pytest.mark.parametrize(
    ("block", "picked", "fraction"),
    [
        ("{~%50%a ~%50%b ~%-100%c}", [0, 1], 1.0),
        ("{~%50%a ~%50%b ~%-100%c}", [0], 0.5),
        ("{~%50%a ~%50%b ~%-100%c}", [0, 2], 0.0),
        ("{~%100%a ~b ~c}", [0, 1, 2], 1.0),  # unweighted ~ in a multiple-response question costs nothing
        ("{~%33.33333%a ~%33.33333%b ~%33.33333%c ~d}", [0, 1, 2], 1.0),  # 3 x 33.33333% is full marks
        ("{~%33.33%a ~%33.33%b ~%33.33%c ~%-100%d}", [0, 1, 2], 1.0),
        ("{~%50%a ~%25%b ~c}", [0, 1], 0.75),
    ],
)
def test_multiple_response_grading_matches_moodle(block: str, picked: list[int], fraction: float) -> None:
    q = one(f"Pick.{block[:-1]}####Why.}}")
    assert q.kind is Kind.MULTIPLE
    assert [c.correct for c in q.choices] == [w > 0 for w in choice_weights(q)]
    result = grade(q, picked)
    assert result.fraction == pytest.approx(fraction)
    if fraction == 1.0:
        assert result.outcome is Outcome.CORRECT


def test_default_weights_are_not_written_out() -> None:
    q = one("Pick.{~%50%a ~%50%b ~%-50%c ~%-50%d####Why.}")
    assert [(c.correct, c.weight) for c in q.choices] == [(True, None), (True, None), (False, None), (False, None)]
    q = one("Pick.{~%50%a ~%50%b ~c####Why.}")
    assert [c.weight for c in q.choices] == [0.5, 0.5, 0.0]


@pytest.mark.parametrize(
    ("block", "typed", "fraction"),
    [
        ("{=PD-L1 =%50%PD-L2}", " pd-l1 ", 1.0),
        ("{=PD-L1 =%50%PD-L2}", "PD-L2", 0.5),
        ("{=PD-L1 =%50%PD-L2}", "CTLA-4", 0.0),
        ("{=*T cell*}", "killer  T cells", 1.0),
        ("{=*T cell*}", "B cells", 0.0),
        ("{=CD3\\*}", "CD3*", 1.0),
        ("{=CD3\\*}", "CD3x", 0.0),
        ("{=1+1 (two)}", "1+1 (two)", 1.0),
        ("{=a.b*}", "aXb", 0.0),
        ("{=a.b*}", "a.bcd", 1.0),
    ],
)
def test_short_answers_and_wildcards(block: str, typed: str, fraction: float) -> None:
    q = one(f"Name it.{block[:-1]}####Why.}}")
    assert q.kind is Kind.SHORT
    assert grade(q, typed).fraction == pytest.approx(fraction)


@pytest.mark.parametrize(
    ("block", "value", "fraction"),
    [
        ("{#14:2}", 12, 1.0),
        ("{#14:2}", 16.5, 0.0),
        ("{#1..5}", 5, 1.0),
        ("{#1..5}", 0.99, 0.0),
        ("{#-5..-1}", -3, 1.0),
        ("{#1.5e3:0.1e3}", 1600, 1.0),
        ("{#.5}", 0.5, 1.0),
        ("{# =%50%3:1 =3:0}", 3, 1.0),
        ("{# =%50%3:1 =3:0}", 2.5, 0.5),
        ("{#=3:0#exact =%50%3:1#close}", 3.5, 0.5),
    ],
)
def test_numeric_answers(block: str, value: float, fraction: float) -> None:
    q = one(f"How many?{block[:-1]}####Why.}}")
    assert q.kind is Kind.NUMERIC
    assert q.numeric[0].credit == 1.0
    assert grade(q, value).fraction == pytest.approx(fraction)


def test_matching_pairs_and_distractors() -> None:
    q = one("Match.{=a -> 1 =b -> 2 = -> 3 =c -> x -> y####Why.}")
    assert q.kind is Kind.MATCHING
    assert q.pairs == (("a", "1"), ("b", "2"), ("c", "x -> y"))
    assert q.distractors == ("3",)
    assert grade(q, ["1", "3", "x -> y"]).fraction == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    ("text", "prompt", "kind"),
    [
        ("The {=PD-1 ~CTLA-4} receptor.", "The {{1}} receptor.", Kind.CLOZE),
        ("The {=PD-1 =B7-H1} receptor.", "The {{1}} receptor.", Kind.CLOZE),
        ("{=PD-1 ~CTLA-4} is a receptor.", "{{1}} is a receptor.", Kind.CLOZE),
        ("The{=s ~z}ame.", "The{{1}}ame.", Kind.CLOZE),
        ("T cells are {T} cells.", "T cells are _____ cells.", Kind.TRUE_FALSE),
        ("About {#14} days.", "About _____ days.", Kind.NUMERIC),
        ("Pick {~%50%a ~%50%b} now.", "Pick _____ now.", Kind.MULTIPLE),
        ("The receptor is {=PD-1 ~CTLA-4}", "The receptor is", Kind.SINGLE),
        ("The receptor is {=PD-1 ~CTLA-4}  ", "The receptor is", Kind.SINGLE),
    ],
)
def test_missing_word_questions(text: str, prompt: str, kind: Kind) -> None:
    q = one(text)
    assert (q.prompt, q.kind) == (prompt, kind)


def test_missing_word_choice_blank_grades_like_moodle() -> None:
    q = one("Nivolumab blocks {=PD-1#Yes ~CTLA-4 ~%50%PD-L1} on T cells.####Why.")
    (blank,) = q.blanks
    assert blank.choices == ("PD-1", "CTLA-4", "PD-L1")
    assert [(a.text, a.credit, a.feedback) for a in blank.answers] == [("PD-1", 1.0, "Yes"), ("PD-L1", 0.5, "")]
    assert grade(q, ["PD-1"]).fraction == 1.0
    assert grade(q, ["PD-L1"]).fraction == 0.5
    assert grade(q, ["CTLA-4"]).fraction == 0.0


@pytest.mark.parametrize(
    ("text", "prompt"),
    [
        ("A \\~ B{T}", "A ~ B"),
        ("A \\= B{T}", "A = B"),
        ("A \\# B{T}", "A # B"),
        ("A \\{ B \\}{T}", "A { B }"),
        ("A \\: B{T}", "A : B"),
        ("A \\\\ B{T}", "A \\ B"),
        ("A\\nB{T}", "A\nB"),
        ("A\\\\nB{T}", "A\\nB"),  # an escaped backslash, then a plain n
        ("A \\d B{T}", "A \\d B"),  # not a GIFT escape: the backslash stays
        ("Line one\nline two{T}", "Line one\nline two"),
        # The question starts at its text; the lines after it keep their leading spaces, as in Moodle.
        ("   Indented lines\n   keep their spaces{T}", "Indented lines\n   keep their spaces"),
        # [plain] text is kept as typed (its format says it is shown that way, see below).
        ("[plain]a *b* _c_ <i> [x](y) `z` & &amp;{T}", "a *b* _c_ <i> [x](y) `z` & &amp;"),
        ("[plain]# Not a heading\n- not a list\n1. not a list{T}", "# Not a heading\n- not a list\n1. not a list"),
        ("[html]<b>bold</b>{T}", "<b>bold</b>"),
        ("[markdown]**bold**{T}", "**bold**"),
        ("[moodle]Text{T}", "Text"),
        ("[unknown]Text{T}", "[unknown]Text"),
        ("[HTML]Text{T}", "[HTML]Text"),
    ],
)
def test_escapes_and_formats(text: str, prompt: str) -> None:
    assert one(text).prompt == prompt


@pytest.mark.parametrize(
    ("text", "text_format"),
    [
        ("Untagged is Moodle's auto-format{T}", TextFormat.TEXT),
        ("[moodle]Auto-format{T}", TextFormat.TEXT),
        ("[plain]Plain{T}", TextFormat.TEXT),
        ("[markdown]**Markdown**{T}", TextFormat.MARKDOWN),
        ("[html]<b>HTML</b>{T}", TextFormat.HTML),
        ("Auto-format with an HTML answer{=[html]<b>a</b> ~b}", TextFormat.HTML),
    ],
)
def test_format_tags_set_the_questions_text_format(text: str, text_format: TextFormat) -> None:
    assert one(text).text_format is text_format


def test_format_tags_on_answers_and_feedback() -> None:
    # An [html] part makes the whole question HTML: its other texts are escaped into HTML, to show as written.
    q = one("[plain]Q <1>{=[markdown]*a*#[html]<b>ok</b> ~*b* & c#*no*####*why*}")
    assert q.text_format is TextFormat.HTML
    assert q.prompt == "Q &lt;1&gt;"
    assert [(c.text, c.feedback) for c in q.choices] == [("*a*", "<b>ok</b>"), ("*b* &amp; c", "*no*")]
    assert q.explanation == "*why*"


def test_markdown_question_escapes_plain_parts() -> None:
    q = one("[markdown]Q **1**{=[plain]*a* ~b}")
    assert q.text_format is TextFormat.MARKDOWN
    assert [c.text for c in q.choices] == ["\\*a\\*", "b"]


def test_pre_keeps_the_leading_spaces_of_every_line() -> None:
    # Moodle's test_import_pre_content (review P02): indentation inside <pre> survives.
    q = one('::Indent::[html]<p>What does this print?</p>\n<pre>\nif True:\n    print("indented")\n</pre>\n{=indented}')
    assert q.prompt == '<p>What does this print?</p>\n<pre>\nif True:\n    print("indented")\n</pre>'
    assert '    print("indented")' in render_text(q.prompt, q.text_format)


def test_numeric_any_other_answer_feedback_is_kept() -> None:
    # Moodle's test_import_numerical (review G06, E05): `~#...` is feedback for every other number.
    q = one("::Range:: Pick a number from 1 to 5. {#3:2~#Outside the range}")
    assert (q.numeric[0].value, q.numeric[0].tolerance, q.other_feedback) == (3, 2, "Outside the range")
    assert grade(q, 9.0).feedback == ("Outside the range",)
    assert grade(q, 4.0).feedback == ()


def test_moodle_exported_numeric_with_other_feedback() -> None:
    q = one("::Q:: How many? {#\n=%100%3:2#Right\n~#Completely wrong\n}")
    assert q.other_feedback == "Completely wrong"
    assert q.numeric[0].feedback == "Right"


def test_text_format_never_escapes_answers_learners_type() -> None:
    q = one("[plain]Name it.{=a*b* =[plain]x_y}")
    assert [(a.text, a.regex) for a in q.answers] == [("a.*b.*", True), ("x_y", False)]


# --- ids, titles, topics -----------------------------------------------------------------------------------


def test_ids_are_stable_across_runs_and_unique() -> None:
    text = (DATA / "comments_ids.gift").read_text("utf-8")
    first = [q.id for q in parse_gift(text, "a.gift").bank.questions]
    second = [q.id for q in parse_gift(text, "b.gift").bank.questions]
    assert first == second
    assert len(set(first)) == len(first)


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("::Title::Text{T}", ["title"]),
        ("::CAR-T: how?::Text{T}", ["car-t-how"]),
        ("::Élan vital::Text{T}", ["elan-vital"]),
        (
            "Which <b>cells</b> make {{antibodies}}?{T}".replace("{{", "\\{\\{").replace("}}", "\\}\\}"),
            ["which-cells-make-antibodies"],
        ),
        ("::A::x{T}\n\n::A::y{T}\n\n::A::z{T}", ["a", "a-2", "a-3"]),
        ("::A::x{T}\n\n// [id:a]\n::B::y{T}", ["a-2", "a"]),
        ("// [id:a-2]\n::A::x{T}\n\n::A::y{T}\n\n::A::z{T}", ["a-2", "a", "a-3"]),
        ("::" + "Long " * 30 + "::Text{T}", ["long-" * 11 + "long"]),
        ("// [id:X.1_y]\nText{T}", ["X.1_y"]),
        ("// [id:with \\] bracket]\nText{T}", ["with-bracket"]),
    ],
)
def test_question_ids(text: str, ids: list[str]) -> None:
    assert [q.id for q in parse_gift(text, "x.gift").bank.questions] == ids


def test_hash_ids_depend_on_the_text_only() -> None:
    a = one("::::?!{T}").id
    assert a == one("// a comment\n::::?!{F}", "other.gift").id
    assert a != one("::::¿?{T}").id
    assert a.startswith("q-")


@pytest.mark.parametrize(
    ("text", "path", "title", "topics"),
    [
        ("::Q::x{T}", "questions/checkpoint_inhibitors.gift", "Checkpoint inhibitors", ["Checkpoint inhibitors"]),
        ("::Q::x{T}", "questions/car-t--cells.gift", "Car t cells", ["Car t cells"]),
        ("::Q::x{T}", "", "GIFT questions", ["GIFT questions"]),
        ("$CATEGORY: Immunology\n\n::Q::x{T}", "x.gift", "Immunology", ["Immunology"]),
        ("$CATEGORY: $course$/top/Default for BIO1/Vaccines\n\n::Q::x{T}", "x.gift", "Default for BIO1", ["Vaccines"]),
        ("$CATEGORY: top/T cells\n\n::Q::x{T}", "x.gift", "top", ["T cells"]),
        ("$CATEGORY: A//B/C//D\n\n::Q::x{T}", "x.gift", "A/B", ["C/D"]),
        ("::Q::x{T}\n\n$CATEGORY: Late/Topic\n\n::R::y{T}", "my_bank.gift", "My bank", ["My bank", "Topic"]),
    ],
)
def test_titles_and_topics(text: str, path: str, title: str, topics: list[str]) -> None:
    bank = parse_gift(text, path).bank
    assert bank.title == title
    assert bank.topic == title
    assert [q.topic for q in bank.questions] == topics


def test_a_category_of_only_context_names_no_category() -> None:
    assert errors_of("$CATEGORY: $system$/top\n\n::Q::x{T}") == [(1, "the $CATEGORY line names no category")]


def test_comment_settings_belong_to_the_next_question_only() -> None:
    text = "// [tag:a] [points:3] [difficulty:easy] [source:m#s]\n\n::Q1::x{T}\n\n::Q2::y{T}"
    q1, q2 = parse_gift(text, "x.gift").bank.questions
    assert (q1.tags, q1.points, q1.difficulty, q1.source) == (("a",), 3.0, "easy", "m#s")
    assert (q2.tags, q2.points, q2.difficulty, q2.source) == ((), 1.0, None, "")


def test_comments_inside_the_block_belong_to_its_question_like_moodle() -> None:
    q1, q2 = parse_gift("::Q1::x{T}\n// [tag:for-q1]\n\n::Q2::y{T}", "x.gift").bank.questions
    assert (q1.tags, q2.tags) == (("for-q1",), ())


def test_descriptions_are_not_scored() -> None:
    q = one("::Intro::Some *information*.")
    assert (q.kind, q.scored, q.points, q.explanation) == (Kind.DESCRIPTION, False, 0.0, "")


def test_moodle_export_style_file() -> None:
    """What Moodle's own GIFT export looks like: comment headers, tabs, weights, escaped colons."""
    text = (
        "// question: 0  name: Switch category to $course$/top/Default for IMM/Checkpoints\n"
        "$CATEGORY: $course$/top/Default for IMM/Checkpoints\n\n\n"
        "// question: 12  name: PD-1\n"
        "::PD-1::[html]<p>Which drug blocks PD-1?</p>{\n"
        "\t=<p>Nivolumab</p>#<p>Yes.</p>\n"
        "\t~%-33.33333%<p>Ipilimumab</p>#\n"
        "\t####<p>Anti-PD-1\\: nivolumab.</p>\n"
        "}\n\n"
        "// question: 13  name: Dose\n"
        "::Dose::[html]How many mg?{#\n\t=%100%240:0#\n\t=%50%240:20#\n}\n"
    )
    parsed = parse_gift(text, "questions/imm.gift")
    single, dose = parsed.bank.questions
    assert single.topic == dose.topic == "Checkpoints"
    assert single.explanation == "<p>Anti-PD-1: nivolumab.</p>"
    assert [(c.text, c.correct, c.weight) for c in single.choices] == [
        ("<p>Nivolumab</p>", True, None),
        ("<p>Ipilimumab</p>", False, pytest.approx(-1 / 3)),
    ]
    assert [(a.value, a.tolerance, a.credit) for a in dose.numeric] == [(240, 0, 1.0), (240, 20, 0.5)]
    assert [w.line for w in parsed.warnings] == [13]  # only the numeric question lacks general feedback


# --- wiring ------------------------------------------------------------------------------------------------


def test_loader_reads_gift_and_aiken_files(tmp_path: Path) -> None:
    root = tmp_path / "questions"
    (root / "moodle").mkdir(parents=True)
    (root / "moodle" / "good.gift").write_text("::Q::x{T####y}\n", "utf-8")
    (root / "moodle" / "bad.gift").write_text("\n::Q::x{T\n", "utf-8")
    (root / "quick.aiken").write_text("Q?\nA. a\nB. b\nANSWER: A\n", "utf-8")
    catalog = load_files(sorted(root.rglob("*.*")), root)
    assert sorted(catalog.banks) == ["moodle/good", "quick"]
    assert [str(p) for p in catalog.errors] == [
        'questions/moodle/bad.gift:2: the answer block "{" is not closed with "}" '
        "(a blank line ends a question: is there one inside the block?)"
    ]
