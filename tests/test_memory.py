"""Spaced review scheduling (FSRS), driven through the services with a fake clock: days pass as arguments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from quiz.catalog import current_catalog
from quiz.exceptions import AlreadyGuessed, NothingToAsk, QuizError
from quiz.extensions import db
from quiz.memory import REVIEW_SIZE, Memory, aware, is_retained, rating_for, review
from quiz.models import AttemptItem, MemoryCard
from quiz.queries.attempts import find_attempt, question_of
from quiz.queries.memories import memories, memory_history
from quiz.services import answering, attempts, remembering
from quiz.studying.pages import due_summary, mastery, progress_over_time

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TOKEN = "memory-test-learner"
MINUTE, DAY = timedelta(minutes=1), timedelta(days=1)
# Canonical answers (not form data) for the questions used here: right, and wrong or partly right.
RIGHT = {"tf-cart": True, "short-target": "CD19", "numeric-domains": 1.0}
WRONG = {"tf-cart": False, "short-target": "CD4", "numeric-domains": 2.0}  # numeric 2 is partly right


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app


def start(bank_id: str = "every-type", mode: str = "practice") -> str:
    return attempts.start_attempt(TOKEN, current_catalog().bank(bank_id), None, mode)


def position_of(public_id: str, question_id: str) -> int:
    items = find_attempt(TOKEN, public_id).items
    return next(item.position for item in items if item.question_id == question_id)


def answer(public_id: str, question_id: str, value, now: datetime):
    return answering.record_answer(TOKEN, public_id, position_of(public_id, question_id), value, now=now)


def card(question_id: str, bank_id: str = "every-type") -> MemoryCard:
    return db.session.scalar(select(MemoryCard).filter_by(bank_id=bank_id, question_id=question_id))


def due_ids(now: datetime) -> list[str]:
    return [entry.question_id for entry in memories(TOKEN, due_by=now)]


def test_outcomes_map_to_fsrs_ratings_and_a_wrong_answer_comes_back_first():
    assert [rating_for(o).name for o in ("incorrect", "partial", "correct", "unanswered")] == [
        "Again",
        "Hard",
        "Good",
        "Again",
    ]
    again, hard, good = (review(None, rating_for(o), T0) for o in ("incorrect", "partial", "correct"))
    assert T0 < again.due < hard.due < good.due


def test_retained_needs_the_learning_steps_passed_and_fades_as_days_go_by():
    first = review(None, rating_for("correct"), T0)
    assert not is_retained(first, T0)  # right once: still being learned
    second = review(first, rating_for("correct"), T0 + 11 * MINUTE)
    assert is_retained(second, T0 + DAY)
    assert not is_retained(second, T0 + 30 * DAY)
    lapsed = review(second, rating_for("incorrect"), T0 + 2 * DAY)
    assert not is_retained(lapsed, T0 + 2 * DAY)
    assert Memory.from_json(second.to_json()) == Memory(**{**second.__dict__, "due": aware(second.due)})


def test_every_graded_answer_schedules_its_question_and_days_passing_make_it_due(ctx):
    attempt = start(mode="exam")
    answer(attempt, "tf-cart", WRONG["tf-cart"], T0)
    answer(attempt, "short-target", RIGHT["short-target"], T0)
    answer(attempt, "numeric-domains", WRONG["numeric-domains"], T0)
    assert due_ids(T0) == []
    # Wrong (Again) comes back first, then partly right (Hard), then right (Good).
    assert due_ids(T0 + 2 * MINUTE) == ["tf-cart"]
    assert due_ids(T0 + DAY) == ["tf-cart", "numeric-domains", "short-target"]
    assert card("tf-cart").learner_id == card("short-target").learner_id
    # Answering again moves the schedule on from where it was: a second right answer waits days, not minutes.
    later = start(mode="exam")
    answer(later, "short-target", RIGHT["short-target"], T0 + DAY)
    assert aware(card("short-target").due) > T0 + 2 * DAY
    assert due_ids(T0 + 2 * DAY) == ["tf-cart", "numeric-domains"]


def test_a_review_draws_the_due_questions_most_overdue_first_and_answering_there_reschedules_them(ctx):
    attempt = start()
    answer(attempt, "short-target", RIGHT["short-target"], T0)
    answer(attempt, "tf-cart", WRONG["tf-cart"], T0 + 5 * MINUTE)
    answer(attempt, "numeric-domains", WRONG["numeric-domains"], T0 + 6 * MINUTE)
    with pytest.raises(NothingToAsk):
        attempts.start_review(TOKEN, current_catalog(), now=T0 + 5 * MINUTE)
    now = T0 + 3 * DAY
    review_id = attempts.start_review(TOKEN, current_catalog(), now=now)
    drawn = find_attempt(TOKEN, review_id)
    assert (drawn.bank_id, drawn.bank_title, drawn.mode) == ("review", "Spaced review", "practice")
    assert [item.question_id for item in drawn.items] == ["tf-cart", "short-target", "numeric-domains"]
    assert {item.bank_id for item in drawn.items} == {"every-type"}
    answer(review_id, "tf-cart", RIGHT["tf-cart"], now)
    # The question's own schedule moved (not a new one under the review's id).
    assert aware(card("tf-cart").due) > now
    assert card("tf-cart", bank_id="review") is None
    assert due_ids(now) == ["short-target", "numeric-domains"]


def test_a_review_holds_at_most_twenty_questions(ctx, questions_dir):
    many = "\n".join(
        f"  - {{id: q{n}, type: true_false, prompt: Statement {n}., explanation: Because., answer: true}}"
        for n in range(25)
    )
    (questions_dir / "many.yaml").write_text(f"title: Many\ntopic: Many\nquestions:\n{many}\n")
    attempt = start("many", mode="exam")
    for n in range(25):
        answer(attempt, f"q{n}", False, T0 + n * MINUTE)
    review_id = attempts.start_review(TOKEN, current_catalog(), now=T0 + DAY)
    items = find_attempt(TOKEN, review_id).items
    assert [item.question_id for item in items] == [f"q{n}" for n in range(REVIEW_SIZE)]


def test_a_changed_question_keeps_its_schedule_and_a_deleted_one_leaves_the_queue(ctx, questions_dir):
    attempt = start()
    answer(attempt, "tf-cart", WRONG["tf-cart"], T0)
    answer(attempt, "short-target", WRONG["short-target"], T0)
    bank_file = questions_dir / "every-type.yaml"
    text = bank_file.read_text()
    text = text.replace("in the approved products.", "in every approved product.")  # tf-cart changes, same id
    start_of_short, end_of_short = text.index("  - id: short-target"), text.index("  - id: numeric-domains")
    bank_file.write_text(text[:start_of_short] + text[end_of_short:])  # short-target is deleted
    catalog = current_catalog()
    assert catalog.bank("every-type").question("short-target") is None
    now = T0 + DAY
    summary = due_summary(memories(TOKEN), catalog, now)
    assert (summary.due, summary.by_topic) == (1, [("Testing", 1)])
    review_id = attempts.start_review(TOKEN, catalog, now=now)
    (item,) = find_attempt(TOKEN, review_id).items
    assert item.question_id == "tf-cart"
    assert item.version_hash == catalog.bank("every-type").question("tf-cart").content_hash  # the new version
    assert "every approved product" in question_of(item).prompt


def test_i_guessed_reschedules_a_right_answer_as_hard_once(ctx):
    attempt = start()
    answer(attempt, "tf-cart", RIGHT["tf-cart"], T0)
    answer(attempt, "short-target", WRONG["short-target"], T0)
    good_due = aware(card("tf-cart").due)
    remembering.mark_guessed(TOKEN, attempt, position_of(attempt, "tf-cart"))
    db.session.expire_all()
    assert aware(card("tf-cart").due) == review(None, rating_for("partial"), T0).due < good_due
    with pytest.raises(AlreadyGuessed):
        remembering.mark_guessed(TOKEN, attempt, position_of(attempt, "tf-cart"))
    with pytest.raises(QuizError, match="right answer"):
        remembering.mark_guessed(TOKEN, attempt, position_of(attempt, "short-target"))


def test_i_guessed_replays_the_answers_given_since(ctx):
    first, second = start(), start()
    answer(first, "tf-cart", RIGHT["tf-cart"], T0)
    answer(second, "tf-cart", RIGHT["tf-cart"], T0 + DAY)
    remembering.mark_guessed(TOKEN, first, position_of(first, "tf-cart"))
    db.session.expire_all()
    expected = review(review(None, rating_for("partial"), T0), rating_for("correct"), T0 + DAY)
    assert aware(card("tf-cart").due) == expected.due


def test_exam_answers_can_be_marked_only_once_the_exam_is_finished(ctx):
    attempt = start(mode="exam")
    answer(attempt, "tf-cart", RIGHT["tf-cart"], T0)
    with pytest.raises(QuizError, match="finished"):
        remembering.mark_guessed(TOKEN, attempt, position_of(attempt, "tf-cart"))
    attempts.finish_attempt(TOKEN, attempt, now=T0)
    remembering.mark_guessed(TOKEN, attempt, position_of(attempt, "tf-cart"))


def test_mastery_and_progress_over_time_count_retained_questions_per_topic(ctx):
    attempt = start(mode="exam")
    answer(attempt, "tf-cart", RIGHT["tf-cart"], T0)
    answer(attempt, "short-target", RIGHT["short-target"], T0)
    again = start(mode="exam")
    answer(again, "tf-cart", RIGHT["tf-cart"], T0 + 20 * MINUTE)
    catalog = current_catalog()
    (testing,) = mastery(memories(TOKEN), catalog, T0 + DAY)
    assert (testing.topic, testing.answered, testing.retained) == ("Testing", 2, 1)
    assert testing.questions == 7  # every-type's questions but the one in Checkpoints
    (faded,) = mastery(memories(TOKEN), catalog, T0 + 60 * DAY)
    assert faded.retained == 0
    points = progress_over_time(memory_history(TOKEN), catalog, T0 + 7 * DAY)
    # One point a day from the first answer: at T0 tf-cart was right only once, a day later it was retained,
    # a week later it has faded.
    assert len(points) == 8
    assert [(p.answered, p.retained) for p in (points[0], points[1], points[-1])] == [(2, 0), (2, 1), (2, 0)]
    assert points[1].percent == 50
    assert all(aware(m.memory.due) for m in memories(TOKEN))


def test_an_attempt_item_knows_the_bank_of_a_review_only(ctx):
    attempt = start()
    assert {item.bank_id for item in db.session.scalars(select(AttemptItem))} == {None}
    answer(attempt, "tf-cart", WRONG["tf-cart"], T0)
    attempts.start_review(TOKEN, current_catalog(), now=T0 + DAY)
    assert {item.bank_id for item in db.session.scalars(select(AttemptItem))} == {None, "every-type"}
