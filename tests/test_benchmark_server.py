"""The server benchmark's own logic: reading wrk's output and judging the goals (the runs themselves need wrk)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "benchmark_server.py"


@pytest.fixture(scope="module")
def bench():
    """The script as a module, loaded from its file (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("benchmark_server", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:41234/attempts/x/1
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.69ms    2.79ms  47.19ms   56.95%
  Latency Distribution
     50%   11.76ms
     75%   13.34ms
     90%   17.89ms
     99%   {p99}
  7561 requests in 5.00s, 2.88MB read
{extra}Requests/sec:   1512.21
Transfer/sec:    584.48KB
"""


@pytest.mark.parametrize(("p99", "expected_ms"), [("27.40ms", 27.4), ("1.20s", 1200.0), ("950.00us", 0.95)])
def test_wrk_output_gives_the_rate_and_p99_in_milliseconds(bench, p99, expected_ms):
    run = bench.parse_wrk(WRK_OUTPUT.format(p99=p99, extra=""))
    assert run.rate == pytest.approx(1512.21)
    assert run.p99 == pytest.approx(expected_ms)
    assert run.errors == 0 and run.acknowledged == 0


def test_error_responses_and_socket_errors_are_added_and_acknowledged_posts_read(bench):
    extra = "  Socket errors: connect 0, read 2, write 1, timeout 4\n  Non-2xx or 3xx responses: 5\nacknowledged 7000\n"
    run = bench.parse_wrk(WRK_OUTPUT.format(p99="30.00ms", extra=extra))
    assert run.errors == 5 + 2 + 1 + 4
    assert run.acknowledged == 7000


def runs(bench, rates: dict[str, float], p99s: dict[str, float], acknowledged: int = 100, errors: int = 0):
    """Three identical runs of every measurement."""
    made = {}
    for name in bench.PAGES + bench.POSTS:
        ack = acknowledged if name == "answer post" else 0
        made[name] = [bench.Run(rates[name], p99s[name], errors if name == "home page" else 0, ack)] * 3
    return made


BARE = {"bare page": 1000.0, "bare post": 1000.0}
FAST = {**BARE, "question page": 800.0, "home page": 750.0, "results page": 700.0, "answer post": 720.0}
LATENCY = {"bare page": 10.0, "bare post": 20.0, "question page": 14.0, "home page": 15.0, "results page": 15.0,
           "answer post": 29.0}  # fmt: skip


def verdicts(output: str) -> dict[str, str]:
    """Each "goal ...: met / NOT MET" line of the report, by its words."""
    lines = [line for line in output.splitlines() if line.startswith("goal ")]
    return {line.split(":")[0]: line.rsplit(":", 1)[1].strip() for line in lines}


def test_every_goal_met_is_reported_met_with_the_ratios(bench, capsys):
    bench.report(runs(bench, FAST, LATENCY), {"rows": 300, "distinct": 300}, 1000, "SQLite (WAL)")
    out = capsys.readouterr().out
    assert set(verdicts(out).values()) == {"met"}
    assert "0.80x" in out and "0.70x" in out and "1.45x" in out  # question page rate, results rate, answer p99


@pytest.mark.parametrize(
    ("change", "goal"),
    [
        ({"rates": {"results page": 690.0}}, "goal pages and answer post >= 0.7x bare"),
        ({"rates": {"answer post": 500.0}}, "goal pages and answer post >= 0.7x bare"),
        ({"p99s": {"home page": 15.1}}, "goal p99 <= 1.5x bare p99"),
        ({"errors": 1}, "goal no errors"),
        ({"stored": {"rows": 301, "distinct": 300}}, "goal every acknowledged answer stored once"),
        ({"stored": {"rows": 99, "distinct": 99}}, "goal every acknowledged answer stored once"),
    ],
)
def test_a_goal_missed_by_a_little_is_reported_not_met(bench, capsys, change, goal):
    rates, p99s = {**FAST, **change.get("rates", {})}, {**LATENCY, **change.get("p99s", {})}
    made = runs(bench, rates, p99s, errors=change.get("errors", 0))
    bench.report(made, change.get("stored", {"rows": 300, "distinct": 300}), 1000, "SQLite (WAL)")
    found = verdicts(capsys.readouterr().out)
    assert found[goal] == "NOT MET"
    assert [name for name, verdict in found.items() if verdict != "met"] == [goal]


def test_a_run_that_used_up_its_fresh_questions_is_reported(bench, capsys):
    # 3 runs with 1000 fresh questions in all: 334 acknowledged in one run means it went round its share again.
    bench.report(runs(bench, FAST, LATENCY, acknowledged=334), {"rows": 333 * 3, "distinct": 999}, 1000, "SQLite")
    out = capsys.readouterr().out
    assert "ran out" in out and "--max-answers" in out
    assert verdicts(out)["goal every acknowledged answer stored once"] == "NOT MET"
