"""Accounts, API tokens, agencies and target owners, pending actual values; who may do what.

Roles: an administrator (of every province, or of one) may do everything there, including approving values;
an editor of a province may upload and review documents and enter values for that province's targets; an
editor of an agency may enter values only for the targets the agency owns; a viewer reads. A value an editor
enters waits in ``pending_actuals`` until an administrator of the target's province approves it (then it is
written with ``Register.set_actual`` under the submitter's name) or returns it with a note. Every write here
adds a ``Change`` row: who, when, what.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from chitieu.errors import AccessDeniedError, ChitieuError, ConflictError, InvalidValueError, NotFoundError
from chitieu.register.api import Register
from chitieu.register.models import Change, Province, Target, utcnow
from chitieu.register.provinces import find_province
from chitieu.register.session import transaction
from chitieu.register.workflow import ROLES, Agency, ApiToken, TargetOwner, User

_HASHER = PasswordHasher()
MAX_USERNAME = 80  # the column's length
MAX_NAME = 200  # an agency's or a person's name (the columns' length), kept short in pages and cookies
# characters that show as nothing: "admin\u200b" must not be a second "admin"
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"))


def normal_username(username: str) -> str:
    """The one spelling of a username: NFC, without invisible characters, trimmed, case-folded. Every lookup and
    every new account goes through it, so variants that look alike cannot be separate accounts."""
    return unicodedata.normalize("NFC", username.translate(INVISIBLE)).strip().casefold()


@cache
def _decoy_hash() -> str:
    """A hash to check a password against when the username is unknown, so that answering takes as long as for a
    real account (usernames cannot be told apart by the time a failed sign-in takes)."""
    return _HASHER.hash(secrets.token_urlsafe(16))


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
    active: bool = True  # a locked account signs in nowhere

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
                   user.agency.name if user.agency else None, user.session_epoch or 0, bool(user.active))


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
                agency_id: int | None = None, full_name: str | None = None,
                actor: Account | str = "chitieu") -> Account:
    """A new account. ``actor`` is the administrator creating it (the rule of ``check_manage`` applies), or the
    name of the installation itself (first start, tests)."""
    if role not in ROLES:
        raise ChitieuError(f"Vai trò '{role}' không hợp lệ; dùng một trong: {', '.join(ROLES)}.")
    _check_password(password)
    username = normal_username(username)
    if not username:
        raise ChitieuError("Tên đăng nhập không được để trống.")
    if len(username) > MAX_USERNAME or not username.isprintable():
        raise InvalidValueError(f"Tên đăng nhập cần tối đa {MAX_USERNAME} ký tự in được.")
    if full_name is not None and len(full_name) > MAX_NAME:
        raise InvalidValueError(f"Họ tên dài quá {MAX_NAME} ký tự.")
    with transaction(register.factory) as session:
        if session.scalar(select(User.id).where(User.username == username)) is not None:
            raise ConflictError(f"Tên đăng nhập '{username}' đã có người dùng.")
        province_id = _province_id(session, province)
        if agency_id is not None:
            agency = session.get(Agency, agency_id)
            if agency is None:
                raise NotFoundError(f"Không có cơ quan số {agency_id}.")
            province_id = agency.province_id  # an agency's editor belongs to the agency's province
        check_manage(session, actor, role, province_id)
        user = User(username=username, password_hash=_HASHER.hash(password), role=role, province_id=province_id,
                    agency_id=agency_id, full_name=full_name, active=True)
        session.add(user)
        session.flush()
        _log(session, _name(actor), "insert", "users", user.id, username=username, role=role, province=province,
             agency_id=agency_id)
        session.refresh(user)
        return _account(user)


def authenticate(register: Register, username: str, password: str) -> Account:
    with register.factory() as session:
        user = session.scalar(select(User).where(User.username == normal_username(username)))
        try:
            _HASHER.verify(user.password_hash if user is not None else _decoy_hash(), password)
        except (VerificationError, InvalidHashError) as exc:
            raise AccessDeniedError("Sai tên đăng nhập hoặc mật khẩu.") from exc
        if user is None or not user.active:
            raise AccessDeniedError("Sai tên đăng nhập hoặc mật khẩu.")
        return _account(user)


def change_password(register: Register, account: Account, old: str, new: str) -> int:
    """Change the password and end every session signed in before, and every API token of the account; returns
    the session number to carry on with."""
    _check_password(new)
    authenticate(register, account.username, old)
    with transaction(register.factory) as session:
        user = session.get(User, account.id)
        if user is None:
            raise NotFoundError(f"Không có người dùng '{account.username}'.")
        _new_password(session, user, new)
        _log(session, account.username, "update", "users", user.id, password="changed")
        return user.session_epoch


def reset_password(register: Register, username: str, new: str, actor: Account | str) -> None:
    """An administrator gives ``username`` a new password: its sessions and API tokens end."""
    _check_password(new)
    with transaction(register.factory) as session:
        user = _user(session, username)
        check_manage_user(session, actor, user)
        _new_password(session, user, new)
        _log(session, _name(actor), "update", "users", user.id, password="reset")


def set_active(register: Register, username: str, active: bool, actor: Account | str) -> None:
    """Lock (``active`` False) or unlock an account; a locked one signs in nowhere and its sessions and tokens end."""
    with transaction(register.factory) as session:
        user = _user(session, username)
        check_manage_user(session, actor, user)
        if isinstance(actor, Account) and actor.id == user.id and not active:
            raise ChitieuError("Không tự khóa tài khoản của chính mình.")
        user.active = active
        if not active:
            _end_everything(session, user)
        _log(session, _name(actor), "update", "users", user.id, active=active)


def end_sessions(register: Register, account: Account) -> None:
    """Sign the account out everywhere: every session cookie issued so far and every API token stop working
    (logout)."""
    with transaction(register.factory) as session:
        user = session.get(User, account.id)
        if user is None:
            return
        _end_everything(session, user)
        _log(session, account.username, "logout", "users", user.id)


def _check_password(password: str) -> None:
    if len(password) < 8:
        raise ChitieuError("Mật khẩu cần ít nhất 8 ký tự.")


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == normal_username(username)))
    if user is None:
        raise NotFoundError(f"Không có người dùng '{username}'.")
    return user


def _new_password(session: Session, user: User, password: str) -> None:
    user.password_hash = _HASHER.hash(password)
    _end_everything(session, user)


def _end_everything(session: Session, user: User) -> None:
    """End the account's sessions (a new session number) and its API tokens."""
    user.session_epoch = (user.session_epoch or 0) + 1
    session.execute(update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked.is_(False))
                    .values(revoked=True))


# an account's province and agency names come in the same query as the user (every page asks for the account)
WITH_PLACE = (joinedload(User.province), joinedload(User.agency))


def get_account(register: Register, user_id: int) -> Account | None:
    with register.factory() as session:
        user = session.get(User, user_id, options=WITH_PLACE)
        return _account(user) if user is not None and user.active else None


def user_ids(register: Register, usernames: Iterable[str]) -> dict[str, int]:
    """Username -> id of active accounts; an unknown username is a one-line error naming it."""
    wanted = {normal_username(name) for name in usernames}
    with register.factory() as session:
        found = {name: user_id for name, user_id in session.execute(
            select(User.username, User.id).where(User.username.in_(wanted), User.active.is_(True)))}
    missing = sorted(wanted - found.keys())
    if missing:
        raise NotFoundError(f"Không có tài khoản đang hoạt động '{missing[0]}'; hãy kiểm tra tên đăng nhập.")
    return found


def list_accounts(register: Register, actor: Account | None = None) -> list[Account]:
    """Every account, or those ``actor`` may manage."""
    with register.factory() as session:
        users = session.scalars(select(User).options(*WITH_PLACE).order_by(User.username))
        return [_account(u) for u in users if actor is None or _manages(session, actor, u)]


def _manages(session: Session, actor: Account, user: User) -> bool:
    try:
        check_manage_user(session, actor, user)
    except AccessDeniedError:
        return False
    return True


def count_users(register: Register) -> int:
    with register.factory() as session:
        return len(list(session.scalars(select(User.id))))


# Agencies and owners ---------------------------------------------------------------------------------------------

def create_agency(register: Register, name: str, province: str | None, actor: Account | str) -> int:
    """An agency of ``province`` (None: national); an administrator of a province adds only his province's."""
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise ChitieuError(f"Tên cơ quan cần từ 1 đến {MAX_NAME} ký tự.")
    with transaction(register.factory) as session:
        province_id = _province_id(session, province)
        check_manage(session, actor, "viewer", province_id)
        known = session.scalar(select(Agency.id).where(Agency.name == name, Agency.province_id == province_id))
        if known is not None:
            return known
        row = Agency(name=name, province_id=province_id)
        session.add(row)
        session.flush()
        _log(session, _name(actor), "insert", "agencies", row.id, name=name, province=province)
        return row.id


def list_agencies(register: Register, actor: Account | None = None) -> list[dict[str, Any]]:
    """Every agency, or those in the provinces ``actor`` covers."""
    with register.factory() as session:
        rows = session.scalars(select(Agency).options(joinedload(Agency.province))
                               .order_by(Agency.province_id, Agency.name))
        return [{"id": a.id, "name": a.name, "province": a.province.name if a.province else None} for a in rows
                if actor is None or covers_province(session, actor, a.province_id)]


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


RANK = {"viewer": 0, "editor": 1, "admin": 2}  # an administrator grants only roles at or below his own


def _name(actor: Account | str) -> str:
    return actor.username if isinstance(actor, Account) else actor


def check_manage(session: Session, actor: Account | str, role: str, province_id: int | None) -> None:
    """``actor`` may create, change or give a token to an account of ``role`` in ``province_id`` (None: national).

    Administrators act only within their own province and grant only roles at or below their own; only a national
    administrator manages national accounts. A plain name (not an ``Account``) is the installation itself: the
    first start and the tests, which no request reaches."""
    if not isinstance(actor, Account):
        return
    if not actor.is_admin:
        raise AccessDeniedError("Chỉ quản trị viên được quản lý tài khoản.")
    if RANK.get(role, len(RANK)) > RANK[actor.role]:
        raise AccessDeniedError("Quản trị viên chỉ được cấp vai trò không cao hơn vai trò của mình.")
    if actor.province_id is None:
        return
    if province_id is None:
        raise AccessDeniedError("Chỉ quản trị viên toàn quốc được quản lý tài khoản toàn quốc.")
    if not _in_province(session, actor, province_id):
        raise AccessDeniedError("Quản trị viên tỉnh chỉ được quản lý tài khoản trong tỉnh của mình.")


def check_manage_user(session: Session, actor: Account | str, user: User) -> None:
    """``actor`` may manage the existing account ``user`` (tokens, deactivation, a new password)."""
    check_manage(session, actor, user.role, user.province_id)


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


def check_staged_reviewer(register: Register, account: Account, staged: dict[str, Any]) -> None:
    """Opening, reviewing, committing or discarding an upload (a ``review`` summary): a province writer of its
    province. An upload whose province was not detected belongs to no province: only national staff and the
    account that uploaded it may touch it."""
    check_province_writer(register, account, staged["province"])
    if not staged["province"] and account.province_id is not None and staged["uploaded_by"] != account.username:
        raise AccessDeniedError("Văn kiện này chưa xác định được tỉnh; chỉ người tải lên hoặc cán bộ cấp trung ương "
                                "được mở.")
