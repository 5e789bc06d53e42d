"""Accounts, API tokens, agencies and target owners, pending actual values; who may do what.

Roles: an administrator (of every province, or of one) may do everything there, including approving values;
an editor of a province may upload and review documents and enter values for that province's targets; an
editor of an agency may enter values only for the targets the agency owns; a viewer reads. A value an editor
enters waits in ``pending_actuals`` until an administrator of the target's province approves it (then it is
written with ``Register.set_actual`` under the submitter's name) or returns it with a note. Every write here
adds a ``Change`` row: who, when, what.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from chitieu.errors import AccessDeniedError, ChitieuError, ConflictError, NotFoundError
from chitieu.judge.vintage import VINTAGES
from chitieu.register.api import Register
from chitieu.register.models import Actual, Change, Province, Target, utcnow
from chitieu.register.provinces import find_province
from chitieu.register.session import transaction
from chitieu.register.workflow import ROLES, Agency, ApiToken, PendingActual, TargetOwner, User

_HASHER = PasswordHasher()


@dataclass(frozen=True, slots=True)
class Account:
    """The signed-in user, as the web and the API see it."""

    id: int
    username: str
    role: str
    full_name: str | None = None
    province_id: int | None = None
    province: str | None = None
    agency_id: int | None = None
    agency: str | None = None
    session_epoch: int = 0  # a web session signed in under another number is over

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def can_write(self) -> bool:
        return self.role in ("admin", "editor")

    @property
    def scope(self) -> str:
        return self.agency or self.province or "mọi tỉnh, thành phố"


def _account(user: User) -> Account:
    return Account(user.id, user.username, user.role, user.full_name, user.province_id,
                   user.province.name if user.province else None, user.agency_id,
                   user.agency.name if user.agency else None, user.session_epoch or 0)


def _log(session: Session, actor: str, action: str, table: str, row_id: int | None, **data: Any) -> None:
    session.add(Change(actor=actor, action=action, table_name=table, row_id=row_id, data=data))


def _province_id(session: Session, province: str | None) -> int | None:
    if not province:
        return None
    row = find_province(session, province)
    if row is None:
        raise NotFoundError(f"Không có tỉnh, thành phố '{province}' trong sổ theo dõi.")
    return row.id


# Users -----------------------------------------------------------------------------------------------------------

def create_user(register: Register, username: str, password: str, role: str, *, province: str | None = None,
                agency_id: int | None = None, full_name: str | None = None, actor: str = "chitieu") -> Account:
    if role not in ROLES:
        raise ChitieuError(f"Vai trò '{role}' không hợp lệ; dùng một trong: {', '.join(ROLES)}.")
    if len(password) < 8:
        raise ChitieuError("Mật khẩu cần ít nhất 8 ký tự.")
    username = username.strip()
    if not username:
        raise ChitieuError("Tên đăng nhập không được để trống.")
    with transaction(register.factory) as session:
        if session.scalar(select(User.id).where(User.username == username)) is not None:
            raise ConflictError(f"Tên đăng nhập '{username}' đã có người dùng.")
        province_id = _province_id(session, province)
        if agency_id is not None:
            agency = session.get(Agency, agency_id)
            if agency is None:
                raise NotFoundError(f"Không có cơ quan số {agency_id}.")
            province_id = province_id or agency.province_id
        user = User(username=username, password_hash=_HASHER.hash(password), role=role, province_id=province_id,
                    agency_id=agency_id, full_name=full_name, active=True)
        session.add(user)
        session.flush()
        _log(session, actor, "insert", "users", user.id, username=username, role=role, province=province,
             agency_id=agency_id)
        session.refresh(user)
        return _account(user)


def authenticate(register: Register, username: str, password: str) -> Account:
    with register.factory() as session:
        user = session.scalar(select(User).where(User.username == username.strip()))
        if user is None or not user.active:
            raise AccessDeniedError("Sai tên đăng nhập hoặc mật khẩu.")
        try:
            _HASHER.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError) as exc:
            raise AccessDeniedError("Sai tên đăng nhập hoặc mật khẩu.") from exc
        return _account(user)


def change_password(register: Register, account: Account, old: str, new: str) -> int:
    """Change the password and end every session signed in before; returns the session number to carry on with."""
    if len(new) < 8:
        raise ChitieuError("Mật khẩu cần ít nhất 8 ký tự.")
    authenticate(register, account.username, old)
    with transaction(register.factory) as session:
        user = session.get(User, account.id)
        if user is None:
            raise NotFoundError(f"Không có người dùng '{account.username}'.")
        user.password_hash = _HASHER.hash(new)
        user.session_epoch = (user.session_epoch or 0) + 1
        _log(session, account.username, "update", "users", user.id, password="changed")
        return user.session_epoch


def end_sessions(register: Register, account: Account) -> None:
    """Sign the account out everywhere: every session cookie issued so far stops working (logout)."""
    with transaction(register.factory) as session:
        user = session.get(User, account.id)
        if user is None:
            return
        user.session_epoch = (user.session_epoch or 0) + 1
        _log(session, account.username, "logout", "users", user.id)


# an account's province and agency names come in the same query as the user (every page asks for the account)
WITH_PLACE = (joinedload(User.province), joinedload(User.agency))


def get_account(register: Register, user_id: int) -> Account | None:
    with register.factory() as session:
        user = session.get(User, user_id, options=WITH_PLACE)
        return _account(user) if user is not None and user.active else None


def user_ids(register: Register, usernames: Iterable[str]) -> dict[str, int]:
    """Username -> id of active accounts; an unknown username is a one-line error naming it."""
    wanted = set(usernames)
    with register.factory() as session:
        found = {name: user_id for name, user_id in session.execute(
            select(User.username, User.id).where(User.username.in_(wanted), User.active.is_(True)))}
    missing = sorted(wanted - found.keys())
    if missing:
        raise NotFoundError(f"Không có tài khoản đang hoạt động '{missing[0]}'; hãy kiểm tra tên đăng nhập.")
    return found


def list_accounts(register: Register) -> list[Account]:
    with register.factory() as session:
        return [_account(u) for u in session.scalars(select(User).options(*WITH_PLACE).order_by(User.username))]


def count_users(register: Register) -> int:
    with register.factory() as session:
        return len(list(session.scalars(select(User.id))))


# API tokens ------------------------------------------------------------------------------------------------------

def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(register: Register, username: str, name: str, actor: str) -> str:
    """A new API token for ``username``; only its hash is stored, so it is shown once."""
    token = "ct_" + secrets.token_urlsafe(32)
    with transaction(register.factory) as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise NotFoundError(f"Không có người dùng '{username}'.")
        row = ApiToken(user_id=user.id, token_hash=_digest(token), name=name, created_by=actor)
        session.add(row)
        session.flush()
        _log(session, actor, "insert", "api_tokens", row.id, username=username, name=name)
    return token


def account_for_token(register: Register, token: str) -> Account:
    with register.factory() as session:
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token),
                                                    ApiToken.revoked.is_(False)))
        if row is None or not row.user.active:
            raise AccessDeniedError("Mã truy cập API không hợp lệ hoặc đã bị thu hồi.")
        return _account(row.user)


# Agencies and owners ---------------------------------------------------------------------------------------------

def create_agency(register: Register, name: str, province: str | None, actor: str) -> int:
    with transaction(register.factory) as session:
        province_id = _province_id(session, province)
        known = session.scalar(select(Agency.id).where(Agency.name == name, Agency.province_id == province_id))
        if known is not None:
            return known
        row = Agency(name=name, province_id=province_id)
        session.add(row)
        session.flush()
        _log(session, actor, "insert", "agencies", row.id, name=name, province=province)
        return row.id


def list_agencies(register: Register) -> list[dict[str, Any]]:
    with register.factory() as session:
        rows = session.scalars(select(Agency).options(joinedload(Agency.province))
                               .order_by(Agency.province_id, Agency.name))
        return [{"id": a.id, "name": a.name, "province": a.province.name if a.province else None} for a in rows]


def set_owner(register: Register, target_id: int, agency_id: int, account: Account) -> None:
    with transaction(register.factory) as session:
        target = _target(session, target_id)
        _require_admin(session, account, target.province_id)
        if session.get(Agency, agency_id) is None:
            raise NotFoundError(f"Không có cơ quan số {agency_id}.")
        row = session.get(TargetOwner, target_id)
        old = row.agency_id if row else None
        if row is None:
            session.add(TargetOwner(target_id=target_id, agency_id=agency_id, assigned_by=account.username))
        else:
            row.agency_id, row.assigned_by, row.assigned_at = agency_id, account.username, utcnow()
        _log(session, account.username, "update" if old else "insert", "target_owners", target_id,
             target_id=target_id, old=old, new=agency_id)


def owners(register: Register, target_ids: list[int] | None = None) -> dict[int, dict[str, Any]]:
    """Target id -> its owner agency (id, name)."""
    with register.factory() as session:
        query = select(TargetOwner.target_id, Agency.id, Agency.name).join(Agency, Agency.id == TargetOwner.agency_id)
        if target_ids is not None:
            query = query.where(TargetOwner.target_id.in_(target_ids))
        return {t: {"id": a, "name": n} for t, a, n in session.execute(query)}


# Permissions -----------------------------------------------------------------------------------------------------

def _target(session: Session, target_id: int) -> Target:
    target = session.get(Target, target_id)
    if target is None:
        raise NotFoundError(f"Không có chỉ tiêu số {target_id} trong sổ theo dõi.")
    return target


def _in_province(session: Session, account: Account, province_id: int | None) -> bool:
    """The account's province covers ``province_id`` (itself, or a unit merged into it)."""
    if account.province_id is None:
        return True
    seen: set[int] = set()
    while province_id is not None and province_id not in seen:
        if province_id == account.province_id:
            return True
        seen.add(province_id)
        province = session.get(Province, province_id)
        province_id = province.successor_id if province else None
    return False


def covers_province(session: Session, account: Account, province_id: int | None) -> bool:
    """The account sees a resource of ``province_id``: a national account sees all; an account of a province sees
    its province and the units merged into it, never a national resource (``province_id`` None)."""
    if account.province_id is None:
        return True
    return province_id is not None and _in_province(session, account, province_id)


def province_id_of(session: Session, province: str | None) -> int | None:
    """The id of the province named ``province``, or None when it is not named or not in the register."""
    row = find_province(session, province) if province else None
    return row.id if row is not None else None


def _require_admin(session: Session, account: Account, province_id: int | None) -> None:
    """An administrator, of this province when the account is limited to one."""
    if account.role != "admin":
        raise AccessDeniedError("Chỉ quản trị viên được làm việc này.")
    if account.province_id is not None and not _in_province(session, account, province_id):
        raise AccessDeniedError(f"Tài khoản {account.username} chỉ quản trị {account.province}.")


def check_can_edit(register: Register, account: Account, target_id: int) -> None:
    """Raise ``AccessDeniedError`` unless ``account`` may enter values for the target."""
    with register.factory() as session:
        _check_edit(session, account, _target(session, target_id))


def _check_edit(session: Session, account: Account, target: Target) -> None:
    if not account.can_write:
        raise AccessDeniedError("Tài khoản chỉ được xem, không được sửa.")
    if not _in_province(session, account, target.province_id):
        raise AccessDeniedError(f"Tài khoản {account.username} chỉ được sửa chỉ tiêu của {account.province}.")
    if account.agency_id is not None:
        owner = session.get(TargetOwner, target.id)
        if owner is None or owner.agency_id != account.agency_id:
            raise AccessDeniedError(f"Chỉ tiêu số {target.id} không do {account.agency} phụ trách.")


def check_province_writer(register: Register, account: Account, province: str | None) -> None:
    """Uploading and reviewing documents: an administrator, or an editor of a province (not of an agency)."""
    if not account.can_write or account.agency_id is not None:
        raise AccessDeniedError("Chỉ quản trị viên hoặc biên tập viên cấp tỉnh được nạp văn kiện.")
    if province and account.province_id is not None:
        with register.factory() as session:
            row = find_province(session, province)
            if row is None or not _in_province(session, account, row.id):
                raise AccessDeniedError(f"Tài khoản {account.username} chỉ được nạp văn kiện của {account.province}.")


# Pending actual values -------------------------------------------------------------------------------------------

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
        row = _pending(session, pending_id)
        _require_admin(session, account, _target(session, row.target_id).province_id)
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
        row = _pending(session, pending_id)
        _require_admin(session, account, _target(session, row.target_id).province_id)
        row.state, row.reviewed_by, row.reviewed_at, row.review_note = "returned", account.username, utcnow(), note
        _log(session, account.username, "return", "pending_actuals", pending_id, target_id=row.target_id, note=note)


def _pending(session: Session, pending_id: int) -> PendingActual:
    row = session.get(PendingActual, pending_id)
    if row is None:
        raise NotFoundError(f"Không có số liệu chờ duyệt số {pending_id}.")
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
