"""The register: one object for CLI and web; every write goes through it (one transaction, one history rule)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from chitieu.config import Settings, get_settings
from chitieu.errors import ChitieuError, ConflictError, NotFoundError
from chitieu.judge.vintage import VINTAGES
from chitieu.register.assess import assess_target
from chitieu.register.importer import ImportOutcome, ProgressHook, import_documents
from chitieu.register.models import Actual, Change, Indicator, Target
from chitieu.register.plan import plan_findings
from chitieu.register.provinces import find_province, predecessors
from chitieu.register.session import make_engine, session_factory, transaction, upgrade


class Register:
    def __init__(self, engine: Engine, actor: str = "chitieu") -> None:
        self.engine = engine
        self.factory = session_factory(engine)
        self.actor = actor

    def import_documents(
        self, paths: Iterable[str | Path], on_progress: ProgressHook | None = None
    ) -> list[ImportOutcome]:
        return import_documents(self.factory, paths, on_progress, self.actor)

    def _select_targets(
        self, session: Session, province: str | None, term: str | None, field: str | None
    ) -> list[Target]:
        query = select(Target).options(selectinload(Target.actuals), selectinload(Target.indicator),
                                       selectinload(Target.province), selectinload(Target.congress))
        if province:
            row = find_province(session, province)
            if row is None:
                raise NotFoundError(f"Không có tỉnh, thành phố '{province}' trong sổ theo dõi.")
            query = query.where(Target.province_id.in_([p.id for p in predecessors(session, row)]))
        if term:
            start, _, end = term.partition("-")
            query = query.where(Target.period_start >= int(start) if start.isdigit() else Target.id.is_(None))
            if end.isdigit():
                query = query.where(Target.period_end <= int(end))
        if field:
            query = query.join(Indicator, Target.indicator_id == Indicator.id).where(Indicator.field == field)
        return list(session.scalars(query.order_by(Target.id)))

    def targets(self, province: str | None = None, term: str | None = None, field: str | None = None,
                status: str | None = None) -> list[dict[str, Any]]:
        """Targets with their assessment, filtered; ``province`` includes the units merged into it."""
        with self.factory() as session:
            rows = [assess_target(session, t) for t in self._select_targets(session, province, term, field)]
        return [r for r in rows if status is None or r["status"] == status]

    def set_actual(self, target_id: int, value: float, period: str, *, vintage: str = "final",
                   as_of: date | None = None, entered_by: str | None = None, note: str | None = None,
                   expected_version: int | None = None) -> dict[str, Any]:
        """Record a value a named person entered for a target; with ``expected_version`` an existing entry of the
        same period and vintage is updated only if nobody changed it since (else ``ConflictError``)."""
        if vintage not in VINTAGES:
            raise ChitieuError(f"Loại số liệu '{vintage}' không hợp lệ; dùng một trong: {', '.join(VINTAGES)}.")
        who = entered_by or self.actor
        try:
            with transaction(self.factory) as session:
                target = session.get(Target, target_id)
                if target is None:
                    raise NotFoundError(f"Không có chỉ tiêu số {target_id} trong sổ theo dõi.")
                row = session.scalar(select(Actual).where(Actual.target_id == target_id, Actual.period == period,
                                                          Actual.vintage == vintage, Actual.source_kind == "person"))
                if row is None:
                    row = Actual(target_id=target_id, province_id=target.province_id, indicator_id=target.indicator_id,
                                 indicator_text=target.indicator_text, breakdown=target.breakdown, unit=target.unit,
                                 direction=target.direction, value=value, period=period, vintage=vintage,
                                 as_of=as_of or date.today(), source_kind="person", entered_by=who, note=note)
                    session.add(row)
                    action, old = "insert", None
                else:
                    if expected_version is not None and row.version != expected_version:
                        raise ConflictError(f"Số liệu của chỉ tiêu {target_id} kỳ {period} đã được người khác sửa "
                                            f"(phiên bản {row.version}); hãy tải lại rồi nhập lại.")
                    old = row.value
                    row.value, row.as_of, row.entered_by, row.note = value, as_of or date.today(), who, note
                    action = "update"
                session.flush()
                session.add(Change(actor=who, action=action, table_name="actuals", row_id=row.id,
                                   data={"target_id": target_id, "period": period, "vintage": vintage,
                                         "old": old, "new": value}))
                return {"id": row.id, "version": row.version, "action": action}
        except StaleDataError as exc:
            raise ConflictError(f"Số liệu của chỉ tiêu {target_id} vừa được người khác lưu; hãy tải lại.") from exc

    def assess(self, target_id: int) -> dict[str, Any]:
        with self.factory() as session:
            target = session.get(Target, target_id)
            if target is None:
                raise NotFoundError(f"Không có chỉ tiêu số {target_id} trong sổ theo dõi.")
            return assess_target(session, target)

    def check(self, province: str, term: str) -> list[dict[str, Any]]:
        """Consistency and feasibility findings for a province's term plan, in Vietnamese."""
        if not re.fullmatch(r"\d{4}-\d{4}", term):
            raise ChitieuError(f"Nhiệm kỳ '{term}' không hợp lệ; viết như 2020-2025.")
        with self.factory() as session:
            row = find_province(session, province)
            if row is None:
                raise NotFoundError(f"Không có tỉnh, thành phố '{province}' trong sổ theo dõi.")
            ids = [p.id for p in predecessors(session, row)]
            return [f.to_dict() for f in plan_findings(session, ids, term)]

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
    return Register(engine, settings.actor)

