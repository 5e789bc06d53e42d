"""Actual values entered by people, and the rules every entry obeys wherever it comes from (CLI, pages, API).

A value an editor enters waits in ``pending_actuals`` until an administrator of the target's province approves it
(then it is written under the submitter's name) or returns it with a note; an administrator's value is written at
once. No save silently overwrites another: an entry carries a version, a save that saw another version is a
``ConflictError``, as is a save over someone else's value still waiting for approval, and an approval over an entry
changed after the value was sent. Every write adds a ``Change`` row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from chitieu.errors import AccessDeniedError, ChitieuError, ConflictError, InvalidValueError, NotFoundError
from chitieu.judge.vintage import VINTAGES
from chitieu.numbers import read_value
from chitieu.register.accounts.account import Account, _log
from chitieu.register.accounts.permissions import _check_edit, _in_province, _require_admin, _target
from chitieu.register.db.models import Actual, Change, Province, Target, utcnow
from chitieu.register.db.session import transaction
from chitieu.register.db.workflow import PendingActual
from chitieu.register.figures.assess import target_text
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


def years_of(period: str) -> tuple[int, int]:
    """The first and last year of a checked period ("2024": 2024, 2024; "2020-2025": 2020, 2025)."""
    first, _, last = period.partition("-")
    return int(first), int(last or first)


def check_target_period(target: Target, period: str) -> str:
    """``period`` (``check_period``) when it fits the target: within the years from the one before the target's
    first (its baseline), or from the first year of the congress term it belongs to when that is earlier (a "2025"
    target of a 2020-2025 congress is followed year by year from 2020), to the target's last year. A target without
    years (an "annual" one) takes any year. The one rule for pages, API, Excel template and CLI; else
    ``InvalidValueError`` saying which years fit."""
    period = check_period(period)
    first, last = years_of(period)
    if first > last:
        raise InvalidValueError(f"Kỳ '{period}' không hợp lệ: năm đầu sau năm cuối.")
    start, end = target.period_start, target.period_end
    if start is None or end is None:
        return period
    earliest = start - 1
    if target.congress is not None:
        earliest = min(earliest, target.congress.start_year)
    if first < earliest or last > end:
        own = str(start) if start == end else f"{start}-{end}"
        raise InvalidValueError(f"Kỳ {period} không khớp với chỉ tiêu số {target.id} (kỳ {own}): "
                                f"hãy nhập một năm từ {earliest} đến {end}.")
    return period


def outside_target(start: int | None, end: int | None, period: str) -> bool:
    """Whether a value's period lies outside the target's years (a 2024 value sent against a 2025 target): allowed
    (a baseline), but an approver is warned."""
    if start is None or end is None or not PERIOD.fullmatch(period):
        return False
    first, last = years_of(period)
    return first < start or last > end


@contextmanager
def conflicts_as_409(target_id: int) -> Iterator[None]:
    """A write that found another version than it read (``StaleDataError``) or a first entry written twice at once
    (``IntegrityError``) is a ``ConflictError``: the later save lost."""
    try:
        yield
    except (StaleDataError, IntegrityError) as exc:
        raise ConflictError(f"Số liệu của chỉ tiêu {target_id} vừa được người khác lưu; hãy tải lại.") from exc


def write_actual(session: Session, target_id: int, value: float | str, period: str, *, vintage: str, entered_by: str,
                 as_of: date | None = None, note: str | None = None,
                 expected_version: int | None = None) -> dict[str, Any]:
    """``Register.set_actual`` in the caller's transaction. The check is the write itself: the UPDATE carries
    ``WHERE version = <the version read>`` (the mapper's ``version_id_col``), so a save that lost a race fails
    with ``StaleDataError`` however the reads interleave; ``expected_version`` 0 means "I saw none"."""
    if vintage not in VINTAGES:
        raise ChitieuError(f"Loại số liệu '{vintage}' không hợp lệ; dùng một trong: {', '.join(VINTAGES)}.")
    value = read_value(value)
    target = session.get(Target, target_id)
    if target is None:
        raise NotFoundError(f"Không có chỉ tiêu số {target_id} trong sổ theo dõi.")
    period = check_target_period(target, period)
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
    return {"id": row.id, "version": row.version, "action": action, "value": value}


def submit_actual(register: Register, account: Account, target_id: int, value: float | str, period: str, *,
                  vintage: str = "final", note: str | None = None, expected_version: int | None = None) -> int:
    """An editor's value waits for approval; an administrator's is approved at once, in the same transaction.
    Returns the pending id.

    ``expected_version`` is the version of the entry the sender saw (0: none); when not given, the version at
    sending. A value is refused (``check_fresh``) when the entry changed since the sender saw it, or when someone
    else's value for it is waiting; approval writes only over that version: a value saved in between makes the
    approval a conflict."""
    with conflicts_as_409(target_id), transaction(register.factory) as session:
        return _submit(session, account, target_id, value, period, vintage=vintage, note=note,
                       expected_version=expected_version)


def _submit(session: Session, account: Account, target_id: int, value: float | str, period: str, *, vintage: str,
            note: str | None, expected_version: int | None) -> int:
    target = _target(session, target_id)
    _check_edit(session, account, target)
    if vintage not in VINTAGES:
        raise ChitieuError(f"Loại số liệu '{vintage}' không hợp lệ; dùng một trong: {', '.join(VINTAGES)}.")
    number = read_value(value)
    period = check_target_period(target, period)
    current = check_fresh(session, account.username, target_id, period, vintage, expected_version)
    if expected_version is None:
        expected_version = current
    row = PendingActual(target_id=target_id, value=number, period=period, vintage=vintage, note=note,
                        submitted_by=account.username, state="pending", expected_version=expected_version)
    session.add(row)
    session.flush()
    _log(session, account.username, "insert", "pending_actuals", row.id, target_id=target_id, value=number,
         period=period, vintage=vintage)
    if account.is_admin:
        _approve(session, account, row, None)
    return row.id


@dataclass(frozen=True, slots=True)
class Entry:
    """One value of an Excel template: its target, value, period, note and the cell it was written in."""

    target_id: int
    value: float | str
    period: str
    note: str | None
    cell: str


def submit_entries(register: Register, account: Account, entries: list[Entry]) -> tuple[list[Entry],
                                                                                        list[tuple[Entry, str]]]:
    """Send every entry the account may send, each in its own transaction (``submit_actual``); the others are
    returned with the reason (another agency's target, a period outside the target's, a value waiting), so one
    refused row never costs the rest of a shared template."""
    sent: list[Entry] = []
    refused: list[tuple[Entry, str]] = []
    for entry in entries:
        try:
            submit_actual(register, account, entry.target_id, entry.value, entry.period, note=entry.note)
        except ChitieuError as exc:
            refused.append((entry, str(exc)))
        else:
            sent.append(entry)
    return sent, refused


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


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one value of a batch (approving or returning several, an Excel template): done, or refused
    with the Vietnamese reason."""

    id: int
    done: bool
    reason: str = ""


def approve_many(register: Register, account: Account, pending_ids: list[int]) -> list[Outcome]:
    """Approve several values, each in its own transaction (``approve_actual``): one refused (changed since, already
    handled) leaves the others approved and says why."""
    check_approver(account)
    return [_each(pending_id, approve_actual, register, account, pending_id) for pending_id in _ids(pending_ids)]


def return_many(register: Register, account: Account, pending_ids: list[int], note: str) -> list[Outcome]:
    """Return several values with one note, each in its own transaction (``return_actual``)."""
    check_approver(account)
    if not note.strip():
        raise ChitieuError("Khi trả lại số liệu, hãy ghi lý do để cơ quan sửa.")
    return [_each(pending_id, return_actual, register, account, pending_id, note) for pending_id in _ids(pending_ids)]


def _ids(pending_ids: list[int]) -> list[int]:
    if not pending_ids:
        raise ChitieuError("Chưa chọn số liệu nào; hãy đánh dấu các số liệu cần duyệt hoặc trả lại.")
    return list(dict.fromkeys(pending_ids))


def _each(item_id: int, action: Callable[..., object], *args: Any) -> Outcome:
    try:
        action(*args)
    except ChitieuError as exc:  # refused: said beside the others, none of its writes kept (its own transaction)
        return Outcome(item_id, False, str(exc))
    return Outcome(item_id, True)


def resend_actual(register: Register, account: Account, pending_id: int, value: float | str, period: str, *,
                  note: str | None = None) -> int:
    """A returned value corrected by its sender and sent again: a new value waiting for approval (or written at once
    for an administrator), under every rule of ``submit_actual``; the returned one is marked "resent" in the same
    transaction. Only the sender resends, and only a value that was returned. Returns the new pending id."""
    with register.factory() as session:
        target_id = session.scalar(select(PendingActual.target_id).where(PendingActual.id == pending_id)) or 0
    with conflicts_as_409(target_id), transaction(register.factory) as session:
        row = session.get(PendingActual, pending_id)
        if row is None or row.submitted_by != account.username:
            raise NotFoundError(f"Không có số liệu bị trả lại số {pending_id} do {account.username} gửi.")
        if row.state != "returned":
            raise ConflictError(f"Số liệu số {pending_id} không ở trạng thái bị trả lại; hãy tải lại trang.")
        claimed = session.execute(update(PendingActual).where(PendingActual.id == pending_id,
                                                              PendingActual.state == "returned")
                                  .values(state="resent").execution_options(synchronize_session=False))
        if getattr(claimed, "rowcount", 0) != 1:
            raise ConflictError(f"Số liệu số {pending_id} vừa được gửi lại; hãy tải lại trang.")
        _log(session, account.username, "resend", "pending_actuals", pending_id, target_id=row.target_id)
        return _submit(session, account, row.target_id, value, period, vintage=row.vintage, note=note,
                       expected_version=None)


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
    """Pending (or returned) values: for an administrator, those of his provinces; for an editor, his own. Each with
    what an approver judges it by: the province, the target as planned and its period, and ``period_warning`` when
    the value's period lies outside the target's (``outside_target``)."""
    with register.factory() as session:
        query = (select(PendingActual, Target, Province.name).join(Target, Target.id == PendingActual.target_id)
                 .outerjoin(Province, Province.id == Target.province_id))
        query = query.where(PendingActual.state.in_(states)).order_by(PendingActual.id.desc())
        if target_id is not None:
            query = query.where(PendingActual.target_id == target_id)
        out = []
        for row, target, province in session.execute(query):
            if account is not None and not account.is_admin and row.submitted_by != account.username:
                continue
            if account is not None and account.is_admin and not _in_province(session, account, target.province_id):
                continue
            out.append({"id": row.id, "target_id": row.target_id, "indicator": target.indicator_text,
                        "unit": target.unit, "value": row.value, "period": row.period, "vintage": row.vintage,
                        "note": row.note, "state": row.state, "submitted_by": row.submitted_by,
                        "submitted_at": row.submitted_at.replace(tzinfo=UTC).isoformat(timespec="seconds"),
                        "reviewed_by": row.reviewed_by, "review_note": row.review_note, "province": province,
                        "breakdown": target.breakdown, "target": target_text(target), "target_period": target.period,
                        "period_warning": outside_target(target.period_start, target.period_end, row.period)})
        return out
