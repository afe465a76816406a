"""The home page's bank list is kept per catalog: it stays right when the question files change."""

from __future__ import annotations

from pathlib import Path

from support import make_app

BANK = """title: Added later
topic: Late topic
questions:
  - {id: q1, type: true_false, prompt: 'A statement.', explanation: 'Why.', answer: true}
  - {id: q2, type: true_false, prompt: 'Another.', explanation: 'Why.', answer: false}
"""


def test_home_page_lists_a_bank_added_and_forgets_one_removed(client, questions_dir: Path):
    assert "Added later" not in client.get("/").get_data(as_text=True)
    (questions_dir / "added-later.yaml").write_text(BANK, encoding="utf-8")
    page = client.get("/").get_data(as_text=True)
    assert "Added later" in page and "2 questions" in page
    (questions_dir / "added-later.yaml").unlink()
    assert "Added later" not in client.get("/").get_data(as_text=True)


def test_home_page_problem_note_follows_the_question_files(client, questions_dir: Path):
    assert "kept some question files out" not in client.get("/").get_data(as_text=True)
    (questions_dir / "broken.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    assert "1 problem kept some question files out" in client.get("/").get_data(as_text=True)
    (questions_dir / "broken.yaml").unlink()
    assert "kept some question files out" not in client.get("/").get_data(as_text=True)


def test_home_page_links_follow_each_mount_point(client):
    mounted = client.get("/", base_url="http://localhost/quiz/").get_data(as_text=True)
    assert 'href="/quiz/banks/every-type"' in mounted
    plain = client.get("/").get_data(as_text=True)
    assert 'href="/banks/every-type"' in plain and "/quiz/banks/" not in plain


def test_each_app_lists_its_own_banks(app_config, tmp_path: Path):
    other = tmp_path / "other-questions"
    other.mkdir()
    (other / "added-later.yaml").write_text(BANK, encoding="utf-8")
    with make_app(app_config) as first, make_app({**app_config, "QUESTIONS_DIR": str(other)}) as second:
        for _ in range(2):  # alternately, so neither page is left over from the other app
            assert "Added later" not in first.test_client().get("/").get_data(as_text=True)
            assert "Added later" in second.test_client().get("/").get_data(as_text=True)
