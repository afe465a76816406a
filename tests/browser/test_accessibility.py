"""Accessibility in a real browser: axe-core on every page of a full attempt, in both colour schemes,
at phone and desktop widths; plus what axe cannot see (focus ring, reduced motion, page width)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.base import AXE_SCRIPT

pytestmark = pytest.mark.browser

SCHEMES = ("light", "dark")
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
# Every rule axe-core runs by default (WCAG 2.0/2.1 A and AA, plus best practices) runs once in each scheme
# and once at each width; the colour rules, the only ones a colour scheme changes, run in all four.
ALL_RULES: dict[str, Any] = {}
COLOUR_RULES = {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}}
COMBINATIONS = (
    ("light", "desktop", DESKTOP, ALL_RULES),
    ("light", "phone", PHONE, COLOUR_RULES),
    ("dark", "phone", PHONE, ALL_RULES),
    ("dark", "desktop", DESKTOP, COLOUR_RULES),
)
RUN_AXE = """async (options) => {
  const result = await axe.run(document, Object.assign({resultTypes: ['violations']}, options));
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' '))
  }));
}"""
SETTLED = "() => Promise.all(document.getAnimations().map(a => a.finished))"
# What axe does not check: exactly one h1, the landmarks, and every radio button or checkbox in a fieldset
# with a legend (so a screen reader announces the question with the choices).
STRUCTURE = """() => {
  const problems = [];
  const h1 = document.querySelectorAll('h1').length;
  if (h1 !== 1) problems.push(`${h1} h1 elements`);
  for (const [selector, name] of [['body > header', 'banner'], ['main', 'main'], ['body > footer', 'contentinfo'],
                                  ['nav[aria-label], nav[aria-labelledby]', 'labelled navigation']]) {
    if (!document.querySelector(selector)) problems.push(`no ${name} landmark`);
  }
  for (const input of document.querySelectorAll('input[type=radio], input[type=checkbox]')) {
    const group = input.closest('fieldset');
    if (!group || !group.querySelector(':scope > legend')) problems.push(`${input.id} has no fieldset and legend`);
  }
  return problems;
}"""
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def audit(page: Any, name: str) -> list[str]:
    """Run axe on the current page in both schemes at both widths; return the problems found, as readable lines."""
    problems = [f"{name}: {problem}" for problem in page.evaluate(STRUCTURE)]
    for scheme, width_name, size, options in COMBINATIONS:
        page.emulate_media(color_scheme=scheme)
        page.set_viewport_size(size)
        # Colours transition when the scheme changes: measure them once they have settled.
        page.evaluate(SETTLED)
        where = f"{name} [{scheme}, {width_name}]"
        for violation in page.evaluate(RUN_AXE, options):
            problems.append(f"{where}: {violation['id']} ({violation['impact']}): {violation['help']}")
            problems.extend(f"    {node}" for node in violation["nodes"][:5])
        overflow = page.evaluate(OVERFLOW)
        if overflow > 0:
            problems.append(f"{where}: the page is {overflow}px wider than the screen")
    return problems


def test_every_page_of_a_full_attempt_passes_axe_in_both_schemes_at_phone_and_desktop_width(new_student):
    # Reduced motion: colours change at once when the scheme switches (the settled colours are the same).
    student = new_student(reduced_motion="reduce")
    page = student.page
    # axe-core in every page before it loads (cheaper than injecting it each time; not subject to the CSP).
    page.context.add_init_script(AXE_SCRIPT)
    problems: list[str] = []

    def check(name: str) -> None:
        problems.extend(audit(page, name))

    for path, name in [
        ("/", "index (no attempts yet)"),
        ("/material/", "material index"),
        ("/material/checkpoint-inhibitors", "material page"),
        ("/problems", "problems page"),
        ("/no-such-page", "404 page"),
        ("/review", "review page (nothing answered yet)"),
        ("/progress", "progress page (no answers yet)"),
        ("/banks/every-type", "bank page"),
    ]:
        student.open(path)
        check(name)
    assert student.heading() == "Every type"

    student.choose_in_select("count", "All 8 questions")
    student.press_button("Start the quiz")
    for number in range(1, 9):
        assert student.heading() == f"Question {number} of 8"
        kind = student.plan[student.question_key()][0]
        check(f"question {number} ({kind}), before answering")
        if number == 1:
            student.press_button("Submit answer")  # nothing chosen: the error state
            check(f"question {number} ({kind}), answer rejected")
        student.answer(True)
        check(f"question {number} ({kind}), feedback")
        if number < 8:
            student.tab_to_id("next-link")
            student.press_and_wait("Enter")
    attempt = re.search(r"/attempts/([^/]+)/", page.url).group(1)
    student.open(f"/attempts/{attempt}/finish")
    check("finish page")
    student.press_button("Finish and see results")
    assert student.heading() == "Your results"
    check("results page")
    student.open("/history")
    check("history page")
    student.open("/review")
    check("review page (questions coming due)")
    student.open("/progress")
    check("progress page (with answers and chart)")
    student.open("/")
    check("index (with recent attempts)")

    assert not problems, "\n".join(problems)
    assert student.console_errors == [], "console errors (a CSP violation shows up here)"


def test_every_focusable_element_shows_a_visible_focus_ring(new_student):
    """Tab through the bank page and a question: each focused element has a solid outline of at least 2px."""
    student = new_student()
    page = student.page
    # The first Tab reaches the skip link, which takes focus past the site navigation.
    student.open("/")
    page.keyboard.press("Tab")
    assert student.focused()["text"] == "Skip to content"
    page.keyboard.press("Enter")
    assert student.focused()["id"] == "main"
    missing = []
    for path in ["/banks/every-type", "/"]:
        student.open(path)
        seen = 0
        while seen < 25:
            page.keyboard.press("Tab")
            ring = page.evaluate(
                """() => { const e = document.activeElement; if (!e || e === document.body) return null;
                   const s = getComputedStyle(e);
                   return {what: e.outerHTML.slice(0, 80), style: s.outlineStyle,
                           width: parseFloat(s.outlineWidth)}; }"""
            )
            if ring is None:
                break
            seen += 1
            if ring["style"] in ("none", "hidden") or ring["width"] < 2:
                missing.append(f"{path}: {ring['what']}")
        assert seen >= 5, f"too few focusable elements on {path}"
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_animations_follow_prefers_reduced_motion(new_student, motion):
    student = new_student()
    page = student.page
    page.emulate_media(reduced_motion=motion)
    student.open("/banks/every-type")
    durations = page.evaluate(
        """() => [...document.querySelectorAll('.choice, a, button')].map(e => getComputedStyle(e))
                 .flatMap(s => [s.transitionDuration, s.animationDuration])
                 .flatMap(d => d.split(',')).map(d => parseFloat(d))"""
    )
    smooth = page.evaluate("() => getComputedStyle(document.documentElement).scrollBehavior")
    if motion == "reduce":
        assert max(durations) <= 0.001 and smooth == "auto"
    else:
        assert max(durations) > 0 and smooth == "smooth"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_colour_scheme_follows_the_system_setting(new_student, scheme):
    student = new_student(color_scheme=scheme)
    student.open("/")
    background, text = student.page.evaluate(
        "() => [getComputedStyle(document.documentElement).backgroundColor, getComputedStyle(document.body).color]"
    )

    def lightness(colour: str) -> float:
        return sum(float(c) for c in re.findall(r"[\d.]+", colour)[:3]) / 3

    assert (lightness(background) > 128) == (scheme == "light"), background
    assert (lightness(text) > 128) == (scheme == "dark"), text
