"""The signed-in account as every layer sees it (``Account``), the one spelling of a username, and the helpers the
account services share: an account from its row, a ``Change`` row for a write, the actor's name."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from chitieu.errors import NotFoundError
from chitieu.register.db.models import Change
from chitieu.register.db.workflow import User
from chitieu.register.documents.provinces import find_province

MAX_USERNAME = 80  # the column's length
MAX_NAME = 200  # an agency's or a person's name (the columns' length), kept short in pages and cookies
# characters that show as nothing: "admin\u200b" must not be a second "admin"
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"))


def normal_username(username: str) -> str:
    """The one spelling of a username: NFC, without invisible characters, trimmed, case-folded. Every lookup and
    every new account goes through it, so variants that look alike cannot be separate accounts."""
    return unicodedata.normalize("NFC", username.translate(INVISIBLE)).strip().casefold()


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


def _name(actor: Account | str) -> str:
    return actor.username if isinstance(actor, Account) else actor
