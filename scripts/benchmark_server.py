"""ImmunoQuiz against the bare stack, side by side on real servers: the one place performance claims come from.

    python scripts/benchmark_server.py [--seconds 5] [--repeats 3] [--workers 2] [--postgres | --database-url URL]

Starts the bare skeleton (scripts/bare_skeleton: Flask + Flask-SQLAlchemy + Flask-WTF, a page of ten four-choice
questions with a CSRF token, and a POST that is one INSERT and a commit) and ImmunoQuiz (the shipped banks plus a
ten-question drill), both on gunicorn with 2 sync workers. wrk (2 threads, 32 connections, 127.0.0.1 only, each run
bounded in time) loads them in alternation, the order reversed every other round, and the rounds are repeated.
Prints the median requests/s and p99 of each, the ratios to the bare stack, error counts, the answers stored exactly
once, and each goal of issue 14 as met or not met. Numbers are ratios measured in one run, so a busy machine slows
both sides alike. Needs gunicorn and wrk (`apt-get install wrk`); `--postgres` starts a throwaway PostgreSQL cluster
(Debian packages), `--database-url` uses a given one (both apps write their own tables into it).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = ROOT / "scripts" / "bare_skeleton"
THREADS, CONNECTIONS, WORKERS = 2, 32, 2
SECRET = "benchmark-server-secret-key-0123456789-abcdefghij"
DRILL_SIZE = 10
PAGE_GOAL, P99_GOAL = 0.7, 1.5
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


# ---- inside a child process that imports the app (PYTHONPATH=ROOT): prepare the data, count the answers ----


def _session_cookie(app, token: str) -> tuple[str, str]:
    """A signed session cookie for learner `token`, and the CSRF form token that goes with it."""
    from flask import session
    from flask_wtf.csrf import generate_csrf

    with app.test_request_context("/"):
        session["learner"] = token
        form_token = generate_csrf()
        cookie = app.session_interface.get_signing_serializer(app).dumps(dict(session))
    return f"{app.config['SESSION_COOKIE_NAME']}={cookie}", form_token


def prepare(answer_attempts: int) -> dict:
    """Migrate, then make a reader's attempts (open, finished) and `answer_attempts` open exam attempts to answer."""
    from flask_migrate import upgrade

    from quiz import create_app
    from quiz.catalog import current_catalog
    from quiz.services import answering, attempts

    app = create_app()
    with app.app_context():
        upgrade()
        drill = current_catalog().bank("drill")
        reader, answerer = attempts.new_learner_token(), attempts.new_learner_token()
        finished = attempts.start_attempt(reader, drill, None, "exam")
        for position in range(1, DRILL_SIZE + 1):
            answering.record_answer(reader, finished, position, position % 4)
        attempts.finish_attempt(reader, finished)
        reading = attempts.start_attempt(reader, drill, None, "practice")
        answering = [attempts.start_attempt(answerer, drill, None, "exam") for _ in range(answer_attempts)]
    return {
        "reader": _session_cookie(app, reader),
        "answerer": _session_cookie(app, answerer),
        "question": f"/attempts/{reading}/1",
        "results": f"/attempts/{finished}",
        "answers": [f"/attempts/{a}/{n}" for a in answering for n in range(1, DRILL_SIZE + 1)],
        "answerer_token": answerer,
    }


def count_answers(token: str) -> dict:
    """The answers stored for the answering learner: rows, and distinct (attempt, position) pairs."""
    from sqlalchemy import distinct, func, select

    from quiz import create_app
    from quiz.extensions import db
    from quiz.models import Attempt, Learner, Response

    with create_app().app_context():
        pair = Response.attempt_id * 1000 + Response.position  # positions stay below 1000
        query = (
            select(func.count(), func.count(distinct(pair)))
            .join(Attempt, Attempt.id == Response.attempt_id)
            .join(Learner, Learner.id == Attempt.learner_id)
            .where(Learner.token == token)
        )
        rows, distinct_pairs = db.session.execute(query).one()
    return {"rows": rows, "distinct": distinct_pairs}


# ---- the measuring process ----


@dataclass
class Run:
    """One wrk run: requests per second, p99 in ms, error responses and socket errors, acknowledged posts."""

    rate: float
    p99: float
    errors: int
    acknowledged: int = 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wrk(url: str, seconds: int, *extra: str) -> Run:
    """Run wrk against `url` for `seconds`."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    return parse_wrk(subprocess.run([*command, *extra, url], capture_output=True, text=True, check=True).stdout)


def parse_wrk(out: str) -> Run:
    """The rate, p99, error count and acknowledged posts in wrk's output (run with --latency)."""
    value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)$", out, re.M).groups()
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    acknowledged = re.search(r"^acknowledged (\d+)$", out, re.M)
    return Run(
        rate=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p99=float(value) * UNITS[unit],
        errors=(int(bad.group(1)) if bad else 0) + (sum(map(int, sockets.groups())) if sockets else 0),
        acknowledged=int(acknowledged.group(1)) if acknowledged else 0,
    )


def post_script(folder: Path, name: str, paths: list[str], cookie: str, body: str) -> Path:
    """A wrk Lua script: each thread posts `body` to its own share of `paths` once, and counts the 303s."""
    script = folder / f"{name}.lua"
    script.write_text(
        "local paths = {" + ",".join(f'"{p}"' for p in paths) + "}\n"
        "local threads, made = {}, 0\n"
        "function setup(thread) made = made + 1; thread:set('id', made); table.insert(threads, thread) end\n"
        f"function init(args) step = {THREADS}; i = id - step; acks = 0 end\n"
        "function request()\n  i = i + step\n  if i > #paths then i = id end\n"
        '  return wrk.format("POST", paths[i], {["Content-Type"]="application/x-www-form-urlencoded", '
        f'["Cookie"]="{cookie}"}}, "{body}")\nend\n'
        "function response(status) if status == 303 then acks = acks + 1 end end\n"
        "function done() local total = 0\n  for _, t in ipairs(threads) do total = total + t:get('acks') end\n"
        '  io.write("acknowledged " .. total .. "\\n") end\n',
        encoding="utf-8",
    )
    return script


def wait_until_up(url: str, deadline: float) -> None:
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@contextmanager
def gunicorn(app: str, env: dict[str, str], cwd: Path) -> Iterator[str]:
    """A gunicorn with 2 sync workers serving `app` on a free port of 127.0.0.1; yields its base URL."""
    port = free_port()
    command = ["gunicorn", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "--log-level", "warning", app]
    server = subprocess.Popen(command, cwd=cwd, env=env)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", time.monotonic() + 60)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A PostgreSQL cluster from the Debian packages on a Unix socket in a temp folder, removed afterwards."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not versions:
        sys.exit("PostgreSQL is not installed (apt-get install postgresql), or pass --database-url")
    pg_bin, folder = versions[-1].parent, Path(tempfile.mkdtemp(prefix="quiz-bench-pg-"))
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_postgres:
        shutil.chown(folder, "postgres", "postgres")
    data, options = folder / "data", f"-c listen_addresses='' -k {folder} -c max_connections=200"
    subprocess.run([*as_postgres, pg_bin / "initdb", "-D", data, "-U", "postgres", "--auth=trust"], check=True,
                   capture_output=True)  # fmt: skip
    pg_ctl = [*as_postgres, pg_bin / "pg_ctl", "-D", data]
    subprocess.run([*pg_ctl, "-o", options, "-w", "-l", folder / "log", "start"], check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={folder}"
    finally:
        subprocess.run([*pg_ctl, "-m", "fast", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def child(env: dict[str, str], *args: str) -> dict:
    """Run this script's --prepare or --count step in a process that imports ImmunoQuiz from this checkout."""
    done = subprocess.run([sys.executable, __file__, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"benchmark set-up failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bare_session(base: str) -> tuple[str, str]:
    """The bare skeleton's session cookie and CSRF token, as a browser gets them from its page."""
    jar = http.cookiejar.CookieJar()
    page = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)).open(base + "/").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return "; ".join(f"{c.name}={c.value}" for c in jar), token


def quiz_folder(folder: Path) -> Path:
    """The shipped banks plus a ten-question four-choice drill (bank id 'drill') with Markdown prompts."""
    questions = folder / "questions"
    shutil.copytree(ROOT / "questions", questions)
    lines = ["title: Drill", "topic: Drill", "questions:"]
    for n in range(DRILL_SIZE):
        lines += [f"  - id: q{n}", "    type: single", f"    prompt: Which cell **presents** antigen ({n})?"]
        lines += [f"    explanation: Dendritic cells *present* antigen to T cells ({n}).", "    choices:"]
        for choice in ("T cell", "B cell", "Dendritic cell", "NK cell"):
            lines.append(f"      - {{text: '{choice}', correct: {str(choice == 'Dendritic cell').lower()}}}")
    (questions / "drill.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return questions


# What each measurement loads: (name, server, cookie and form token key, path or posted paths).
PAGES = ("bare page", "question page", "home page", "results page")
POSTS = ("bare post", "answer post")
COMPARED = {"question page": "bare page", "home page": "bare page", "results page": "bare page",
            "answer post": "bare post"}  # fmt: skip


@dataclass
class Bench:
    """Everything the rounds need: the two servers, the prepared sessions and the supply of unanswered questions."""

    bare: str
    quiz: str
    folder: Path
    data: dict
    bare_session: tuple[str, str]
    seconds: int
    per_round: int

    def measure(self, name: str, round_number: int) -> Run:
        """One wrk run of the measurement `name` (posts use this round's own share of fresh questions)."""
        cookie, token = self.data["reader"]
        if name == "bare page":
            return wrk(self.bare + "/", self.seconds, "-H", f"Cookie: {self.bare_session[0]}")
        if name in ("question page", "home page", "results page"):
            path = {"question page": self.data["question"], "home page": "/", "results page": self.data["results"]}
            return wrk(self.quiz + path[name], self.seconds, "-H", f"Cookie: {cookie}")
        if name == "bare post":
            cookie, token = self.bare_session
            paths = ["/"] * 64
            base = self.bare
        else:
            cookie, token = self.data["answerer"]
            paths = self.data["answers"][round_number * self.per_round : (round_number + 1) * self.per_round]
            base = self.quiz
        body = f"answer=0&csrf_token={token}"
        return wrk(base, self.seconds, "-s", str(post_script(self.folder, name.replace(" ", "-"), paths, cookie, body)))


def run_rounds(bench: Bench, repeats: int) -> dict[str, list[Run]]:
    """Warm every server path up, then measure everything `repeats` times, reversing the order every other round."""
    for path in ("/", bench.data["question"], bench.data["results"]):
        subprocess.run(["wrk", "-t1", "-c4", "-d1s", f"{bench.quiz}{path}", "-H", f"Cookie: {bench.data['reader'][0]}"],
                       capture_output=True)  # fmt: skip
    subprocess.run(["wrk", "-t1", "-c4", "-d1s", bench.bare + "/"], capture_output=True)
    runs: dict[str, list[Run]] = {name: [] for name in PAGES + POSTS}
    order = [*PAGES, *POSTS]
    for round_number in range(repeats):
        for name in order if round_number % 2 == 0 else reversed(order):
            runs[name].append(bench.measure(name, round_number))
            print(f"  round {round_number + 1}: {name:13} {runs[name][-1].rate:8.0f} req/s", file=sys.stderr)
    return runs


def verdict(met: bool) -> str:
    return "met" if met else "NOT MET"


def report(runs: dict[str, list[Run]], stored: dict, supply: int, label: str) -> None:
    """Print the medians, the ratios, p99s, errors and the stored-once count, with each goal met or not."""
    rate = {name: statistics.median(r.rate for r in found) for name, found in runs.items()}
    p99 = {name: statistics.median(r.p99 for r in found) for name, found in runs.items()}
    errors = {name: sum(r.errors for r in found) for name, found in runs.items()}
    print(f"\n{label}: gunicorn {WORKERS} sync workers each; wrk {THREADS} threads, {CONNECTIONS} connections; "
          f"median of {len(runs['bare page'])} alternated runs")  # fmt: skip
    print(f"{'':14}{'req/s':>9}{'ratio':>8}{'goal':>9}{'p99 ms':>9}{'p99 ratio':>11}{'goal':>9}{'errors':>8}")
    goals = []
    for name in PAGES + POSTS:
        line = f"{name:14}{rate[name]:9.0f}"
        if name in COMPARED:
            ratio, slower = rate[name] / rate[COMPARED[name]], p99[name] / p99[COMPARED[name]]
            goals += [ratio >= PAGE_GOAL, slower <= P99_GOAL]
            line += f"{ratio:7.2f}x{verdict(ratio >= PAGE_GOAL):>9}{p99[name]:9.1f}"
            line += f"{slower:10.2f}x{verdict(slower <= P99_GOAL):>9}"
        else:
            line += f"{'':8}{'':9}{p99[name]:9.1f}{'':11}{'':9}"
        print(f"{line}{errors[name]:8}")
    acknowledged = sum(r.acknowledged for r in runs["answer post"])
    # Each run posts to its own share of fresh questions; past its end it posts them again, and a repeated answer
    # is acknowledged without a new row (a double click), so the stored-once count needs a share left over.
    share = supply // len(runs["answer post"])
    if any(r.acknowledged >= share for r in runs["answer post"]):
        print(f"the {share} fresh questions of a run ran out: run again with a larger --max-answers")
    # Posts still in flight when wrk stops are stored but never counted as acknowledged: rows may exceed acks.
    once = stored["rows"] == stored["distinct"] and acknowledged <= stored["rows"] <= supply
    no_errors = not any(errors.values())
    print(f"answers: {acknowledged} acknowledged (303), {stored['rows']} rows stored, {stored['distinct']} distinct "
          f"(attempt, position), {supply} fresh questions offered")  # fmt: skip
    print(f"goal pages and answer post >= {PAGE_GOAL}x bare: {verdict(all(goals[0::2]))}")
    print(f"goal p99 <= {P99_GOAL}x bare p99:            {verdict(all(goals[1::2]))}")
    print(f"goal no errors:                        {verdict(no_errors)}")
    print(f"goal every acknowledged answer stored once: {verdict(once)}")


def main() -> None:
    global WORKERS  # one setting for both servers and the report
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=5, help="length of each wrk run (default 5)")
    parser.add_argument("--repeats", type=int, default=3, help="rounds of alternated runs (default 3)")
    parser.add_argument("--database-url", help="a PostgreSQL (or other) URL both apps write their tables into")
    parser.add_argument("--postgres", action="store_true", help="start a throwaway PostgreSQL cluster and use it")
    parser.add_argument("--workers", type=int, default=WORKERS, help="gunicorn sync workers per app (default 2)")
    parser.add_argument("--max-answers", type=int, default=2500, help="answer posts/s the fresh supply allows")
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--count", help=argparse.SUPPRESS)
    args = parser.parse_args()
    WORKERS = args.workers
    if args.prepare is not None:
        print(json.dumps(prepare(args.prepare)))
    elif args.count:
        print(json.dumps(count_answers(args.count)))
    else:
        for tool in ("wrk", "gunicorn"):
            if not shutil.which(tool):
                sys.exit(f"{tool} is not installed (wrk: apt-get install wrk; gunicorn: requirements-dev.txt)")
        with throwaway_postgres() if args.postgres else _given(args.database_url) as url:
            benchmark(args, url)


@contextmanager
def _given(url: str | None) -> Iterator[str | None]:
    yield url


def benchmark(args: argparse.Namespace, url: str | None) -> None:
    """Set both apps up on `url` (temporary SQLite files when None), serve them, measure and report."""
    folder = Path(tempfile.mkdtemp(prefix="quiz-bench-"))
    env = dict(os.environ, PYTHONPATH=str(ROOT), QUIZ_INSTANCE_DIR=str(folder), QUIZ_SECRET_KEY=SECRET)
    env |= {"QUIZ_QUESTIONS_DIR": str(quiz_folder(folder)), "QUIZ_ENV": "production"}
    env |= {"QUIZ_DATABASE_URL": url} if url else {}
    bare_env = dict(os.environ, BARE_DATABASE_URL=url or f"sqlite:///{folder}/bare.sqlite3")
    per_round = args.seconds * args.max_answers
    started = time.monotonic()
    data = child(env, "--prepare", str(-(-per_round * args.repeats // DRILL_SIZE)))
    print(f"prepared {len(data['answers'])} fresh questions in {time.monotonic() - started:.0f} s", file=sys.stderr)
    try:
        with (
            gunicorn("bare_app:create_app()", bare_env, BARE) as bare,
            gunicorn("quiz:create_app()", env, ROOT) as quiz,
        ):
            bench = Bench(bare, quiz, folder, data, bare_session(bare), args.seconds, per_round)
            runs = run_rounds(bench, args.repeats)
        stored = child(env, f"--count={data['answerer_token']}")  # "=": a token may start with "-"
        label = ("PostgreSQL" if url.startswith("postgres") else url) if url else "SQLite (WAL)"
        report(runs, stored, per_round * args.repeats, label)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
