"""The home page's bank list is kept per catalog: it stays right when the question files change."""

from __future__ import annotations

from pathlib import Path

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
