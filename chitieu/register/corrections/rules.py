"""What the corrections share: who may correct what, the version a person saw, reading a field as people send it,
and the one ``Change`` row that records a correction (who, when, each field's old and new value)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from chitieu.errors import AccessDeniedError, ConflictError, InvalidValueError
from chitieu.register.accounts.account import Account
from chitieu.register.accounts.permissions import _require_admin, covers_province
from chitieu.register.db.models import Change

Actor = Account | str  # an account (pages, API), or the installation itself by name (the CLI, tests)
TRUE = ("1", "true", "on", "yes", "có", "x")
FALSE = ("0", "false", "off", "no", "không", "")


def name_of(actor: Actor) -> str:
    return actor.username if isinstance(actor, Account) else actor


def check_corrector(session: Session, actor: Actor, province_id: int | None, what: str) -> None:
    """Correcting a target or a document: an administrator, or an editor of a province (not of an agency), of the
    province it belongs to; a province's account never corrects what has no province (only national staff do)."""
    if not isinstance(actor, Account):
        return
    if not actor.can_write or actor.agency_id is not None:
        raise AccessDeniedError(f"Chỉ quản trị viên hoặc biên tập viên cấp tỉnh được sửa {what}.")
    if not covers_province(session, actor, province_id):
        raise AccessDeniedError(f"Tài khoản {actor.username} chỉ được sửa {what} của {actor.province}.")


def check_remover(session: Session, actor: Actor, province_id: int | None) -> None:
    """Deleting a target, correcting or deleting an actual value: an administrator of its province, the rule by which
    a value is written straight into the register (an editor's value waits for an administrator's approval)."""
    if isinstance(actor, Account):
        _require_admin(session, actor, province_id)  # a province's administrator: of that province only


def check_fields(changes: dict[str, Any], allowed: tuple[str, ...] | list[str], what: str) -> None:
    """Refuse a field that cannot be corrected, naming the ones that can."""
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise InvalidValueError(f"Không sửa được trường '{unknown[0]}' của {what}; các trường: {', '.join(allowed)}.")


def check_version(current: int, expected: int | None, what: str) -> None:
    """``expected`` is the version the person saw (None: not said, the CLI's "whatever is there")."""
    if expected is not None and expected != current:
        raise ConflictError(f"{what} đã được người khác sửa sau khi bạn mở trang (phiên bản {current}); "
                            "hãy tải lại trang rồi sửa lại nếu cần.")


def read_flag(value: object, what: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise InvalidValueError(f"{what}: ghi có hoặc không.")


def read_text(value: object, what: str, *, limit: int, required: bool = False) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    if required and not text:
        raise InvalidValueError(f"{what}: không được để trống.")
    if len(text) > limit:
        raise InvalidValueError(f"{what}: dài quá {limit} ký tự.")
    return text or None


def log_correction(session: Session, actor: Actor, action: str, table: str, row_id: int | None,
                   changed: dict[str, tuple[Any, Any]], **data: Any) -> None:
    """One ``Change`` row: ``changes`` maps each field to ``[old, new]``."""
    session.add(Change(actor=name_of(actor), action=action, table_name=table, row_id=row_id,
                       data={**data, "changes": {k: [old, new] for k, (old, new) in changed.items()}}))
