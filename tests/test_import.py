"""`flask questions import FILE --out DIR`: every good question of a GIFT, Aiken or Moodle XML file becomes clean YAML;
images are saved beside it and served from the questions folder only."""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

import yaml

from quiz.bank.loader import find_bank_files, load_files
from quiz.bank.moodle.files import MAX_IMAGE_BYTES

DATA = Path(__file__).parent / "data"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

PARTLY_BROKEN_GIFT = """::Good:: [markdown]Which receptor does nivolumab block?{=PD-1 ~CTLA-4####It blocks PD-1.}

::Broken:: Which one?{=a ~b

::Also good:: Name the PD-1 ligand.{=PD-L1}
"""


def _import(runner, source: Path, out: Path):
    return runner.invoke(args=["questions", "import", str(source), "--out", str(out)])


def _loads_cleanly(folder: Path) -> dict:
    catalog = load_files(find_bank_files(folder), folder)
    assert catalog.errors == ()
    (bank,) = catalog.banks.values()
    return {q.id: q for q in bank.questions}


def test_gift_import_keeps_the_good_questions_and_lists_the_broken_one(runner, tmp_path: Path) -> None:
    source = tmp_path / "mixed.gift"
    source.write_text(PARTLY_BROKEN_GIFT, "utf-8")
    result = _import(runner, source, tmp_path / "out")
    assert result.exit_code == 1
    assert f"{source.as_posix()}:3: " in result.output  # the broken question, by its line
    assert "2 question(s) converted, 1 could not be converted." in result.output
    questions = _loads_cleanly(tmp_path / "out")
    assert set(questions) == {"good", "also-good"}
    assert questions["good"].explanation == "It blocks PD-1."
    # No general feedback: a marked placeholder, listed for the educator.
    assert questions["also-good"].explanation.startswith("TODO:")
    assert "5: warning: no explanation: write one in place of the TODO" in result.output


def test_aiken_import_keeps_the_good_question(runner, tmp_path: Path) -> None:
    source = tmp_path / "case.aiken"
    source.write_text("Bad question\nA) only\nANSWER: A\n\nGood question\nA) yes\nB) no\nANSWER: A\n", "utf-8")
    result = _import(runner, source, tmp_path / "out")
    assert result.exit_code == 1
    assert ":3: the question needs at least two options (found 1)" in result.output
    questions = _loads_cleanly(tmp_path / "out")
    assert [q.prompt for q in questions.values()] == ["Good question"]


def test_moodle_xml_import_writes_valid_yaml_for_every_kind(runner, tmp_path: Path) -> None:
    result = _import(runner, DATA / "moodle" / "corpus.xml", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "11 question(s) converted, 0 could not be converted." in result.output
    questions = _loads_cleanly(tmp_path / "out")
    assert questions["pd1-drug"].prompt == "<p>Which antibody blocks <b>PD-1</b>?</p>"
    data = yaml.safe_load((tmp_path / "out" / "corpus.yaml").read_text("utf-8"))
    assert data["title"] == "Immunology basics"


def test_partly_broken_moodle_xml(runner, tmp_path: Path) -> None:
    result = _import(runner, DATA / "moodle" / "partly-broken.xml", tmp_path / "out")
    assert result.exit_code == 1
    assert 'partly-broken.xml:14: the answer fraction "lots" is not a number' in result.output
    assert 'partly-broken.xml:20: the answer "twelve" is not a number' in result.output
    assert set(_loads_cleanly(tmp_path / "out")) == {"good-one", "good-two"}


def test_embedded_image_is_saved_beside_the_bank(runner, tmp_path: Path) -> None:
    source = tmp_path / "pictures.xml"
    source.write_text(
        '<?xml version="1.0"?>\n<quiz><question type="truefalse"><name><text>Cell</text></name>'
        '<questiontext format="html"><text><![CDATA[<p>Is this a T cell?</p><img src="@@PLUGINFILE@@/t%20cell.png" '
        'alt="A round lymphocyte">]]></text>'
        f'<file name="t cell.png" path="/" encoding="base64">{base64.b64encode(PNG).decode()}</file></questiontext>'
        "<generalfeedback><text>It is.</text></generalfeedback>"
        '<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>'
        "</question></quiz>",
        "utf-8",
    )
    result = _import(runner, source, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "t cell.png").read_bytes() == PNG
    (question,) = _loads_cleanly(tmp_path / "out").values()
    assert (question.image, question.alt, question.prompt) == (
        "t cell.png",
        "A round lymphocyte",
        "<p>Is this a T cell?</p>",
    )


def test_unknown_file_type_is_refused(runner, tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("hello", "utf-8")
    result = _import(runner, source, tmp_path / "out")
    assert result.exit_code == 1
    assert "import reads .gift, .aiken, .xml files" in result.output
    assert not (tmp_path / "out").exists()


def test_unreadable_file_writes_nothing(runner, tmp_path: Path) -> None:
    source = tmp_path / "broken.xml"
    source.write_text("<quiz>\n<question>\n</quiz>", "utf-8")
    result = _import(runner, source, tmp_path / "out")
    assert result.exit_code == 1
    assert "broken.xml:3: the file is not well-formed XML" in result.output
    assert not (tmp_path / "out").exists()


# --- images in YAML, and the route that serves them -----------------------------------------------------


def _image_bank(folder: Path, image: str, alt: str = "A T cell") -> None:
    shutil.copy(DATA / "banks" / "every-type.yaml", folder / "every-type.yaml")
    bank = {
        "title": "Pictures",
        "questions": [
            {"id": "cell", "type": "true_false", "prompt": "A T cell?", "explanation": "Yes.", "answer": True}
            | ({"image": image, "alt": alt} if alt else {"image": image})
        ],
    }
    (folder / "pictures.yaml").write_text(yaml.safe_dump(bank), "utf-8")


def test_yaml_image_needs_alt(tmp_path: Path) -> None:
    _image_bank(tmp_path, "cell.png", alt="")
    catalog = load_files([tmp_path / "pictures.yaml"], tmp_path)
    assert any("an image needs alt" in p.message for p in catalog.errors)


def test_yaml_image_path_cannot_leave_the_folder(tmp_path: Path) -> None:
    for image in ("../secret.png", "/etc/x.png", "a/../../b.png", ".hidden.png", "cell.svg"):
        _image_bank(tmp_path, image)
        catalog = load_files([tmp_path / "pictures.yaml"], tmp_path)
        assert catalog.errors, image


def test_image_route_serves_images_from_the_questions_folder_only(client, questions_dir: Path) -> None:
    (questions_dir / "img").mkdir()
    (questions_dir / "img" / "cell.png").write_bytes(PNG)
    (questions_dir / "notes.txt").write_text("secret", "utf-8")
    (questions_dir / "big.png").write_bytes(b"0" * (MAX_IMAGE_BYTES + 1))
    (questions_dir.parent / "outside.png").write_bytes(PNG)
    ok = client.get("/material/question-image", query_string={"bank": "every-type", "name": "img/cell.png"})
    assert ok.status_code == 200 and ok.data == PNG and ok.mimetype == "image/png"
    ok.close()
    for bank, name in [
        ("every-type", "../outside.png"),
        ("../x", "outside.png"),
        ("every-type", "notes.txt"),
        ("every-type", "big.png"),
        ("every-type", "missing.png"),
        ("every-type", str(questions_dir.parent / "outside.png")),
    ]:
        response = client.get("/material/question-image", query_string={"bank": bank, "name": name})
        assert response.status_code == 404, (bank, name)


def test_results_page_shows_the_question_image(client, quiz, questions_dir: Path) -> None:
    _image_bank(questions_dir, "cell.png")
    (questions_dir / "cell.png").write_bytes(PNG)
    attempt = quiz.start("pictures", mode="exam")
    quiz.answer(attempt, 1, {"answer": "true"})
    page = client.get(quiz.finish(attempt).headers["Location"]).get_data(as_text=True)
    assert "Your results" in page
    assert '<img src="/material/question-image?bank=pictures&amp;name=cell.png" alt="A T cell">' in page


def _served_moodle_xml(folder: Path, image_data: bytes = PNG) -> None:
    (folder / "moodle").mkdir()
    (folder / "moodle" / "pictures.xml").write_text(
        '<?xml version="1.0"?>\n<quiz><question type="truefalse"><name><text>Cell</text></name>'
        '<questiontext format="html"><text><![CDATA[<p>Is this a T cell?</p><img src="@@PLUGINFILE@@/t%20cell.png" '
        'alt="A round lymphocyte">]]></text>'
        f'<file name="t cell.png" path="/" encoding="base64">{base64.b64encode(image_data).decode()}</file>'
        "</questiontext><generalfeedback><text>It is.</text></generalfeedback>"
        '<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>'
        "</question></quiz>",
        "utf-8",
    )


def test_a_moodle_xml_file_in_the_questions_folder_shows_its_embedded_image(client, quiz, questions_dir: Path) -> None:
    _served_moodle_xml(questions_dir)
    attempt = quiz.start("moodle/pictures")
    src = "/material/question-image?bank=moodle/pictures&amp;name=t+cell.png"
    assert f'<img src="{src}" alt="A round lymphocyte">' in quiz.page(attempt, 1)
    image = client.get(src.replace("&amp;", "&"))
    assert (image.status_code, image.data, image.mimetype) == (200, PNG, "image/png")
    wrong = [("moodle/pictures", "other.png"), ("../moodle/pictures", "t cell.png"), ("moodle", "t cell.png")]
    for bank, name in wrong:
        assert client.get("/material/question-image", query_string={"bank": bank, "name": name}).status_code == 404


def test_a_served_moodle_xml_image_keeps_the_size_limit(client, questions_dir: Path) -> None:
    _served_moodle_xml(questions_dir, b"0" * 700_000)
    ok = client.get("/material/question-image", query_string={"bank": "moodle/pictures", "name": "t cell.png"})
    assert ok.status_code == 200 and len(ok.data) == 700_000
    big = b"0" * (MAX_IMAGE_BYTES + 1)
    (questions_dir / "moodle" / "pictures.xml").write_text(
        f'<quiz><file name="t cell.png" encoding="base64">{base64.b64encode(big).decode()}</file></quiz>', "utf-8"
    )
    response = client.get("/material/question-image", query_string={"bank": "moodle/pictures", "name": "t cell.png"})
    assert response.status_code == 404
