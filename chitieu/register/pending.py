"""Pending actual values: a value an editor enters waits in ``pending_actuals`` until an administrator of the
target's province approves it (then it is written with ``Register.set_actual`` under the submitter's name) or
returns it with a note. Every write adds a ``Change`` row.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from chitieu.errors import ChitieuError, ConflictError, NotFoundError
from chitieu.judge.vintage import VINTAGES
from chitieu.numbers import check_value
from chitieu.register.accounts import Account, _check_edit, _in_province, _log, _require_admin, _target
from chitieu.register.api import Register, check_period, conflicts_as_409, write_actual
from chitieu.register.models import Actual, Change, Target, utcnow
from chitieu.register.session import transaction
from chitieu.register.workflow import PendingActual


def submit_actual(register: Register, account: Account, target_id: int, value: float, period: str, *,
                  vintage: str = "final", note: str | None = None, expected_version: int | None = None) -> int:
    """An editor's value waits for approval; an administrator's is approved at once, in the same transaction.
    Returns the pending id.

    ``expected_version`` is the version of the entry the sender saw (0: none); when not given, the version at
    sending. Approval writes only over that version: a value saved in between makes the approval a conflict."""
    if vintage not in VINTAGES:
        raise ChitieuError(f"Loại số liệu '{vintage}' không hợp lệ; dùng một trong: {', '.join(VINTAGES)}.")
    period = check_period(period)
    value = check_value(value)
    with conflicts_as_409(target_id), transaction(register.factory) as session:
        target = _target(session, target_id)
        _check_edit(session, account, target)
        if expected_version is None:
            expected_version = session.scalar(select(Actual.version).where(
                Actual.target_id == target_id, Actual.period == period, Actual.vintage == vintage,
                Actual.source_kind == "person")) or 0
        row = PendingActual(target_id=target_id, value=value, period=period, vintage=vintage, note=note,
                            submitted_by=account.username, state="pending", expected_version=expected_version)
        session.add(row)
        session.flush()
        _log(session, account.username, "insert", "pending_actuals", row.id, target_id=target_id, value=value,
             period=period, vintage=vintage)
        if account.is_admin:
            _approve(session, account, row, None)
        return row.id


def approve_actual(register: Register, account: Account, pending_id: int, note: str | None = None) -> None:
    """Write the pending value to the register. Two approvals of one value, or an approval over an entry changed
    since the value was sent, end in ``ConflictError``: the checks are the writes themselves."""
    with transaction(register.factory) as session:
        row = _pending(session, pending_id, account)
        target_id = row.target_id
        with conflicts_as_409(target_id):
            _approve(session, account, row, note)
            session.flush()


def _approve(session: Session, account: Account, row: PendingActual, note: str | None) -> None:
    claimed = session.execute(update(PendingActual).where(PendingActual.id == row.id,
                                                          PendingActual.state == "pending")
                              .values(state="approved", reviewed_by=account.username, reviewed_at=utcnow(),
                                      review_note=note).execution_options(synchronize_session=False))
    if getattr(claimed, "rowcount", 0) != 1:
        raise ConflictError(f"Số liệu số {row.id} vừa được người khác xử lý; hãy tải lại trang.")
    written = write_actual(session, row.target_id, row.value, row.period, vintage=row.vintage,
                           entered_by=row.submitted_by, note=row.note, expected_version=row.expected_version)
    session.execute(update(PendingActual).where(PendingActual.id == row.id).values(actual_id=written["id"])
                    .execution_options(synchronize_session=False))
    _log(session, account.username, "approve", "pending_actuals", row.id, target_id=row.target_id, value=row.value,
         period=row.period)


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
