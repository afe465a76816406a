"""What the linter reports: findings tied to a question's file and line, and bank-level figures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quiz.bank.model import Question

Located = tuple[str, "Question"]  # a question with the display path of its file


@dataclass(frozen=True, order=True)
class Finding:
    """One flaw of one question, printed as `path:line: lint: message [rule]`."""

    path: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: lint: {self.message} [{self.rule}]"


@dataclass(frozen=True)
class Figure:
    """A bank-level measure (over every file linted together), and whether it is out of bounds."""

    rule: str
    text: str
    flagged: bool


@dataclass(frozen=True)
class Check:
    """What one rule found: its figure (bank-level rules only) and the questions it names."""

    findings: tuple[Finding, ...] = ()
    figure: Figure | None = None


@dataclass(frozen=True)
class LintReport:
    """Everything the linter found over a set of banks."""

    findings: tuple[Finding, ...]
    figures: tuple[Figure, ...]
    question_count: int

    @property
    def flagged(self) -> tuple[Figure, ...]:
        return tuple(f for f in self.figures if f.flagged)

    @property
    def clean(self) -> bool:
        """True when no question is named and no bank-level figure is out of bounds."""
        return not self.findings and not self.flagged

    def counts(self) -> Counter[str]:
        """Findings per rule."""
        return Counter(f.rule for f in self.findings)


def merge(checks: list[Check], question_count: int) -> LintReport:
    """Combine the rules' checks into one report, findings in file and line order."""
    findings = sorted(f for check in checks for f in check.findings)
    figures = tuple(check.figure for check in checks if check.figure is not None)
    return LintReport(tuple(findings), figures, question_count)


def summary_lines(report: LintReport, file_count: int) -> list[str]:
    """The summary printed after the findings: every bank-level figure, then the count of findings per rule."""
    lines = [f"Bank-level figures over {file_count} file(s), {report.question_count} question(s):"]
    lines += [f"  {f.rule}: {f.text}: {'FLAGGED' if f.flagged else 'ok'}" for f in report.figures]
    per_rule = ", ".join(f"{rule} {count}" for rule, count in sorted(report.counts().items()))
    total = f"{len(report.findings)} finding(s)" + (f" ({per_rule})" if per_rule else "")
    lines.append(f"{total}; {len(report.flagged)} bank-level figure(s) out of bounds.")
    return lines
