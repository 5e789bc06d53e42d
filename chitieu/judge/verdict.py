"""Exceeded / met / not met: one actual value against one target, with the working.

The rule (docs/methods.md, "Verdicts"), as the documents apply it:

1. The target's bound decides which side is good: ``min``/``gt`` ("từ … trở lên", "trên") want at least the
   value, ``max``/``lt`` ("không quá", "dưới") at most; ``exact`` and ``range`` take the side from the
   direction (``up``: more is better, ``down``: less is better, ``hold``/unknown: only the target itself).
2. Reaching the target is ``met``; going beyond it by more than ``EXCEED_MARGIN`` (relative) is ``exceeded``;
   falling short by any amount beyond float noise is ``not_met``. Documents write "trên 90%" and call 90% met,
   so ``gt``/``lt`` are judged like ``min``/``max``.
3. A range is met anywhere inside it, exceeded past its better end, not met short of its worse end.
4. A qualitative target, a missing value or an exact target with no known direction that is missed gives
   ``not_available``: too little to judge is a status, not an exception.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

EXCEED_MARGIN = 0.005  # a surplus under 0.5% of the target is "met": a rounding of the target, not a surplus
NOISE = 1e-9  # relative float noise

EXCEEDED = "exceeded"
MET = "met"
NOT_MET = "not_met"
NOT_AVAILABLE = "not_available"

_GOOD_SIDE = {"min": "up", "gt": "up", "max": "down", "lt": "down"}


@dataclass(frozen=True, slots=True)
class Decision:
    """A verdict and how it was reached: the inputs, the side that is better, the margins used."""

    status: str
    reason: str
    inputs: dict[str, Any]
    working: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def judge(
    actual: float | None,
    target: float | None,
    bound: str,
    direction: str | None = None,
    target_max: float | None = None,
    *,
    exceed_margin: float = EXCEED_MARGIN,
) -> Decision:
    """Judge ``actual`` against a target written as ``bound`` ``target`` (``target_max`` for a range)."""
    inputs = {"actual": actual, "target": target, "target_max": target_max, "bound": bound, "direction": direction}
    if bound == "qualitative" or actual is None or target is None:
        return Decision(NOT_AVAILABLE, "no_number", inputs)
    if bound not in ("min", "gt", "max", "lt", "range", "exact"):
        raise ValueError(f"unknown bound: {bound!r}")
    low, high = target, target if target_max is None else target_max
    if low > high:
        low, high = high, low
    side = _GOOD_SIDE.get(bound, direction if direction in ("up", "down") else "hold")
    working: dict[str, Any] = {"good_side": side, "low": low, "high": high, "exceed_margin": exceed_margin}
    if side == "hold":
        inside = _at_least(actual, low) and _at_most(actual, high)
        working["inside"] = inside
        if inside:
            return Decision(MET, "inside_target", inputs, working)
        if direction is None and bound == "exact":
            return Decision(NOT_AVAILABLE, "no_direction", inputs, working)
        return Decision(NOT_MET, "off_target", inputs, working)
    if side == "up":
        worse_end, better_end, gap = low, high, actual - high
        short = not _at_least(actual, worse_end)
    else:
        worse_end, better_end, gap = high, low, low - actual
        short = not _at_most(actual, worse_end)
    working.update(worse_end=worse_end, better_end=better_end, surplus=gap)
    if short:
        return Decision(NOT_MET, "short_of_target", inputs, working)
    relative = gap / abs(better_end) if better_end else (float("inf") if gap > NOISE else 0.0)
    working["relative_surplus"] = relative
    if relative > exceed_margin:
        return Decision(EXCEEDED, "beyond_target", inputs, working)
    return Decision(MET, "reached_target", inputs, working)


def _at_least(value: float, limit: float) -> bool:
    return value >= limit - NOISE * max(1.0, abs(limit))


def _at_most(value: float, limit: float) -> bool:
    return value <= limit + NOISE * max(1.0, abs(limit))
