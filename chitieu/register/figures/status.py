"""The precomputed status of every target: the fast read path for lists, filters and counts.

``target_status`` keeps one row per target with what lists filter and sort on (province, field, years, status,
folded wording), so a filtered page or a count reads an index instead of judging every target. It is kept fresh
by ``refresh``: the importer calls it for the targets an import touches (in the import's transaction),
``Register.set_actual`` for the targets a new figure can change, and ``open_register`` for rows the migration
left stale (``status`` NULL). Code that writes targets past the register calls ``Register.refresh_status``.

A target's status depends on its own figures and on its province's figures for the same indicator (the
baseline of the progress method), so the targets a new figure touches are those of its province and indicator.

``status_totals`` counts the rows of ``target_status`` by province, field, years and status (a few thousand rows
for a million targets), so the overview's counts read it instead of a million rows. ``refresh`` recounts the
provinces it touched, in the same transaction (on PostgreSQL under a transaction lock, so two writers do not
count twice).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    delete,
    false,
    func,
    insert,
    or_,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from chitieu.errors import ChitieuError
from chitieu.judge.growth import FINAL
from chitieu.judge.progress import NOT_AVAILABLE
from chitieu.register.db.models import Actual, Indicator, Target, utcnow
from chitieu.register.db.status import StatusTotal, TargetStatus
from chitieu.register.documents.catalogue import fold
from chitieu.register.figures.assess import assess_ids

BATCH = 2000
COUNT_LOCK = 7_240_501  # PostgreSQL advisory lock held while ``status_totals`` is recounted


Filtered = type[TargetStatus] | type[StatusTotal]

# Sort keys a list may ask for -> the columns, in order (the target id always breaks ties). "province" is the
# official order (rows are seeded in vietnam-provinces' code order), "indicator" the folded wording.
SORTS: dict[str, tuple[Any, ...]] = {
    "id": (),
    "status": (TargetStatus.status,),
    "field": (TargetStatus.field,),
    "period": (TargetStatus.period_start, TargetStatus.period_end),
    "province": (TargetStatus.province_id,),
    "indicator": (TargetStatus.search_text,),
}


def _chunks(ids: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def refresh(session: Session, target_ids: Iterable[int] | None = None) -> int:
    """Recompute the status rows of these targets (all when None); returns how many were written.

    A target with no figure of its own is ``not_available`` (``assess_target`` judges nothing without one), so
    only targets with figures are read and judged; ``test_status_matches_assessment`` holds the two together.
    """
    if target_ids is None:
        ids: Sequence[int] = list(session.scalars(select(Target.id).order_by(Target.id)))
    else:
        ids = sorted(set(target_ids))
    written = 0
    session.flush()
    provinces: set[int | None] = set()
    for chunk in _chunks(ids, BATCH):
        if target_ids is not None:
            provinces.update(session.scalars(select(TargetStatus.province_id)
                                             .where(TargetStatus.target_id.in_(chunk)).distinct()))
        judged: set[int] = set(session.scalars(select(Actual.target_id).where(Actual.target_id.in_(chunk)).distinct()))
        now = utcnow()
        values: dict[int, dict[str, Any]] = {}
        for row in session.execute(select(Target.id, Target.province_id, Target.period_start, Target.period_end,
                                          Target.indicator_text, Target.breakdown,
                                          func.coalesce(Target.field, Indicator.field).label("field"))
                                   .outerjoin(Indicator, Target.indicator_id == Indicator.id)
                                   .where(Target.id.in_(chunk))):
            words = fold(" ".join(part for part in (row.indicator_text, row.breakdown) if part))
            values[row.id] = {"target_id": row.id, "province_id": row.province_id, "field": row.field,
                              "period_start": row.period_start, "period_end": row.period_end,
                              "status": NOT_AVAILABLE, "search_text": words, "updated_at": now}
        for assessed in assess_ids(session, sorted(judged)):
            values[assessed["id"]]["status"] = assessed["status"]
        gone = set(chunk) - set(values)
        if gone:
            session.execute(delete(TargetStatus).where(TargetStatus.target_id.in_(gone)))
        if values:
            _upsert(session, list(values.values()))
        provinces.update(row["province_id"] for row in values.values())
        written += len(values)
        if len(ids) > BATCH:
            session.expunge_all()  # a large refresh walks much of the register: keep memory flat
    if target_ids is None or provinces:
        recount(session, None if target_ids is None else provinces)
    return written


def _upsert(session: Session, rows: list[dict[str, Any]]) -> None:
    """Write status rows, updating those that exist: two writers refreshing the same target never collide."""
    dialect = session.get_bind().dialect.name
    statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(TargetStatus)
    changed = {column: statement.excluded[column] for column in rows[0] if column != "target_id"}
    session.execute(statement.on_conflict_do_update(index_elements=["target_id"], set_=changed), rows)


def recount(session: Session, provinces: set[int | None] | None = None) -> None:
    """Count ``target_status`` again into ``status_totals`` for these provinces (None: all; a None among them:
    the targets without a province)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": COUNT_LOCK})
    columns = ("province_id", "field", "period_start", "period_end", "status")
    source = [getattr(TargetStatus, c) for c in columns]
    session.execute(delete(StatusTotal).where(*_in_provinces(StatusTotal, provinces)))
    session.execute(insert(StatusTotal).from_select([*columns, "targets"], select(*source, func.count())
                                                    .where(*_in_provinces(TargetStatus, provinces))
                                                    .group_by(*source)))


def _in_provinces(table: Filtered, provinces: set[int | None] | None) -> list[ColumnElement[bool]]:
    if provinces is None:
        return []
    known = [table.province_id.in_(sorted(p for p in provinces if p is not None))]
    return [or_(*known, table.province_id.is_(None)) if None in provinces else known[0]]


def touched_by(session: Session, target_ids: Iterable[int],
               places: Iterable[tuple[int | None, int | None]]) -> set[int]:
    """The targets whose status a change can move: these, and every target of each (province, indicator)."""
    found = set(target_ids)
    for province_id, indicator_id in set(places):
        if province_id is None or indicator_id is None:
            continue
        found.update(session.scalars(select(Target.id).where(Target.province_id == province_id,
                                                             Target.indicator_id == indicator_id)))
    return found


def stale_ids(session: Session) -> list[int]:
    """Targets whose status row the migration left uncomputed (``status`` NULL; an indexed lookup), or that hold
    the growth method's ``final``, which the assessment now gives as the verdict on the average.

    Every write through the register keeps the rows fresh; code that writes targets past it (a bulk load) calls
    ``Register.refresh_status`` for them.
    """
    stale = or_(TargetStatus.status.is_(None), TargetStatus.status == FINAL)
    return list(session.scalars(select(TargetStatus.target_id).where(stale)))


def filters(province_ids: list[int] | None, term: str | None, field: str | None, status: str | None,
            search: str | None, table: Filtered = TargetStatus) -> list[ColumnElement[bool]]:
    """WHERE conditions on ``target_status`` (or ``status_totals``, without ``search``), with the meaning
    ``Register.targets`` has always given them."""
    conditions: list[ColumnElement[bool]] = []
    if province_ids is not None:
        conditions.append(table.province_id.in_(province_ids))
    if term:
        start, _, end = term.partition("-")
        if not start.strip().isdigit():
            return [false()]  # no period starts at a year that is not one
        conditions.append(table.period_start >= int(start))
        if end.strip().isdigit():
            conditions.append(table.period_end <= int(end))
    if field:
        conditions.append(table.field == field)
    if status:
        conditions.append(table.status == status)
    for word in fold(search or "").split():
        conditions.append(TargetStatus.search_text.contains(word, autoescape=True))
    return conditions


def order_by(sort: str, descending: bool) -> list[Any]:
    if sort not in SORTS:
        raise ChitieuError(f"Không sắp xếp được theo '{sort}'; dùng một trong: {', '.join(SORTS)}.")
    columns = [*SORTS[sort], TargetStatus.target_id]
    return [c.desc() for c in columns] if descending else columns
