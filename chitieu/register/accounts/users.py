"""Accounts: creating them, passwords (Argon2), signing in and out, locking; every write adds a ``Change`` row."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from chitieu.errors import AccessDeniedError, ChitieuError, ConflictError, InvalidValueError, NotFoundError
from chitieu.register.accounts.account import (
    MAX_NAME,
    MAX_USERNAME,
    Account,
    _account,
    _log,
    _name,
    _province_id,
    normal_username,
)
from chitieu.register.accounts.permissions import check_manage, check_manage_user
from chitieu.register.db.session import transaction
from chitieu.register.db.workflow import ROLES, Agency, ApiToken, User

if TYPE_CHECKING:
    from chitieu.register.api import Register

_HASHER = PasswordHasher()


@cache
def _decoy_hash() -> str:
    """A hash to check a password against when the username is unknown, so that answering takes as long as for a
    real account (usernames cannot be told apart by the time a failed sign-in takes)."""
    return _HASHER.hash(secrets.token_urlsafe(16))


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
