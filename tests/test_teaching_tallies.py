"""The tallies behind the item analysis: kept as attempts finish, equal to a recount, exact on the halves."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from quiz.catalog import current_catalog
from quiz.services import answering, attempts, restoring, tallies
from quiz.teaching.report import bank_report
from teaching_support import InOrder, choice_bank, take


def _report(app, bank_id: str, every_attempt: bool = False):
    with app.app_context():
        return bank_report(current_catalog().bank(bank_id), every_attempt)


def _numbers(report) -> list:
    """Everything a report computes, as plain values (floats rounded: a recount may add in another order)."""
    summary = [round(v, 9) if isinstance(v, float) else v for v in vars(report.summary).values()]
    questions = [
        ([round(v, 9) if isinstance(v, float) else v for v in vars(q.stats).values()],
         [(o.label, o.count, o.strong, o.weak) for o in q.options])
        for q in report.questions
    ]  # fmt: skip
    return [summary, questions]


def _random_class(app, questions_dir, learners: int = 41) -> tuple[str, list[list[int]]]:
    """Learners answering four 3-choice questions at random (many tied scores), some twice; answers per attempt."""
    bank_id = choice_bank(questions_dir, "random", keys=[0, 0, 0, 0])
    rng, taken = random.Random(11), []
    for n in range(learners):
        for _ in range(1 + (n % 4 == 0)):
            answers = [rng.choice([0, 0, 1, 2]) for _ in range(4)]
            take(app, bank_id, f"r-{n}", answers)
            taken.append((f"r-{n}", answers))
    return bank_id, taken


def _halves_by_hand(taken: list[tuple[str, list[int]]], question: int) -> dict[int, tuple[int, int, int]]:
    """Choice -> (count, stronger half, weaker half) for one question: attempts ranked by score, then by order."""
    ranked = sorted(enumerate(taken), key=lambda pair: (pair[1][1].count(0), pair[0]))
    half = len(ranked) // 2
    weak, strong = ranked[:half], ranked[len(ranked) - half :]
    count = Counter(answers[question] for _, (_, answers) in ranked)
    in_strong = Counter(answers[question] for _, (_, answers) in strong)
    in_weak = Counter(answers[question] for _, (_, answers) in weak)
    return {choice: (count[choice], in_strong[choice], in_weak[choice]) for choice in range(3)}


@pytest.mark.parametrize("every_attempt", [False, True])
def test_the_halves_match_a_ranking_by_hand_with_ties_broken_by_attempt_order(app, questions_dir, every_attempt):
    bank_id, taken = _random_class(app, questions_dir)
    if not every_attempt:
        firsts = {}
        for token, answers in taken:
            firsts.setdefault(token, answers)
        taken = list(firsts.items())
    report = _report(app, bank_id, every_attempt)
    assert report.summary.attempts == len(taken)
    for question, found in enumerate(report.questions):
        expected = _halves_by_hand(taken, question)
        table = {ord(o.label[-1]) - 65: (o.count, o.strong, o.weak) for o in found.options}
        assert table == expected


def test_a_recount_from_the_attempts_gives_the_report_the_finishing_attempts_kept(app, questions_dir):
    bank_id, _ = _random_class(app, questions_dir, learners=25)
    kept = [_numbers(_report(app, bank_id, every)) for every in (False, True)]
    with app.app_context():
        tallies.rebuild(bank_id)
    assert [_numbers(_report(app, bank_id, every)) for every in (False, True)] == kept
    assert kept[0][0][0] == 25 and kept[1][0][0] == 32  # attempts: first ones, and every one


def test_an_earlier_attempt_finished_later_becomes_the_learners_first(app, questions_dir):
    bank_id = choice_bank(questions_dir, "late", keys=[0, 0])
    with app.app_context():
        bank = current_catalog().bank(bank_id)
        earlier = attempts.start_attempt("slow", bank, None, "exam", rng=InOrder())
        later = attempts.start_attempt("slow", bank, None, "exam", rng=InOrder())
        for public_id, answer in ((earlier, 0), (later, 1)):
            for position in (1, 2):
                answering.record_answer("slow", public_id, position, answer)
        attempts.finish_attempt("slow", later)
    assert _report(app, bank_id).questions[0].stats.facility == pytest.approx(0.0)
    with app.app_context():
        attempts.finish_attempt("slow", earlier)
    first = _report(app, bank_id)
    assert first.summary.attempts == 1 and first.questions[0].stats.facility == pytest.approx(100.0)
    assert _report(app, bank_id, every_attempt=True).summary.attempts == 2


def test_restoring_a_learner_keeps_one_first_attempt_the_earliest(app, questions_dir):
    bank_id = choice_bank(questions_dir, "restored", keys=[0, 0])
    take(app, bank_id, "old-browser", [0, 0])
    take(app, bank_id, "new-browser", [1, 1])
    assert _report(app, bank_id).summary.attempts == 2
    with app.app_context():
        code = restoring.new_recovery_code("old-browser")
        restoring.restore_with_code("new-browser", code)
    first = _report(app, bank_id)
    assert first.summary.attempts == 1 and first.summary.mean == pytest.approx(100.0)
    assert _report(app, bank_id, every_attempt=True).summary.attempts == 2


def test_the_rebuild_command_recounts_every_bank_with_finished_attempts(app, runner, questions_dir):
    bank_id = choice_bank(questions_dir, "commanded", keys=[0, 0])
    take(app, bank_id, "one", [0, 1])
    take(app, bank_id, "two", [0, 0])
    before = _numbers(_report(app, bank_id))
    result = runner.invoke(args=["statistics", "rebuild"])
    assert result.exit_code == 0
    assert "Rebuilt the statistics of 1 bank." in result.output
    assert _numbers(_report(app, bank_id)) == before
    assert before[0][:2] == [2, 75.0]  # attempts, mean
