"""Save screenshots of the main pages at phone and desktop widths, in light and dark, to look at the design.

python tests/browser/screenshots.py OUT_DIR [--scheme light|dark|both]

Starts its own server on a temporary database with the shipped questions/ folder, takes a short quiz in
practice mode (answering the first option, so results are mixed) and saves full-page PNGs named
NN-page-WIDTH-SCHEME.png. Needs Chromium (CHROMIUM_PATH, default /usr/bin/chromium) and the project installed
(the README's test command installs it). It lives beside the browser tests to share their server; its
output is not committed.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from quiz import create_app
from server import CHROMIUM_ARGS, serve_in_thread

ROOT = Path(__file__).resolve().parents[2]

WIDTHS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """The app on a free local port, on a temporary database and the shipped questions; yields its URL."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'quiz.sqlite3'}",
            "QUESTIONS_DIR": str(ROOT / "questions"),
            "SECRET_KEY": "screenshots-only-secret-key-0123456789abcdef",
        }
    )
    with serve_in_thread(app) as url:
        yield url


def answer_somehow(page, rng: random.Random) -> None:
    """Fill in the answer form with something plausible (right or wrong does not matter) and submit it."""
    form = page.locator("form.answer-form")
    choices = form.locator("input[name=answer][type=radio], input[name=answer][type=checkbox]")
    if choices.count():
        for index in sorted(
            rng.sample(range(choices.count()), 1 if choices.first.get_attribute("type") == "radio" else 2)
        ):
            choices.nth(index).check()
    for select in form.locator("select").all():
        options = select.locator("option").count()
        select.select_option(index=rng.randrange(1, options))
    for text in form.locator("input[type=text]").all():
        text.fill("4" if text.get_attribute("inputmode") == "decimal" else "interleukin-2")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def shoot(base: str, out: Path, width: str, scheme: str, browser) -> list[Path]:
    """Take the quiz once in this width and scheme, saving a screenshot of every kind of page."""
    context = browser.new_context(viewport=WIDTHS[width], color_scheme=scheme, device_scale_factor=1)
    page = context.new_page()
    saved: list[Path] = []
    rng = random.Random(7)

    def snap(name: str) -> None:
        path = out / f"{len(saved) + 1:02d}-{name}-{width}-{scheme}.png"
        page.screenshot(path=str(path), full_page=True)
        saved.append(path)

    page.goto(base + "/")
    snap("index")
    page.locator(".bank-list h3 a").first.click()
    snap("bank")
    page.select_option("#count", index=0)
    page.get_by_role("button", name="Start the quiz").click()
    snap("question")
    page.locator("form.answer-form button[type=submit]").click()
    snap("question-error")
    answer_somehow(page, rng)
    snap("feedback")
    # Answer the rest, keeping one screenshot of each question type's feedback.
    kinds_seen: set[str] = set()
    while page.locator("#next-link").count():
        page.locator("#next-link").click()
        if page.locator("form.answer-form").count():
            kind = page.evaluate(
                """() => document.querySelector('fieldset.rows') ? 'rows' : document.querySelector('.cloze') ? 'cloze'
                     : document.querySelector('input#answer') ? 'text'
                     : document.querySelector('input[type=checkbox]') ? 'multiple' : 'single'"""
            )
            answer_somehow(page, rng)
            if kind not in kinds_seen and kind != "single":
                kinds_seen.add(kind)
                snap(f"feedback-{kind}")
    attempt = re.search(r"/attempts/([^/]+)/", page.url).group(1)
    page.goto(f"{base}/attempts/{attempt}/finish")
    snap("finish")
    page.get_by_role("button", name="Finish and see results").click()
    snap("results")
    page.goto(base + "/history")
    snap("history")
    page.goto(base + "/material/")
    snap("material-index")
    page.locator(".material-list a").first.click()
    snap("material-page")
    page.goto(base + "/problems")
    snap("problems")
    page.goto(base + "/no-such-page")
    snap("not-found")
    context.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="folder for the PNG files (created if missing)")
    parser.add_argument("--scheme", choices=["light", "dark", "both"], default="both", help="colour scheme(s)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        parser.error(f"no Chromium at {chromium}: install it with `apt-get install chromium` or set CHROMIUM_PATH")
    args.out_dir.mkdir(parents=True, exist_ok=True)
    schemes = ["light", "dark"] if args.scheme == "both" else [args.scheme]
    with tempfile.TemporaryDirectory() as tmp, serve(Path(tmp)) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        total = 0
        for scheme in schemes:
            for width in WIDTHS:
                total += len(shoot(base, args.out_dir, width, scheme, browser))
        browser.close()
    print(f"Saved {total} screenshots in {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
