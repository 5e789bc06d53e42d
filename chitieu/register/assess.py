"""A target's assessment from what the register holds: which figure, which method, the judgement and its working.

- A figure for the target's own period (the latest vintage, never the plan) gives a verdict (judge.verdict).
- Else a growth-rate target ("%/năm" over a term) with yearly rates gives the growth assessment (judge.growth).
- Else a baseline (the target's own, or the province's figure for the term's base year) and later figures give
  the progress status (judge.progress).
- Else ``not_available``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chitieu.judge import assess_growth, assess_progress, choose_vintage, judge
from chitieu.labels import BOUND_SYMBOL
from chitieu.numbers import format_range
from chitieu.register.linking import period_years
from chitieu.register.models import Actual, Target


def target_text(target: Target) -> str:
    if target.value is None:
        return "định tính"
    unit = f" {target.unit}" if target.unit and not target.unit.startswith("%") else (target.unit or "")
    return f"{BOUND_SYMBOL.get(target.bound, '')}{format_range(target.value, target.value_max)}{unit}"


def _same_place(session: Session, target: Target) -> list[Actual]:
    if target.indicator_id is None or target.province_id is None:
        return []
    return list(session.scalars(select(Actual).where(Actual.indicator_id == target.indicator_id,
                                                     Actual.province_id == target.province_id)))


def assess_target(session: Session, target: Target) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": target.id,
        "province": target.province.name if target.province else None,
        "province_now": _current_name(target),
        "indicator": target.indicator_text,
        "breakdown": target.breakdown,
        "catalogue": target.indicator.code if target.indicator else None,
        "field": target.indicator.field if target.indicator else None,
        "target": target_text(target),
        "period": target.period,
        "version": target.version,
        "actual": None,
        "actual_period": None,
        "vintage": None,
        "method": None,
        "status": "not_available",
        "working": {},
    }
    own = [a for a in target.actuals if a.period == target.period and a.value is not None]
    choice = choose_vintage([(a.vintage, a.as_of, a) for a in own])
    if choice.chosen is not None:
        actual: Actual = choice.chosen
        decision = judge(actual.value, target.value, target.bound, target.direction, target.value_max)
        row.update(actual=actual.value, actual_period=actual.period, vintage=choice.vintage, method="verdict",
                   status=decision.status, working={"vintage_reason": choice.reason, **decision.to_dict()})
        return row
    start, end = target.period_start, target.period_end
    yearly = _yearly(target.actuals)
    if target.unit and target.unit.endswith("/năm") and start is not None and end is not None and start < end:
        if target.value is not None and yearly:
            growth = assess_growth(yearly, target.value, target.value_max, start + 1, end, target.direction or "up")
            row.update(method="growth", status=growth.status, working=growth.to_dict())
            if yearly:
                last = max(yearly)
                row.update(actual=yearly[last], actual_period=str(last))
        return row
    if target.value is None or end is None or not yearly:
        return row
    baseline_year, baseline_value = target.baseline_year, target.baseline_value
    if baseline_value is None and start is not None:
        base_year = start if start < end else (target.congress.start_year if target.congress else None)
        base = _yearly([a for a in _same_place(session, target) if a.period == str(base_year)])
        if base_year is not None and base_year in base:
            baseline_year, baseline_value = base_year, base[base_year]
    if baseline_value is not None:
        progress = assess_progress(baseline_year, baseline_value, sorted(yearly.items()), target.value, end,
                                   target.direction or "up")
        last = max(yearly)
        row.update(method="progress", status=progress.status, working=progress.to_dict(), actual=yearly[last],
                   actual_period=str(last))
    return row


def _yearly(actuals: list[Actual]) -> dict[int, float]:
    """Year -> value from the latest vintage of each single-year figure."""
    by_year: dict[int, list[Actual]] = {}
    for actual in actuals:
        start, end = period_years(actual.period)
        if start is not None and start == end and actual.value is not None:
            by_year.setdefault(start, []).append(actual)
    out = {}
    for year, rows in by_year.items():
        choice = choose_vintage([(a.vintage, a.as_of, a) for a in rows])
        if choice.chosen is not None:
            out[year] = choice.chosen.value
    return out


def _current_name(target: Target) -> str | None:
    province = target.province
    seen = set()
    while province is not None and province.successor is not None and province.id not in seen:
        seen.add(province.id)
        province = province.successor
    return province.name if province else None
