"""Progress towards a target by Statistics Canada's method as Open SDG publishes it (docs/methods.md).

Reads like the method:

1. Defaults: the thresholds below, named as the method names them.
2. Data selection: the baseline (year and value) and the latest actual (year and value); fewer than two
   distinct years, or values that compound growth cannot handle (zero, negative), give ``not_available``.
3. Growth: the observed compound annual growth rate ``cagr_observed = (y_i / y_0) ** (1 / (t_i - t_0)) - 1``.
4. With a target: ``cagr_required = (y_T / y_0) ** (1 / (t_T - t_0)) - 1`` and the ratio
   ``R = cagr_observed / cagr_required``; an already reached target is ``target_achieved``.
5. Without a target: ``d * cagr_observed`` against fixed rates (1.5% / 0.5% / 0); near a natural limit
   (a coverage of 100%) the rates above 0 are scaled by the factor ``C`` of ``limit_factor``.
6. Status by the bands; every status comes back with its inputs and intermediate numbers, plus the value
   projected at the deadline on the observed trend and the annual rate still required from the latest value.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Bands for the ratio of observed to required growth (with a target).
ON_TRACK_RATIO = 0.95
ACCELERATION_RATIO = 0.60
LIMITED_RATIO = 0.0
# Bands for the observed growth rate itself (without a target), before the direction sign.
ON_TRACK_RATE = 0.015
ACCELERATION_RATE = 0.005
# The exponent of the scaling factor near a natural limit (Open SDG's "a" = 4.44).
LIMIT_EXPONENT = 4.44

TARGET_ACHIEVED = "target_achieved"
ON_TRACK = "on_track"
ACCELERATION_NEEDED = "acceleration_needed"
LIMITED_PROGRESS = "limited_progress"
DETERIORATION = "deterioration"
NOT_AVAILABLE = "not_available"


@dataclass(frozen=True, slots=True)
class Progress:
    status: str
    reason: str
    inputs: dict[str, Any]
    working: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def assess_progress(
    baseline_year: int | None,
    baseline_value: float | None,
    observations: list[tuple[int, float]],
    target_value: float | None = None,
    target_year: int | None = None,
    direction: str | None = "up",
    limit: float | None = None,
) -> Progress:
    """Progress of an indicator from its baseline through ``observations`` (year, value) towards the target.

    ``limit`` is the indicator's natural limit (100 for a coverage in %); it matters only without a target, as
    in the method (with a target the required rate already accounts for it).
    """
    inputs = {
        "baseline_year": baseline_year,
        "baseline_value": baseline_value,
        "observations": sorted(observations),
        "target_value": target_value,
        "target_year": target_year,
        "direction": direction,
        "limit": limit,
    }
    sign = -1.0 if direction == "down" else 1.0
    if baseline_year is None or baseline_value is None:
        return Progress(NOT_AVAILABLE, "no_baseline", inputs)
    later = [(year, value) for year, value in sorted(observations) if year > baseline_year]
    if not later:
        return Progress(NOT_AVAILABLE, "no_observation_after_baseline", inputs)
    latest_year, latest_value = later[-1]
    working: dict[str, Any] = {"latest_year": latest_year, "latest_value": latest_value, "sign": sign}
    if baseline_value <= 0 or latest_value <= 0:
        return Progress(NOT_AVAILABLE, "values_not_positive", inputs, working)
    observed = cagr(baseline_value, latest_value, latest_year - baseline_year)
    working["cagr_observed"] = observed

    if target_value is None or target_year is None:
        rate = sign * observed
        factor = limit_factor(baseline_value, limit, direction)
        on_track, acceleration = ON_TRACK_RATE * factor, ACCELERATION_RATE * factor
        working.update(directed_rate=rate, limit_factor=factor, on_track_rate=on_track,
                       acceleration_rate=acceleration)
        status = (
            ON_TRACK if rate >= on_track
            else ACCELERATION_NEEDED if rate >= acceleration
            else LIMITED_PROGRESS if rate >= 0
            else DETERIORATION
        )
        return Progress(status, "no_target_fixed_rates" if factor == 1 else "no_target_near_limit", inputs, working)

    if target_value <= 0 or target_year <= baseline_year:
        return Progress(NOT_AVAILABLE, "target_not_comparable", inputs, working)
    working["projected_value"] = latest_value * (1 + observed) ** (target_year - latest_year)
    years_left = target_year - latest_year
    working["years_left"] = years_left
    working["rate_still_required"] = cagr(latest_value, target_value, years_left) if years_left > 0 else None
    if sign * (latest_value - target_value) >= 0:
        return Progress(TARGET_ACHIEVED, "latest_reaches_target", inputs, working)
    required = cagr(baseline_value, target_value, target_year - baseline_year)
    working["cagr_required"] = required
    if required == 0:
        return Progress(NOT_AVAILABLE, "no_growth_required", inputs, working)
    ratio = observed / required
    if sign * required < 0:  # the target lies on the worse side of the baseline: growth either way is judged by d
        ratio = sign * observed / abs(required)
    working["ratio"] = ratio
    status = (
        ON_TRACK if ratio >= ON_TRACK_RATIO
        else ACCELERATION_NEEDED if ratio >= ACCELERATION_RATIO
        else LIMITED_PROGRESS if ratio >= LIMITED_RATIO
        else DETERIORATION
    )
    return Progress(status, "ratio_to_required", inputs, working)


def limit_factor(baseline: float, limit: float | None, direction: str | None = "up") -> float:
    """The method's scaling factor ``C`` (0 to 1) for the fixed rates near a natural limit ``y_lim``.

    - a maximum limit (0 <= y0 <= y_lim): ``C = 1 - (y0 / y_lim) ** a``;
    - a minimum limit: ``C = 1 - ((2 y_lim - y0) / y_lim) ** a`` for y_lim < y0 < 2 y_lim, and 1 from 2 y_lim on;
    - with ``a = LIMIT_EXPONENT``, on absolute values. Only a limit in the desired direction counts (a maximum
      when more is better, a minimum when less is): otherwise, or without a limit, ``C = 1``. At the limit
      ``C = 0``: holding the value there is on track.
    """
    if limit is None:
        return 1.0
    y0, y_lim = abs(baseline), abs(limit)
    maximum = y0 <= y_lim
    if maximum == (direction == "down") and y0 != y_lim:
        return 1.0  # a maximum for a "less is better" indicator, or a minimum for a "more is better" one
    if y0 >= 2 * y_lim:
        return 1.0
    if maximum:
        return 1.0 - (y0 / y_lim) ** LIMIT_EXPONENT
    return 1.0 - ((2 * y_lim - y0) / y_lim) ** LIMIT_EXPONENT


def cagr(start: float, end: float, years: int | float) -> float:
    """The compound annual growth rate from ``start`` to ``end`` over ``years`` (> 0) years."""
    if years <= 0:
        raise ValueError("years must be positive")
    return (end / start) ** (1 / years) - 1
