"""Feasibility evidence for proposed and adopted targets: each target's baseline from the results the documents
report, and its note from ``judge.feasibility`` (docs/methods.md, "Feasibility").

A document's results are the baseline of the next term's or year's targets of the same catalogue indicator and
province (breakdowns agreeing, as ``linking`` matches them):

- a term target that is a rate or an amount ("2020-2025") takes the result of the term ending in its base year
  ("2015-2020", same unit up to "/năm") as the pace achieved;
- a level ("2025") takes the result of its base year ("2020", the term's first year) as its value, the last
  term's average growth of the same indicator (a "%/năm" result, or a result of the catalogue indicator that is
  its growth, ``growth_of``) as its rate, and the province's single-year figures after the base year;
- the other provinces' results of the same indicator and period give the median and range.

``baselines`` computes this once for many targets; the register's targets (``register_feasibility``), a staged
draft's items and a consultation's targets (``items_feasibility``) are read into the same plain rows, so pages,
API and CLI show the same notes. The plan's consistency checks about the same indicator (``plan_findings``)
are added to a register target's evidence.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from chitieu.errors import NotFoundError
from chitieu.judge import Baseline, Feasibility, Peers, Proposal, assess_feasibility, choose_vintage, not_read
from chitieu.judge.checks import Finding, PlanFigures, run_checks
from chitieu.labels import BOUND_SYMBOL, FEASIBILITY
from chitieu.numbers import format_range
from chitieu.register.db.models import Actual, Document, Indicator, Target
from chitieu.register.documents.catalogue import fold, link_indicator, load_catalogue
from chitieu.register.documents.linking import WORDING_MARGIN, period_years, same_part, similarity
from chitieu.register.figures.plan import is_sector, place_base, place_target, plan_findings

if TYPE_CHECKING:
    from chitieu.register.api import Register

ATTENTION = ("out_of_reach", "challenging")  # the levels `chitieu check` lists


@dataclass(frozen=True, slots=True)
class Reported:
    """A result as the baseline reads it."""

    province_id: int | None
    code: str
    text: str
    breakdown: str | None
    value: float
    unit: str | None
    start: int | None
    end: int | None
    source: str | None = None
    vintage: str = "final"
    as_of: date | None = None


@dataclass(frozen=True, slots=True)
class Proposed:
    """A target as the baseline reads it; ``base_year`` is the year its term or plan starts from."""

    key: int
    province_id: int | None
    code: str | None
    text: str
    breakdown: str | None
    value: float | None
    value_max: float | None
    bound: str
    direction: str | None
    unit: str | None
    period: str | None
    base_year: int | None

    @property
    def shown(self) -> str:
        unit = "" if not self.unit else self.unit if self.unit.startswith("%") else f" {self.unit}"
        return f"{BOUND_SYMBOL.get(self.bound, '')}{format_range(self.value, self.value_max)}{unit}"


@dataclass(slots=True)
class Evidence:
    """What a page shows beside a target: its baseline, the level and note, and the plan checks about it."""

    key: int
    indicator: str
    breakdown: str | None
    target: str
    kind: str | None
    baseline: Baseline | None
    feasibility: Feasibility
    findings: list[str] = field(default_factory=list)

    @property
    def level(self) -> str:
        return self.feasibility.level

    @property
    def label(self) -> str:
        return FEASIBILITY.get(self.feasibility.level, self.feasibility.level)

    @property
    def note(self) -> str:
        return " ".join([self.feasibility.note, *self.findings])

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.key, "indicator": self.indicator, "breakdown": self.breakdown, "target": self.target,
                "kind": self.kind, "baseline": self.baseline.to_dict() if self.baseline else None,
                "level": self.level, "label": self.label, "note": self.note,
                "required": self.feasibility.required, "achieved": self.feasibility.achieved,
                "measure": self.feasibility.measure}


def _unit_key(unit: str | None) -> str:
    return fold(unit or "").removesuffix("/nam").strip()


def _same_part(target: Proposed, result: Reported) -> bool:
    """The same part of the indicator (as ``linking`` decides)."""
    return same_part(target.text, target.breakdown, result.text, result.breakdown)


def _closest(target: Proposed, results: list[Reported]) -> list[Reported]:
    """The results worded closest to the target ("Huyện nghèo giảm" takes "giảm nghèo tại các huyện 30a", not
    "giảm tỷ lệ hộ nghèo"): those within ``WORDING_MARGIN`` of the best, in their order."""
    if len(results) < 2:
        return results
    wording = fold(f"{target.text} {target.breakdown or ''}")
    scores = [similarity(wording, fold(f"{r.text} {r.breakdown or ''}")) for r in results]
    top = max(scores)
    return [r for r, score in zip(results, scores, strict=True) if score > top - WORDING_MARGIN]


@functools.cache
def _growth_codes() -> dict[str, frozenset[str]]:
    """A level indicator -> the catalogue indicators that are its average growth (``growth_of``)."""
    _fields, indicators = load_catalogue()
    out: dict[str, set[str]] = {}
    for indicator in indicators:
        if indicator.growth_of:
            out.setdefault(indicator.growth_of, set()).add(indicator.code)
    return {code: frozenset(growth) for code, growth in out.items()}


@functools.cache
def _directions() -> dict[str, str]:
    """The catalogue's direction of each indicator (agriculture's share of the economy is to fall)."""
    _fields, indicators = load_catalogue()
    return {i.code: i.direction for i in indicators if i.direction}


@functools.cache
def _rate_codes() -> frozenset[str]:
    """The catalogue indicators that are growth rates (unit "%/năm")."""
    _fields, indicators = load_catalogue()
    return frozenset(i.code for i in indicators if (i.unit or "").startswith("%") and (i.unit or "").endswith("/năm"))


def kind_of(target: Proposed) -> str | None:
    """rate / flow / level, or None for a target without a number or a period the method reads."""
    start, end = period_years(target.period)
    if target.value is None or target.bound == "qualitative" or start is None or end is None:
        return None
    if start < end:  # a percentage over a term is a yearly average (growth rate, points a year)
        return "rate" if (target.unit or "").startswith("%") else "flow"
    if target.code in _rate_codes() and (target.unit or "").startswith("%"):
        return "rate"  # a year's growth rate, from the year before
    return "level" if target.base_year is not None and target.base_year < end else None


def _proposal(target: Proposed, kind: str, pool: Sequence[Reported]) -> tuple[Proposal, Baseline | None]:
    start, end = period_years(target.period)
    assert start is not None and end is not None
    base_year = target.base_year if kind == "level" else start - 1 if start == end else start
    assert base_year is not None
    same = [r for r in pool if r.code == target.code and _same_part(target, r)]
    own = _closest(target, [r for r in same if r.province_id == target.province_id])
    unit = _unit_key(target.unit)
    term = [r for r in own if r.end == base_year and r.start is not None and r.start < base_year]
    yearly: dict[int, float] = {}
    baseline: Baseline | None = None
    peers_period: tuple[int | None, int | None] | None = None
    if kind == "rate":  # the last term's average; for a year's target, the year before's rate first
        year = [r for r in own if r.start == r.end == base_year] if start == end else []
        rates = [r for r in year + term if (r.unit or "").startswith("%")]
        if rates:
            first = rates[0].start
            baseline = Baseline(base_year, None, rates[0].value,
                                str(base_year) if first == base_year else f"{first}-{base_year}", rates[0].source)
            peers_period = (first, base_year)
        yearly = _years([r for r in own if (r.unit or "").startswith("%")], base_year, end)
    elif kind == "flow":
        amounts = [r for r in term if _unit_key(r.unit) == unit]
        if amounts:
            baseline = Baseline(base_year, None, amounts[0].value, f"{amounts[0].start}-{base_year}",
                                amounts[0].source)
    else:
        levels = [r for r in own if r.start == r.end and r.end is not None and base_year - 1 <= r.end <= base_year
                  and _unit_key(r.unit) == unit]
        growth = _growth_codes().get(target.code or "", frozenset())
        rates = [r for r in term + [r for r in pool if r.code in growth and r.province_id == target.province_id
                                    and r.end == base_year and r.start is not None and r.start < base_year]
                 if (r.unit or "").startswith("%")
                 and ((r.unit or "").endswith("/năm") or r.code in growth)]
        if levels:
            level = max(levels, key=lambda r: r.end or 0)
            rate = rates[0] if rates else None
            baseline = Baseline(level.end, level.value, rate.value if rate else None,
                                f"{rate.start}-{base_year}" if rate else None, level.source)
            peers_period = (level.end, level.end)
        yearly = _years([r for r in own if _unit_key(r.unit) == unit], base_year, end)
    peers = None
    if peers_period is not None:
        seen: dict[int | None, float] = {}
        for r in same:
            if r.province_id != target.province_id and (r.start, r.end) == peers_period and r.province_id not in seen \
                    and (_unit_key(r.unit) == unit or kind == "rate"):
                seen[r.province_id] = r.value
        if seen:
            low, high = peers_period
            peers = Peers(str(low) if low == high else f"{low}-{high}", tuple(seen.values()))
    assert target.value is not None
    # a level moves the indicator itself, whose direction the catalogue knows (extraction reads "up" unless the
    # wording says otherwise); a rate or an amount is "more is better" unless its wording says otherwise
    direction = (_directions().get(target.code or "") if kind == "level" else None) or target.direction or "up"
    proposal = Proposal(target.text, kind, target.value, target.value_max, direction, target.unit, base_year, end,
                        baseline, yearly, peers, target.shown)
    return proposal, baseline


def _years(results: list[Reported], after: int, end: int) -> dict[int, float]:
    """Year -> value of the single-year results after ``after`` up to ``end``, each year's vintage chosen as the
    assessment chooses it (``judge.choose_vintage``: the latest published, never the plan)."""
    by_year: dict[int, list[Reported]] = {}
    for r in results:
        if r.start is not None and r.start == r.end and after < r.start <= end:
            by_year.setdefault(r.start, []).append(r)
    out = {}
    for year, rows in by_year.items():
        chosen = choose_vintage([(r.vintage, r.as_of, r) for r in rows]).chosen
        if chosen is not None:
            out[year] = chosen.value
    return out


def baselines(targets: Iterable[Proposed], pool: Sequence[Reported]) -> list[Evidence]:
    """Each target's evidence (targets the method cannot read get ``not_available`` with no baseline)."""
    out = []
    for target in targets:
        kind = kind_of(target) if target.code else None
        if kind is None:
            feasibility, baseline = not_read(), None
        else:
            proposal, baseline = _proposal(target, kind, pool)
            feasibility = assess_feasibility(proposal)
        out.append(Evidence(target.key, target.text, target.breakdown, target.shown, kind, baseline, feasibility))
    return out


def reported_pool(session: Session, codes: Iterable[str]) -> list[Reported]:
    """Every result of the register for these catalogue indicators (all provinces), oldest first."""
    wanted = sorted({*codes, *(g for code in set(codes) for g in _growth_codes().get(code, ()))})
    if not wanted:
        return []
    rows = session.execute(
        select(Actual.province_id, Indicator.code, Actual.indicator_text, Actual.breakdown, Actual.value, Actual.unit,
               Actual.period, Document.name, Actual.vintage, Actual.as_of)
        .join(Indicator, Indicator.id == Actual.indicator_id)
        .outerjoin(Document, Document.id == Actual.document_id)
        .where(Indicator.code.in_(wanted), Actual.value.is_not(None))
        .order_by(Actual.id))
    out = []
    for province_id, code, text, breakdown, value, unit, period, source, vintage, as_of in rows:
        if value is None:  # not asked for: the query wants a value
            continue
        start, end = period_years(period)
        out.append(Reported(province_id, code, text, breakdown, value, unit, start, end, source, vintage, as_of))
    return out


def _base_year(target: Target) -> int | None:
    document = target.document
    if document is not None and document.plan_year is not None:
        return document.plan_year - 1
    term = (document.term if document is not None else None) or (target.congress.term if target.congress else None)
    start, _ = period_years(term)
    return start


def proposed_of(target: Target) -> Proposed:
    return Proposed(target.id, target.province_id, target.indicator.code if target.indicator else None,
                    target.indicator_text, target.breakdown, target.value, target.value_max, target.bound,
                    target.direction, target.unit, target.period, _base_year(target))


def _about(finding: Finding, code: str | None, text: str) -> bool:
    if finding.code in ("shares_not_100", "structure_inconsistent"):
        return bool(code and code.startswith("share_"))
    if finding.code.startswith("sector_growth"):
        return bool(code and code.endswith("_growth") and not code.startswith("natural"))
    if finding.code == "per_capita_inconsistent":
        return code == "grdp_per_capita"
    return text in finding.message


def register_feasibility(session: Session, targets: Sequence[Target],
                         findings: Sequence[Finding] = ()) -> list[Evidence]:
    """The evidence of these register targets, in this order, with the plan ``findings`` about each."""
    proposed = [proposed_of(t) for t in targets]
    pool = reported_pool(session, [p.code for p in proposed if p.code])
    out = baselines(proposed, pool)
    for evidence, target in zip(out, proposed, strict=True):
        evidence.findings = [f.message for f in findings if _about(f, target.code, target.text)]
    return out


def target_feasibility(register: Register, target_id: int) -> Evidence:
    """One register target's evidence, with the plan checks of its province's term about its indicator."""
    with register.factory() as session:
        target = session.get(Target, target_id)
        if target is None:
            raise NotFoundError(f"Không có chỉ tiêu số {target_id} trong sổ theo dõi.")
        term = target.document.term if target.document is not None else None
        findings: list[Finding] = []
        if target.province_id is not None and term:
            findings = plan_findings(session, [target.province_id], term)
        return register_feasibility(session, [target], findings)[0]


def term_targets(session: Session, province_ids: Sequence[int], term: str) -> list[Target]:
    """The targets of documents of this term in these provinces, and of the annual plans for its years (every
    number, qualitative ones left out)."""
    start, end = period_years(term)
    of_term = Document.term == term
    if start is not None and end is not None:
        of_term = or_(of_term, Document.plan_year.between(start + 1, end))
    return list(session.scalars(
        select(Target).join(Document, Document.id == Target.document_id)
        .where(Target.province_id.in_(province_ids), of_term, Target.bound != "qualitative")
        .order_by(Target.document_id, Target.id)))


def items_feasibility(session: Session, province_id: int | None, items: Sequence[Any], term: str | None,
                      plan_year: int | None = None) -> list[Evidence]:
    """The evidence of a draft's targets (extracted items not yet in the register: a staged upload, a
    consultation's draft), from the draft's own results and the register's. Each item needs ``kind`` (target or
    result), ``indicator``, ``breakdown``, ``value``, ``value_max``, ``bound``, ``direction``, ``unit`` and
    ``period``; a target's key is its position in ``items``."""
    start, _ = period_years(term)
    base_year = plan_year - 1 if plan_year is not None else start
    proposed, draft = [], []
    codes: set[str] = set()
    for position, item in enumerate(items):
        code = _code(item.indicator, item.breakdown, item.unit)
        if code:
            codes.add(code)
        if _is_target(item):
            proposed.append(Proposed(position, province_id, code, item.indicator, item.breakdown, item.value,
                                     item.value_max, _text(item.bound) or "exact", _text(item.direction), item.unit,
                                     item.period, base_year))
        elif code and item.value is not None:
            first, last = period_years(item.period)
            draft.append(Reported(province_id, code, item.indicator, item.breakdown, item.value, item.unit, first,
                                  last, "dự thảo"))
    out = baselines(proposed, [*draft, *reported_pool(session, codes)])
    findings = _draft_findings(proposed, draft, term)
    for evidence, target in zip(out, proposed, strict=True):
        evidence.findings = [f.message for f in findings if _about(f, target.code, target.text)]
    return out


@functools.lru_cache(maxsize=4096)
def _code(indicator: str, breakdown: str | None, unit: str | None) -> str | None:
    """The catalogue code of a draft's wording (the catalogue does not change while the process runs; a review page
    and a consultation form read the same draft again and again)."""
    link = link_indicator(indicator, breakdown, unit)
    return link.code if link else None


def _draft_findings(targets: Sequence[Proposed], results: Sequence[Reported], term: str | None) -> list[Finding]:
    """The plan checks (shares, sector and total growth, per capita) on a draft's own term targets and base-year
    results, as ``plan.plan_figures`` reads them from the register."""
    start, end = period_years(term)
    if start is None or end is None or start == end:
        return []
    plan = PlanFigures(first_year=start + 1, last_year=end)
    seen: set[str] = set()
    for target in targets:
        first, last = period_years(target.period)
        if (not target.code or target.value is None or last != end or target.code in seen
                or (target.breakdown and not is_sector(target.code))):
            continue
        seen.add(target.code)
        span = (target.value, target.value_max if target.value_max is not None else target.value)
        place_target(plan, target.code, span, first is not None and first < end)
    for result in results:
        if result.start == result.end == start:
            place_base(plan, result.code, result.value, result.breakdown)
    return run_checks(plan)


def _text(value: Any) -> str | None:
    return None if value is None else str(getattr(value, "value", value))


def _is_target(item: Any) -> bool:
    return _text(item.kind) == "target"
