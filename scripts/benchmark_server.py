"""Measure a real server: gunicorn with sync workers, loaded by wrk, on this machine only (127.0.0.1).

    python scripts/benchmark_server.py [--workers 2] [--seconds 8] [--connections 8]

Needs gunicorn (requirements-dev.txt) and wrk (`apt-get install wrk`). Starts gunicorn on a free port with a
temporary database and a generated bank of true/false questions, then prints requests per second for a static file,
a question page and the home page, and answer submissions per second (each a distinct question, so every one is an
INSERT), with the stored count and the ratio to the design goal of 800 answers/s. The load is bounded in time and
stops by itself; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANSWER_GOAL_PER_SECOND = 800
QUESTIONS_PER_BANK = 50


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wrk(url: str, seconds: int, connections: int, *extra: str) -> tuple[float, int]:
    """Run wrk; return (requests per second, non-2xx/3xx responses)."""
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", *extra, url], capture_output=True, text=True, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rate, int(bad.group(1)) if bad else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    for tool in ("wrk", "gunicorn"):
        if not shutil.which(tool):
            sys.exit(
                f"{tool} is not installed (wrk: apt-get install wrk; gunicorn: pip install -r requirements-dev.txt)"
            )

    folder = Path(tempfile.mkdtemp(prefix="quiz-bench-"))
    (folder / "questions").mkdir()
    bank = ["title: Drill", "questions:"] + [
        f"  - {{id: q{i}, type: true_false, prompt: 'Statement {i}', explanation: 'Why {i}.', answer: true}}"
        for i in range(QUESTIONS_PER_BANK)
    ]
    (folder / "questions" / "drill.yaml").write_text("\n".join(bank) + "\n", encoding="utf-8")
    env = dict(os.environ, QUIZ_INSTANCE_DIR=str(folder), QUIZ_QUESTIONS_DIR=str(folder / "questions"))
    env["QUIZ_SECRET_KEY"] = "benchmark-server-secret-key-0123456789-abcdefghij"
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from flask_migrate import upgrade\nfrom quiz import create_app\n"
            "app = create_app()\nwith app.app_context(): upgrade()",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        ["gunicorn", "-w", str(args.workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning", "quiz:create_app()"],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
        page = opener.open(base + "/banks/drill").read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"count": "all", "mode": "exam", "csrf_token": token}).encode()
        paths = []
        # Enough distinct questions that the answer load never runs out of unanswered ones.
        for _ in range(max(1, (args.seconds * 1500) // QUESTIONS_PER_BANK)):
            try:
                opener.open(base + "/banks/drill", form)
            except urllib.error.HTTPError as redirect:
                attempt = redirect.headers["Location"].split("/")[2]
                paths += [f"/attempts/{attempt}/{n}" for n in range(1, QUESTIONS_PER_BANK + 1)]
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        body = urllib.parse.urlencode({"answer": "true", "csrf_token": token})
        script = folder / "answers.lua"
        script.write_text(
            "local paths = {" + ",".join(f'"{p}"' for p in paths) + "}\nlocal i = 0\n"
            "request = function()\n  i = i + 1\n  if i > #paths then i = 1 end\n"
            '  return wrk.format("POST", paths[i], {["Content-Type"]="application/x-www-form-urlencoded", '
            f'["Cookie"]="{cookie}"}}, "{body}")\nend\n',
            encoding="utf-8",
        )
        static, _ = wrk(base + "/static/css/app.css", args.seconds, args.connections)
        question, _ = wrk(base + paths[0], args.seconds, args.connections, "-H", f"Cookie: {cookie}")
        home, _ = wrk(base + "/", args.seconds, args.connections, "-H", f"Cookie: {cookie}")
        answers, refused = wrk(base, args.seconds, args.connections, "-s", str(script))
    finally:
        server.terminate()
        server.wait(timeout=30)
    with sqlite3.connect(folder / "quiz.sqlite3") as connection:
        stored, distinct = connection.execute(
            "SELECT count(*), count(DISTINCT attempt_id || '-' || question_id) FROM response"
        ).fetchone()
    shutil.rmtree(folder, ignore_errors=True)
    print(f"gunicorn, {args.workers} sync workers, wrk with {args.connections} connections, {args.seconds} s each")
    print(f"static file:     {static:8.0f} req/s  (1.00)")
    print(f"question page:   {question:8.0f} req/s  ({question / static:.2f} of static)")
    print(f"home page:       {home:8.0f} req/s  ({home / static:.2f} of static)")
    print(f"answer posts:    {answers:8.0f} req/s  ({answers / static:.2f} of static; {refused} refused)")
    print(f"stored answers:  {stored} rows, {distinct} distinct (attempt, question): counted once each")
    print(f"answer goal:     {answers / ANSWER_GOAL_PER_SECOND:.2f}x the goal of {ANSWER_GOAL_PER_SECOND} answers/s")


if __name__ == "__main__":
    main()
