"""Agencies (the bodies that report a target's figures) and which agency owns which target."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from chitieu.errors import ChitieuError, NotFoundError
from chitieu.register.accounts.account import MAX_NAME, Account, _log, _name, _province_id
from chitieu.register.accounts.permissions import _check_edit, _require_admin, _target, check_manage, covers_province
from chitieu.register.db.models import Indicator, Province, Target, utcnow
from chitieu.register.db.session import transaction
from chitieu.register.db.workflow import Agency, TargetOwner
from chitieu.register.documents.catalogue import reporting_agencies

if TYPE_CHECKING:
    from chitieu.register.api import Register


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
    """The agency that reports the target's figures, set by an administrator who may edit the target: an agency of
    the target's province, never another province's."""
    with transaction(register.factory) as session:
        target = _target(session, target_id)
        _check_edit(session, account, target)  # the target's province (pages and API alike)
        _require_admin(session, account, target.province_id)
        agency = session.get(Agency, agency_id)
        if agency is None:
            raise NotFoundError(f"Không có cơ quan số {agency_id}.")
        if agency.province_id != target.province_id:
            raise ChitieuError(f"{agency.name} không thuộc tỉnh của chỉ tiêu số {target_id}; hãy chọn một cơ quan "
                               "của tỉnh đó.")
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


def agency_targets(register: Register, agency_id: int, province: str | None = None) -> tuple[str, set[int]]:
    """The agency's name and the targets it owns: what its own entry template holds. With ``province``, the agency
    must be one of that province's (``NotFoundError`` otherwise)."""
    with register.factory() as session:
        agency = session.get(Agency, agency_id)
        if agency is None or (province is not None and agency.province_id != _province_id(session, province)):
            where = f" của {province}" if province else ""
            raise NotFoundError(f"Không có cơ quan số {agency_id}{where}.")
        owned = set(session.scalars(select(TargetOwner.target_id).where(TargetOwner.agency_id == agency_id)))
        return agency.name, owned


def find_agency(register: Register, name: str, province: str) -> int:
    """The id of the agency called ``name`` in ``province``; ``NotFoundError`` naming both otherwise."""
    with register.factory() as session:
        province_id = _province_id(session, province)
        found = session.scalar(select(Agency.id).where(Agency.name == name.strip(), Agency.province_id == province_id))
        if found is None:
            raise NotFoundError(f"Không có cơ quan '{name.strip()[:80]}' của {province}.")
        return found


def agency_choices(register: Register, target_id: int) -> list[dict[str, Any]]:
    """The agencies that may own the target (those of its province), with the province's name, for the owner form."""
    with register.factory() as session:
        province_id = _target(session, target_id).province_id
        rows = session.execute(select(Agency.id, Agency.name, Province.name)
                               .outerjoin(Province, Province.id == Agency.province_id)
                               .where(Agency.province_id == province_id).order_by(Agency.name))
        return [{"id": i, "name": n, "province": p} for i, n, p in rows]


def assign_default_owners(register: Register, province: str, actor: Account | str) -> int:
    """Give each target of ``province`` without an owner the agency the indicator catalogue names for its indicator
    (``catalogue.reporting_agencies``), an agency of that province, created when it has none of that name. A target
    not linked to the catalogue keeps no owner; an owner someone chose is kept. One transaction; returns how many
    targets got an owner."""
    reporters = reporting_agencies()
    with transaction(register.factory) as session:
        province_id = _province_id(session, province)
        if isinstance(actor, Account):
            _require_admin(session, actor, province_id)
        agencies = {a.name: a for a in session.scalars(select(Agency).where(Agency.province_id == province_id))}
        rows = session.execute(select(Target.id, Indicator.code).join(Indicator, Indicator.id == Target.indicator_id)
                               .outerjoin(TargetOwner, TargetOwner.target_id == Target.id)
                               .where(Target.province_id == province_id, TargetOwner.target_id.is_(None))
                               .order_by(Target.id)).all()
        count = 0
        for target_id, code in rows:
            name = reporters.get(code)
            if name is None:
                continue
            agency = agencies.get(name)
            if agency is None:
                agency = agencies[name] = Agency(name=name, province_id=province_id)
                session.add(agency)
                session.flush()
                _log(session, _name(actor), "insert", "agencies", agency.id, name=name, province=province)
            session.add(TargetOwner(target_id=target_id, agency_id=agency.id, assigned_by=_name(actor)))
            _log(session, _name(actor), "insert", "target_owners", target_id, target_id=target_id, new=agency.id)
            count += 1
        return count
