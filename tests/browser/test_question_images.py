"""A question with an image, in a real browser: the question page and the results page show it and pass axe."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from axe_playwright_python.base import AXE_SCRIPT
from test_accessibility import audit

from quiz import create_app
from server import serve_in_thread

pytestmark = pytest.mark.browser


def _png(width: int = 40, height: int = 30) -> bytes:
    """A small grey PNG, so the browser has a real image to decode."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def pictures_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("pictures")
    questions = root / "questions"
    (questions / "img").mkdir(parents=True)
    (questions / "img" / "t-cell.png").write_bytes(_png())
    question = {"id": "cell", "type": "true_false", "prompt": "Is this a T cell?", "explanation": "It is."}
    question |= {"answer": True, "image": "img/t-cell.png", "alt": "A round lymphocyte with a large nucleus"}
    (questions / "pictures.yaml").write_text(yaml.safe_dump({"title": "Pictures", "questions": [question]}), "utf-8")
    app = create_app(
        {
            "SECRET_KEY": "browser-test-secret-key-0123456789-abcdefghijklmnop",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{root / 'quiz.sqlite3'}",
            "QUESTIONS_DIR": str(questions),
            "CATALOG_RELOAD_SECONDS": 0,
        }
    )
    with serve_in_thread(app) as url:
        yield url


def _shown_image(page: Any) -> dict[str, Any]:
    return page.evaluate(
        "() => { const i = document.querySelector('figure.question-image img');"
        " return i && {alt: i.alt, width: i.naturalWidth}; }"
    )


def test_question_and_results_pages_with_an_image_pass_axe(browser: Any, pictures_server: str) -> None:
    context = browser.new_context(reduced_motion="reduce")
    try:
        page = context.new_page()
        page.context.add_init_script(AXE_SCRIPT)
        page.goto(pictures_server + "/banks/pictures")
        with page.expect_navigation():
            page.get_by_role("button", name="Start the quiz").click()
        expected = {"alt": "A round lymphocyte with a large nucleus", "width": 40}
        assert _shown_image(page) == expected
        problems = audit(page, "question page with an image")
        page.get_by_label("True").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Submit answer").click()
        page.goto(page.url.rsplit("/", 1)[0] + "/finish")
        with page.expect_navigation():
            page.get_by_role("button", name="Finish and see results").click()
        assert page.locator("h1").inner_text() == "Your results"
        assert _shown_image(page) == expected
        problems += audit(page, "results page with an image")
        assert not problems, "\n".join(problems)
    finally:
        context.close()
