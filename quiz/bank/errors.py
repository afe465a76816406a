"""What reading and writing banks report: problems tied to a file and line, and what a reader or writer returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from quiz.bank.model import Bank


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake (or warning) in a question file, printed as `path:line: message`."""

    path: str
    line: int
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"


class BankError(Exception):
    """A question file could not be loaded; `problems` lists every mistake found in it.

    `partial` is the bank of the questions that were right, when the reader could tell them apart
    (the import command keeps them; the app never serves a file with errors).
    """

    def __init__(self, problems: list[Problem] | tuple[Problem, ...], partial: Bank | None = None) -> None:
        self.problems = tuple(sorted(problems))
        self.partial = partial
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, path: str, line: int, message: str) -> BankError:
        """Build the error for a file with one mistake."""
        return cls([Problem(path, line, message)])


class Parsed(NamedTuple):
    """What a parser returns: the bank and any warnings (problems that do not stop it loading)."""

    bank: Bank
    warnings: tuple[Problem, ...]


@dataclass(frozen=True)
class Exported:
    """What a writer returns: the text, and the questions that format could not express (with why)."""

    text: str
    skipped: tuple[str, ...] = field(default=())


class CannotExport(Exception):
    """A question the target format cannot express; the message says why."""
