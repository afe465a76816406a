"""XSS: hostile text in any field of a question file or a material page renders inert.

Every payload of tests/data/xss/payloads.yaml is put into every text field of one bank per file format (YAML,
GIFT with [markdown] and [html] text, Aiken, Moodle XML with HTML text) and of a material page. HTML text runs
to its end as a browser reads it (an unclosed <style> hides what follows), so there each payload has its own
question. A student then takes each quiz in practice mode, typing the payloads as
answers too; the question page, the feedback page, the results page and the listing pages are parsed as HTML and
must hold no script of their own, no on* attribute and no javascript:/data: URL. Each payload in each field is
preceded by its own marker word (field + payload number), so the test proves the field really was on the page it
checked and that no payload hid the ones after it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import pytest
import yaml

from quiz.bank import loader as bank_loader
from quiz.catalog import current_catalog
from support import make_app

DATA = Path(__file__).parent / "data"
PAYLOADS: list[str] = yaml.safe_load((DATA / "xss" / "payloads.yaml").read_text(encoding="utf-8"))

# Scripts, stylesheets and icons may come only from the app's own static folder.
STATIC = "/static/"
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "srcset",
    "ping",
    "cite",
    "longdesc",
    "manifest",
    # SVG animation can set an href: <animate attributeName="href" values="javascript:...">
    "values",
    "to",
    "from",
}
ACTIVE_ELEMENTS = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "foreignobject",
    "math",
    "style",
    "base",
    "template",
    "portal",
}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")


class ActiveContent(HTMLParser):
    """Collects everything in a page that a browser could run, or that could load something hostile."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)
        if tag == "script":
            self._in_script = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.found.append(f"inline script text {data.strip()[:60]!r}")
        self.text.append(data)

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...> event handler")
            if name in URL_ATTRIBUTES or (name == "content" and "url" in value.lower()):
                # Browsers ignore whitespace and control characters inside a scheme.
                squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
                if name == "content" and "url=" in squeezed:
                    squeezed = squeezed.split("url=", 1)[1]
                if squeezed.startswith(BAD_SCHEMES):
                    self.found.append(f"<{tag} {name}={value[:40]!r}> dangerous URL")
            if name == "style" and not re.fullmatch(r"\s*text-align\s*:\s*(left|right|center)\s*;?\s*", value):
                self.found.append(f"<{tag} style={value[:40]!r}> style attribute")
            if name == "srcdoc":
                self.found.append(f"<{tag} srcdoc> inline document")
        if tag == "script" and not values.get("src", "").startswith(STATIC):
            self.found.append(f"<script {values}> not one of our static scripts")
        if tag == "link" and not values.get("href", "").startswith(STATIC):
            self.found.append(f"<link {values}> not one of our static files")
        if tag == "meta" and "http-equiv" in values:
            self.found.append("<meta http-equiv> in a page")
        if tag in ACTIVE_ELEMENTS:
            self.found.append(f"<{tag}> element")
        if tag == "form" and not values.get("action", "").startswith("/"):
            self.found.append(f"<form action={values.get('action')!r}> leaves the site")


def scan(html: str) -> ActiveContent:
    parser = ActiveContent()
    parser.feed(html)
    parser.close()
    return parser


def assert_inert(html: str, where: str) -> str:
    """Fail with the list of active content found; return the page's visible text."""
    result = scan(html)
    assert not result.found, f"{where}: {result.found}"
    return " ".join("".join(result.text).split())


# --- the checker itself must catch what it is meant to catch ------------------------------------


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        '<script src="//evil.example/x.js"></script>',
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" JaVa\tScRiPt:alert(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
        '<img src="data:image/svg+xml;base64,AAAA">',
        "<svg><script>alert(1)</script></svg>",
        '<svg><a><animate attributeName="href" values="javascript:alert(1)"/></a></svg>',
        "<svg><foreignObject><p>x</p></foreignObject></svg>",
        '<link rel="stylesheet" href="//evil.example/x.css">',
        '<iframe srcdoc="x"></iframe>',
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        '<form action="javascript:alert(1)"></form>',
        '<div style="background:url(javascript:alert(1))"></div>',
    ],
)
def test_the_checker_finds_active_content(snippet: str) -> None:
    assert scan(f"<p>{snippet}</p>").found


def test_the_checker_accepts_the_page_skeleton() -> None:
    page = (
        '<link rel="stylesheet" href="/static/css/app.css"><script src="/static/js/quiz.js" defer></script>'
        '<svg viewBox="0 0 4 4"><rect width="4" height="4"/></svg>'
        '<a href="/material/x#y" rel="noopener">x</a><img src="https://example.org/a.png" alt="">'
        '<form method="post" action="/attempts/a/1"></form><td style="text-align:center">1</td>'
    )
    assert scan(page).found == []


# --- building a hostile bank ---------------------------------------------------------------------


def tagged(marker: str, number: int) -> str:
    """The word placed before payload `number` in a field whose marker is `marker`."""
    return f"{marker}p{number}x"


# Every payload, each in its own paragraph after its marker word.
ALL_PAYLOADS = "\n\n".join(f"{tagged('XSS', n)}\n\n{payload}" for n, payload in enumerate(PAYLOADS))
# What the learner types into a text answer: as many payloads as the field takes (ECHO types every one).
TYPED = " ".join(PAYLOADS)


def _hostile_bank() -> tuple[dict[str, Any], dict[str, str]]:
    """A bank with every question type and every payload in every text field.

    Returns the bank and the marker of each field; each payload in the field is preceded by
    `tagged(marker, n)`, so a test can tell that the field, and every payload in it, was rendered.
    """
    markers: dict[str, str] = {}

    def text(field: str) -> str:
        marker = "XSS" + re.sub(r"[^A-Za-z0-9]", "", field)
        markers[field] = marker
        return marker + "\n\n" + "\n\n".join(f"{tagged(marker, n)}\n\n{p}" for n, p in enumerate(PAYLOADS))

    def word(field: str) -> str:
        """A field that must stay short (the learner types it): its marker only."""
        markers[field] = "XSS" + re.sub(r"[^A-Za-z0-9]", "", field)
        return markers[field]

    def common(qid: str) -> dict[str, Any]:
        return {
            "id": qid,
            "title": text(f"{qid}.title"),
            "topic": text(f"{qid}.topic"),
            "tags": [text(f"{qid}.tag")],
            "source": ALL_PAYLOADS,
            "prompt": text(f"{qid}.prompt"),
            "explanation": text(f"{qid}.explanation"),
        }

    questions: list[dict[str, Any]] = [
        {**common("intro"), "type": "description"},
        {
            **common("single"),
            "type": "single",
            "choices": [
                {"text": text("single.choice1"), "correct": True, "feedback": text("single.feedback1")},
                {"text": text("single.choice2"), "feedback": text("single.feedback2")},
            ],
        },
        {
            **common("multiple"),
            "type": "multiple",
            "choices": [
                {"text": text("multiple.choice1"), "correct": True, "feedback": text("multiple.feedback1")},
                {"text": text("multiple.choice2"), "feedback": text("multiple.feedback2")},
                {"text": text("multiple.choice3"), "weight": -0.5, "feedback": text("multiple.feedback3")},
            ],
        },
        {
            **common("tftrue"),
            "type": "true_false",
            "answer": True,
            "true_feedback": text("tftrue.truefeedback"),
            "false_feedback": text("tftrue.falsefeedback"),
        },
        {
            **common("tffalse"),
            "type": "true_false",
            "answer": True,
            "true_feedback": text("tffalse.truefeedback"),
            "false_feedback": text("tffalse.falsefeedback"),
        },
        {
            **common("short"),
            "type": "short",
            "answers": [
                text("short.answer1"),
                {"text": word("short.answer2"), "credit": 0.5, "feedback": text("short.feedback2")},
            ],
        },
        {
            **common("typed"),
            "type": "short",
            "answers": [{"text": re.escape(text("typed.regex")), "regex": True, "feedback": text("typed.feedback")}],
        },
        {
            **common("numeric"),
            "type": "numeric",
            "value": 1,
            "feedback": text("numeric.feedback"),
            "alternatives": [{"value": 2, "credit": 0.5, "feedback": text("numeric.altfeedback")}],
        },
        {
            **common("matching"),
            "type": "matching",
            "pairs": [
                [text("matching.left1"), text("matching.right1")],
                [text("matching.left2"), text("matching.right2")],
            ],
            "distractors": [text("matching.distractor")],
        },
        {
            **common("ordering"),
            "type": "ordering",
            "items": [text("ordering.item1"), text("ordering.item2"), text("ordering.item3")],
        },
        {
            **common("cloze"),
            "type": "cloze",
            "prompt": text("cloze.prompt") + "\n\nFill {{1}} and {{2}}.\n\n" + ALL_PAYLOADS,
            "blanks": [
                {
                    "answers": [{"text": text("cloze.choice1"), "feedback": text("cloze.feedback1")}],
                    "choices": [text("cloze.choice1"), text("cloze.choice2")],
                },
                {"answers": [{"text": text("cloze.answer2"), "feedback": text("cloze.feedback2")}]},
            ],
        },
        {
            # The learner types every payload, one per blank; the feedback page shows each back.
            **common("echo"),
            "type": "cloze",
            "prompt": text("echo.prompt") + "\n\n" + " ".join(f"{{{{{n + 1}}}}}" for n in range(len(PAYLOADS))),
            "blanks": [{"answers": [tagged("XSSechokey", n)]} for n in range(len(PAYLOADS))],
        },
    ]
    bank = {
        "title": text("bank.title"),
        "description": text("bank.description"),
        "topic": text("bank.topic"),
        "tags": [text("bank.tag")],
        "questions": questions,
    }
    return bank, markers


# Where each marker must show up (field -> pages). Fields not listed (tags, the explanation of an
# information page, answers the learner did not give) carry the payload but are not shown.
def _expected_pages(markers: dict[str, str]) -> dict[str, set[str]]:
    scored = [
        *("single", "multiple", "tftrue", "tffalse", "short", "typed", "numeric", "matching", "ordering", "cloze"),
        "echo",
    ]
    expected: dict[str, set[str]] = {
        "bank.title": {"index", "bank", "question", "feedback", "results"},
        "bank.description": {"index", "bank"},
        "intro.prompt": {"question", "results"},
        "intro.title": {"question", "results"},
        "intro.topic": {"question"},
        "single.choice1": {"question", "feedback", "results"},
        "single.choice2": {"question", "feedback", "results"},
        "multiple.choice1": {"question", "feedback", "results"},
        "multiple.choice2": {"question", "feedback", "results"},
        "multiple.choice3": {"question", "feedback", "results"},
        "tftrue.truefeedback": {"feedback", "results"},
        "tffalse.falsefeedback": {"feedback", "results"},
        "short.answer1": {"feedback", "results"},
        "short.feedback2": {"feedback", "results"},
        "typed.regex": {"feedback", "results"},
        "numeric.feedback": {"feedback", "results"},
        "matching.left1": {"question", "feedback", "results"},
        "matching.left2": {"question", "feedback", "results"},
        "matching.right1": {"question", "feedback", "results"},
        "matching.right2": {"question", "feedback", "results"},
        "matching.distractor": {"question"},
        "ordering.item1": {"question", "feedback", "results"},
        "ordering.item2": {"question", "feedback", "results"},
        "ordering.item3": {"question", "feedback", "results"},
        "cloze.prompt": {"question", "feedback", "results"},
        "cloze.choice1": {"question", "feedback", "results"},
        "cloze.choice2": {"question"},
        "cloze.answer2": {"feedback", "results"},
        "cloze.feedback1": {"feedback", "results"},
    }
    for qid in scored:
        expected[f"{qid}.prompt"] = {"question", "feedback", "results"}
        expected[f"{qid}.title"] = {"question", "feedback", "results"}
        expected[f"{qid}.topic"] = {"question", "feedback", "results"}
        expected[f"{qid}.explanation"] = {"feedback", "results"}
    assert set(expected) <= set(markers), set(expected) - set(markers)
    return expected


# The learner's own typed answers are hostile too: they are shown back on the feedback page.
LEARNER = "XSSlearner"


class Inputs(HTMLParser):
    """The answer inputs of a question page: choice values, and each select's options with their text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.choices: list[str] = []
        self.multiple = False
        self.texts: dict[str, str] = {}  # text input name -> its inputmode
        self.selects: dict[str, list[tuple[str, str]]] = {}
        self._select = ""
        self._option: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "input" and values.get("type") in ("radio", "checkbox"):
            self.choices.append(values["value"])
            self.multiple = self.multiple or values["type"] == "checkbox"
        elif tag == "input" and values.get("type") == "text":
            self.texts[values["name"]] = values.get("inputmode", "")
        elif tag == "select":
            self._select = values["name"]
            self.selects[self._select] = []
        elif tag == "option" and values.get("value"):
            self._option = [values["value"], ""]

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._option is not None:
            self.selects[self._select].append((self._option[0], self._option[1]))
            self._option = None


def _answer(html: str, qid: str, markers: dict[str, str]) -> dict[str, Any]:
    """Form data answering one hostile question; picks answers that reveal their feedback."""
    form = Inputs()
    form.feed(html)
    if qid in ("single", "multiple"):
        values = form.choices
        # Single: a choice with feedback; multiple: every choice, so every feedback is shown.
        return {"answer": values if qid == "multiple" else values[0]}
    if qid == "tftrue":
        return {"answer": "true"}
    if qid == "tffalse":
        return {"answer": "false"}
    if qid == "short":
        return {"answer": markers["short.answer2"]}
    if qid == "typed":
        return {"answer": f"{LEARNER} {TYPED}"[:300]}
    if qid == "numeric":
        return {"answer": "1"}
    if qid in ("matching", "ordering"):
        return {name: options[n % len(options)][0] for n, (name, options) in enumerate(form.selects.items())}
    if qid == "cloze":
        ((select_name, options),) = form.selects.items()
        right = next(value for value, label in options if markers["cloze.choice1"] in label)
        return {select_name: right, "answer-1": f"{LEARNER} {TYPED}"[:200]}
    if qid == "echo":
        return {f"answer-{n}": f"{tagged(LEARNER, n)} {payload}" for n, payload in enumerate(PAYLOADS)}
    raise AssertionError(qid)


def _write_material(folder: Path) -> None:
    material = folder / "material"
    material.mkdir()
    body = "\n\n".join(f"## Section {n} XSSmaterial{n}\n\n{payload}" for n, payload in enumerate(PAYLOADS))
    (material / "hostile.md").write_text("# Hostile XSSmaterialtitle\n\n" + body + "\n", encoding="utf-8")


def _broken_bank() -> str:
    """A file that fails validation with a payload in every value it quotes back."""
    broken = {
        "title": "Broken",
        "questions": [
            {"id": f"q{n}", "type": payload, "prompt": "p", "explanation": "e", payload: payload}
            for n, payload in enumerate(PAYLOADS)
        ],
    }
    return yaml.safe_dump(broken, allow_unicode=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One app serving the hostile banks (one file per format), material and a broken file.

    Shared by the tests of this module: building an app compiles every template again, which would
    cost more than the pages themselves.
    """
    root = tmp_path_factory.mktemp("xss")
    folder = root / "questions"
    folder.mkdir()
    bank, _ = _hostile_bank()
    (folder / "yaml-all.yaml").write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), "utf-8")
    for suffix, (build, _expected) in OTHER_FORMATS.items():
        (folder / f"{suffix[1:]}-all{suffix}").write_text(build(), encoding="utf-8")
    (folder / "broken.yaml").write_text(_broken_bank(), encoding="utf-8")
    _write_material(folder)
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{root / 'quiz.sqlite3'}",
        "QUESTIONS_DIR": str(folder),
        "WTF_CSRF_ENABLED": False,
        "CATALOG_RELOAD_SECONDS": 3600,  # nothing changes while these tests run
    }
    with make_app(config) as app:
        yield app


def assert_loaded(app, bank_id: str) -> None:
    catalog = current_catalog(app)
    problems = [str(p) for p in catalog.errors if f"/{bank_id}." in p.path]
    assert catalog.bank(bank_id) is not None, problems  # or nothing would be tested


def _take_quiz(client, bank_id: str, answer: Callable[[str, str], dict[str, Any] | None]) -> dict[str, list[str]]:
    """Take the whole quiz as a student; return the visible text of every page, by kind of page.

    `answer(html, text)` gives the form data for a question page, or None for an information page.
    """
    seen: dict[str, list[str]] = {"bank": [], "question": [], "feedback": [], "results": [], "history": []}

    def visit(kind: str, url: str) -> str:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        html = response.get_data(as_text=True)
        seen[kind].append(assert_inert(html, f"{kind} page {url}"))
        return html

    visit("bank", f"/banks/{bank_id}")
    started = client.post(f"/banks/{bank_id}", data={"count": "all", "mode": "practice"})
    assert started.status_code == 303, started.get_data(as_text=True)
    attempt = started.headers["Location"].split("/")[2]
    position = 1
    while True:
        url = f"/attempts/{attempt}/{position}"
        response = client.get(url)
        if response.status_code == 404:
            break
        html = response.get_data(as_text=True)
        text = assert_inert(html, f"question page {url}")
        seen["question"].append(text)
        data = answer(html, text)
        if data is not None:
            posted = client.post(url, data=data)
            assert posted.status_code == 303, (url, posted.status_code, posted.get_data(as_text=True)[-800:])
            visit("feedback", posted.headers["Location"])
        position += 1
    finished = client.post(f"/attempts/{attempt}/finish", data={})
    assert finished.status_code == 303
    visit("results", f"/attempts/{attempt}")
    visit("history", "/history")
    return seen


def shown_everywhere(seen: dict[str, list[str]], page: str, marker: str) -> None:
    """Every payload's tag of `marker` is on some page of kind `page` (so no payload hid the ones after it)."""
    missing = [n for n in range(len(PAYLOADS)) if not any(tagged(marker, n) in text for text in seen[page])]
    assert not missing, f"{marker} was not shown on the {page} page with payloads {missing}"


def test_hostile_yaml_bank_renders_inert_on_every_page(site) -> None:
    _, markers = _hostile_bank()
    assert_loaded(site, "yaml-all")

    def answer(html: str, text: str) -> dict[str, Any] | None:
        prompts = [q for q in markers if q.endswith(".prompt") and not q.startswith("bank") and markers[q] in text]
        assert prompts, "no prompt marker on a question page"
        qid = prompts[0].split(".")[0]
        return None if qid == "intro" else _answer(html, qid, markers)

    seen = _take_quiz(site.test_client(), "yaml-all", answer)
    for field, pages in _expected_pages(markers).items():
        for page in pages - {"index"}:
            shown_everywhere(seen, page, markers[field])
    shown_everywhere(seen, "history", markers["bank.title"])
    # The learner's hostile answers were shown back too, every one of them.
    shown_everywhere(seen, "feedback", LEARNER)


def test_the_home_page_lists_every_hostile_bank_inert(site) -> None:
    response = site.test_client().get("/")
    assert response.status_code == 200
    text = assert_inert(response.get_data(as_text=True), "home page")
    banks = current_catalog(site).banks
    assert len(banks) == 1 + len(OTHER_FORMATS)
    for marker in ("XSSbanktitle", "XSSbankdescription"):
        shown_everywhere({"home": [text]}, "home", marker)
    # A GIFT bank's title is the first part of its $CATEGORY path, cut at the first "/" (payloads hold many).
    assert "XSSgiftcategory" in text


def test_hostile_material_page_renders_inert(site) -> None:
    client = site.test_client()
    listing = client.get("/material/")
    assert listing.status_code == 200
    assert "XSSmaterialtitle" in assert_inert(listing.get_data(as_text=True), "material index")
    page = client.get("/material/hostile")
    assert page.status_code == 200
    text = assert_inert(page.get_data(as_text=True), "material page")
    for n in range(len(PAYLOADS)):
        assert f"XSSmaterial{n}" in text


def test_hostile_values_in_a_broken_file_are_inert_on_the_problems_page(site) -> None:
    # Validation messages quote the offending values; the problems page must show them as text.
    page = site.test_client().get("/problems")
    assert page.status_code == 200
    text = assert_inert(page.get_data(as_text=True), "problems page")
    assert "questions/broken.yaml:" in text
    assert "<script>alert(1)</script>" in text  # shown, as text


# --- other question-file formats -----------------------------------------------------------------


def _any_answer(html: str) -> dict[str, Any] | None:
    """Valid form data for whatever question a page shows (None for an information page)."""
    form = Inputs()
    form.feed(html)
    data: dict[str, Any] = {}
    if form.choices:
        data["answer"] = form.choices if form.multiple else form.choices[0]
    for n, (name, options) in enumerate(form.selects.items()):
        data[name] = options[n % len(options)][0]  # distinct positions, for ordering questions
    for name, mode in form.texts.items():
        data[name] = "1" if mode == "decimal" else f"{LEARNER} {TYPED}"[:200]
    return data or None


def gift_escape(text: str) -> str:
    """Text as a GIFT file writes it: the special characters and line breaks escaped."""
    for char in "\\~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n")


def _hostile_gift() -> str:
    def e(marker: str) -> str:
        """The marker, then every payload with its tag, escaped as a GIFT file writes it."""
        return marker + " " + gift_escape("\n\n".join(f"{tagged(marker, n)}\n\n{p}" for n, p in enumerate(PAYLOADS)))

    # "XSSgiftend" closes the last payload (a table) before the blank: on the table's last row, the blank and the
    # text after it would be a cell too many, which Markdown drops.
    return f"""$CATEGORY: {e("XSSgiftcategory")}

// [id:single] [tag:{e("XSSgifttag")}]
::{e("XSSgifttitle")}::[markdown]{e("XSSgiftprompt")}{{
=[markdown]{e("XSSgiftright")}#[markdown]{e("XSSgiftrightfeedback")}
~[markdown]{e("XSSgiftwrong")}#[markdown]{e("XSSgiftwrongfeedback")}
####[markdown]{e("XSSgiftgeneral")}
}}

::XSSgiftmulti::[markdown]{e("XSSgiftmultiprompt")}{{
~%50%{e("XSSgiftmultia")}#{e("XSSgiftmultiafeedback")}
~%50%{e("XSSgiftmultib")}
~%-100%{e("XSSgiftmultic")}
}}

::XSSgifttf::{e("XSSgifttfprompt")}{{T#{e("XSSgifttfwrong")}#{e("XSSgifttfright")}####{e("XSSgifttfgeneral")}}}

::XSSgiftshort::{e("XSSgiftshortprompt")}{{={e("XSSgiftshortanswer")}#{e("XSSgiftshortfeedback")}}}

::XSSgiftnumeric::{e("XSSgiftnumericprompt")}{{#1#{e("XSSgiftnumericfeedback")}}}

::XSSgiftmatch::{e("XSSgiftmatchprompt")}{{
={e("XSSgiftleft1")} -> {e("XSSgiftright1")}
={e("XSSgiftleft2")} -> {e("XSSgiftright2")}
####{e("XSSgiftmatchgeneral")}
}}

::XSSgiftmissing::{e("XSSgiftbefore")}\\n\\nXSSgiftend {{=XSSgiftblank ~XSSgiftother}} {e("XSSgiftafter")}

::XSSgiftdescription::[markdown]{e("XSSgiftdescription")}

{_html_gift_questions()}
"""


def _html_gift_questions() -> str:
    """One [html] question per payload: an HTML text runs to its end, so one payload never hides another."""

    def e(marker: str, n: int) -> str:
        return f"{tagged(marker, n)} " + gift_escape(PAYLOADS[n])

    return "\n\n".join(
        f"::XSSgifthtml{n}::[html]{e('XSSgifthtmlprompt', n)}{{=[html]{e('XSSgifthtmlright', n)}"
        f"#{e('XSSgifthtmlfeedback', n)} ~{e('XSSgifthtmlwrong', n)}####{e('XSSgifthtmlgeneral', n)}}}"
        for n in range(len(PAYLOADS))
    )


def _hostile_moodle_xml() -> str:
    """A Moodle XML bank: every payload in every HTML text (one question per payload), names and categories."""

    def e(marker: str, n: int) -> str:
        return xml_escape(f"{tagged(marker, n)} {PAYLOADS[n]}")

    every = xml_escape(" ".join(f"{tagged('XSSxmlcategory', n)} {p}" for n, p in enumerate(PAYLOADS)))
    questions = [f'<question type="category"><category><text>$course$/top/{every}</text></category></question>']
    for n in range(len(PAYLOADS)):
        questions.append(
            f'<question type="multichoice"><name><text>{e("XSSxmltitle", n)}</text></name>'
            f'<questiontext format="html"><text>{e("XSSxmlprompt", n)}</text></questiontext>'
            f'<generalfeedback format="html"><text>{e("XSSxmlgeneral", n)}</text></generalfeedback>'
            f'<single>true</single><answer fraction="100" format="html"><text>{e("XSSxmlright", n)}</text>'
            f'<feedback format="html"><text>{e("XSSxmlfeedback", n)}</text></feedback></answer>'
            f'<answer fraction="0" format="plain_text"><text>{e("XSSxmlwrong", n)}</text></answer></question>'
        )
    questions.append(
        '<question type="numerical"><name><text>XSSxmlnumeric</text></name><questiontext format="html">'
        f"<text>{e('XSSxmlnumericprompt', 0)}</text></questiontext><generalfeedback><text>g</text></generalfeedback>"
        '<answer fraction="100"><text>12345</text><tolerance>0</tolerance></answer>'
        f'<answer fraction="0"><text>*</text><feedback format="html"><text>{e("XSSxmlother", 0)}'
        "</text></feedback></answer></question>"
    )
    return '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n' + "\n".join(questions) + "\n</quiz>\n"


def _hostile_aiken() -> str:
    def line(marker: str) -> str:
        """The marker, then every payload with its tag, on one line (Aiken has one line per field)."""
        return marker + " " + " ".join(f"{tagged(marker, n)} {' '.join(p.split())}" for n, p in enumerate(PAYLOADS))

    return f"{line('XSSaikenprompt')}\nA. {line('XSSaikenright')}\nB) {line('XSSaikenwrong')}\nANSWER: A\n"


OTHER_FORMATS = {
    ".gift": (
        _hostile_gift,
        {
            "question": [
                "XSSgifttitle",
                "XSSgiftprompt",
                "XSSgiftright",
                "XSSgiftwrong",
                "XSSgiftmultia",
                "XSSgiftleft1",
                "XSSgiftright2",
                "XSSgiftbefore",
                "XSSgiftdescription",
                "XSSgifthtmlprompt",
                "XSSgifthtmlright",
                "XSSgifthtmlwrong",
            ],
            "feedback": [
                "XSSgiftgeneral",
                "XSSgifttfgeneral",
                "XSSgiftshortanswer",
                "XSSgiftmatchgeneral",
                "XSSgiftmultiafeedback",
                "XSSgiftnumericfeedback",
                "XSSgifthtmlgeneral",
                LEARNER,
            ],
            "results": ["XSSgiftprompt", "XSSgiftgeneral", "XSSgiftleft2", "XSSgiftafter"],
        },
    ),
    ".xml": (
        _hostile_moodle_xml,
        {
            "question": ["XSSxmltitle", "XSSxmlprompt", "XSSxmlright", "XSSxmlwrong"],
            "feedback": ["XSSxmlgeneral"],
            "results": ["XSSxmlprompt", "XSSxmlgeneral"],
        },
    ),
    ".aiken": (
        _hostile_aiken,
        {
            "question": ["XSSaikenprompt", "XSSaikenright", "XSSaikenwrong"],
            "feedback": ["XSSaikenright"],
            "results": ["XSSaikenprompt", "XSSaikenwrong"],
        },
    ),
}


@pytest.mark.parametrize("suffix", sorted(OTHER_FORMATS))
def test_hostile_banks_in_other_formats_render_inert(site, suffix: str) -> None:
    if suffix not in bank_loader.PARSERS:
        pytest.fail(f"no parser for {suffix} files is registered any more; update OTHER_FORMATS")
    bank_id = f"{suffix[1:]}-all"
    assert_loaded(site, bank_id)
    seen = _take_quiz(site.test_client(), bank_id, lambda html, _text: _any_answer(html))
    _build, expected = OTHER_FORMATS[suffix]
    for page, markers in expected.items():
        for marker in markers:
            if marker == LEARNER:  # typed by the student: as many payloads as a text answer takes
                assert any(LEARNER in text for text in seen[page]), f"the typed answer was not shown on the {page} page"
            else:
                shown_everywhere(seen, page, marker)


def test_every_file_format_is_covered_by_the_xss_corpus() -> None:
    # When a parser for another format is added, add a hostile bank of that format to OTHER_FORMATS.
    others = {suffix for suffix in bank_loader.PARSERS if suffix not in (".yaml", ".yml")}
    assert others <= set(OTHER_FORMATS), f"no XSS test for question files ending in {others - set(OTHER_FORMATS)}"
