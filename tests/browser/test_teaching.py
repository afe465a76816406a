"""Educators in a real browser: sign in by keyboard, a statistics page, an upload with errors; every page passes axe."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from test_accessibility import audit

from server import serve_in_thread
from support import make_app
from teaching_support import EMAIL, PASSWORD, add_educator, choice_bank, take

pytestmark = pytest.mark.browser

BROKEN = "title: Broken\nquestions:\n  - id: a\n    type: single\n    prompt: What?\n    choices: []\n"


@pytest.fixture
def teaching_site(tmp_path) -> Any:
    questions = tmp_path / "questions"
    questions.mkdir()
    bank_id = choice_bank(questions, "cells", keys=[0, 0, 1])
    config = {
        "SECRET_KEY": "browser-teaching-secret-key-0123456789-abcdefghij",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'quiz.sqlite3'}",
        "QUESTIONS_DIR": str(questions),
        "CATALOG_RELOAD_SECONDS": 0,
    }
    with make_app(config) as app:
        add_educator(app)
        for n in range(6):
            take(app, bank_id, f"learner-{n}", [n % 3, 0, n % 2])
        with serve_in_thread(app) as url:
            yield url, tmp_path


def test_sign_in_statistics_and_an_upload_with_errors_all_pass_axe(browser, teaching_site):
    url, tmp_path = teaching_site
    context = browser.new_context(reduced_motion="reduce")
    context.add_init_script(AXE_SCRIPT)
    page = context.new_page()
    problems: list[str] = []
    try:
        page.goto(url + "/teach/")
        assert page.url.startswith(url + "/teach/login")
        problems += audit(page, "login")
        page.fill("#email", EMAIL)
        page.fill("#password", "wrong password!")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "do not match" in page.inner_text("#login-errors")
        problems += audit(page, "login, failed")
        page.fill("#email", EMAIL)
        page.fill("#password", PASSWORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.inner_text("h1") == "Item analysis"
        problems += audit(page, "index")

        with page.expect_navigation():
            page.click("text=Cells")
        assert "questions/cells.yaml:" in page.inner_text("main")
        assert page.locator(".item-report").count() == 3
        problems += audit(page, "statistics page")

        page.goto(url + "/teach/upload")
        problems += audit(page, "upload")
        broken = tmp_path / "broken.yaml"
        broken.write_text(BROKEN)
        page.set_input_files("#file", str(broken))
        with page.expect_navigation():
            page.click("text=Check and upload")
        errors = page.inner_text("#upload-errors")
        assert "Nothing was saved" in errors and "6: " in errors
        problems += audit(page, "upload, with errors")
        assert not (tmp_path / "questions" / "uploads").exists()
    finally:
        context.close()
    assert not problems, "\n".join(problems)
