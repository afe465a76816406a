"""Without Chromium the browser tests are skipped with a hint on how to install it; with QUIZ_REQUIRE_BROWSER=1
(as in CI) a missing browser fails the run instead. Checked by running one browser test in a child pytest."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
A_BROWSER_TEST = "tests/browser/test_accessibility.py::test_colour_scheme_follows_the_system_setting"


def run_without_chromium(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("QUIZ_REQUIRE_BROWSER", "PYTEST_ADDOPTS")}
    environment.update(CHROMIUM_PATH=str(ROOT / "no-such-dir" / "chromium"), **env)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rsE", A_BROWSER_TEST],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_missing_browser_skips_the_browser_tests_and_says_how_to_install_it():
    result = run_without_chromium(QUIZ_REQUIRE_BROWSER="0")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "2 skipped" in output
    assert "apt-get install chromium" in output
    assert "no-such-dir/chromium" in output


def test_a_missing_browser_fails_when_the_browser_is_required():
    result = run_without_chromium(QUIZ_REQUIRE_BROWSER="1")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "2 errors" in output
    assert "skipped" not in output
    assert "QUIZ_REQUIRE_BROWSER=1" in output
    assert "apt-get install chromium" in output
