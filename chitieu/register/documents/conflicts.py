"""Targets whose sources disagree: what a target's page, ``/api``, the review and ``chitieu check`` show of them.

A target's sources (``TargetSource``: every statement of it in the documents) disagree when their figures do not
agree (``restatements.agree``: value, range end, comparator, unit). Such a target is listed as a conflict, with
every disagreeing statement, its quote and where it stands, until a person decides which figure holds
(``corrections.conflicts.decide_conflict``); a source added later that disagrees with the chosen figure opens it
again (``restatements.open_conflict``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from chitieu.errors import NotFoundError
from chitieu.labels import BOUND_SYMBOL
from chitieu.numbers import format_number
from chitieu.register.db.models import Target, TargetSource
from chitieu.register.documents.linking import check_term
from chitieu.register.documents.provinces import find_province, predecessors
from chitieu.register.documents.restatements import disagreeing, open_conflict

if TYPE_CHECKING:
    from chitieu.register.api import Register


def figure_text(source: Any) -> str:
    """A stated figure as people read it: "≥ 90 %", "6,5 - 7 %/năm", "định tính"."""
    if source.value is None:
        return "định tính"
    number = format_number(source.value)
    if source.value_max is not None:
        number = f"{number} - {format_number(source.value_max)}"
    unit = source.unit or ""
    return f"{BOUND_SYMBOL.get(source.bound, '')}{number}{'' if unit.startswith('%') else ' '}{unit}".strip()


def where_stated(source: TargetSource) -> str:
    """ "000_bao-cao.txt, dòng 750 (bảng 2, dòng 5, cột 6)"."""
    name = source.document.name if source.document is not None else "văn kiện đã xoá"
    place = f", dòng {source.line}" if source.line is not None else ""
    cell = f" ({source.table_cell})" if source.table_cell else ""
    return f"{name}{place}{cell}"


def describe_sources(target: Target) -> dict[str, Any]:
    """A target's sources as its page and ``/api`` show them, with its conflict: the pairs that disagree and are
    still open, and the decision a person made."""
    open_pairs = open_conflict(target)
    chosen = next((s for s in target.sources if s.chosen_at is not None), None)
    return {
        "sources": [{"id": s.id, "document": {"id": s.document_id, "name": s.document.name if s.document else None},
                     "line": s.line, "table_cell": s.table_cell, "quote": s.quote, "value": s.value,
                     "value_max": s.value_max, "bound": s.bound, "unit": s.unit, "figure": figure_text(s),
                     "where": where_stated(s), "chosen": s is chosen} for s in target.sources],
        "conflict": [[a.id, b.id] for a, b in open_pairs],
        "disagree": bool(disagreeing(target.sources)),
        "decision": {"source_id": chosen.id, "by": chosen.chosen_by,
                     "at": chosen.chosen_at.isoformat(timespec="seconds") if chosen.chosen_at else None}
        if chosen is not None else None,
    }


def target_sources(session: Session, target_id: int) -> dict[str, Any]:
    target = session.scalar(select(Target).where(Target.id == target_id)
                            .options(selectinload(Target.sources).selectinload(TargetSource.document)))
    if target is None:
        raise NotFoundError(f"Không có chỉ tiêu số {target_id} trong sổ theo dõi.")
    return describe_sources(target)


def sources_of(register: Register, target_id: int) -> dict[str, Any]:
    """A target's sources, its open conflict and the decision made (``describe_sources``)."""
    with register.factory() as session:
        return target_sources(session, target_id)


def list_conflicts(register: Register, province: str | None = None, term: str | None = None) -> list[dict[str, Any]]:
    """The targets whose sources disagree and that nobody decided yet, of a province (with the units merged into
    it) and a term ("2020-2025": the targets of its years and yearly ones set for it), each with its sources."""
    if term:
        check_term(term)
    with register.factory() as session:
        query = select(Target).options(selectinload(Target.sources).selectinload(TargetSource.document),
                                       selectinload(Target.province), selectinload(Target.congress))
        if province:
            row = find_province(session, province)
            if row is None:
                raise NotFoundError(f"Không có tỉnh, thành phố '{province}' trong sổ theo dõi.")
            query = query.where(Target.province_id.in_([p.id for p in predecessors(session, row)]))
        found = []
        for target in session.scalars(query.where(Target.sources.any()).order_by(Target.id)):
            if term and not _in_term(target, term):
                continue
            described = describe_sources(target)
            if described["conflict"]:
                found.append({"target_id": target.id, "version": target.version,
                              "province": target.province.name if target.province else None,
                              "indicator": target.indicator_text, "breakdown": target.breakdown,
                              "period": target.period, **described})
        return found


def _in_term(target: Target, term: str) -> bool:
    start, _, end = term.partition("-")
    if target.period == "annual":
        return target.congress is not None and target.congress.term == term
    return (target.period_end is not None and target.period_start is not None
            and int(start) <= target.period_start and target.period_end <= int(end))


def conflict_message(conflict: dict[str, Any]) -> str:
    """One line for ``chitieu check``: the target, each disagreeing statement with its quote and place."""
    sources = {s["id"]: s for s in conflict["sources"]}
    shown = [sources[i] for i in dict.fromkeys(i for pair in conflict["conflict"] for i in pair)]
    name = conflict["indicator"] + (f" ({conflict['breakdown']})" if conflict["breakdown"] else "")
    said = "; ".join(f"{s['figure']} theo «{_short(s['quote'])}» ({s['where']}, nguồn số {s['id']})" for s in shown)
    return (f"Chỉ tiêu số {conflict['target_id']} {name}, kỳ {conflict['period']}, được nêu với số liệu khác nhau: "
            f"{said}. Chọn số liệu đúng: chitieu target decide {conflict['target_id']} SỐ_NGUỒN.")


def _short(quote: str | None, limit: int = 160) -> str:
    text = " ".join((quote or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
