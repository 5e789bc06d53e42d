"""The register: one object for CLI and web; every write goes through it (one transaction, one history rule)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from chitieu.config import Settings, get_settings
from chitieu.errors import NotFoundError
from chitieu.explain import explain
from chitieu.extract import Extraction
from chitieu.register.db.models import Change
from chitieu.register.db.session import make_engine, session_factory, transaction, upgrade
from chitieu.register.db.status import StatusTotal, TargetStatus
from chitieu.register.documents.conflicts import conflict_message, list_conflicts
from chitieu.register.documents.importer import ImportOutcome, ProgressHook, import_documents, import_reviewed
from chitieu.register.documents.linking import check_term
from chitieu.register.documents.provinces import find_province, predecessors
from chitieu.register.figures.actuals import check_fresh, conflicts_as_409, write_actual
from chitieu.register.figures.assess import assess_ids
from chitieu.register.figures.feasibility import ATTENTION, Evidence, register_feasibility, term_targets
from chitieu.register.figures.plan import plan_findings
from chitieu.register.figures.status import filters as status_filters
from chitieu.register.figures.status import order_by as status_order
from chitieu.register.figures.status import refresh as refresh_status
from chitieu.register.figures.status import stale_ids


class Register:
    def __init__(self, engine: Engine, actor: str = "chitieu") -> None:
        self.engine = engine
        self.factory = session_factory(engine)
        self.actor = actor
        self._lineages: dict[str, list[int]] = {}  # province name -> its id and its predecessors' (never change)

    def import_documents(
        self, paths: Iterable[str | Path], on_progress: ProgressHook | None = None
    ) -> list[ImportOutcome]:
        return import_documents(self.factory, paths, on_progress, self.actor)

    def import_reviewed(self, name: str, data: bytes, extraction: Extraction, actor: str) -> ImportOutcome:
        """Write a document with exactly the items a person reviewed (no re-extraction), by the import's rules."""
        return import_reviewed(self.factory, name, data, extraction, actor)

    def _province_ids(self, session: Session, province: str | None) -> list[int] | None:
        if not province:
            return None
        if province in self._lineages:
            return self._lineages[province]
        row = find_province(session, province)
        if row is None:
            raise NotFoundError(f"Không có tỉnh, thành phố '{province}' trong sổ theo dõi.")
        ids = self._lineages[province] = [p.id for p in predecessors(session, row)]
        return ids

    def _page(self, session: Session, conditions: list[Any], sort: str, descending: bool, offset: int,
              limit: int | None) -> list[dict[str, Any]]:
        """Judge only the targets of one page, in the page's order."""
        query = select(TargetStatus.target_id).where(*conditions).order_by(*status_order(sort, descending))
        if offset:
            query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return assess_ids(session, list(session.scalars(query)))

    def query_targets(self, province: str | None = None, term: str | None = None, field: str | None = None,
                      status: str | None = None, search: str | None = None, sort: str = "id",
                      descending: bool = False, offset: int = 0, limit: int = 50) -> tuple[int, list[dict[str, Any]]]:
        """How many targets match and one page of them, judged, shaped like ``assess``; ``province`` includes the
        units merged into it, ``search`` matches the wording without accents ("ho ngheo" finds "hộ nghèo"),
        ``sort`` is one of ``status.SORTS``."""
        if offset < 0 or limit < 0:
            raise ValueError("offset and limit must not be negative")
        with self.factory() as session:
            province_ids = self._province_ids(session, province)
            conditions = status_filters(province_ids, term, field, status, search)
            if search:
                total = session.scalar(select(func.count()).select_from(TargetStatus).where(*conditions)) or 0
            else:  # the overview's counts: a few rows summed instead of every matching target counted
                total = session.scalar(select(func.sum(StatusTotal.targets)).where(
                    *status_filters(province_ids, term, field, status, None, StatusTotal))) or 0
                total = int(total)
            if offset >= total or not limit:
                return total, []
            return total, self._page(session, conditions, sort, descending, offset, limit)

    def first_targets(self, statuses: list[str], province: str | None = None, term: str | None = None,
                      limit: int = 30) -> list[dict[str, Any]]:
        """Up to ``limit`` targets with these statuses, status by status in the order given, each by id (what
        ``query_targets`` gives status by status, without counting)."""
        rows: list[dict[str, Any]] = []
        with self.factory() as session:
            province_ids = self._province_ids(session, province)
            for status in statuses:
                if len(rows) >= limit:
                    break
                conditions = status_filters(province_ids, term, None, status, None)
                rows += self._page(session, conditions, "id", False, 0, limit - len(rows))
        return rows

    def status_counts(self, province: str | None = None, term: str | None = None) -> dict[str, dict[str, int]]:
        """Field -> status -> number of targets; targets not linked to the catalogue count under the field ""."""
        with self.factory() as session:
            conditions = status_filters(self._province_ids(session, province), term, None, None, None, StatusTotal)
            rows = session.execute(select(StatusTotal.field, StatusTotal.status, func.sum(StatusTotal.targets))
                                   .where(*conditions).group_by(StatusTotal.field, StatusTotal.status)
                                   .order_by(StatusTotal.field, StatusTotal.status))
            counts: dict[str, dict[str, int]] = {}
            for field, status, number in rows:
                counts.setdefault(field or "", {})[status or "not_available"] = int(number)
            return counts

    def status_generation(self) -> tuple[int, int]:
        """Changes whenever a status, a figure behind one or a count may have changed (every ``refresh_status``
        recounts): a key for caching what is read from the statuses, valid across processes."""
        with self.factory() as session:
            top, rows = session.execute(select(func.max(StatusTotal.id), func.count()).select_from(StatusTotal)).one()
            return top or 0, rows

    def refresh_status(self, target_ids: Iterable[int] | None = None) -> int:
        """Recompute the precomputed status of these targets (all when None); returns how many rows were written."""
        with transaction(self.factory) as session:
            return refresh_status(session, target_ids)

    def targets(self, province: str | None = None, term: str | None = None, field: str | None = None,
                status: str | None = None) -> list[dict[str, Any]]:
        """Targets with their assessment, filtered; ``province`` includes the units merged into it."""
        with self.factory() as session:
            conditions = status_filters(self._province_ids(session, province), term, field, status, None)
            return self._page(session, conditions, "id", False, 0, None)

    def set_actual(self, target_id: int, value: float | str, period: str, *, vintage: str = "final",
                   as_of: date | None = None, entered_by: str | None = None, note: str | None = None,
                   expected_version: int | None = None) -> dict[str, Any]:
        """Record a value a named person entered for a target; with ``expected_version`` an existing entry of the
        same period and vintage is updated only if nobody changed it since (else ``ConflictError``), and never
        while another person's value for it waits for approval (``actuals.check_fresh``, as on the pages)."""
        entered_by = entered_by or self.actor
        with conflicts_as_409(target_id), transaction(self.factory) as session:
            check_fresh(session, entered_by, target_id, period.strip(), vintage, None)  # bad input: write_actual says
            return write_actual(session, target_id, value, period, vintage=vintage, as_of=as_of,
                                entered_by=entered_by, note=note, expected_version=expected_version)

    def assess(self, target_id: int) -> dict[str, Any]:
        with self.factory() as session:
            found = assess_ids(session, [target_id])
            if not found:
                raise NotFoundError(f"Không có chỉ tiêu số {target_id} trong sổ theo dõi.")
            return {**found[0], "explanation": explain(found[0])}

    def check(self, province: str, term: str) -> list[dict[str, Any]]:
        """Consistency and feasibility findings for a province's term plan, in Vietnamese: the plan checks, the
        targets whose sources disagree (both quotes, until a person decides), then every target whose feasibility
        is out of reach or challenging, with its figures."""
        findings, evidence = self._term_evidence(province, term)
        conflicts = [{"code": "conflict", "message": conflict_message(c), "target_id": c["target_id"],
                      "sources": [s for s in c["sources"] if any(s["id"] in pair for pair in c["conflict"])]}
                     for c in list_conflicts(self, province, term)]
        return findings + conflicts + [{"code": e.level, "message": f"{e.label}: {_named(e)} — {e.feasibility.note}",
                            "numbers": e.to_dict()} for e in evidence if e.level in ATTENTION]

    def feasibility(self, province: str, term: str) -> list[dict[str, Any]]:
        """The feasibility evidence of every target of a province's term documents (baseline, level, note)."""
        return [e.to_dict() for e in self._term_evidence(province, term)[1]]

    def _term_evidence(self, province: str, term: str) -> tuple[list[dict[str, Any]], list[Evidence]]:
        check_term(term)
        with self.factory() as session:
            row = find_province(session, province)
            if row is None:
                raise NotFoundError(f"Không có tỉnh, thành phố '{province}' trong sổ theo dõi.")
            ids = [p.id for p in predecessors(session, row)]
            findings = plan_findings(session, ids, term)
            targets = term_targets(session, ids, term)
            if not targets and not findings:
                raise NotFoundError(f"Sổ theo dõi chưa có chỉ tiêu nào của {row.name} nhiệm kỳ {term} để kiểm tra.")
            return [f.to_dict() for f in findings], register_feasibility(session, targets, findings)

    def history(self, limit: int = 50) -> list[dict[str, Any]]:
        with self.factory() as session:
            rows = session.scalars(select(Change).order_by(Change.id.desc()).limit(limit))
            return [{"id": c.id, "at": c.at.isoformat(timespec="seconds"), "actor": c.actor, "action": c.action,
                     "table": c.table_name, "row_id": c.row_id, "data": c.data} for c in rows]


def open_register(settings: Settings | None = None, *, url: str | None = None, migrate: bool = True) -> Register:
    """The register at ``url`` (or the settings' database), brought up to date unless ``migrate`` is False."""
    settings = settings or get_settings()
    engine = make_engine(url or settings.resolved_database_url())
    if migrate:
        upgrade(engine)
    register = Register(engine, settings.actor)
    if migrate:
        with transaction(register.factory) as session:
            refresh_status(session, stale_ids(session))  # rows migration 0002 backfilled without a status
    return register


def _named(evidence: Evidence) -> str:
    name = f"{evidence.indicator} ({evidence.breakdown})" if evidence.breakdown else evidence.indicator
    return f"{name} {evidence.target}"
