"""API tokens: created for an account by an administrator who may manage it, shown once, stored as a SHA-256 only.

A token ends when it expires, when it is revoked, when its account is deactivated, and when its account signs out
or changes (or is given) a new password: ``end_tokens`` is called from there.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from chitieu.errors import AccessDeniedError, ChitieuError, NotFoundError
from chitieu.register.accounts.account import Account, _account, _log, _name
from chitieu.register.accounts.permissions import check_manage_user
from chitieu.register.accounts.users import _user
from chitieu.register.db.models import utcnow
from chitieu.register.db.session import transaction
from chitieu.register.db.workflow import ApiToken, User

if TYPE_CHECKING:
    from chitieu.register.api import Register

TOKEN_DAYS = 90  # a token's life unless its creator says otherwise
MAX_TOKEN_DAYS = 366


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(register: Register, username: str, name: str, actor: Account | str, *,
                 days: int = TOKEN_DAYS) -> str:
    """A new API token for ``username``, valid ``days`` days; only its hash is stored, so it is shown once.

    ``actor`` must be allowed to manage the account (``accounts.check_manage``)."""
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ChitieuError(f"Thời hạn của mã truy cập phải từ 1 đến {MAX_TOKEN_DAYS} ngày.")
    token = "ct_" + secrets.token_urlsafe(32)
    with transaction(register.factory) as session:
        user = _user(session, username)
        check_manage_user(session, actor, user)
        if not user.active:
            raise ChitieuError(f"Tài khoản '{username}' đã bị khóa; không tạo được mã truy cập.")
        row = ApiToken(user_id=user.id, token_hash=_digest(token), name=name[:120], created_by=_name(actor),
                       expires_at=utcnow() + timedelta(days=days))
        session.add(row)
        session.flush()
        _log(session, _name(actor), "insert", "api_tokens", row.id, username=username, name=name[:120], days=days)
    return token


def account_for_token(register: Register, token: str) -> Account:
    with register.factory() as session:
        row = session.scalar(select(ApiToken).where(
            ApiToken.token_hash == _digest(token), ApiToken.revoked.is_(False), ApiToken.expires_at > utcnow()))
        if row is None or not row.user.active:
            raise AccessDeniedError("Mã truy cập API không hợp lệ, đã hết hạn hoặc đã bị thu hồi.")
        return _account(row.user)


def end_tokens(session: Session, user_id: int) -> int:
    """Revoke every token of the account (in the caller's transaction); returns how many were live."""
    done = session.execute(update(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked.is_(False))
                           .values(revoked=True))
    return int(getattr(done, "rowcount", 0) or 0)


def list_tokens(register: Register, actor: Account) -> list[dict[str, Any]]:
    """The live tokens of the accounts ``actor`` may manage (never the tokens themselves, which are not kept)."""
    with register.factory() as session:
        rows = session.execute(select(ApiToken, User).join(User, User.id == ApiToken.user_id)
                               .where(ApiToken.revoked.is_(False), ApiToken.expires_at > utcnow())
                               .order_by(User.username, ApiToken.id))
        out = []
        for token, user in rows:
            try:
                check_manage_user(session, actor, user)
            except AccessDeniedError:
                continue
            out.append({"id": token.id, "username": user.username, "name": token.name,
                        "created_at": token.created_at, "expires_at": token.expires_at})
        return out


def revoke_token(register: Register, token_id: int, actor: Account | str) -> None:
    with transaction(register.factory) as session:
        row = session.get(ApiToken, token_id)
        if row is None:
            raise NotFoundError(f"Không có mã truy cập số {token_id}.")
        check_manage_user(session, actor, row.user)
        row.revoked = True
        _log(session, _name(actor), "revoke", "api_tokens", token_id, username=row.user.username)
