"""Browser tests: the real app served from a background thread, driven by Debian's Chromium through Playwright.

Without Chromium these tests are skipped with a hint on how to install it, unless QUIZ_REQUIRE_BROWSER=1
(as in CI), which makes a missing browser a failure. One browser is started per session; every test gets a
fresh context (its own cookies, so its own learner).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from quiz import create_app
from server import CHROMIUM_ARGS, serve_in_thread

DATA = Path(__file__).parent.parent / "data"
PROJECT = Path(__file__).parent.parent.parent
DEFAULT_CHROMIUM = "/usr/bin/chromium"
INSTALL_HINT = "install it with `apt-get install chromium`, or point CHROMIUM_PATH at a Chromium binary"
PHONE = {"width": 360, "height": 740}
EXPECTED_STATUS = "Failed to load resource: the server responded with a status of 4"
# What the student answers to each question of every-type.yaml (found by a phrase of its prompt), and the
# verdict practice mode then shows. 6.5 of 9 points: one wrong (single), two half right (numeric, worth 2
# points, and cloze, with its second blank wrong).
PLAN: dict[str, tuple[str, Any, str]] = {
    "Which drug blocks": ("single", ["Ipilimumab"], "Incorrect"),
    "immune checkpoint receptors": ("multiple", ["PD-1", "CTLA-4"], "Correct"),
    "CAR T cells are made from": ("true_false", ["True"], "Correct"),
    "Name the B-cell antigen": ("short", "CD19", "Correct"),
    "costimulatory domains": ("numeric", "2", "Partly correct"),
    "Match each drug": ("matching", {"Nivolumab": "PD-1", "Ipilimumab": "CTLA-4", "Atezolizumab": "PD-L1"}, "Correct"),
    "Put the steps": (
        "ordering",
        {"Leukapheresis": "1", "Gene transfer": "2", "Expansion": "3", "Infusion": "4"},
        "Correct",
    ),
    "CAR T cells recognise": ("cloze", ["CD19", "interleukin"], "Partly correct"),
}
DESKTOP = {"width": 1280, "height": 900}


def chromium_path() -> str:
    """Where Chromium is expected: $CHROMIUM_PATH, else Debian's /usr/bin/chromium."""
    return os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM


def browser_required() -> bool:
    """CI sets QUIZ_REQUIRE_BROWSER=1: there a missing browser must fail the run, not skip it."""
    return os.environ.get("QUIZ_REQUIRE_BROWSER", "").strip() == "1"


def browser_unavailable(reason: str) -> None:
    """Skip (on a developer machine) or fail (when the browser is required) because the browser is missing."""
    if browser_required():
        pytest.fail(f"{reason} and QUIZ_REQUIRE_BROWSER=1 requires it: {INSTALL_HINT}.", pytrace=False)
    pytest.skip(f"browser tests need Chromium: {reason}; {INSTALL_HINT}.")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole session (starting it costs more than a whole quiz)."""
    path = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_unavailable("Playwright for Python is not installed (python -m pip install -r requirements-dev.txt)")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        browser_unavailable(f"no Chromium at {path}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    """The real app on 127.0.0.1 (a free port), on a temporary SQLite file and questions folder; yields (URL, app).

    The folder holds the every-type bank, a broken bank and one study material page.
    """
    root = tmp_path_factory.mktemp("live")
    questions = root / "questions"
    (questions / "material").mkdir(parents=True)
    shutil.copy(DATA / "banks" / "every-type.yaml", questions / "every-type.yaml")
    shutil.copy(DATA / "banks" / "broken.yaml", questions / "broken.yaml")
    shutil.copy(PROJECT / "questions" / "material" / "checkpoint-inhibitors.md", questions / "material")
    app = create_app(
        {
            "SECRET_KEY": "browser-test-secret-key-0123456789-abcdefghijklmnop",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{root / 'quiz.sqlite3'}",
            "QUESTIONS_DIR": str(questions),
            "CATALOG_RELOAD_SECONDS": 0,
            # As a production server would: no revalidation of CSS and JS on every page.
            "SEND_FILE_MAX_AGE_DEFAULT": 3600,
        }
    )
    with serve_in_thread(app) as url:
        yield url, app


@pytest.fixture(scope="session")
def live_server(live: tuple[str, Any]) -> str:
    """The URL of the served app."""
    return live[0]


@pytest.fixture(scope="session")
def live_app(live: tuple[str, Any]) -> Any:
    """The served app itself, for a test that must change the server's data (e.g. let an exam's time run out)."""
    return live[1]


class Student:
    """Drives the app in a browser the way a keyboard user does: Tab, Space, Enter, arrows and number keys.

    Nothing here clicks: every action is a key press. Reading the page (to know which option is which)
    is allowed; that is what the student's eyes or screen reader do.
    """

    plan = PLAN

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.console_errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))

    def _console(self, message: Any) -> None:
        # Error pages (404, 422) are expected; anything else (a script error, a CSP violation) is not.
        if message.type == "error" and not message.text.startswith(EXPECTED_STATUS):
            self.console_errors.append(message.text)

    def open(self, path: str) -> None:
        self.page.goto(self.base_url + path)

    def focused(self) -> dict[str, Any]:
        return self.page.evaluate(
            """() => { const e = document.activeElement; return e ? {tag: e.tagName, id: e.id, name: e.name || '',
               type: e.type || '', value: e.value, text: (e.innerText || '').trim()} : {}; }"""
        )

    def tab_until(self, predicate: str, arg: Any = None, limit: int = 120) -> None:
        """Press Tab until `predicate(document.activeElement, arg)` (a JS function) is true."""
        check = f"(arg) => {{ const e = document.activeElement; return !!e && ({predicate})(e, arg); }}"
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            if self.page.evaluate(check, arg):
                return
        raise AssertionError(f"Tab never reached an element matching {predicate} ({arg!r}) on {self.page.url}")

    def tab_to_link(self, text: str) -> None:
        self.tab_until("(e, t) => e.tagName === 'A' && e.innerText.replace(/\\s+/g, ' ').trim() === t", text)

    def tab_to_button(self, text: str) -> None:
        self.tab_until("(e, t) => e.tagName === 'BUTTON' && e.innerText.trim() === t", text)

    def tab_to_id(self, element_id: str) -> None:
        self.tab_until("(e, id) => e.id === id", element_id)

    def press_and_wait(self, key: str) -> None:
        """Press a key that submits a form or follows a link, and wait for the next page."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)

    def follow_link(self, text: str) -> None:
        self.tab_to_link(text)
        self.press_and_wait("Enter")

    def press_button(self, text: str) -> None:
        self.tab_to_button(text)
        self.press_and_wait("Enter")

    def choose_in_select(self, select_id: str, option_text: str) -> None:
        """Tab to a select and move to the option with the arrow keys (the select stays closed)."""
        self.tab_to_id(select_id)
        texts, current = self.page.evaluate(
            "(id) => { const s = document.getElementById(id); "
            "return [[...s.options].map(o => o.text.trim()), s.selectedIndex]; }",
            select_id,
        )
        target = texts.index(option_text)
        key = "ArrowDown" if target >= current else "ArrowUp"
        for _ in range(abs(target - current)):
            self.page.keyboard.press(key)
        assert self.page.evaluate("(id) => document.getElementById(id).selectedIndex", select_id) == target

    def text(self, selector: str) -> str:
        """The visible text of the first element matching `selector`, white space folded."""
        found = self.page.evaluate("(s) => { const e = document.querySelector(s); return e && e.innerText; }", selector)
        assert found is not None, f"no {selector} on {self.page.url}"
        return " ".join(found.split())

    def heading(self) -> str:
        return self.text("h1")

    def question_key(self) -> str:
        """Which planned question this page shows."""
        text = self.text("article.question")
        found = [key for key in PLAN if key in text]
        assert len(found) == 1, f"unknown question: {text[:200]}"
        return found[0]

    def answer(self, javascript: bool) -> str:
        """Answer the question on this page as planned, by keyboard only, and submit; returns its PLAN key."""
        key = self.question_key()
        kind, wanted, _verdict = PLAN[key]
        keyboard = self.page.keyboard
        if kind in ("single", "true_false", "multiple"):
            options = self.choices()
            labels = [o["label"] for o in options]
            picks = [labels.index(w) for w in wanted]
            if javascript:
                # Number keys pick, Enter submits (quiz.js).
                for index in picks:
                    keyboard.press(options[index]["key"])
                assert self.focused()["id"] == options[picks[-1]]["id"]
                self.press_and_wait("Enter")
                return key
            if kind == "multiple":
                for index in sorted(picks):
                    self.tab_to_id(options[index]["id"])
                    keyboard.press("Space")
            else:
                # Tab enters the radio group on its first button; arrows move and check.
                self.tab_until("(e) => e.name === 'answer'")
                assert self.focused()["id"] == options[0]["id"]
                if picks[0] == 0:
                    keyboard.press("Space")
                for _ in range(picks[0]):
                    keyboard.press("ArrowDown")
            checked = self.page.evaluate(
                "() => [...document.querySelectorAll('input[name=answer]:checked')].map(i => i.id)"
            )
            assert checked == [options[i]["id"] for i in sorted(picks)]
            self.press_button("Submit answer")
        elif kind in ("short", "numeric"):
            self.tab_to_id("answer")
            keyboard.type(wanted)
            self.press_and_wait("Enter")  # implicit submission from a text field
        elif kind in ("matching", "ordering"):
            rows = self.page.evaluate(
                """() => [...document.querySelectorAll('fieldset.rows .row')].map(r => ({
                     id: r.querySelector('select').id, label: r.querySelector('label').innerText.trim()}))"""
            )
            assert sorted(r["label"] for r in rows) == sorted(wanted)
            for row in rows:
                self.choose_in_select(row["id"], wanted[row["label"]])
            self.press_button("Submit answer")
        else:  # cloze: blank 1 is a select, blank 2 is typed
            self.choose_in_select("answer-0", wanted[0])
            self.tab_to_id("answer-1")
            keyboard.type(wanted[1])
            self.press_and_wait("Enter")
        return key

    def choices(self) -> list[dict[str, str]]:
        """The radio buttons or checkboxes of the answer form, in order, with their label text."""
        return self.page.evaluate(
            """() => [...document.querySelectorAll('form.answer-form input[name=answer]')]
                 .filter(i => i.type === 'radio' || i.type === 'checkbox')
                 .map(i => ({id: i.id, type: i.type, key: i.dataset.key,
                   label: document.querySelector(`label[for="${i.id}"]`).innerText
                     .replace(/^\\s*\\d+\\s+/, '').replace(/\\s+/g, ' ').trim()}))"""
        )


@pytest.fixture
def new_student(browser: Any, live_server: str) -> Iterator[Any]:
    """Make students: each has its own browser context (cookies) and page; all are closed afterwards."""
    contexts = []

    def make(
        *,
        javascript: bool = True,
        color_scheme: str = "light",
        reduced_motion: str = "no-preference",
        viewport: dict[str, int] | None = None,
    ) -> Student:
        context = browser.new_context(
            java_script_enabled=javascript,
            color_scheme=color_scheme,
            reduced_motion=reduced_motion,
            viewport=viewport or DESKTOP,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return Student(context.new_page(), live_server)

    yield make
    for context in contexts:
        context.close()
