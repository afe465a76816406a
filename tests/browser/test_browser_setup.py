"""Without Chromium the browser tests are skipped with a hint on how to install it; with QUIZ_REQUIRE_BROWSER=1
(as in CI) a missing browser fails the run instead. Checked by running one browser test in a child pytest."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
A_BROWSER_TEST = "tests/browser/test_accessibility.py::test_colour_scheme_follows_the_system_setting"


pytestmark = pytest.mark.slow  # each test runs pytest in a child process


def run_without_chromium(report: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run A_BROWSER_TEST with Chromium pointed at a missing file; the outcome of each test goes to `report`."""
    environment = {k: v for k, v in os.environ.items() if k not in ("QUIZ_REQUIRE_BROWSER", "PYTEST_ADDOPTS")}
    environment.update(CHROMIUM_PATH=str(ROOT / "no-such-dir" / "chromium"), **env)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            "-rsE",
            f"--junitxml={report}",
            A_BROWSER_TEST,
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def outcomes(report: Path) -> list[str]:
    """The outcome of every test in a JUnit report: passed, skipped, error or failure."""
    cases = ElementTree.parse(report).getroot().iter("testcase")
    return [
        next((child.tag for child in case if child.tag in ("skipped", "error", "failure")), "passed") for case in cases
    ]


def test_a_missing_browser_skips_the_browser_tests_and_says_how_to_install_it(tmp_path):
    result = run_without_chromium(tmp_path / "report.xml", QUIZ_REQUIRE_BROWSER="0")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    found = outcomes(tmp_path / "report.xml")
    assert found and set(found) == {"skipped"}, output
    assert "apt-get install chromium" in output
    assert "no-such-dir/chromium" in output


def test_a_missing_browser_fails_when_the_browser_is_required(tmp_path):
    result = run_without_chromium(tmp_path / "report.xml", QUIZ_REQUIRE_BROWSER="1")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    found = outcomes(tmp_path / "report.xml")
    assert found and set(found) == {"error"}, output
    assert "QUIZ_REQUIRE_BROWSER=1" in output
    assert "apt-get install chromium" in output
