"""Read-side queries for the pages: a target's record (sources, figures over time, owner, history) and the
choices the filters offer. Column queries, no ORM objects."""

from __future__ import annotations

import functools
from datetime import UTC
from typing import TYPE_CHECKING, Any

from sqlalchemy import BindParameter, and_, bindparam, func, or_, select
from sqlalchemy.orm import Session, aliased

from chitieu.errors import NotFoundError
from chitieu.register.db.models import Actual, Change, Document, Indicator, Province, Target
from chitieu.register.db.workflow import Agency, PendingActual, TargetOwner
from chitieu.register.documents.conflicts import target_sources
from chitieu.register.figures.assess import assess_ids

if TYPE_CHECKING:
    from chitieu.register.api import Register


def target_record(register: Register, target_id: int) -> dict[str, Any]:
    """What a target's page shows beyond its assessment: source, figures over time, owner, history."""
    with register.factory() as session:
        return _target_record(session, target_id)


def target_view(register: Register, target_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """A target's assessment and its record (``Register.assess`` and ``target_record``), read in one session by
    column queries (no ORM objects; the documents without their bytes)."""
    with register.factory() as session:
        found = assess_ids(session, [target_id])
        if not found:
            raise NotFoundError(f"Không có chỉ tiêu số {target_id} trong sổ theo dõi.")
        return found[0], _target_record(session, target_id)


HISTORY_SHOWN = 200  # the newest changes a target's page shows; it says how many there are in all


@functools.cache
def _record_statements() -> tuple[Any, Any, Any, Any]:
    """What ``_target_record`` reads, built once: the target with its document and owner, its figures with their
    documents' names, its newest changes and how many there are (all take the target's id as ``target``, the
    changes also its document's as ``document``)."""
    target_id: BindParameter[int] = bindparam("target")
    document_id: BindParameter[int | None] = bindparam("document")
    owner_agency = aliased(Agency)
    target = (select(Target.id, Target.quote, Target.line, Target.section, Document.id, Document.name,
                     Document.title, Document.number, Target.value, Target.value_max, Target.bound, Target.unit,
                     Target.direction, Target.period_start, Target.period_end, Target.baseline_value,
                     Target.baseline_year, Target.province_id, owner_agency.id, owner_agency.name, Target.main,
                     Target.indicator_text, Target.breakdown, Target.period, Target.field)
              .outerjoin(Document, Document.id == Target.document_id)
              .outerjoin(TargetOwner, TargetOwner.target_id == Target.id)
              .outerjoin(owner_agency, owner_agency.id == TargetOwner.agency_id)
              .where(Target.id == target_id))
    actuals = (select(Actual.id, Actual.period, Actual.value, Actual.value_max, Actual.vintage, Actual.source_kind,
                      Actual.entered_by, Actual.note, Actual.quote, Actual.line, Document.name, Actual.as_of,
                      Actual.version)
               .outerjoin(Document, Document.id == Actual.document_id)
               .where(Actual.target_id == target_id).order_by(Actual.id))
    changes = select(Change.id, Change.at, Change.actor, Change.action, Change.table_name, Change.row_id,
                     Change.data).where(or_(
        and_(Change.table_name == "targets", Change.row_id == target_id),
        and_(Change.table_name == "target_owners", Change.row_id == target_id),
        and_(Change.table_name == "pending_actuals",
             Change.row_id.in_(select(PendingActual.id).where(PendingActual.target_id == target_id))),
        and_(Change.table_name == "actuals", Change.row_id.in_(select(Actual.id).where(Actual.target_id == target_id))),
        and_(Change.table_name == "documents", Change.row_id == document_id)))  # no document: NULL, never equal
    newest = changes.order_by(Change.id.desc()).limit(HISTORY_SHOWN)
    count = select(func.count()).select_from(changes.subquery())
    return target, actuals, newest, count


def _target_record(session: Session, target_id: int) -> dict[str, Any]:
    target_query, actuals_query, newest_query, count_query = _record_statements()
    session.flush()  # column reads go past the ORM: write what it holds first (nothing, on a read)
    connection = session.connection()
    row = connection.execute(target_query, {"target": target_id}).first()
    if row is None:
        raise NotFoundError(f"Không có chỉ tiêu số {target_id} trong sổ theo dõi.")
    (id_, quote, line, section, document_id, document_name, title, number, value, value_max, bound, unit, direction,
     period_start, period_end, baseline_value, baseline_year, province_id, agency_id, agency_name, main,
     indicator_text, breakdown, period, field) = row
    actuals = [{"id": a_id, "period": period, "value": a_value, "value_max": a_max, "vintage": vintage,
                "source_kind": kind, "entered_by": entered_by, "note": note, "quote": a_quote, "line": a_line,
                "document": name, "as_of": as_of.isoformat() if as_of else None, "version": version}
               for (a_id, period, a_value, a_max, vintage, kind, entered_by, note, a_quote, a_line, name, as_of,
                    version) in connection.execute(actuals_query, {"target": target_id})]
    keys = {"target": target_id, "document": document_id}
    history = [{"id": c_id, "at": at.replace(tzinfo=UTC).isoformat(timespec="seconds"), "actor": actor,
                "action": action, "table": table, "row_id": row_id, "data": data}
               for c_id, at, actor, action, table, row_id, data in connection.execute(newest_query, keys)]
    history_total = len(history) if len(history) < HISTORY_SHOWN else connection.execute(count_query, keys).scalar()
    return {
        "id": id_, "quote": quote, "line": line, "section": section,
        "document": {"id": document_id, "name": document_name, "title": title,
                     "number": number} if document_id is not None else None,
        "value": value, "value_max": value_max, "bound": bound, "unit": unit,
        "direction": direction, "period_start": period_start, "period_end": period_end,
        "baseline_value": baseline_value, "baseline_year": baseline_year,
        "province_id": province_id, "main": bool(main), "indicator_text": indicator_text, "breakdown": breakdown,
        "period": period, "own_field": field,
        "owner": {"id": agency_id, "name": agency_name} if agency_id is not None else None,
        "actuals": actuals, "history": history, "history_total": history_total,
        **target_sources(session, target_id),
    }


def choices(register: Register) -> dict[str, Any]:
    """The provinces, terms and catalogue indicators the register holds, for filters."""
    with register.factory() as session:
        return _choices(session)


def _choices(session: Session) -> dict[str, Any]:
    provinces = sorted(session.scalars(select(Province.name).where(
        select(Target.id).where(Target.province_id == Province.id).exists())))  # an index probe per province
    periods = sorted({p for p in session.scalars(select(Target.period).distinct()) if p}, reverse=True)
    terms = sorted({p for p in periods if "-" in p}, reverse=True)
    indicators = [{"code": c, "name": n, "unit": u} for c, n, u in session.execute(
        select(Indicator.code, Indicator.name, Indicator.unit)
        .where(select(Target.id).where(Target.indicator_id == Indicator.id).exists()).order_by(Indicator.name))]
    return {"provinces": provinces, "periods": periods, "terms": terms, "indicators": indicators}


def indicator_targets(register: Register, code: str) -> list[dict[str, Any]]:
    """The targets linked to catalogue indicator ``code``: id, value, range end and unit."""
    with register.factory() as session:
        query = (select(Target.id, Target.value, Target.value_max, Target.unit)
                 .join(Indicator, Indicator.id == Target.indicator_id).where(Indicator.code == code)
                 .order_by(Target.id))
        return [{"id": i, "value": v, "value_max": m, "unit": u} for i, v, m, u in session.execute(query)]
