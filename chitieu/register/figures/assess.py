"""A target's assessment from what the register holds: which figure, which method, the judgement and its working.

- A figure for the target's own period (the latest vintage, never the plan) gives a verdict (judge.verdict).
- Else a growth-rate target ("%/năm" over a term) with yearly rates gives the growth assessment (judge.growth);
  once every year is in, its status is the verdict on the average (exceeded / met / not met).
- Else a baseline (the target's own, or the province's figure for the term's base year) and later figures give
  the progress status (judge.progress).
- Else ``not_available``.

The judging reads a light shape (``Judged``: a target's columns and its figures as tuples), built from an ORM
``Target`` (``assess_target``) or read for many targets at once in a few column queries (``assess_ids``: a page of
the register, the status refresh), so both paths judge alike.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple, Protocol

from sqlalchemy import BindParameter, and_, bindparam, func, or_, select
from sqlalchemy.orm import Session, aliased

from chitieu.judge import Decision, assess_growth, assess_progress, choose_vintage, judge
from chitieu.judge.growth import FINAL
from chitieu.labels import BOUND_SYMBOL
from chitieu.numbers import format_range
from chitieu.register.db.models import Actual, Congress, Indicator, Province, Target
from chitieu.register.documents.linking import period_years

CHUNK = 500  # ids per IN list
_DECISION_FIELDS = tuple(field.name for field in dataclasses.fields(Decision))
PLACES = 100  # (province, indicator) pairs per query (SQLite limits how deep an OR may nest)


class Figure(NamedTuple):
    """What judging reads of one reported value (an ``Actual``'s columns)."""

    period: str | None
    value: float | None
    vintage: str
    as_of: date | None


class Judged(NamedTuple):
    """What judging reads of one target: its columns, names from its links, and its own figures (by id)."""

    id: int
    province_id: int | None
    indicator_id: int | None
    province: str | None
    province_now: str | None
    indicator_text: str
    breakdown: str | None
    catalogue: str | None
    field: str | None
    value: float | None
    value_max: float | None
    bound: str
    direction: str | None
    unit: str | None
    period: str | None
    period_start: int | None
    period_end: int | None
    baseline_value: float | None
    baseline_year: int | None
    congress_start: int | None
    version: int
    actuals: Sequence[Figure]


class _Dated(Protocol):
    @property
    def period(self) -> str | None: ...
    @property
    def value(self) -> float | None: ...
    @property
    def vintage(self) -> str: ...
    @property
    def as_of(self) -> date | None: ...


PlaceFigures = Callable[[Judged], Sequence[Figure]]  # a target's province's figures for its indicator


def target_text(target: Target | Judged) -> str:
    if target.value is None:
        return "định tính"
    unit = f" {target.unit}" if target.unit and not target.unit.startswith("%") else (target.unit or "")
    return f"{BOUND_SYMBOL.get(target.bound, '')}{format_range(target.value, target.value_max)}{unit}"


def _figure(actual: Actual) -> Figure:
    return Figure(actual.period, actual.value, actual.vintage, actual.as_of)


def _place_query(pairs: Iterable[tuple[int, int]]) -> Any:
    return (select(Actual.province_id, Actual.indicator_id, Actual.period, Actual.value, Actual.vintage,
                   Actual.as_of)
            .where(or_(*(and_(Actual.indicator_id == i, Actual.province_id == p) for p, i in pairs)))
            .order_by(Actual.id))


def _same_place(session: Session) -> PlaceFigures:
    def read(target: Judged) -> list[Figure]:
        if target.indicator_id is None or target.province_id is None:
            return []
        query = _place_query([(target.province_id, target.indicator_id)])
        return [Figure(*row[2:]) for row in session.execute(query)]
    return read


def judged_target(target: Target) -> Judged:
    """The light shape of an ORM target (its actuals, indicator, congress and province are read)."""
    indicator = target.indicator
    return Judged(
        target.id, target.province_id, target.indicator_id, target.province.name if target.province else None,
        _current_name(target.province), target.indicator_text, target.breakdown,
        indicator.code if indicator else None, target.field or (indicator.field if indicator else None), target.value,
        target.value_max, target.bound, target.direction, target.unit, target.period, target.period_start,
        target.period_end, target.baseline_value, target.baseline_year,
        target.congress.start_year if target.congress else None, target.version,
        [_figure(a) for a in target.actuals])


def assess_target(session: Session, target: Target) -> dict[str, Any]:
    return assess(judged_target(target), _same_place(session))


def assess_ids(session: Session, ids: Sequence[int]) -> list[dict[str, Any]]:
    """These targets judged, in this order (ids not in the register are left out): their columns in one query,
    their figures in another, and the province figures some need as a baseline in a third."""
    rows = _judged_rows(session, ids)
    asked: list[int] = []

    def record(target: Judged) -> list[Figure]:
        asked.append(target.id)
        return []

    out = {row.id: assess(row, record) for row in rows.values()}
    if asked:  # judged again with their province's figures, read at once
        pairs = {(province, indicator) for i in asked
                 if (province := rows[i].province_id) is not None and (indicator := rows[i].indicator_id) is not None}
        place: dict[tuple[int | None, int | None], list[Figure]] = {}
        ordered = sorted(pairs)
        for start in range(0, len(ordered), PLACES):
            for row in session.connection().execute(_place_query(ordered[start:start + PLACES])):
                place.setdefault((row[0], row[1]), []).append(Figure(*row[2:]))
        for i in asked:
            out[i] = assess(rows[i], lambda t: place.get((t.province_id, t.indicator_id), []))
    return [out[i] for i in ids if i in out]


@functools.cache
def _statements() -> tuple[Any, Any]:
    """The two reads of ``_judged_rows``, built once (both take the ids as ``ids``)."""
    successor = aliased(Province)
    ids: BindParameter[list[int]] = bindparam("ids", expanding=True)
    figures = (select(Actual.target_id, Actual.period, Actual.value, Actual.vintage, Actual.as_of)
               .where(Actual.target_id.in_(ids)).order_by(Actual.target_id, Actual.id))
    columns = (select(Target.id, Target.province_id, Target.indicator_id, Province.name, successor.id, successor.name,
                      successor.successor_id, Target.indicator_text, Target.breakdown, Indicator.code,
                      func.coalesce(Target.field, Indicator.field), Target.value, Target.value_max, Target.bound,
                      Target.direction, Target.unit,
                      Target.period, Target.period_start, Target.period_end, Target.baseline_value,
                      Target.baseline_year, Congress.start_year, Target.version)
               .outerjoin(Province, Province.id == Target.province_id)
               .outerjoin(successor, successor.id == Province.successor_id)
               .outerjoin(Indicator, Indicator.id == Target.indicator_id)
               .outerjoin(Congress, Congress.id == Target.congress_id)
               .where(Target.id.in_(ids)))
    return figures, columns


def _judged_rows(session: Session, ids: Sequence[int]) -> dict[int, Judged]:
    figures_query, columns_query = _statements()
    session.flush()  # column reads go past the ORM: write what it holds first (nothing, on a read)
    connection = session.connection()
    figures: dict[int, list[Figure]] = {}
    columns: list[Any] = []
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), CHUNK):
        chunk = {"ids": unique[start:start + CHUNK]}
        for target_id, *figure in connection.execute(figures_query, chunk):
            figures.setdefault(target_id, []).append(Figure(*figure))
        columns += connection.execute(columns_query, chunk).all()
    out = {}
    for (id_, province_id, indicator_id, name, successor_id, next_name, next_successor, *rest) in columns:
        if successor_id is None or successor_id == province_id:  # no successor (or itself)
            now = name
        elif next_successor is None:
            now = next_name
        else:  # a unit merged more than once: walk the lineage
            now = _current_name(session.get(Province, province_id))
        out[id_] = Judged._make((id_, province_id, indicator_id, name, now, *rest, figures.get(id_, [])))
    return out


def assess(target: Judged, same_place: PlaceFigures) -> dict[str, Any]:
    """One target's assessment; ``same_place`` gives its province's figures for its indicator when a baseline
    must come from them."""
    row: dict[str, Any] = {
        "id": target.id,
        "province": target.province,
        "province_now": target.province_now,
        "indicator": target.indicator_text,
        "breakdown": target.breakdown,
        "catalogue": target.catalogue,
        "field": target.field,
        "target": target_text(target),
        "unit": target.unit,
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
        actual: Figure = choice.chosen
        decision = judge(actual.value, target.value, target.bound, target.direction, target.value_max)
        row.update(actual=actual.value, actual_period=actual.period, vintage=choice.vintage, method="verdict",
                   status=decision.status, working={"vintage_reason": choice.reason, **_decision_dict(decision)})
        return row
    start, end = target.period_start, target.period_end
    yearly = _yearly(target.actuals)
    if target.unit and target.unit.endswith("/năm") and start is not None and end is not None and start < end:
        if target.value is not None and yearly:
            growth = assess_growth(yearly, target.value, target.value_max, start + 1, end, target.direction or "up")
            status = growth.working["verdict"] if growth.status == FINAL else growth.status  # every year is in
            row.update(method="growth", status=status, working=growth.to_dict())
            if yearly:
                last = max(yearly)
                row.update(actual=yearly[last], actual_period=str(last))
        return row
    if target.value is None or end is None or not yearly:
        return row
    baseline_year, baseline_value = target.baseline_year, target.baseline_value
    if baseline_value is None and start is not None:
        base_year = start if start < end else target.congress_start
        base = _yearly([a for a in same_place(target) if a.period == str(base_year)])
        if base_year is not None and base_year in base:
            baseline_year, baseline_value = base_year, base[base_year]
    if baseline_value is not None:
        progress = assess_progress(baseline_year, baseline_value, sorted(yearly.items()), target.value, end,
                                   target.direction or "up")
        last = max(yearly)
        row.update(method="progress", status=progress.status, working=progress.to_dict(), actual=yearly[last],
                   actual_period=str(last))
    return row


def _decision_dict(decision: Decision) -> dict[str, Any]:
    """``decision.to_dict()`` without ``asdict``'s deep copy: a verdict's inputs and working hold only numbers,
    strings and None, so copying each dict once gives the same value at a fraction of the cost."""
    return {name: dict(value) if isinstance(value, dict) else value
            for name, value in ((name, getattr(decision, name)) for name in _DECISION_FIELDS)}


def _yearly(actuals: Iterable[_Dated]) -> dict[int, float]:
    """Year -> value from the latest vintage of each single-year figure."""
    by_year: dict[int, list[_Dated]] = {}
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


def _current_name(province: Province | None) -> str | None:
    seen = set()
    while province is not None and province.successor is not None and province.id not in seen:
        seen.add(province.id)
        province = province.successor
    return province.name if province else None
