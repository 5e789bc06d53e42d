"""Who may do what. Roles: an administrator (of every province, or of one) may do everything there, including
approving values; an editor of a province may upload and review documents and enter values for that province's
targets; an editor of an agency may enter values only for the targets the agency owns; a viewer reads."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from chitieu.errors import AccessDeniedError, NotFoundError
from chitieu.register.accounts.account import Account
from chitieu.register.db.models import Province, Target
from chitieu.register.db.workflow import TargetOwner, User
from chitieu.register.documents.provinces import find_province

if TYPE_CHECKING:
    from chitieu.register.api import Register


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
