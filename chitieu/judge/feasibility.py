"""Feasibility of a proposed target from what was achieved before it (docs/methods.md, "Feasibility").

Reads like the method:

1. The target's pace: what it requires each year from its baseline (the last term's result).
   - ``rate``: an average growth rate ("tăng bình quân 6,5 - 7%/năm"): the pace is the rate itself.
   - ``flow``: a per-year or whole-term amount ("6.400 lao động/năm", "kết nạp 5.000 đảng viên"): the amount.
   - ``level``: a value to reach by the end year ("62 triệu đồng năm 2025"): from the baseline value in the base
     year, the compound rate ``(target / base) ** (1 / years) - 1`` (%/năm), or for a percentage (a share, a
     coverage) the points a year ``(target - base) / years``.
2. The pace achieved: the last term's result of the same kind (its average rate, its amount), the province's own
   figures of the years since the base year, and for rates the other provinces' rates of the same period.
3. ``R = achieved / required`` (the ratio of Open SDG's progress method, judge/progress.py, taken before the term
   instead of during it). ``challenging`` below ``challenge_ratio``; ``out_of_reach`` when even the best pace
   achieved anywhere is below ``far_ratio`` of the pace required and, for rates and points, more than
   ``rate_gap``/``points_gap`` below it; ``feasible`` otherwise; a level already reached is ``feasible``; no pace
   achieved to compare is ``not_available``.

Plain values in, the level with its working and a Vietnamese note out. Thresholds and sentences are in
``data/feasibility.yaml``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from statistics import median
from typing import Any

from chitieu.datafiles import MAPPING, TEXTS, WORDS, datafile
from chitieu.numbers import format_number, format_range

FEASIBILITY = datafile(__file__, "feasibility", {"thresholds": MAPPING, "levels": WORDS, "notes": TEXTS})

OUT_OF_REACH = "out_of_reach"
CHALLENGING = "challenging"
FEASIBLE = "feasible"
NOT_AVAILABLE = "not_available"
KINDS = ("rate", "flow", "level")


def thresholds() -> dict[str, float]:
    """The named thresholds of data/feasibility.yaml, as numbers."""
    return {key: float(value) for key, value in FEASIBILITY.load()["thresholds"].items()}


def _notes() -> dict[str, str]:
    notes: dict[str, str] = FEASIBILITY.load()["notes"]
    return notes


@dataclass(frozen=True, slots=True)
class Baseline:
    """What the last term left: its result in the base year (a level) and its average over the term (a rate or
    an amount), with where it was reported."""

    year: int | None = None
    value: float | None = None
    rate: float | None = None
    period: str | None = None  # the period of ``rate``: "2015-2020"
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Peers:
    """Other provinces' results of the same indicator and period (rates for a rate target, else levels)."""

    period: str
    values: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Proposal:
    indicator: str
    kind: str  # KINDS
    low: float
    high: float | None
    direction: str  # up / down / hold (held at least)
    unit: str | None
    start: int  # the base year: 2020 for 2020-2025
    end: int
    baseline: Baseline | None = None
    yearly: dict[int, float] = field(default_factory=dict)  # the province's own figures after the base year
    peers: Peers | None = None
    shown: str | None = None  # the target as written ("> 62 triệu đồng"), else the range and unit


@dataclass(frozen=True, slots=True)
class Feasibility:
    level: str
    note: str  # Vietnamese, for a planner
    measure: str | None = None  # rate (%/năm) / points (điểm %/năm) / amount
    required: float | None = None
    achieved: float | None = None
    best: float | None = None  # the best pace achieved anywhere, signed as the target's direction
    ratio: float | None = None  # achieved / required
    working: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _n(value: float) -> str:
    return format_number(round(value, 2))


def _unit(unit: str | None) -> str:
    return "" if not unit else unit if unit.startswith("%") else f" {unit}"


def _pace(base: float, value: float, years: int, measure: str) -> float | None:
    if years <= 0:
        return None
    if measure != "rate":  # points of a percentage, or an amount from zero: a straight line
        return (value - base) / years
    if base <= 0 or value <= 0:
        return None
    return ((value / base) ** (1 / years) - 1) * 100


def not_read() -> Feasibility:
    """The evidence of a target the method does not read (qualitative, yearly, outside the catalogue)."""
    return Feasibility(NOT_AVAILABLE, _notes()["not_read"])


def assess_feasibility(proposal: Proposal) -> Feasibility:
    """The level of a proposed target and its note."""
    if proposal.kind not in KINDS:
        raise ValueError(f"unknown kind {proposal.kind!r}")
    notes, limits = _notes(), thresholds()
    sign = -1 if proposal.direction == "down" else 1
    high = proposal.high if proposal.high is not None else proposal.low
    goal = proposal.low if sign > 0 else high
    unit = _unit(proposal.unit)
    shown = proposal.shown or f"{format_range(proposal.low, proposal.high)}{unit}"
    base = proposal.baseline
    working: dict[str, Any] = {"kind": proposal.kind, "goal": goal, "sign": sign,
                               "baseline": base.to_dict() if base else None}
    parts: list[str] = []
    peers_rate: list[float] = []
    achieved: float | None = None
    required: float | None
    if proposal.kind == "level":
        if base is None or base.value is None or base.year is None:
            return _level(NOT_AVAILABLE, [notes["no_baseline"]], notes, "rate", working)
        measure = ("points" if (proposal.unit or "").startswith("%") else "rate" if base.value > 0 and goal > 0
                   else "amount")
        pace_unit = {"points": notes["pace_points"], "rate": notes["pace_rate"], "amount": unit}[measure]
        years = proposal.end - base.year
        required = _pace(base.value, goal, years, measure)
        values = {"base": _n(base.value), "unit": unit, "base_year": base.year, "target": shown,
                  "end_year": proposal.end}
        if sign * (goal - base.value) <= 0:
            return _level(FEASIBLE, [notes["level_reached"].format(**values)], notes, measure, working, required)
        if required is None:
            return _level(NOT_AVAILABLE, [notes["no_baseline"]], notes, measure, working)
        verb, to = (notes["up"], notes["up_to"]) if required >= 0 else (notes["down"], notes["down_to"])
        parts.append(notes["level_required"].format(**values, verb=verb, to=to, required=_n(abs(required)),
                                                    pace=pace_unit))
        later = {y: v for y, v in proposal.yearly.items() if base.year < y <= proposal.end}
        if later:
            last = max(later)
            achieved = _pace(base.value, later[last], last - base.year, measure)
            if achieved is not None:
                parts.append(notes["yearly_achieved"].format(
                    period=f"{base.year}-{last}", verb=notes["up"] if achieved >= 0 else notes["down"],
                    achieved=_n(abs(achieved)), pace=pace_unit))
        if achieved is None and measure == "rate" and base.rate is not None:
            achieved = base.rate
            parts.append(notes["pace_achieved"].format(period=base.period, verb=notes["up"] if achieved >= 0
                                                       else notes["down"], achieved=_n(abs(achieved)),
                                                       pace=pace_unit))
    else:
        measure = "rate" if proposal.kind == "rate" else "amount"
        required = goal
        single = proposal.end - proposal.start == 1  # a year's target, from the year before
        period = (notes["year"] if single else notes["term"]).format(
            period=proposal.end if single else f"{proposal.start}-{proposal.end}")
        parts.append(notes["flow_target" if single else f"{proposal.kind}_target"].format(target=shown, period=period))
        if base is not None and base.rate is not None:
            achieved = base.rate
            when = notes["last_term" if "-" in (base.period or "") else "last_year"].format(period=base.period)
            if proposal.kind == "rate":
                parts.append(notes["rate_achieved"].format(when=when, achieved=_n(achieved), unit=unit))
            elif achieved:
                parts.append(notes["flow_achieved"].format(when=when, achieved=_n(achieved), unit=unit,
                                                           ratio=_n(required / achieved)))
        if proposal.kind == "rate":
            rates = [v for y, v in proposal.yearly.items() if proposal.start < y <= proposal.end]
            if rates:
                parts.append(notes["yearly_achieved"].format(
                    period=f"{proposal.start + 1}-{max(y for y in proposal.yearly if y <= proposal.end)}",
                    verb=notes["up"], achieved=_n(max(rates, key=lambda r: sign * r)), pace="%"))
            peers_rate = rates
    if proposal.peers and proposal.peers.values:
        peer = proposal.peers.values
        parts.append(notes["peers"].format(period=proposal.peers.period, count=len(peer), median=_n(median(peer)),
                                           low=_n(min(peer)), high=_n(max(peer)), unit=unit))
        working["peers"] = {"period": proposal.peers.period, "values": list(peer), "median": median(peer)}
        if proposal.kind == "rate":
            peers_rate = [*peers_rate, *peer]
    if achieved is None or required is None:
        if achieved is None and base is None:
            parts.append(notes["no_baseline"])
        else:
            parts.append(notes["no_achieved"])
        return _level(NOT_AVAILABLE, parts, notes, measure, working, required)
    required_d, achieved_d = sign * required, sign * achieved
    best = max([achieved_d, *(sign * v for v in peers_rate)])
    working.update(required=required, achieved=achieved, best=best, limits=limits)
    if required_d <= 0:
        return _level(FEASIBLE, parts, notes, measure, working, required, achieved, best)
    ratio = achieved_d / required_d
    gap = limits["rate_gap"] if measure == "rate" else limits["points_gap"] if measure == "points" else 0.0
    if best / required_d < limits["far_ratio"] and required_d - best > gap:
        level = OUT_OF_REACH
    elif ratio < limits["challenge_ratio"]:
        level = CHALLENGING
    else:
        level = FEASIBLE
    return _level(level, parts, notes, measure, working, required, achieved, best, ratio)


def _level(level: str, parts: list[str], notes: dict[str, str], measure: str, working: dict[str, Any],
           required: float | None = None, achieved: float | None = None, best: float | None = None,
           ratio: float | None = None) -> Feasibility:
    text = "; ".join(part for part in parts if part)
    note = f"{text[:1].upper()}{text[1:]}. {notes[level]}"
    return Feasibility(level, note, measure, required, achieved, best, ratio, working)
