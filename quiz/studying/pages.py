"""Plain values for the review and progress pages, computed from a learner's memories and the catalog.

No queries and no Flask here: the views read the memories, these functions count them at a given `now`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from quiz.bank.loader import Catalog
from quiz.memory import Memory, StoredMemory, aware, in_catalog, is_retained
from quiz.scoring import percent

UPCOMING_DAYS = 5  # how many future days the review page lists
CHART_POINTS = 8  # how many moments the progress chart shows


@dataclass(frozen=True)
class DueSummary:
    """What the review page shows: due now (in all and per topic) and when the next ones come due."""

    due: int
    by_topic: list[tuple[str, int]]
    next_due: str | None  # the next moment a question comes due, as UTC text
    upcoming: list[tuple[str, int]]  # (day, questions coming due that day), soonest first


@dataclass(frozen=True)
class TopicMastery:
    """One topic on the progress page."""

    topic: str
    questions: int  # the topic's questions in the catalog
    answered: int
    retained: int


@dataclass(frozen=True)
class ProgressPoint:
    """The learner's questions answered and retained at one moment of the chart."""

    label: str
    answered: int
    retained: int

    @property
    def percent(self) -> float:
        return percent(self.retained, self.answered)


def _day(moment: datetime) -> str:
    return aware(moment).strftime("%a %d %b %Y")


def due_summary(stored: Sequence[StoredMemory], catalog: Catalog, now: datetime) -> DueSummary:
    """Count the questions due at `now` (deleted ones left out) and list the days the next ones come due."""
    current = in_catalog(stored, catalog)
    due = [question for entry, question in current if aware(entry.memory.due) <= aware(now)]
    later = sorted(aware(entry.memory.due) for entry, _ in current if aware(entry.memory.due) > aware(now))
    days = Counter(_day(moment) for moment in later)
    return DueSummary(
        due=len(due),
        by_topic=sorted(Counter(question.topic for question in due).items()),
        next_due=later[0].strftime("%Y-%m-%d %H:%M UTC") if later else None,
        upcoming=list(days.items())[:UPCOMING_DAYS],
    )


def mastery(stored: Sequence[StoredMemory], catalog: Catalog, now: datetime) -> list[TopicMastery]:
    """Per topic the learner has answered: its questions, how many answered, how many retained at `now`."""
    sizes = Counter(q.topic for bank in catalog.banks.values() for q in bank.scored_questions)
    answered: Counter[str] = Counter()
    retained: Counter[str] = Counter()
    for entry, question in in_catalog(stored, catalog):
        answered[question.topic] += 1
        retained[question.topic] += is_retained(entry.memory, now)
    return [TopicMastery(topic, sizes[topic], answered[topic], retained[topic]) for topic in sorted(answered)]


def _moments(first: datetime, now: datetime) -> list[datetime]:
    """Up to CHART_POINTS moments from the first review to `now`, at least a day apart, ending at `now`."""
    step = max(timedelta(days=1), (aware(now) - aware(first)) / (CHART_POINTS - 1))
    moments = [aware(now) - step * n for n in range(CHART_POINTS)]
    return sorted(moment for moment in moments if moment >= aware(first))


def progress_over_time(
    history: Sequence[tuple[StoredMemory, datetime]], catalog: Catalog, now: datetime
) -> list[ProgressPoint]:
    """Questions answered and retained at moments from the first review to `now` (deleted questions left out)."""
    current = {(entry.bank_id, entry.question_id) for entry, _ in in_catalog([e for e, _ in history], catalog)}
    kept = [(entry, aware(at)) for entry, at in history if (entry.bank_id, entry.question_id) in current]
    if not kept:
        return []
    points = []
    for moment in _moments(kept[0][1], now):
        latest: dict[tuple[str, str], Memory] = {}
        for entry, at in kept:
            if at <= moment:
                latest[(entry.bank_id, entry.question_id)] = entry.memory
        retained = sum(is_retained(memory, moment) for memory in latest.values())
        points.append(ProgressPoint(_day(moment), len(latest), retained))
    return points
