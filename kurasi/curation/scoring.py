"""Scores: one assessment's weighted score, the aggregate across curators, and calibration.

Pure functions over plain numbers, so the arithmetic is tested on its own and shared by pages,
exports and the API.
"""

import functools
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class CriterionSpec:
    key: str
    weight: float
    minimum: int | None = None  # a score below this blocks passing (a veto)


def weighted_score(
    scores: dict, criteria: list[CriterionSpec], scale_min: int, scale_max: int
) -> float:
    """The assessment's score on 0–100: each criterion's position on its scale, weighted.

    Criteria without a score count as the scale's minimum: a missing score never raises a total.
    """
    if scale_max <= scale_min:
        raise ValueError("The scale's maximum must exceed its minimum.")
    total_weight = sum(float(c.weight) for c in criteria)
    if total_weight <= 0:
        raise ValueError("Weights must be positive.")
    span = scale_max - scale_min
    earned = 0.0
    for criterion in criteria:
        value = scores.get(criterion.key)
        value = scale_min if value is None else min(max(float(value), scale_min), scale_max)
        earned += float(criterion.weight) * (value - scale_min) / span
    return round(100 * earned / total_weight, 2)


def vetoed_criteria(scores: dict, criteria: list[CriterionSpec]) -> list[str]:
    """Keys of criteria scored below their minimum."""
    return [
        c.key
        for c in criteria
        if c.minimum is not None and scores.get(c.key) is not None and scores[c.key] < c.minimum
    ]


@dataclass(frozen=True)
class Aggregate:
    mean: float
    median: float
    spread: float
    count: int

    def disagreement(self, threshold: float) -> bool:
        return self.count > 1 and self.spread > threshold


def aggregate(values: list[float]) -> Aggregate | None:
    """Mean, median and spread rounded to 2 places. Written out rather than through `statistics`
    (the results assemble 2,000 of these after every save): math.fsum over the count is exactly
    statistics.fmean, and the median is the middle value or the mean of the two middle ones."""
    if not values:
        return None
    n = len(values)
    ordered = sorted(values)
    middle = n // 2
    median = ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return Aggregate(
        mean=round(math.fsum(values) / n, 2),
        median=round(median, 2),
        spread=round(ordered[-1] - ordered[0], 2),
        count=n,
    )


def calibrate(scores: list[tuple[object, object, float]]) -> dict:
    """Standardise each curator's scores against that curator's own mean and spread.

    `scores`: (curator, application, weighted score) triples of one programme. Returns
    {(curator, application): z} where z says how far above or below their own habit a curator
    scored this product. A harsh and a lenient curator who rank products alike get alike z;
    shifting or scaling all of one curator's scores leaves their z unchanged. A curator with a
    single score, or with all scores equal, gets 0 (no evidence of habit).
    """
    by_curator = defaultdict(list)
    for curator, _, value in scores:
        by_curator[curator].append(float(value))
    habits = {curator: _habit(tuple(values)) for curator, values in by_curator.items()}
    result = {}
    for curator, application, value in scores:
        mean, spread = habits[curator]
        if spread <= 1e-9 * max(1.0, abs(mean)):
            result[(curator, application)] = 0.0
            continue
        z = (float(value) - mean) / spread
        result[(curator, application)] = round(z, 6) if math.isfinite(z) else 0.0
    return result


@functools.lru_cache(maxsize=256)
def _habit(values: tuple) -> tuple[float, float]:
    """(mean, spread) of one curator's scores. Kept: a save changes one curator's scores, and
    statistics.pstdev (exact fractions) over thousands of scores is the slow part of calibrating."""
    mean = statistics.fmean(values)
    return mean, statistics.pstdev(values) if len(values) > 1 else 0.0


def calibrated_score(z: float, *, programme_mean: float, programme_spread: float) -> float:
    """A z back on the 0–100 scale of the whole programme, for showing beside the raw score."""
    return round(min(max(programme_mean + z * programme_spread, 0.0), 100.0), 2)


def to_decimal(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))
