"""Links inside the register: results to the targets they judge, annual targets to their term targets.

Both go by province (a merged province's targets stay its own; its successor sees them through lineage) and
catalogue indicator, and only fill links that are still empty, so running ``attach`` again changes nothing.

- A result of period "2015-2020" judges the target of period "2015-2020"; a result of "2020" the target of
  "2020" (a level by the end of the previous term).
- A target of an annual resolution for its plan year ("2024") serves, in another document of its province:
  a yearly target of the term ("annual": "mỗi năm ...") first, being the same quantity per year; then the term
  average or total whose years contain it ("2020-2025"); else the nearest level to reach ("2025"). An indicator
  the catalogue lacks is matched by the same folded wording and unit instead.
- Among candidates, the breakdowns must agree (the same, or one row's breakdown is the other's wording); the
  candidate clearly closest in wording (``WORDING_MARGIN``) wins, else a main-list target, then the earliest.
"""

from __future__ import annotations

import re
from typing import Protocol

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from chitieu.errors import ChitieuError
from chitieu.register.db.models import Actual, Indicator, Target
from chitieu.register.documents.catalogue import fold, load_catalogue

SAME_BREAKDOWN = 90.0  # how closely two breakdowns, or a breakdown and a wording, must agree to be the same part
WORDING_MARGIN = 10.0  # a candidate this much closer in wording than the others is the one meant
_PERIOD = re.compile(r"^(\d{4})(?:\s*-\s*(\d{4}))?$")


def period_years(period: str | None) -> tuple[int | None, int | None]:
    """ "2020-2025" -> (2020, 2025); "2024" -> (2024, 2024); "annual" or None -> (None, None).

    A five-year term written from its first year ("2021-2025", as documents often write it) counts from the year
    before, like "2020-2025": its growth is over five years from the 2020 level."""
    match = _PERIOD.match(period or "")
    if not match:
        return None, None
    start = int(match.group(1))
    end = int(match.group(2) or start)
    return (start - 1 if end - start == 4 else start), end


def check_term(term: str) -> str:
    """A term as people write it, "2020-2025"; anything else is one Vietnamese line."""
    if not re.fullmatch(r"\d{4}-\d{4}", term):
        raise ChitieuError(f"Nhiệm kỳ '{term[:20]}' không hợp lệ; viết như 2020-2025.")
    return term


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


class Worded(Protocol):
    """What a row says it is about: a target, a result, a statement of a target."""

    @property
    def indicator_id(self) -> int | None: ...
    @property
    def indicator_text(self) -> str: ...
    @property
    def breakdown(self) -> str | None: ...
    @property
    def unit(self) -> str | None: ...


def identity(row: Worded) -> tuple[object, ...]:
    """What a row is about: its catalogue indicator, or failing that its folded wording and unit (an indicator the
    catalogue lacks, worded the same way in the term's and the year's documents)."""
    if row.indicator_id is not None:
        return ("indicator", row.indicator_id)
    return ("wording", wording_key(row.indicator_text, row.breakdown), row.unit)


def attach(session: Session, province_ids: set[int]) -> int:
    """Fill empty links among the rows of these provinces; returns how many links were made."""
    if not province_ids:
        return 0
    targets = list(session.scalars(select(Target).where(Target.province_id.in_(province_ids))))
    by_key: dict[tuple[int | None, int | None, str | None], list[Target]] = {}
    for target in targets:
        if target.indicator_id is not None:
            by_key.setdefault((target.province_id, target.indicator_id, target.period), []).append(target)
    made = 0
    actuals = session.scalars(select(Actual).where(Actual.province_id.in_(province_ids), Actual.target_id.is_(None),
                                                   Actual.indicator_id.is_not(None), Actual.source_kind == "document"))
    for actual in actuals:
        candidates = by_key.get((actual.province_id, actual.indicator_id, actual.period), [])
        candidates = [t for t in candidates if t.document_id != actual.document_id or t.period != actual.period]
        chosen = _best(candidates, actual)
        if chosen is not None:
            actual.target_id = chosen.id
            made += 1
    by_identity: dict[tuple[object, ...], list[Target]] = {}
    for target in targets:
        by_identity.setdefault((target.province_id, *identity(target)), []).append(target)
    for target in targets:
        year = target.period_start
        if target.parent_id is not None or year is None or target.document is None or target.document.plan_year != year:
            continue
        same = [t for t in by_identity[(target.province_id, *identity(target))] if t.document_id != target.document_id]
        terms = [t for t in same if t.period_start is not None and t.period_end is not None
                 and t.period_start < year <= t.period_end and t.period_start != t.period_end]
        levels = [t for t in same if t.period_start == t.period_end and t.period_start is not None
                  and t.period_start > year]
        yearly = [t for t in same if t.period == "annual" and t.congress is not None
                  and t.congress.start_year < year <= t.congress.end_year]
        nearest = min((t.period_start or 0 for t in levels), default=None)
        chosen = (_best(yearly, target) or _best(terms, target)
                  or _best([t for t in levels if t.period_start == nearest], target))
        if chosen is not None:
            target.parent_id = chosen.id
            made += 1
    session.flush()
    return made


def wording_key(text: str | None, breakdown: str | None = None) -> str:
    return fold(" ".join(part for part in (text, breakdown) if part))


def _fits(candidate: Target, row: Target | Actual) -> bool:
    return same_part(row.indicator_text, row.breakdown, candidate.indicator_text, candidate.breakdown)


def same_part(text: str, breakdown: str | None, other_text: str, other_breakdown: str | None) -> bool:
    """Two rows are about the same part: the same breakdown, or one's breakdown is the other's wording
    ("Hộ dân được sử dụng điện lưới" under another row, and "Tỷ lệ hộ dân được sử dụng điện lưới")."""
    mine, theirs = wording_key(breakdown), wording_key(other_breakdown)
    if mine == theirs:
        return True
    if mine and theirs:
        return fuzz.ratio(mine, theirs) >= SAME_BREAKDOWN
    if mine:
        return fuzz.partial_ratio(mine, wording_key(other_text)) >= SAME_BREAKDOWN
    return fuzz.partial_ratio(theirs, wording_key(text)) >= SAME_BREAKDOWN


def similarity(a: str, b: str) -> float:
    """How alike two folded wordings are, 0-100 (the mean of rapidfuzz's token set and token sort ratios)."""
    return 0.5 * fuzz.token_set_ratio(a, b) + 0.5 * fuzz.token_sort_ratio(a, b)


def _best(candidates: list[Target], row: Target | Actual) -> Target | None:
    """The candidate about the same part whose wording is clearly the closest to the row's (by
    ``WORDING_MARGIN``); among those about as close, a main-list target, then the earliest written."""
    pool = [t for t in candidates if _fits(t, row)]
    if not pool:
        return None
    wording = wording_key(row.indicator_text, row.breakdown)
    scores = {t.id: similarity(wording, wording_key(t.indicator_text, t.breakdown)) for t in pool}
    top = max(scores.values())
    return min((t for t in pool if scores[t.id] > top - WORDING_MARGIN), key=lambda t: (not t.main, t.id))
