"""A province's term plan read from the register into ``judge.checks.PlanFigures``, then checked.

Targets are recognised by their catalogue indicator (data/indicators.yaml): GRDP growth, the three sector growth
rates and shares, GRDP per capita, natural population growth; every term target with yearly figures under it
(annual targets linked to it, or yearly actuals) becomes a series; every level target with a baseline and a
later figure becomes a required-rate check.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from chitieu.judge.checks import Finding, LevelTrack, PlanFigures, TermSeries, run_checks
from chitieu.judge.progress import cagr
from chitieu.register.db.models import Actual, Indicator, Target
from chitieu.register.documents.catalogue import fold
from chitieu.register.figures.assess import _yearly

SECTORS = {"agriculture": "nông, lâm nghiệp, thủy sản", "industry": "công nghiệp - xây dựng", "services": "dịch vụ",
           "taxes": "thuế sản phẩm"}


def _span(target: Target) -> tuple[float, float]:
    assert target.value is not None
    return (target.value, target.value_max if target.value_max is not None else target.value)


def is_sector(code: str) -> bool:
    """A sector's share or growth: its breakdown names the sector, not a part of another indicator."""
    return code.startswith("share_") or (code.endswith("_growth") and code.split("_")[0] in SECTORS)


def place_target(plan: PlanFigures, code: str, span: tuple[float, float], ranged: bool) -> None:
    """Put a target of the plan's balance where the checks read it (``ranged``: over the term, not a level)."""
    if code == "grdp_growth" and ranged:
        plan.grdp_growth = span
    elif code.endswith("_growth") and code.split("_")[0] in SECTORS and ranged:
        plan.sector_growth[SECTORS[code.split("_")[0]]] = span
    elif code.startswith("share_") and code[6:] in SECTORS:
        plan.target_shares[SECTORS[code[6:]]] = span
    elif code == "grdp_per_capita" and not ranged:
        plan.per_capita_target = span
    elif code == "natural_population_growth":
        plan.population_growth = span[0]


def place_base(plan: PlanFigures, code: str, value: float, breakdown: str | None) -> None:
    """Put a base-year figure (a sector's share, GRDP per capita) where the checks read it."""
    if code.startswith("share_") and code[6:] in SECTORS and breakdown is None:
        plan.base_shares[SECTORS[code[6:]]] = value
    elif code == "grdp_per_capita":
        plan.per_capita_base = value


def plan_figures(session: Session, province_ids: list[int], start: int, end: int) -> PlanFigures:
    targets = list(session.scalars(
        select(Target).options(selectinload(Target.actuals), selectinload(Target.indicator))
        .where(Target.province_id.in_(province_ids), Target.indicator_id.is_not(None), Target.value.is_not(None),
               Target.period_end == end, Target.bound != "qualitative")
        .order_by(Target.main.desc(), Target.id)))
    # annual targets serve a term target directly, or through the term's yearly target of the same indicator
    per_year = dict(session.execute(select(Target.id, Target.indicator_id).where(
        Target.province_id.in_(province_ids), Target.period == "annual")).all())
    children = list(session.scalars(select(Target).where(
        Target.parent_id.in_([t.id for t in targets] + list(per_year)))))
    plan = PlanFigures(first_year=start + 1, last_year=end)
    seen: set[str] = set()
    for target in targets:
        code = target.indicator.code if target.indicator else ""
        if target.breakdown and not is_sector(code):
            continue  # a part of an indicator: not a figure of the plan's balance
        if code in seen:
            continue  # the same indicator stated again (report and resolution): the main list's wins
        seen.add(code)
        ranged = target.period_start is not None and target.period_start < end
        place_target(plan, code, _span(target), ranged)
        yearly = _yearly(list(target.actuals))
        yearly.update({c.period_start: c.value for c in children
                       if (c.parent_id == target.id or per_year.get(c.parent_id or 0, 0) == target.indicator_id)
                       and c.period_start and c.value is not None
                       and c.period_start not in yearly})
        if yearly and code not in ("natural_population_growth",):
            kind = ("rate" if (target.unit or "").endswith("/năm") and ranged
                    else ("average" if "binh quan" in fold(target.indicator_text) else "total") if ranged else "level")
            plan.series.append(TermSeries(target.indicator_text, kind, _span(target), start + 1, end, yearly))
    for row in session.execute(select(Actual, Indicator.code).join(Indicator, Actual.indicator_id == Indicator.id)
                               .where(Actual.province_id.in_(province_ids), Actual.period == str(start),
                                      Actual.value.is_not(None))):
        actual, code = row
        if actual.value is None:  # not asked for: the query wants a value
            continue
        place_base(plan, code, actual.value, actual.breakdown)
    for target in targets:
        if target.period_start != target.period_end or target.value is None or target.value <= 0:
            continue
        base_value = next((a.value for a in target.actuals if a.period == str(start) and a.value), None)
        yearly = {y: v for y, v in _yearly(list(target.actuals)).items() if y > start}
        if base_value and yearly:
            latest_year = max(yearly)
            if yearly[latest_year] > 0:
                achieved = cagr(base_value, yearly[latest_year], latest_year - start) * 100
                plan.levels.append(LevelTrack(target.indicator_text, target.value, end, yearly[latest_year],
                                              latest_year, achieved, target.direction or "up"))
    return plan


def plan_findings(session: Session, province_ids: list[int], term: str) -> list[Finding]:
    """Every consistency and feasibility finding for a province's term ("2020-2025")."""
    start, _, end = term.partition("-")
    return run_checks(plan_figures(session, province_ids, int(start), int(end)))
