"""Correcting a committed target and its actual values, and deleting them.

Every correction is one transaction: the permission (``rules``), the version the person saw (a stale one is a
``ConflictError``; the UPDATE itself also carries ``WHERE version = ...``), each field read and checked (bad input is
one Vietnamese line naming the field, and nothing is written), one ``Change`` row with each field's old and new
value, and the statuses it moves refreshed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select, update

from chitieu.errors import AccessDeniedError, InvalidValueError, NotFoundError
from chitieu.judge.vintage import VINTAGES
from chitieu.labels import BOUND, DIRECTION
from chitieu.numbers import read_value
from chitieu.register.accounts.permissions import _target
from chitieu.register.corrections.rules import (
    Actor,
    check_corrector,
    check_fields,
    check_remover,
    check_version,
    log_correction,
    read_flag,
    read_text,
)
from chitieu.register.db.models import Actual, Indicator, Target, TargetSource
from chitieu.register.db.session import transaction
from chitieu.register.db.status import TargetStatus
from chitieu.register.db.workflow import PendingActual, TargetOwner
from chitieu.register.documents.catalogue import load_catalogue
from chitieu.register.documents.linking import indicator_ids, period_years
from chitieu.register.figures.actuals import check_period, check_target_period, conflicts_as_409
from chitieu.register.figures.status import refresh as refresh_status
from chitieu.register.figures.status import touched_by

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from chitieu.register.api import Register

TARGET_FIELDS = ("indicator_text", "indicator", "breakdown", "value", "value_max", "bound", "unit", "period",
                 "direction", "field", "main")
ACTUAL_FIELDS = ("value", "period", "vintage", "note")
WHAT = "chỉ tiêu"


def correct_target(register: Register, actor: Actor, target_id: int, changes: dict[str, Any], *,
                   expected_version: int | None = None) -> dict[str, Any]:
    """Set the given fields of a target (``TARGET_FIELDS``; "" clears an optional one). ``indicator`` is a catalogue
    code ("" unlinks); linking takes the catalogue's direction unless ``direction`` is given. Returns the target's
    id, new version and the fields that changed, each ``[old, new]``."""
    check_fields(changes, TARGET_FIELDS, "chỉ tiêu")
    with conflicts_as_409(target_id), transaction(register.factory) as session:
        target = _target(session, target_id)
        check_corrector(session, actor, target.province_id, WHAT)
        check_version(target.version, expected_version, f"Chỉ tiêu số {target_id}")
        before = (target.province_id, target.indicator_id)
        changed = _apply(session, target, changes)
        if changed:
            session.flush()
            log_correction(session, actor, "correct", "targets", target_id, changed)
            refresh_status(session, touched_by(session, [target_id], [before, (target.province_id,
                                                                               target.indicator_id)]))
        return {"id": target_id, "version": target.version, "changes": {k: list(v) for k, v in changed.items()}}


def _apply(session: Session, target: Target, changes: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Read every field first (a bad one raises before any is set), then set those that differ."""
    new: dict[str, Any] = {}
    for name, raw in changes.items():
        new[name] = _read(session, name, raw)
    if "indicator" in new:
        indicator = new.pop("indicator")
        new["indicator_id"] = indicator.id if indicator is not None else None
        if indicator is not None and "direction" not in new and indicator.direction:
            new["direction"] = indicator.direction
    if "period" in new:
        new["period_start"], new["period_end"] = period_years(new["period"])
    value = new.get("value", target.value)
    value_max = new.get("value_max", target.value_max)
    if value is not None and value_max is not None and value_max < value:
        raise InvalidValueError("Giá trị lớn nhất: phải không nhỏ hơn giá trị.")
    changed: dict[str, tuple[Any, Any]] = {}
    for name, value in new.items():
        old = getattr(target, name)
        if old != value:
            changed[name] = (old, value)
            setattr(target, name, value)
    if "indicator_id" in changed:
        target.link_score = 100.0 if target.indicator_id is not None else None
    return changed


def _read(session: Session, name: str, raw: Any) -> Any:
    empty = raw is None or (isinstance(raw, str) and not raw.strip())
    if name == "indicator_text":
        return read_text(raw, "Tên chỉ tiêu", limit=2000, required=True)
    if name in ("breakdown", "unit"):
        return read_text(raw, "Phân tổ" if name == "breakdown" else "Đơn vị", limit=2000 if name == "breakdown"
                         else 40)
    if name in ("value", "value_max"):
        what = "Giá trị" if name == "value" else "Giá trị lớn nhất"
        return None if empty else read_value(raw, what)
    if name == "bound":
        if raw not in BOUND:
            raise InvalidValueError(f"Kiểu mục tiêu '{str(raw)[:20]}' không hợp lệ; dùng một trong: "
                                    f"{', '.join(BOUND)}.")
        return raw
    if name == "direction":
        if empty:
            return None
        if raw not in DIRECTION:
            raise InvalidValueError(f"Chiều đánh giá '{str(raw)[:20]}' không hợp lệ; dùng up, down hoặc hold.")
        return raw
    if name == "period":
        text = str(raw).strip()
        return text if text == "annual" else check_period(text)
    if name == "field":
        fields = load_catalogue()[0]
        if empty:
            return None
        if raw not in fields:
            raise InvalidValueError(f"Lĩnh vực '{str(raw)[:30]}' không có; dùng một trong: {', '.join(fields)}.")
        return raw
    if name == "main":
        return read_flag(raw, "Chỉ tiêu chủ yếu")
    # the catalogue link
    if empty:
        return None
    code = str(raw).strip()
    if code not in indicator_ids(session):
        raise InvalidValueError(f"Không có chỉ tiêu '{code[:60]}' trong danh mục.")
    return session.scalar(select(Indicator).where(Indicator.code == code))


def delete_target(register: Register, actor: Actor, target_id: int, *,
                  expected_version: int | None = None) -> dict[str, Any]:
    """Delete a target with its sources, actual values, values waiting for approval and owner (an administrator of
    its province); the annual targets it served lose their link. The ``Change`` row keeps what it was."""
    with conflicts_as_409(target_id), transaction(register.factory) as session:
        target = _target(session, target_id)
        check_remover(session, actor, target.province_id)
        check_version(target.version, expected_version, f"Chỉ tiêu số {target_id}")
        place = (target.province_id, target.indicator_id)
        values = [{"period": a.period, "value": a.value, "vintage": a.vintage} for a in target.actuals]
        record: dict[str, Any] = {"indicator": target.indicator_text, "breakdown": target.breakdown,
                                  "value": target.value, "period": target.period, "document_id": target.document_id,
                                  "actuals": values}
        session.execute(update(Target).where(Target.parent_id == target_id).values(parent_id=None)
                        .execution_options(synchronize_session=False))
        session.execute(delete(PendingActual).where(PendingActual.target_id == target_id))
        session.execute(delete(Actual).where(Actual.target_id == target_id))
        session.execute(delete(TargetOwner).where(TargetOwner.target_id == target_id))
        record["sources"] = [{"document_id": s.document_id, "line": s.line, "quote": s.quote} for s in target.sources]
        session.execute(delete(TargetSource).where(TargetSource.target_id == target_id))
        session.expire(target, ["actuals", "sources"])
        session.delete(target)
        session.flush()
        log_correction(session, actor, "delete", "targets", target_id, {}, **record)
        others = touched_by(session, [], [place])
        refresh_status(session, {target_id, *others})
        session.execute(delete(TargetStatus).where(TargetStatus.target_id == target_id))
        return {"id": target_id, "deleted": True, "actuals": len(values)}


def _actual(session: Session, actual_id: int) -> tuple[Actual, Target]:
    actual = session.get(Actual, actual_id)
    if actual is None or actual.target_id is None:
        raise NotFoundError(f"Không có số liệu thực hiện số {actual_id} trong sổ theo dõi.")
    return actual, _target(session, actual.target_id)


def correct_actual(register: Register, actor: Actor, actual_id: int, changes: dict[str, Any], *,
                   expected_version: int | None = None) -> dict[str, Any]:
    """Correct an actual value's ``value``, ``period`` (within its target's), ``vintage`` or ``note``: an
    administrator of the target's province, as for writing a value without approval."""
    check_fields(changes, ACTUAL_FIELDS, "số liệu")
    with transaction(register.factory) as session:
        actual, target = _actual(session, actual_id)
        with conflicts_as_409(target.id):
            check_remover(session, actor, target.province_id)
            check_version(actual.version, expected_version, f"Số liệu thực hiện số {actual_id}")
            new: dict[str, Any] = {}
            for name, raw in changes.items():
                if name == "value":
                    new[name] = read_value(raw)
                elif name == "period":
                    new[name] = check_target_period(target, str(raw))
                elif name == "vintage":
                    if raw not in VINTAGES:
                        raise InvalidValueError(f"Loại số liệu '{str(raw)[:20]}' không hợp lệ; dùng một trong: "
                                                f"{', '.join(VINTAGES)}.")
                    new[name] = raw
                else:
                    new[name] = read_text(raw, "Ghi chú", limit=2000)
            changed = {k: (getattr(actual, k), v) for k, v in new.items() if getattr(actual, k) != v}
            for name, (_old, value) in changed.items():
                setattr(actual, name, value)
            if changed:
                session.flush()
                old, value = changed.get("value", (actual.value, actual.value))
                log_correction(session, actor, "correct", "actuals", actual_id, changed, target_id=target.id,
                               period=actual.period, old=old, new=value)
                refresh_status(session, touched_by(session, [target.id], [(target.province_id,
                                                                           target.indicator_id)]))
            return {"id": actual_id, "target_id": target.id, "version": actual.version,
                    "changes": {k: list(v) for k, v in changed.items()}}


def delete_actual(register: Register, actor: Actor, actual_id: int, *,
                  expected_version: int | None = None) -> dict[str, Any]:
    """Delete a wrong actual value (an administrator of the target's province). The deletion is recorded on the
    target (``delete_actual``), so its page's history keeps it once the value is gone."""
    with transaction(register.factory) as session:
        actual, target = _actual(session, actual_id)
        with conflicts_as_409(target.id):
            check_remover(session, actor, target.province_id)
            check_version(actual.version, expected_version, f"Số liệu thực hiện số {actual_id}")
            record = {"actual_id": actual_id, "period": actual.period, "vintage": actual.vintage,
                      "old": actual.value, "source": actual.source_kind}
            session.execute(update(PendingActual).where(PendingActual.actual_id == actual_id)
                            .values(actual_id=None).execution_options(synchronize_session=False))
            session.delete(actual)
            session.flush()
            log_correction(session, actor, "delete_actual", "targets", target.id, {}, **record)
            refresh_status(session, touched_by(session, [target.id], [(target.province_id, target.indicator_id)]))
            return {"id": actual_id, "target_id": target.id, "deleted": True}


def correction_rights(register: Register, actor: Actor, target_id: int) -> dict[str, bool]:
    """What the account may do to the target, for its page: ``correct`` it, ``remove`` it or its values."""
    with register.factory() as session:
        province_id = _target(session, target_id).province_id
        return {"correct": _allowed(check_corrector, session, actor, province_id, WHAT),
                "remove": _allowed(check_remover, session, actor, province_id)}


def _allowed(check: Callable[..., None], *args: Any) -> bool:
    try:
        check(*args)
    except AccessDeniedError:
        return False
    return True
