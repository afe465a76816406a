"""Item-analysis statistics from running sums: pure arithmetic, no database, no Flask.

The database adds up (count, sums, sums of squares and of products); this module turns those sums
into the statistics Moodle's quiz report shows. Variances are sample variances (n - 1), as Moodle's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Sums:
    """Running sums over the responses to one question (or part of them): x is the question's score as a fraction,
    p its points, r the rest of the attempt's points (the attempt's total without this question)."""

    n: int = 0
    x: float = 0.0
    xx: float = 0.0
    r: float = 0.0
    rr: float = 0.0
    xr: float = 0.0
    p: float = 0.0
    pp: float = 0.0

    def __add__(self, other: Sums) -> Sums:
        return Sums(*(a + b for a, b in zip(self.values(), other.values(), strict=True)))

    def values(self) -> tuple[float, ...]:
        return (self.n, self.x, self.xx, self.r, self.rr, self.xr, self.p, self.pp)


@dataclass(frozen=True)
class ItemStats:
    """One question's statistics: facility and spread in percent, discrimination as a correlation times 100."""

    responses: int
    facility: float | None
    sd: float | None
    discrimination: float | None
    points_variance: float | None


@dataclass(frozen=True)
class BankStats:
    """The whole bank's statistics over the attempts analysed (scores in percent of each attempt's maximum)."""

    attempts: int
    mean: float | None
    median: float | None
    sd: float | None
    alpha: float | None
    sem: float | None


def sample_variance(n: int, total: float, squares: float) -> float | None:
    """The sample variance (n - 1) of n values from their sum and sum of squares; None below two values."""
    if n < 2:
        return None
    return max(0.0, (squares - total * total / n) / (n - 1))


def correlation(n: int, sx: float, sy: float, sxx: float, syy: float, sxy: float) -> float | None:
    """Pearson's correlation from sums; None when either variable does not vary."""
    spread = (n * sxx - sx * sx) * (n * syy - sy * sy)
    if n < 2 or spread <= 1e-12 * max(1.0, n * n):
        return None
    return max(-1.0, min(1.0, (n * sxy - sx * sy) / math.sqrt(spread)))


def item_stats(sums: Sums) -> ItemStats:
    """Facility (mean score %), its standard deviation, and the discrimination index (question vs rest of attempt)."""
    if sums.n == 0:
        return ItemStats(0, None, None, None, None)
    variance = sample_variance(sums.n, sums.x, sums.xx)
    r = correlation(sums.n, sums.x, sums.r, sums.xx, sums.rr, sums.xr)
    return ItemStats(
        responses=sums.n,
        facility=100.0 * sums.x / sums.n,
        sd=None if variance is None else 100.0 * math.sqrt(variance),
        discrimination=None if r is None else 100.0 * r,
        points_variance=sample_variance(sums.n, sums.p, sums.pp),
    )


def cronbach_alpha(item_variances: list[float], total_variance: float | None) -> float | None:
    """Cronbach's alpha, k/(k-1) * (1 - sum of item variances / variance of totals); KR-20 for right/wrong items."""
    k = len(item_variances)
    if k < 2 or not total_variance:
        return None
    return k / (k - 1) * (1.0 - sum(item_variances) / total_variance)


def bank_stats(
    attempts: int,
    percent: tuple[float, float],
    points: tuple[float, float],
    median: float | None,
    items: list[ItemStats],
) -> BankStats:
    """The bank's statistics from the sums (and sums of squares) of attempt scores in percent and in points."""
    if attempts == 0:
        return BankStats(0, None, None, None, None, None)
    percent_variance = sample_variance(attempts, *percent)
    alpha = cronbach_alpha(
        [i.points_variance for i in items if i.points_variance is not None], sample_variance(attempts, *points)
    )
    sd = None if percent_variance is None else math.sqrt(percent_variance)
    sem = None if sd is None or alpha is None or alpha > 1 else sd * math.sqrt(1.0 - alpha)
    return BankStats(attempts, percent[0] / attempts, median, sd, alpha, sem)
