"""Links inside the register: results to the targets they judge, annual targets to their term targets.

Both go by province (a merged province's targets stay its own; its successor sees them through lineage) and
catalogue indicator, and only fill links that are still empty, so running ``attach`` again changes nothing.

- A result of period "2015-2020" judges the target of period "2015-2020"; a result of "2020" the target of
  "2020" (a level by the end of the previous term).
- A target of an annual resolution for its plan year ("2024") serves the term target whose years contain it: the
  term average or total ("2020-2025") first, then a yearly target of the term ("annual": "hằng năm ..."), else
  the level to reach by the term's end ("2025").
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from chitieu.register.catalogue import load_catalogue
from chitieu.register.models import Actual, Indicator, Target

_PERIOD = re.compile(r"^(\d{4})(?:\s*-\s*(\d{4}))?$")


def period_years(period: str | None) -> tuple[int | None, int | None]:
    """ "2020-2025" -> (2020, 2025); "2024" -> (2024, 2024); "annual" or None -> (None, None)."""
    match = _PERIOD.match(period or "")
    if not match:
        return None, None
    start = int(match.group(1))
    return start, int(match.group(2) or start)


def indicator_ids(session: Session) -> dict[str, int]:
    """Catalogue code -> row id, writing catalogue indicators the register does not have yet."""
    _fields, indicators = load_catalogue()
    rows = {row.code: row for row in session.scalars(select(Indicator))}
    for ind in indicators:
        row = rows.get(ind.code)
        if row is None:
            row = rows[ind.code] = Indicator(code=ind.code, name=ind.name, unit=ind.unit, direction=ind.direction,
                                             field=ind.field)
            session.add(row)
    session.flush()
    return {code: row.id for code, row in rows.items()}


def attach(session: Session, province_ids: set[int]) -> int:
    """Fill empty links among the rows of these provinces; returns how many links were made."""
    if not province_ids:
        return 0
    targets = list(session.scalars(select(Target).where(Target.province_id.in_(province_ids),
                                                        Target.indicator_id.is_not(None))))
    by_key: dict[tuple[int | None, int | None, str | None], list[Target]] = {}
    for target in targets:
        by_key.setdefault((target.province_id, target.indicator_id, target.period), []).append(target)
    made = 0
    actuals = session.scalars(select(Actual).where(Actual.province_id.in_(province_ids), Actual.target_id.is_(None),
                                                   Actual.indicator_id.is_not(None), Actual.source_kind == "document"))
    for actual in actuals:
        candidates = by_key.get((actual.province_id, actual.indicator_id, actual.period), [])
        candidates = [t for t in candidates if t.document_id != actual.document_id or t.period != actual.period]
        chosen = _best(candidates, actual.breakdown)
        if chosen is not None:
            actual.target_id = chosen.id
            made += 1
    for target in targets:
        year = target.period_start
        if target.parent_id is not None or year is None or target.document is None or target.document.plan_year != year:
            continue
        terms = [t for t in targets if t.indicator_id == target.indicator_id and t.province_id == target.province_id
                 and t.period_start is not None and t.period_end is not None and t.period_start < year <= t.period_end
                 and t.period_start != t.period_end]
        levels = [t for t in targets if t.indicator_id == target.indicator_id and t.province_id == target.province_id
                  and t.period_start == t.period_end and t.period_start is not None and t.period_start > year
                  and t.document_id != target.document_id]
        yearly = [t for t in targets if t.indicator_id == target.indicator_id and t.province_id == target.province_id
                  and t.period == "annual" and t.congress is not None
                  and t.congress.start_year < year <= t.congress.end_year]
        chosen = (_best(terms, target.breakdown) or _best(yearly, target.breakdown)
                  or _best(sorted(levels, key=lambda t: t.period_start or 0), target.breakdown))
        if chosen is not None:
            target.parent_id = chosen.id
            made += 1
    session.flush()
    return made


def _best(candidates: list[Target], breakdown: str | None) -> Target | None:
    """The candidate with the same breakdown, the earliest written when several are."""
    same = [t for t in candidates if (t.breakdown or "").casefold() == (breakdown or "").casefold()]
    pool = same or ([t for t in candidates if t.breakdown is None] if breakdown is None else [])
    return min(pool, key=lambda t: (not t.main, t.id)) if pool else None
