"""Pending actual values: a value an editor enters waits in ``pending_actuals`` until an administrator of the
target's province approves it (then it is written with ``Register.set_actual`` under the submitter's name) or
returns it with a note. Every write adds a ``Change`` row.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chitieu.errors import ChitieuError, ConflictError, NotFoundError
from chitieu.judge.vintage import VINTAGES
from chitieu.register.accounts import Account, _check_edit, _in_province, _log, _require_admin, _target
from chitieu.register.api import Register
from chitieu.register.models import Actual, Change, Target, utcnow
from chitieu.register.session import transaction
from chitieu.register.workflow import PendingActual


def submit_actual(register: Register, account: Account, target_id: int, value: float, period: str, *,
                  vintage: str = "final", note: str | None = None) -> int:
    """An editor's value waits for approval; an administrator's is approved at once. Returns the pending id."""
    if vintage not in VINTAGES:
        raise ChitieuError(f"Loại số liệu '{vintage}' không hợp lệ; dùng một trong: {', '.join(VINTAGES)}.")
    period = period.strip()
    if not period:
        raise ChitieuError("Cần ghi kỳ của số liệu (ví dụ 2024).")
    with transaction(register.factory) as session:
        target = _target(session, target_id)
        _check_edit(session, account, target)
        row = PendingActual(target_id=target_id, value=value, period=period, vintage=vintage, note=note,
                            submitted_by=account.username, state="pending")
        session.add(row)
        session.flush()
        _log(session, account.username, "insert", "pending_actuals", row.id, target_id=target_id, value=value,
             period=period, vintage=vintage)
        pending_id = row.id
    if account.is_admin:
        approve_actual(register, account, pending_id)
    return pending_id


def approve_actual(register: Register, account: Account, pending_id: int, note: str | None = None) -> None:
    with register.factory() as session:
        row = _pending(session, pending_id, account)
        target_id, value, period, vintage, who = row.target_id, row.value, row.period, row.vintage, row.submitted_by
        entry_note = row.note
    written = register.set_actual(target_id, value, period, vintage=vintage, entered_by=who, note=entry_note)
    with transaction(register.factory) as session:
        row = _pending(session, pending_id)
        row.state, row.reviewed_by, row.reviewed_at = "approved", account.username, utcnow()
        row.review_note, row.actual_id = note, written["id"]
        _log(session, account.username, "approve", "pending_actuals", pending_id, target_id=target_id, value=value,
             period=period)


def return_actual(register: Register, account: Account, pending_id: int, note: str) -> None:
    if not note.strip():
        raise ChitieuError("Khi trả lại số liệu, hãy ghi lý do để cơ quan sửa.")
    with transaction(register.factory) as session:
        row = _pending(session, pending_id, account)
        row.state, row.reviewed_by, row.reviewed_at, row.review_note = "returned", account.username, utcnow(), note
        _log(session, account.username, "return", "pending_actuals", pending_id, target_id=row.target_id, note=note)


def _pending(session: Session, pending_id: int, account: Account | None = None) -> PendingActual:
    """The pending value, still waiting; ``account`` must be an administrator of its province (checked before its
    state, so another province's administrator learns nothing of it)."""
    row = session.get(PendingActual, pending_id)
    if row is None:
        raise NotFoundError(f"Không có số liệu chờ duyệt số {pending_id}.")
    if account is not None:
        _require_admin(session, account, _target(session, row.target_id).province_id)
    if row.state != "pending":
        raise ConflictError(f"Số liệu số {pending_id} đã được xử lý ({row.state}).")
    return row


def changed_since_sent(register: Register, pending_id: int) -> str | None:
    """Who changed the entry a pending value would write (its target, period and vintage) after it was sent, or
    None when nobody did."""
    with register.factory() as session:
        row = session.get(PendingActual, pending_id)
        sent = session.scalar(select(func.min(Change.id)).where(Change.table_name == "pending_actuals",
                                                                Change.row_id == pending_id))
        if row is None or sent is None:
            raise NotFoundError(f"Không có số liệu chờ duyệt số {pending_id}.")
        entries = select(Actual.id).where(Actual.target_id == row.target_id, Actual.period == row.period,
                                          Actual.vintage == row.vintage)
        return session.scalar(select(Change.actor).where(Change.table_name == "actuals", Change.id > sent,
                                                         Change.row_id.in_(entries)).order_by(Change.id).limit(1))


def list_pending(register: Register, account: Account | None = None, *, target_id: int | None = None,
                 states: tuple[str, ...] = ("pending",)) -> list[dict[str, Any]]:
    """Pending (or returned) values: for an administrator, those of his provinces; for an editor, his own."""
    with register.factory() as session:
        query = select(PendingActual, Target).join(Target, Target.id == PendingActual.target_id)
        query = query.where(PendingActual.state.in_(states)).order_by(PendingActual.id.desc())
        if target_id is not None:
            query = query.where(PendingActual.target_id == target_id)
        out = []
        for row, target in session.execute(query):
            if account is not None and not account.is_admin and row.submitted_by != account.username:
                continue
            if account is not None and account.is_admin and not _in_province(session, account, target.province_id):
                continue
            out.append({"id": row.id, "target_id": row.target_id, "indicator": target.indicator_text,
                        "unit": target.unit, "value": row.value, "period": row.period, "vintage": row.vintage,
                        "note": row.note, "state": row.state, "submitted_by": row.submitted_by,
                        "submitted_at": row.submitted_at.isoformat(timespec="seconds"),
                        "reviewed_by": row.reviewed_by, "review_note": row.review_note})
        return out
