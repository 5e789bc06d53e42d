"""Targets that are themselves average growth rates ("tăng trưởng bình quân 6,5 - 7%/năm").

An average over a term is the compound (geometric) mean of the yearly rates, as statistics offices compute
"bình quân giai đoạn": ``((1 + r_1) ... (1 + r_k)) ** (1 / k) - 1``. Rates are in percent, as written.

``assess_growth`` compares the average so far with the target range and gives the average still required
in the remaining years to reach each end of the range. When every year is in, the verdict is final.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from math import prod
from typing import Any

from chitieu.judge.verdict import judge

ON_TRACK = "on_track"
BELOW_RANGE = "below_range"
ABOVE_RANGE = "above_range"
OUT_OF_REACH = "out_of_reach"  # the rate still required exceeds every yearly rate seen by MAX_REQUIRED_GAP points
NOT_AVAILABLE = "not_available"
FINAL = "final"

MAX_REQUIRED_GAP = 2.0  # percentage points above the best yearly rate so far


@dataclass(frozen=True, slots=True)
class GrowthAssessment:
    status: str
    reason: str
    inputs: dict[str, Any]
    working: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def average_rate(rates: list[float]) -> float:
    """The compound mean of yearly rates in percent: [6, 8] -> 6.996…"""
    if not rates:
        raise ValueError("no rates")
    return (prod(1 + r / 100 for r in rates) ** (1 / len(rates)) - 1) * 100


def required_average(rates: list[float], goal: float, years: int) -> float | None:
    """The average rate the remaining years need for the whole ``years`` to average ``goal``; None when none remain."""
    remaining = years - len(rates)
    if remaining <= 0:
        return None
    needed = (1 + goal / 100) ** years / prod(1 + r / 100 for r in rates)
    return (needed ** (1 / remaining) - 1) * 100


def assess_growth(
    yearly_rates: dict[int, float],
    low: float,
    high: float | None,
    first_year: int,
    last_year: int,
    direction: str = "up",
) -> GrowthAssessment:
    """Judge yearly rates (year -> %) against an average target of ``low`` (to ``high``) over the years given."""
    inputs = {"yearly_rates": dict(sorted(yearly_rates.items())), "low": low, "high": high,
              "first_year": first_year, "last_year": last_year, "direction": direction}
    years = last_year - first_year + 1
    if years <= 0:
        raise ValueError("last_year before first_year")
    rates = [rate for year, rate in sorted(yearly_rates.items()) if first_year <= year <= last_year]
    if not rates:
        return GrowthAssessment(NOT_AVAILABLE, "no_yearly_rate", inputs)
    high = low if high is None else high
    so_far = average_rate(rates)
    working: dict[str, Any] = {
        "years": years,
        "years_in": len(rates),
        "average_so_far": so_far,
        "required_for_low": required_average(rates, low, years),
        "required_for_high": required_average(rates, high, years),
        "best_year_rate": max(rates),
    }
    if len(rates) == years:
        decision = judge(so_far, low, "range" if high != low else "exact", direction, high if high != low else None)
        working["verdict"] = decision.status
        working["verdict_working"] = decision.working
        return GrowthAssessment(FINAL, "all_years_in", inputs, working)
    required = working["required_for_low"]
    if direction == "up" and required is not None and required > max(rates) + MAX_REQUIRED_GAP:
        return GrowthAssessment(OUT_OF_REACH, "required_far_above_best_year", inputs, working)
    if so_far < low:
        return GrowthAssessment(BELOW_RANGE, "average_below_low", inputs, working)
    if so_far > high:
        return GrowthAssessment(ABOVE_RANGE, "average_above_high", inputs, working)
    return GrowthAssessment(ON_TRACK, "average_inside_range", inputs, working)
