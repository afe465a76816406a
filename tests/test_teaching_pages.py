"""The educators' pages over HTTP: the statistics page, streamed CSV downloads and question file uploads."""

from __future__ import annotations

import csv
import io

import pytest

from quiz.bank.loader import MAX_FILE_BYTES
from quiz.teaching import exports, routes, uploads
from teaching_support import add_educator, choice_bank, sign_in, take

GOOD_GIFT = (
    b"// uploaded\r\n::caf\xc3\xa9:: Which cell kills tumour cells directly?{=CD8 T cell ~B cell ~Mast cell}\r\n"
)
BROKEN_YAML = b"title: Broken\nquestions:\n  - id: a\n    type: single\n    prompt: What?\n    choices: []\n"


@pytest.fixture
def teacher(app, client):
    add_educator(app)
    assert sign_in(client).status_code == 303
    return client


@pytest.fixture
def taught(app, questions_dir, teacher):
    bank_id = choice_bank(questions_dir, "taught", keys=[0, 0])
    for n in range(4):
        take(app, bank_id, f"learner-token-{n}", [n % 2, 0])
    return bank_id


def test_the_index_lists_banks_with_their_finished_attempts(taught, teacher):
    page = teacher.get("/teach/").get_data(as_text=True)
    assert 'href="/teach/banks/taught"' in page and "<td>4</td>" in page


def test_the_bank_page_shows_statistics_flags_rules_and_no_learner(taught, teacher):
    response = teacher.get("/teach/banks/taught")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "questions/taught.yaml:" in page and "Question <strong>1</strong>?" in page
    assert "50.0%" in page  # q1's facility: two of four right
    assert "Check the key" in page and "needs at least 20 responses" in page
    assert "learner-token" not in page


def test_an_unknown_bank_is_a_404(teacher):
    assert teacher.get("/teach/banks/nope").status_code == 404
    assert teacher.get("/teach/banks/nope/items.csv").status_code == 404


def _csv(client, path: str) -> list[dict[str, str]]:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.is_streamed
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_csv_downloads_hold_responses_attempts_and_item_statistics(app, taught, teacher):
    take(app, taught, "learner-token-0", [0, 0])  # a retake
    responses = _csv(teacher, "/teach/banks/taught/responses.csv")
    assert len(responses) == 8 and {r["question_id"] for r in responses} == {"q1", "q2"}
    assert len(_csv(teacher, "/teach/banks/taught/responses.csv?attempts=all")) == 10
    attempts = _csv(teacher, "/teach/banks/taught/attempts.csv")
    assert sorted(a["percent"] for a in attempts) == ["100.00", "100.00", "50.00", "50.00"]
    assert len({a["learner"] for a in attempts}) == 4
    items = _csv(teacher, "/teach/banks/taught/items.csv")
    assert [(i["question_id"], i["facility"], i["responses"]) for i in items] == [
        ("q1", "50.00", "4"),
        ("q2", "100.00", "4"),
    ]
    text = teacher.get("/teach/banks/taught/responses.csv").get_data(as_text=True)
    assert "learner-token" not in text


def test_csv_is_written_in_chunks_and_never_runs_formulas():
    rows = ([n, "=HYPERLINK(1)"] for n in range(exports.CHUNK_ROWS * 2 + 5))
    chunks = list(exports.csv_chunks(["n", "text"], ([n, exports.safe_text(t)] for n, t in rows)))
    assert len(chunks) == 3
    parsed = list(csv.reader(io.StringIO("".join(chunks))))
    assert parsed[1] == ["0", "'=HYPERLINK(1)"] and len(parsed) == exports.CHUNK_ROWS * 2 + 6


def _upload(client, name: str, content: bytes):
    response = client.post(
        "/teach/upload", data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data"
    )
    response.get_data()
    return response


def test_a_good_upload_is_saved_byte_for_byte_and_appears_at_once(teacher, questions_dir):
    response = _upload(teacher, "cells.gift", GOOD_GIFT)
    assert response.status_code == 303 and response.headers["Location"] == "/teach/banks/uploads/cells"
    assert (questions_dir / "uploads" / "cells.gift").read_bytes() == GOOD_GIFT
    assert teacher.get("/banks/uploads/cells").status_code == 200  # the students' page, no restart


def test_an_upload_with_errors_shows_every_problem_by_line_and_saves_nothing(teacher, questions_dir):
    response = _upload(teacher, "broken.yaml", BROKEN_YAML)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Nothing was saved" in page
    assert "<code>6: " in page
    assert not (questions_dir / "uploads").exists() or not any((questions_dir / "uploads").iterdir())


@pytest.mark.parametrize(
    ("name", "message"),
    [("notes.txt", "must end in"), ("../../evil.yaml", None), ("..", "must end in"), ("/etc/passwd.gift", None)],
)
def test_an_upload_never_leaves_the_uploads_folder(teacher, questions_dir, tmp_path, name, message):
    response = _upload(teacher, name, GOOD_GIFT.replace(b"gift", b"x") if name.endswith("yaml") else GOOD_GIFT)
    saved = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix in (".yaml", ".gift", ".txt")]
    assert all(p.parent == questions_dir / "uploads" or p == questions_dir / "every-type.yaml" for p in saved)
    if message:
        assert response.status_code == 422 and message in response.get_data(as_text=True)


def test_an_uploads_folder_that_links_outside_is_refused(teacher, questions_dir, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (questions_dir / "uploads").symlink_to(outside)
    response = _upload(teacher, "cells.gift", GOOD_GIFT)
    assert response.status_code == 422 and not list(outside.iterdir())


def test_an_upload_over_the_size_limit_is_refused(teacher, monkeypatch):
    # A smaller limit than the loader's megabyte, so the test client does not spool the body to a file.
    monkeypatch.setattr(uploads, "MAX_FILE_BYTES", 4000)
    monkeypatch.setattr(routes, "MAX_FILE_BYTES", 4000)
    refused = _upload(teacher, "big.gift", GOOD_GIFT + b"//" + b"x" * 4000)
    assert refused.status_code == 422 and "larger than 4 kB" in refused.get_data(as_text=True)
    assert _upload(teacher, "big.gift", GOOD_GIFT + b"//" + b"x" * 3000).status_code == 303
    assert _upload(teacher, "big.gift", b"x" * (4000 + 70 * 1024)).status_code == 413  # the request itself


def test_uploads_may_be_as_large_as_the_loader_accepts():
    assert uploads.MAX_FILE_BYTES == MAX_FILE_BYTES == routes.MAX_FILE_BYTES


def test_the_number_of_uploaded_files_is_limited(teacher, questions_dir, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_FILES", 2)
    assert _upload(teacher, "one.gift", GOOD_GIFT).status_code == 303
    assert _upload(teacher, "two.gift", GOOD_GIFT).status_code == 303
    assert _upload(teacher, "one.gift", GOOD_GIFT).status_code == 303  # replacing is not adding
    third = _upload(teacher, "three.gift", GOOD_GIFT)
    assert third.status_code == 422 and "already holds 2 files" in third.get_data(as_text=True)


def test_an_upload_cannot_take_another_files_bank_id(teacher, questions_dir):
    assert _upload(teacher, "cells.gift", GOOD_GIFT).status_code == 303
    clash = _upload(teacher, "cells.aiken", b"Which?\nA. One\nB. Two\nANSWER: A\n")
    assert clash.status_code == 422 and "already defines the bank" in clash.get_data(as_text=True)
