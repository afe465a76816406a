"""Plain values for the pages that list things: the banks on the home page, a learner's attempts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from quiz.bank.loader import Catalog
from quiz.queries.attempts import AttemptSummary
from quiz.queries.home import OpenAttempt
from quiz.scoring import percent

# Headings for bank sub-folders on the home page; other folders are named after themselves.
FOLDER_TITLES = {
    "generated": (
        "Drills generated from the study material",
        "Made automatically from the material's glossary, tables, lists and key terms: quick recall practice.",
    )
}


@dataclass(frozen=True)
class BankCard:
    """A bank as the home page lists it."""

    id: str
    title: str
    topic: str
    description: str
    count: int


@dataclass(frozen=True)
class BankSection:
    """A heading of the home page and the banks under it."""

    slug: str
    title: str
    note: str
    banks: tuple[BankCard, ...]


@dataclass(frozen=True)
class AttemptRow:
    """One attempt in the recent list or the history table."""

    public_id: str
    bank_title: str
    mode: str
    created_at: str
    finished: bool
    points: float
    max_points: float
    percent: float
    questions: int
    answered: int


def bank_sections(catalog: Catalog) -> tuple[BankSection, ...]:
    """Banks at the top of the questions folder first ("Topics"), then one section per sub-folder."""
    groups: dict[str, list[BankCard]] = {}
    for bank in catalog.banks.values():
        count = len(bank.scored_questions)
        if count:
            card = BankCard(bank.id, bank.title, bank.topic, bank.description, count)
            groups.setdefault(bank.id.rpartition("/")[0], []).append(card)
    sections = [BankSection("topics", "Topics", "", tuple(groups.pop("", [])))]
    for folder in sorted(groups):
        title, note = FOLDER_TITLES.get(folder, (folder.replace("/", " · ").replace("-", " ").capitalize(), ""))
        sections.append(BankSection(folder.replace("/", "-"), title, note, tuple(groups[folder])))
    return tuple(section for section in sections if section.banks or section.slug == "topics")


def attempt_rows(attempts: Iterable[AttemptSummary]) -> list[AttemptRow]:
    """The attempts as the home page and /history list them."""
    rows = []
    for attempt in attempts:
        points = attempt.points or 0.0
        rows.append(
            AttemptRow(
                public_id=attempt.public_id,
                bank_title=attempt.bank_title,
                mode=attempt.mode,
                created_at=attempt.created_at.strftime("%Y-%m-%d %H:%M"),
                finished=attempt.finished,
                points=round(points, 2),
                max_points=round(attempt.max_points, 2),
                percent=percent(points, attempt.max_points),
                questions=attempt.questions,
                answered=attempt.answered,
            )
        )
    return rows


@dataclass(frozen=True)
class OpenRow:
    """An unfinished attempt on the home page, with where "Continue" goes (None: the finish page)."""

    public_id: str
    bank_title: str
    mode: str
    created_at: str
    answered: int
    questions: int
    next_position: int | None
    deadline: str | None


def when(moment: datetime | None) -> str | None:
    """A stored time as the pages show it (they say UTC beside it)."""
    return moment.strftime("%Y-%m-%d %H:%M") if moment else None


def open_rows(attempts: Iterable[OpenAttempt]) -> list[OpenRow]:
    """The unfinished attempts as the home page lists them."""
    return [
        OpenRow(
            public_id=found.attempt.public_id,
            bank_title=found.attempt.bank_title,
            mode=found.attempt.mode,
            created_at=found.attempt.created_at.strftime("%Y-%m-%d %H:%M"),
            answered=found.answered,
            questions=found.questions,
            next_position=found.next_position,
            deadline=found.attempt.deadline.strftime("%H:%M UTC") if found.attempt.deadline else None,
        )
        for found in attempts
    ]
