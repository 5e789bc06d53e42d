"""The web workflow's tables, beside the register's own (migration 0003).

    Agency ─< User                   an account: administrator, editor (of a province or an agency) or viewer
    User ─< ApiToken                 a token for the JSON API, stored as its SHA-256 only
    Agency ─< TargetOwner >─ Target  the agency that reports a target's actual values
    StagedDocument ─< StagedItem     an uploaded document and its extracted items, waiting for review
    Target ─< PendingActual          a value an agency entered, waiting for the province administrator

Nothing here is the register itself: reviewed documents and approved values are written through
``Register`` (``import_reviewed``, ``set_actual``), which keeps the one history rule.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    and_,
    bindparam,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, Session, aliased, mapped_column, relationship

from chitieu.errors import NotFoundError
from chitieu.register.assess import assess_ids
from chitieu.register.models import Actual, Base, Change, Document, Indicator, Province, Target, utcnow

ROLES = ("admin", "editor", "viewer")
ITEM_STATES = ("pending", "accepted", "corrected", "rejected", "added")
PENDING_STATES = ("pending", "approved", "returned")


class Agency(Base):
    """An agency (sở, ban, ngành) of a province that owns targets and reports their values."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    province: Mapped[Province | None] = relationship()


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id
    role: Mapped[str] = mapped_column(String(10))  # admin / editor / viewer
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))  # None: every province
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))  # an agency's editor
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # a session signed in under another number is over: bumped on logout and on a password change (migration 0009)
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    province: Mapped[Province | None] = relationship()
    agency: Mapped[Agency | None] = relationship()


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the token
    name: Mapped[str] = mapped_column(String(120))
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)  # migration 0011; past it the token is refused

    user: Mapped[User] = relationship()


class TargetOwner(Base):
    __tablename__ = "target_owners"

    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    assigned_by: Mapped[str] = mapped_column(String(120))
    assigned_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    agency: Mapped[Agency] = relationship()


class StagedDocument(Base):
    """An uploaded document: its bytes, canonical lines and extraction, kept until it is committed."""

    __tablename__ = "staged_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    lines: Mapped[list[str]] = mapped_column(JSON, default=list)  # canonical text, markup removed, line by line
    metadata_json: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(12), default="review")  # review / committed / failed
    message: Mapped[str | None] = mapped_column(Text)
    uploaded_by: Mapped[str] = mapped_column(String(120))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))  # once committed

    items: Mapped[list[StagedItem]] = relationship(back_populates="staged", order_by="StagedItem.position",
                                                   cascade="all, delete-orphan")


class StagedItem(Base):
    __tablename__ = "staged_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    staged_id: Mapped[int] = mapped_column(ForeignKey("staged_documents.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(10), default="pending")  # ITEM_STATES
    original: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # as extracted (empty when added)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # as reviewed (Item.to_dict fields)
    reviewed_by: Mapped[str | None] = mapped_column(String(120))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)

    staged: Mapped[StagedDocument] = relationship(back_populates="items")


class PendingActual(Base):
    """A value an agency's editor entered; written to the register only when the administrator approves it."""

    __tablename__ = "pending_actuals"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"), index=True)
    value: Mapped[float] = mapped_column(Float)
    period: Mapped[str] = mapped_column(String(9))
    vintage: Mapped[str] = mapped_column(String(10), default="final")
    note: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), default="pending")  # PENDING_STATES
    submitted_by: Mapped[str] = mapped_column(String(120))
    submitted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    reviewed_by: Mapped[str | None] = mapped_column(String(120))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    review_note: Mapped[str | None] = mapped_column(Text)
    actual_id: Mapped[int | None] = mapped_column(ForeignKey("actuals.id"))  # once approved
    # the version of the entry the sender saw (0: none); approval writes only over it (migration 0011)
    expected_version: Mapped[int | None] = mapped_column(Integer)


# Read-side queries for the pages ---------------------------------------------------------------------------------

def target_record(register: Any, target_id: int) -> dict[str, Any]:
    """What a target's page shows beyond its assessment: source, figures over time, owner, history."""
    with register.factory() as session:
        return _target_record(session, target_id)


def target_view(register: Any, target_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
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
    target_id, document_id = bindparam("target"), bindparam("document")
    owner_agency = aliased(Agency)
    target = (select(Target.id, Target.quote, Target.line, Target.section, Document.id, Document.name,
                     Document.title, Document.number, Target.value, Target.value_max, Target.bound, Target.unit,
                     Target.direction, Target.period_start, Target.period_end, Target.baseline_value,
                     Target.baseline_year, Target.province_id, owner_agency.id, owner_agency.name)
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
     period_start, period_end, baseline_value, baseline_year, province_id, agency_id, agency_name) = row
    actuals = [{"id": a_id, "period": period, "value": a_value, "value_max": a_max, "vintage": vintage,
                "source_kind": kind, "entered_by": entered_by, "note": note, "quote": a_quote, "line": a_line,
                "document": name, "as_of": as_of.isoformat() if as_of else None, "version": version}
               for (a_id, period, a_value, a_max, vintage, kind, entered_by, note, a_quote, a_line, name, as_of,
                    version) in connection.execute(actuals_query, {"target": target_id})]
    keys = {"target": target_id, "document": document_id}
    history = [{"id": c_id, "at": at.isoformat(sep=" ", timespec="seconds"), "actor": actor, "action": action,
                "table": table, "row_id": row_id, "data": data}
               for c_id, at, actor, action, table, row_id, data in connection.execute(newest_query, keys)]
    history_total = len(history) if len(history) < HISTORY_SHOWN else connection.execute(count_query, keys).scalar()
    return {
        "id": id_, "quote": quote, "line": line, "section": section,
        "document": {"id": document_id, "name": document_name, "title": title,
                     "number": number} if document_id is not None else None,
        "value": value, "value_max": value_max, "bound": bound, "unit": unit,
        "direction": direction, "period_start": period_start, "period_end": period_end,
        "baseline_value": baseline_value, "baseline_year": baseline_year,
        "province_id": province_id,
        "owner": {"id": agency_id, "name": agency_name} if agency_id is not None else None,
        "actuals": actuals, "history": history, "history_total": history_total,
    }


def agency_choices(register: Any) -> list[dict[str, Any]]:
    """Every agency with its province's name, for the owner form: one query (``accounts.list_agencies``' rows)."""
    with register.factory() as session:
        rows = session.execute(select(Agency.id, Agency.name, Province.name)
                               .outerjoin(Province, Province.id == Agency.province_id)
                               .order_by(Agency.province_id, Agency.name))
        return [{"id": i, "name": n, "province": p} for i, n, p in rows]


def choices(register: Any) -> dict[str, Any]:
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


def indicator_targets(register: Any, code: str) -> list[dict[str, Any]]:
    """The targets linked to catalogue indicator ``code``: id, value, range end and unit."""
    with register.factory() as session:
        query = (select(Target.id, Target.value, Target.value_max, Target.unit)
                 .join(Indicator, Indicator.id == Target.indicator_id).where(Indicator.code == code)
                 .order_by(Target.id))
        return [{"id": i, "value": v, "value_max": m, "unit": u} for i, v, m, u in session.execute(query)]
