"""Item analysis: the statistics on a small class worked out by hand, and a simulated class with a wrong key."""

from __future__ import annotations

import math
import random
import statistics

import pytest

from quiz.catalog import current_catalog
from quiz.teaching import flags
from quiz.teaching.report import bank_report
from quiz.teaching.stats import Sums, correlation, item_stats
from teaching_support import choice_bank, take

# Five learners answer three single-choice questions whose right answer is choice 0 (A).
SMALL_CLASS = {
    "learner-1": [0, 0, 0],  # 3 right
    "learner-2": [0, 0, 1],  # 2
    "learner-3": [0, 1, 0],  # 2
    "learner-4": [1, 0, 2],  # 1
    "learner-5": [1, 1, 1],  # 0
}


@pytest.fixture
def small_class(app, questions_dir):
    bank_id = choice_bank(questions_dir, "small", keys=[0, 0, 0])
    for token, answers in SMALL_CLASS.items():
        take(app, bank_id, token, answers)
    take(app, bank_id, "learner-1", [1, 1, 1])  # a second attempt: only counted with every attempt
    with app.app_context():
        yield current_catalog().bank(bank_id)


def _report(app, bank, every_attempt=False):
    with app.app_context():
        return bank_report(bank, every_attempt)


def test_item_statistics_of_the_small_class_match_the_hand_calculation(app, small_class):
    q1, q2, q3 = _report(app, small_class).questions
    # q1 scores 1,1,1,0,0: facility 3/5; sample variance 1.2/4 = 0.3.
    assert q1.stats.responses == 5
    assert q1.stats.facility == pytest.approx(60.0)
    assert q1.stats.sd == pytest.approx(100 * math.sqrt(0.3))
    # Rest of each attempt without q1: 2,1,1,1,0. Covariance sum 1.0; spreads 1.2 and 2: r = 1/sqrt(2.4).
    assert q1.stats.discrimination == pytest.approx(100 / math.sqrt(2.4))
    for question, scores in [(q2, [1, 1, 0, 1, 0]), (q3, [1, 0, 1, 0, 0])]:
        totals = [sum(1 for a in answers if a == 0) for answers in SMALL_CLASS.values()]
        rest = [t - s for t, s in zip(totals, scores, strict=True)]
        assert question.stats.facility == pytest.approx(100 * statistics.mean(scores))
        assert question.stats.sd == pytest.approx(100 * statistics.stdev(scores))
        assert question.stats.discrimination == pytest.approx(100 * statistics.correlation(scores, rest))


def test_bank_statistics_of_the_small_class_match_the_hand_calculation(app, small_class):
    summary = _report(app, small_class).summary
    percents = [100, 200 / 3, 200 / 3, 100 / 3, 0]
    assert summary.attempts == 5
    assert summary.mean == pytest.approx(160 / 3)
    assert summary.median == pytest.approx(200 / 3)
    assert summary.sd == pytest.approx(statistics.stdev(percents))
    # Each question's variance is 0.3; the totals 3,2,2,1,0 vary by 1.3: alpha = 3/2 * (1 - 0.9/1.3) = 6/13.
    assert summary.alpha == pytest.approx(6 / 13)
    assert summary.sem == pytest.approx(statistics.stdev(percents) * math.sqrt(1 - 6 / 13))


def test_options_are_counted_overall_and_by_the_stronger_and_weaker_halves(app, small_class):
    q3 = _report(app, small_class).questions[2]
    # Ranked by score: learner-5, learner-4 (weaker half), learner-2 (middle), learner-3, learner-1 (stronger half).
    table = {o.label: (o.correct, o.count, o.strong, o.weak) for o in q3.options}
    assert table == {
        "Option A": (True, 2, 2, 0),
        "Option B": (False, 2, 0, 1),
        "Option C": (False, 1, 0, 1),
    }


def test_every_attempt_adds_the_retakes(app, small_class):
    report = _report(app, small_class, every_attempt=True)
    assert report.summary.attempts == 6
    assert report.questions[0].stats.responses == 6
    assert report.questions[0].stats.facility == pytest.approx(50.0)
    assert report.summary.median == pytest.approx(50.0)  # 0, 0, 33.3, 66.7, 66.7, 100


def test_each_question_knows_its_file_line_and_text(app, small_class):
    q2 = _report(app, small_class).questions[1]
    assert q2.location.startswith("questions/small.yaml:") and int(q2.location.rsplit(":", 1)[1]) > 1
    assert "<strong>2</strong>" in q2.prompt


def test_the_sums_formulas_agree_with_the_statistics_module():
    rng = random.Random(7)
    xs = [rng.random() for _ in range(50)]
    ys = [rng.random() * 10 for _ in range(50)]
    products = sum(x * y for x, y in zip(xs, ys, strict=True))
    sums = Sums(50, sum(xs), sum(x * x for x in xs), sum(ys), sum(y * y for y in ys), products)
    assert correlation(*[getattr(sums, n) for n in ("n", "x", "r", "xx", "rr", "xr")]) == pytest.approx(
        statistics.correlation(xs, ys)
    )
    assert item_stats(sums).sd == pytest.approx(100 * statistics.stdev(xs))
    assert item_stats(Sums()).facility is None
    assert item_stats(Sums(3, 3, 3, 1, 1, 1)).discrimination is None  # everyone right: nothing to correlate


def _simulated_class(app, questions_dir, learners: int = 80) -> str:
    """Learners of spread ability; question 5's file marks choice B right, though A is what able learners pick."""
    bank_id = choice_bank(questions_dir, "simulated", keys=[0, 0, 0, 0, 1, 0], choices=4)
    difficulty = [-1.5, -0.5, 0.0, 0.5, 0.0, 1.0]
    rng = random.Random(2024)
    for n in range(learners):
        ability = rng.uniform(-2.5, 2.5)
        answers = []
        for b in difficulty:
            knows = rng.random() < 1 / (1 + math.exp(-2.5 * (ability - b)))
            answers.append(0 if knows else rng.choice([1, 2, 3]))
        take(app, bank_id, f"sim-{n}", answers)
    return bank_id


def test_a_wrong_key_is_flagged_and_the_other_questions_are_not(app, questions_dir):
    bank_id = _simulated_class(app, questions_dir)
    with app.app_context():
        report = bank_report(current_catalog().bank(bank_id))
    rules = {q.question.id: {f.rule for f in q.flags} for q in report.questions}
    assert flags.CHECK_KEY in rules["q5"]
    assert flags.STRONG_PICK in rules["q5"]
    assert report.questions[4].stats.discrimination < 0
    assert all(flags.CHECK_KEY not in found for qid, found in rules.items() if qid != "q5")
    assert all(q.stats.discrimination > 20 for q in report.questions if q.question.id != "q5")


def test_too_easy_too_hard_and_unpicked_options_are_flagged_once_the_sample_is_big_enough(app, questions_dir):
    bank_id = choice_bank(questions_dir, "extremes", keys=[0, 0, 0], choices=3)
    for n in range(30):
        # q1: everyone right (and nobody picks C); q2: almost nobody right; q3: mixed.
        take(app, bank_id, f"x-{n}", [0, 0 if n == 0 else 1 + n % 2, n % 3])
        if n == flags.MIN_RESPONSES - 2:
            with app.app_context():
                early = bank_report(current_catalog().bank(bank_id))
    with app.app_context():
        report = bank_report(current_catalog().bank(bank_id))
    assert all(not q.flags for q in early.questions)  # 19 responses: below every minimum
    q1, q2, q3 = ({f.rule for f in q.flags} for q in report.questions)
    assert {flags.TOO_EASY, flags.UNPICKED} <= q1
    assert flags.TOO_HARD in q2 and flags.TOO_EASY not in q2
    assert not {flags.TOO_EASY, flags.TOO_HARD, flags.UNPICKED} & q3
