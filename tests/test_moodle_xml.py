"""Moodle XML: the corpus written to Moodle's format documentation, safe parsing, errors with lines, the round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quiz.bank.errors import BankError
from quiz.bank.export import EXPORTERS
from quiz.bank.loader import find_bank_files, load_files, parse_file
from quiz.bank.model import Kind, TextFormat, choice_weights
from quiz.bank.moodle.files import MAX_IMAGE_BYTES, embedded_files
from quiz.bank.moodle.reader import parse_moodle_xml
from quiz.bank.moodle.writer import to_moodle_xml
from quiz.markup import render_text
from quiz.scoring import grade

DATA = Path(__file__).parent / "data" / "moodle"
QUESTIONS = Path(__file__).parent.parent / "questions"


def read(name: str):
    return parse_moodle_xml((DATA / name).read_text("utf-8"), f"questions/{name}", Path(name).stem)


def parse(xml: str):
    return parse_moodle_xml(f'<?xml version="1.0"?>\n<quiz>\n{xml}\n</quiz>', "questions/t.xml", "t")


# --- the corpus ------------------------------------------------------------------------------------------


def test_corpus_reads_as_expected() -> None:
    """Reviewed expectation: canonical JSON, the line of each question, the warnings."""
    bank, warnings = read("corpus.xml")
    expected = json.loads((DATA / "corpus.json").read_text("utf-8"))
    assert bank.title == expected["title"] == "Immunology basics"
    assert [q.to_dict() for q in bank.questions] == expected["questions"]
    assert [q.line for q in bank.questions] == expected["lines"]
    assert [[w.line, w.message] for w in warnings] == expected["warnings"]


def test_corpus_covers_every_kind_and_element() -> None:
    bank, warnings = read("corpus.xml")
    assert {q.kind for q in bank.questions} == set(Kind)
    by_id = {q.id: q for q in bank.questions}
    drug = by_id["pd1-drug"]
    # idnumber, name, defaultgrade, tags (difficulty:/source: tags set those fields), general feedback.
    assert (drug.title, drug.points, drug.tags, drug.difficulty, drug.source) == (
        "PD-1 drug",
        2.0,
        ("antibodies",),
        "easy",
        "checkpoint-inhibitors#pd-1",
    )
    assert drug.explanation == "<p>Nivolumab binds PD-1.</p>"
    assert [c.weight for c in drug.choices] == [None, 0.5, None]
    # Fractions equal to the default rule (1/right, -1/wrong) mean the same as no weights.
    assert [(c.weight, c.correct) for c in by_id["checkpoints"].choices] == [(None, True), (None, True), (None, False)]
    assert choice_weights(by_id["checkpoints"]) == (0.5, 0.5, -1.0)
    assert by_id["case"].case_sensitive
    # Categories become topics, questions before the first one none of this file has.
    assert {q.topic for q in bank.questions} == {"Checkpoints", "Ligands"}
    assert by_id["dosing-interval"].other_feedback == "Count the days."
    assert by_id["cycle"].items == ("Antigen release", "Antigen presentation", "T cell priming")
    skipped = [w.message for w in warnings if "skipped" in w.message]
    assert [m.split('"')[1] for m in skipped] == ["essay", "calculated"]


@pytest.mark.parametrize(
    ("question_id", "text_format"),
    [
        ("pd1-drug", TextFormat.HTML),
        ("checkpoints", TextFormat.TEXT),  # moodle_auto_format and plain_text: shown as typed
        ("default-weights", TextFormat.MARKDOWN),
    ],
)
def test_text_formats(question_id: str, text_format: TextFormat) -> None:
    assert read("corpus.xml").bank.question(question_id).text_format is text_format


def test_plain_text_answer_of_an_html_question_shows_as_typed() -> None:
    drug = read("corpus.xml").bank.question("pd1-drug")
    assert drug.choices[2].text == "Ipilimumab &lt;CTLA-4&gt;"
    assert "Ipilimumab &lt;CTLA-4&gt;" in render_text(drug.choices[2].text, drug.text_format)


def test_auto_format_keeps_line_breaks() -> None:
    question = read("corpus.xml").bank.question("checkpoints")
    assert (
        str(render_text(question.prompt, question.text_format)) == "<p>Which are immune checkpoints?<br>\nPick all.</p>"
    )


def test_cloze_embedded_answers_become_blanks() -> None:
    cloze = read("corpus.xml").bank.question("cloze")
    assert cloze.prompt == "<p>Nivolumab blocks {{1}} on {{2}}; its dose is {{3}} mg.</p>"
    assert cloze.blanks[0].choices == ("PD-1", "CTLA-4", "LAG-3")
    assert grade(cloze, ["PD-1", "T cells", "240"]).fraction == 1.0
    assert grade(cloze, ["CTLA-4", "lymphocytes", "240"]).fraction == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("blank", "reason"),
    [
        ("{1:NUMERICAL:=240:10}", "a numeric blank with a tolerance"),
        ("{1:MULTIRESPONSE:=a~b}", "MULTIRESPONSE cannot be shown as a blank"),
    ],
)
def test_cloze_blanks_we_cannot_grade_are_reported(blank: str, reason: str) -> None:
    with pytest.raises(BankError) as error:
        parse(f'<question type="cloze"><questiontext><text>x {blank}</text></questiontext></question>')
    assert error.value.problems[0].line == 3
    assert reason in error.value.problems[0].message


def test_numeric_any_other_answer_feedback_is_shown() -> None:
    question = read("corpus.xml").bank.question("dosing-interval")
    assert grade(question, 99.0).feedback == ("Count the days.",)
    assert grade(question, 14.0).fraction == 1.0


# --- safe parsing and errors ---------------------------------------------------------------------------

BOMB = """<?xml version="1.0"?>
<!DOCTYPE quiz [
  <!ENTITY a "aaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<quiz><question type="description"><questiontext><text>&c;</text></questiontext></question></quiz>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="description"><questiontext><text>&secret;</text></questiontext></question></quiz>
"""


@pytest.mark.parametrize("text", [BOMB, EXTERNAL], ids=["entity-bomb", "external-entity"])
def test_entities_are_refused(text: str) -> None:
    with pytest.raises(BankError) as error:
        parse_moodle_xml(text, "questions/evil.xml", "evil")
    (problem,) = error.value.problems
    assert (problem.path, problem.line) == ("questions/evil.xml", 2)
    assert "refused for safety" in problem.message
    assert error.value.partial is None


def test_malformed_xml_names_file_and_line() -> None:
    with pytest.raises(BankError) as error:
        parse_moodle_xml("<quiz>\n<question type='truefalse'>\n<name></question>\n</quiz>", "questions/bad.xml")
    assert [(p.path, p.line) for p in error.value.problems] == [("questions/bad.xml", 3)]
    assert "not well-formed XML" in error.value.problems[0].message


def test_root_must_be_quiz() -> None:
    with pytest.raises(BankError, match=r"t\.xml:1: a Moodle XML file starts with <quiz>, not <html>"):
        parse_moodle_xml("<html/>", "t.xml")


def test_bad_questions_are_reported_with_lines_and_the_good_ones_kept() -> None:
    with pytest.raises(BankError) as error:
        read("partly-broken.xml")
    problems = [(p.line, p.message) for p in error.value.problems]
    assert (14, 'the answer fraction "lots" is not a number') in problems
    assert (20, 'the answer "twelve" is not a number') in problems
    assert error.value.partial is not None
    assert [q.id for q in error.value.partial.questions] == ["good-one", "good-two"]


def test_the_app_serves_no_file_with_errors(tmp_path: Path) -> None:
    for name in ("corpus.xml", "partly-broken.xml"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    catalog = load_files(find_bank_files(tmp_path), tmp_path)
    assert set(catalog.banks) == {"corpus"}
    assert {p.path for p in catalog.errors} == {f"{tmp_path.name}/partly-broken.xml"}


def test_duplicate_idnumbers_are_errors() -> None:
    question = '<question type="truefalse"><idnumber>same</idnumber><questiontext><text>Q</text></questiontext>'
    answers = '<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>'
    with pytest.raises(BankError, match='the idnumber "same" is already used on line 3'):
        parse(f"{question}{answers}</question>\n{question}{answers}</question>")


# --- writing and the round trip ------------------------------------------------------------------------

SHIPPED = sorted(QUESTIONS.glob("*.yaml")) + sorted((QUESTIONS / "generated").glob("*.yaml"))
# Test banks that hold what the shipped ones do not (a description, every kind).
EXTRA = [
    Path(__file__).parent / "data" / "banks" / "every-type.yaml",
    Path(__file__).parent / "data" / "gift" / "roundtrip.yaml",
]


@pytest.mark.parametrize("path", [*SHIPPED, *EXTRA], ids=lambda p: p.name)
def test_every_shipped_bank_round_trips(path: Path) -> None:
    bank, _ = parse_file(path, path.name, path.stem)
    exported = to_moodle_xml(bank)
    # Only regular expressions beyond Moodle's * wildcard cannot be written.
    assert all("regular expression" in reason for reason in exported.skipped), exported.skipped
    back, _ = parse_moodle_xml(exported.text, "back.xml", bank.id)
    written = [q for q in bank.questions if not any(f'"{q.id}"' in s for s in exported.skipped)]
    assert len(back.questions) == len(written) == len(bank.questions) - len(exported.skipped)
    assert back.title == bank.title
    for original, reread in zip(written, back.questions, strict=True):
        assert reread.to_dict() == original.to_dict()


def test_round_trip_covers_every_kind() -> None:
    kinds = set()
    for path in [*SHIPPED, *EXTRA]:
        bank, _ = parse_file(path, path.name, path.stem)
        kinds |= {q.kind for q in parse_moodle_xml(to_moodle_xml(bank).text, "b.xml").bank.questions}
    assert kinds == set(Kind)


def test_corpus_round_trips_through_our_writer() -> None:
    bank, _ = read("corpus.xml")
    exported = EXPORTERS["moodle-xml"](bank)
    assert exported.skipped == ()
    back, _ = parse_moodle_xml(exported.text, "back.xml", "corpus")
    assert [q.to_dict() for q in back.questions] == [q.to_dict() for q in bank.questions]


def test_writer_uses_moodles_elements() -> None:
    text = to_moodle_xml(read("corpus.xml").bank).text
    for element in (
        '<question type="category"><category><text>$course$/top/Immunology basics/Checkpoints</text>',
        '<question type="multichoice"><name><text>PD-1 drug</text></name>',
        '<questiontext format="html">',
        "<single>false</single>",
        '<answer fraction="50" format="html">',
        "<tolerance>5</tolerance>",
        '<answer fraction="0"><text>*</text>',
        "<usecase>1</usecase>",
        '<subquestion format="html">',
        "{1:MULTICHOICE:=PD-1#Yes~CTLA-4~LAG-3}",
        '<question type="ordering">',
        "<idnumber>pd1-drug</idnumber>",
        "<tag><text>difficulty:easy</text></tag>",
    ):
        assert element in text, element


# --- images ----------------------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))


def _bank_with_images(folder: Path) -> Path:
    (folder / "img").mkdir()
    (folder / "img" / "t cell.png").write_bytes(PNG)
    path = folder / "pictures.yaml"
    question = {"type": "true_false", "explanation": "It is.", "answer": True, "image": "img/t cell.png"}
    bank = {
        "title": "Pictures",
        "questions": [
            question | {"id": "md", "prompt": "Is *this* a T cell?", "alt": 'A round "T" cell & its nucleus'},
            question | {"id": "html", "format": "html", "prompt": "<p>Is <b>this</b> a T cell?</p>", "alt": "A cell"},
            question | {"id": "text", "format": "text", "prompt": "Is this\na T cell?", "alt": "A cell"},
        ],
    }
    path.write_text(json.dumps(bank), "utf-8")  # JSON is YAML
    return path


def test_questions_with_an_image_are_exported_with_it_embedded_and_read_back(tmp_path: Path) -> None:
    bank, _ = parse_file(_bank_with_images(tmp_path), (tmp_path / "pictures.yaml").as_posix(), "pictures")
    exported = to_moodle_xml(bank)
    assert exported.skipped == ()
    assert exported.text.count('&lt;img src="@@PLUGINFILE@@/t%20cell.png"') == 3
    assert exported.text.count('<file name="t cell.png" path="/" encoding="base64">') == 3
    back, warnings = parse_moodle_xml(exported.text, "back.xml", "pictures")
    assert warnings == ()
    for original, reread in zip(bank.questions, back.questions, strict=True):
        # Moodle keeps files flat: the image travels by its file name.
        assert reread.to_dict() == original.to_dict() | {"image": "t cell.png"}
    out = tmp_path / "out"
    out.mkdir()
    assert [p.read_bytes() for p in embedded_files(exported.text, out)] == [PNG] * 3


def test_a_missing_or_oversized_image_is_skipped_with_the_reason(tmp_path: Path) -> None:
    path = _bank_with_images(tmp_path)
    bank, _ = parse_file(path, path.as_posix(), "pictures")
    (tmp_path / "img" / "t cell.png").write_bytes(b"0" * (MAX_IMAGE_BYTES + 1))
    assert all("larger than 2 MB" in reason for reason in to_moodle_xml(bank).skipped)
    (tmp_path / "img" / "t cell.png").unlink()
    skipped = to_moodle_xml(bank).skipped
    assert len(skipped) == 3 and all("its image img/t cell.png cannot be read" in reason for reason in skipped)


TRUE_FALSE = (
    '<answer fraction="100"><text>true</text>{}</answer><answer fraction="0"><text>false</text></answer>'
    "<generalfeedback><text>Yes.</text></generalfeedback></question>"
)


def test_other_embedded_images_show_their_alt_text_with_a_warning_at_their_line() -> None:
    bank, warnings = parse(
        '<question type="truefalse"><name><text>Two</text></name>\n'
        '<questiontext format="html"><text><![CDATA[<img src="@@PLUGINFILE@@/a.png" alt="first">'
        '<p>And</p><img src="@@PLUGINFILE@@/b.png" alt="B &amp; C">]]></text>'
        '<file name="a.png" encoding="base64">AAAA</file></questiontext>\n'
        + TRUE_FALSE.format(
            '\n<feedback format="html"><text><![CDATA[<img src="@@PLUGINFILE@@/c.png">]]></text></feedback>'
        )
    )
    (question,) = bank.questions
    assert (question.image, question.alt, question.prompt) == ("a.png", "first", "<p>And</p>[B &amp; C]")
    assert question.true_feedback == "[c.png]"
    assert [(w.line, w.message) for w in warnings] == [
        (4, "the image b.png in <questiontext> is shown as its alt text (one image per question is shown)"),
        (6, "the image c.png in <feedback> is shown as its alt text (one image per question is shown)"),
    ]


def test_an_image_that_is_not_embedded_is_warned() -> None:
    bank, warnings = parse(
        '<question type="truefalse"><name><text>Gone</text></name>\n'
        '<questiontext format="html"><text><![CDATA[<p>Cell?</p><img src="@@PLUGINFILE@@/gone.png">]]></text>'
        "</questiontext>\n" + TRUE_FALSE.format("")
    )
    assert bank.questions[0].image == "gone.png"
    assert [(w.line, w.message) for w in warnings] == [
        (4, "the image gone.png has no alt text: describe what it shows"),
        (4, "the image gone.png is not embedded (no <file> element): put the file beside the bank"),
    ]


def test_feedback_on_wrong_typed_cloze_answers_is_warned() -> None:
    _, warnings = parse(
        '<question type="cloze"><name><text>C</text></name>\n<questiontext format="html"><text>'
        "PD-1 is on {1:SHORTANSWER:=T cells~B cells#No, T cells~%0%plasma cells}</text></questiontext>"
        "<generalfeedback><text>T cells.</text></generalfeedback></question>"
    )
    assert [(w.line, w.message) for w in warnings] == [
        (4, 'blank 1: the feedback on the wrong answers "B cells" was dropped: '
            "ImmunoQuiz's cloze has none for wrong answers"),
    ]  # fmt: skip
