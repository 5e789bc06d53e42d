"""Actual values entered by people, and the rules every entry obeys wherever it comes from (CLI, pages, API).

A value an editor enters waits in ``pending_actuals`` until an administrator of the target's province approves it
(then it is written under the submitter's name) or returns it with a note; an administrator's value is written at
once. No save silently overwrites another: an entry carries a version, a save that saw another version is a
``ConflictError``, as is a save over someone else's value still waiting for approval, and an approval over an entry
changed after the value was sent. Every write adds a ``Change`` row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from chitieu.errors import AccessDeniedError, ChitieuError, ConflictError, InvalidValueError, NotFoundError
from chitieu.judge.vintage import VINTAGES
from chitieu.numbers import check_value
from chitieu.register.accounts.account import Account, _log
from chitieu.register.accounts.permissions import _check_edit, _in_province, _require_admin, _target
from chitieu.register.db.models import Actual, Change, Target, utcnow
from chitieu.register.db.session import transaction
from chitieu.register.db.workflow import PendingActual
from chitieu.register.figures.status import refresh as refresh_status
from chitieu.register.figures.status import touched_by

if TYPE_CHECKING:
    from chitieu.register.api import Register

PERIOD = re.compile(r"\d{4}(?:-\d{4})?", re.ASCII)  # 2024 or 2020-2025, ASCII digits only


def check_period(period: str) -> str:
    """``period`` stripped, when it is a year or a term written with ASCII digits; else ``InvalidValueError``."""
    period = period.strip()
    if not period:
        raise ChitieuError("Cần ghi kỳ của số liệu (ví dụ 2024).")
    if not PERIOD.fullmatch(period):
        raise InvalidValueError(f"Kỳ '{period[:20]}' không hợp lệ; viết một năm (2024) hoặc một nhiệm kỳ (2020-2025).")
    return period


@contextmanager
def conflicts_as_409(target_id: int) -> Iterator[None]:
    """A write that found another version than it read (``StaleDataError``) or a first entry written twice at once
    (``IntegrityError``) is a ``ConflictError``: the later save lost."""
    try:
        yield
    except (StaleDataError, IntegrityError) as exc:
        raise ConflictError(f"Số liệu của chỉ tiêu {target_id} vừa được người khác lưu; hãy tải lại.") from exc


def write_actual(session: Session, target_id: int, value: float, period: str, *, vintage: str, entered_by: str,
                 as_of: date | None = None, note: str | None = None,
                 expected_version: int | None = None) -> dict[str, Any]:
    """``Register.set_actual`` in the caller's transaction. The check is the write itself: the UPDATE carries
    ``WHERE version = <the version read>`` (the mapper's ``version_id_col``), so a save that lost a race fails
    with ``StaleDataError`` however the reads interleave; ``expected_version`` 0 means "I saw none"."""
    if vintage not in VINTAGES:
        raise ChitieuError(f"Loại số liệu '{vintage}' không hợp lệ; dùng một trong: {', '.join(VINTAGES)}.")
    value, period = check_value(value), check_period(period)
    target = session.get(Target, target_id)
    if target is None:
        raise NotFoundError(f"Không có chỉ tiêu số {target_id} trong sổ theo dõi.")
    row = session.scalar(select(Actual).where(Actual.target_id == target_id, Actual.period == period,
                                              Actual.vintage == vintage, Actual.source_kind == "person"))
    current = row.version if row is not None else 0
    if expected_version is not None and current != expected_version:
        raise ConflictError(f"Số liệu của chỉ tiêu {target_id} kỳ {period} đã được người khác sửa "
                            f"(phiên bản {current}); hãy tải lại rồi nhập lại.")
    if row is None:
        row = Actual(target_id=target_id, province_id=target.province_id, indicator_id=target.indicator_id,
                     indicator_text=target.indicator_text, breakdown=target.breakdown, unit=target.unit,
                     direction=target.direction, value=value, period=period, vintage=vintage,
                     as_of=as_of or date.today(), source_kind="person", entered_by=entered_by, note=note)
        session.add(row)
        action, old = "insert", None
    else:
        old = row.value
        row.value, row.as_of, row.entered_by, row.note = value, as_of or date.today(), entered_by, note
        action = "update"
    session.flush()
    session.add(Change(actor=entered_by, action=action, table_name="actuals", row_id=row.id,
                       data={"target_id": target_id, "period": period, "vintage": vintage, "old": old, "new": value}))
    refresh_status(session, touched_by(session, [target_id], [(target.province_id, target.indicator_id)]))
    return {"id": row.id, "version": row.version, "action": action}


def submit_actual(register: Register, account: Account, target_id: int, value: float, period: str, *,
                  vintage: str = "final", note: str | None = None, expected_version: int | None = None) -> int:
    """An editor's value waits for approval; an administrator's is approved at once, in the same transaction.
    Returns the pending id.

    ``expected_version`` is the version of the entry the sender saw (0: none); when not given, the version at
    sending. A value is refused (``check_fresh``) when the entry changed since the sender saw it, or when someone
    else's value for it is waiting; approval writes only over that version: a value saved in between makes the
    approval a conflict."""
    with conflicts_as_409(target_id), transaction(register.factory) as session:
        target = _target(session, target_id)
        _check_edit(session, account, target)
        if vintage not in VINTAGES:
            raise ChitieuError(f"Loại số liệu '{vintage}' không hợp lệ; dùng một trong: {', '.join(VINTAGES)}.")
        period = check_period(period)
        value = check_value(value)
        current = check_fresh(session, account.username, target_id, period, vintage, expected_version)
        if expected_version is None:
            expected_version = current
        row = PendingActual(target_id=target_id, value=value, period=period, vintage=vintage, note=note,
                            submitted_by=account.username, state="pending", expected_version=expected_version)
        session.add(row)
        session.flush()
        _log(session, account.username, "insert", "pending_actuals", row.id, target_id=target_id, value=value,
             period=period, vintage=vintage)
        if account.is_admin:
            _approve(session, account, row, None)
        return row.id


def check_fresh(session: Session, username: str, target_id: int, period: str, vintage: str,
                expected: int | None) -> int:
    """The version of the person's entry of this period and vintage (0: none), after two refusals
    (``ConflictError``): the entry changed since its sender saw version ``expected`` (None: not said), or another
    person's value for it is waiting for approval. Every entry goes through it: pages, API, CLI."""
    entry = session.execute(select(Actual.version, Actual.entered_by).where(
        Actual.target_id == target_id, Actual.period == period, Actual.vintage == vintage,
        Actual.source_kind == "person").order_by(Actual.id).limit(1)).first()
    current = entry.version if entry is not None else 0
    if expected is not None and expected != current:
        who = f" bởi {entry.entered_by}" if entry is not None else ""
        raise ConflictError(f"Số liệu kỳ {period} của chỉ tiêu số {target_id} đã được sửa{who} sau khi bạn mở trang; "
                            "hãy tải lại trang để xem số mới rồi nhập lại nếu cần.")
    waiting = session.scalar(select(PendingActual.submitted_by).where(
        PendingActual.target_id == target_id, PendingActual.state == "pending", PendingActual.period == period,
        PendingActual.vintage == vintage, PendingActual.submitted_by != username)
        .order_by(PendingActual.id.desc()).limit(1))
    if waiting is not None:
        raise ConflictError(f"{waiting} đã gửi số liệu kỳ {period} của chỉ tiêu số {target_id} "
                            "và đang chờ duyệt; hãy đợi duyệt xong rồi tải lại trang.")
    return current


def check_approver(account: Account) -> None:
    """Only an administrator approves or returns values; said before anything about the value itself."""
    if not account.is_admin:
        raise AccessDeniedError("Chỉ quản trị viên được duyệt hoặc trả lại số liệu.")


def approve_actual(register: Register, account: Account, pending_id: int, note: str | None = None) -> None:
    """Write the pending value to the register, in one transaction with its checks: the account approves values of
    the target's province, the value still waits, and nobody changed the entry it would write after it was sent.
    Two approvals of one value read at once end in ``ConflictError`` too: the last checks are the writes."""
    check_approver(account)
    with transaction(register.factory) as session:
        row = _pending(session, pending_id, account)
        actor = _changed_since_sent(session, row)
        if actor is not None:
            raise ConflictError(f"Số liệu kỳ {row.period} của chỉ tiêu số {row.target_id} đã được "
                                f"{actor} sửa sau khi số liệu này được gửi; hãy trả lại để người gửi xem "
                                "số mới và nhập lại.")
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
    check_approver(account)
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


def _changed_since_sent(session: Session, row: PendingActual) -> str | None:
    """Who changed the entry a pending value would write (its target, period and vintage) after it was sent, or
    None when nobody did."""
    sent = session.scalar(select(func.min(Change.id)).where(Change.table_name == "pending_actuals",
                                                            Change.row_id == row.id))
    if sent is None:  # sent before the history recorded sending: nothing to compare with
        return None
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
