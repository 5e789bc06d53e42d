"""Failed sign-ins, kept in the database so that every web worker process counts the same failures (0006).

A row per failure: the username as typed (lower-cased), the client address and the time. ``check_login_allowed``
refuses when one username from one address failed ``limit`` times within ``window``; a successful sign-in clears
that pair's failures. Old rows are pruned as new failures arrive, so the table stays small.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select

from chitieu.errors import AccessDeniedError
from chitieu.register.accounts.account import normal_username
from chitieu.register.db.models import utcnow
from chitieu.register.db.session import transaction
from chitieu.register.db.workflow import LoginFailure

if TYPE_CHECKING:
    from chitieu.register.api import Register


def _key(username: str) -> str:
    return normal_username(username)[:80]


def check_login_allowed(register: Register, username: str, address: str, limit: int, window: timedelta) -> None:
    """Raise ``AccessDeniedError`` when ``username`` from ``address`` failed ``limit`` times within ``window``."""
    since = utcnow() - window
    with register.factory() as session:
        failures = session.scalar(select(func.count()).select_from(LoginFailure).where(
            LoginFailure.username == _key(username), LoginFailure.address == address[:64],
            LoginFailure.at >= since)) or 0
    if failures >= limit:
        minutes = max(1, int(window.total_seconds() // 60))
        raise AccessDeniedError(f"Đăng nhập sai quá {limit} lần; hãy thử lại sau {minutes} phút "
                                "hoặc nhờ quản trị viên đặt lại mật khẩu.")


def record_login_failure(register: Register, username: str, address: str, window: timedelta) -> None:
    now = utcnow()
    with transaction(register.factory) as session:
        session.execute(delete(LoginFailure).where(LoginFailure.at < now - window))
        session.add(LoginFailure(username=_key(username), address=address[:64], at=now))


def clear_login_failures(register: Register, username: str, address: str) -> None:
    with transaction(register.factory) as session:
        session.execute(delete(LoginFailure).where(LoginFailure.username == _key(username),
                                                   LoginFailure.address == address[:64]))
