"""Province-level units and the 2025 mergers (63 → 34, Nghị quyết 202/2025/QH15) as lineage.

Current units (their official names and codes) come from the maintained ``vietnam-provinces`` package, which
lists only the 34 units after 2025-07-01. The 63 earlier units and the merger list are not in it; they are kept
once, in ``chitieu/extract/data/metadata.yaml`` (``provinces``, ``merged_2025``, ``merger_date``), which
extraction already reads to place documents, and are read from there.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session
from vietnam_provinces import Province as PackageProvince

from chitieu.datafiles import WORDS, datafile
from chitieu.extract.lexicon import load_data
from chitieu.register.db.models import Province

_NAMES = datafile(__file__, "provinces", {"prefixes": WORDS})


def _bare(name: str) -> str:
    for prefix in (f"{word} " for word in _NAMES.load()["prefixes"]):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def seed_provinces(session: Session) -> int:
    """Write every unit, before and after 2025, with successors; returns how many rows were added."""
    data = load_data("metadata")
    merged_on = str(data["merger_date"])
    existing = {p.name: p for p in session.scalars(select(Province))}
    added = 0
    for unit in PackageProvince.iter_all():
        name = _bare(unit.name)
        if name not in existing:
            existing[name] = Province(name=name, official_name=unit.name, package_code=int(unit.code), current=True)
            session.add(existing[name])
            added += 1
    successor_of = {old: new for new, olds in data["merged_2025"].items() for old in olds if old != new}
    for name in data["provinces"]:
        if name not in existing:
            existing[name] = Province(name=name, current=name not in successor_of)
            session.add(existing[name])
            added += 1
    session.flush()
    for old, new in successor_of.items():
        row = existing[old]
        if row.successor_id is None:
            row.successor_id = existing[new].id
            row.current = False
            row.merged_on = date.fromisoformat(str(data.get("merger_date_of", {}).get(new, merged_on)))
    return added


def find_province(session: Session, name: str | None) -> Province | None:
    """The unit named ``name`` ("Bắc Kạn", "Tỉnh Thái Nguyên", "thái nguyên"), or None."""
    if not name:
        return None
    wanted = _bare(name.strip()).casefold()
    for province in session.scalars(select(Province)):
        if province.name.casefold() == wanted or (province.official_name or "").casefold() == name.strip().casefold():
            return province
    return None


def lineage(province: Province) -> list[Province]:
    """The unit and the units it was merged into, oldest first: Bắc Kạn → Thái Nguyên."""
    chain = [province]
    while chain[-1].successor is not None and chain[-1].successor not in chain:
        chain.append(chain[-1].successor)
    return chain


def predecessors(session: Session, province: Province) -> list[Province]:
    """The units merged into ``province`` (and itself): a 2020-2025 target of Bắc Kạn belongs to Thái Nguyên now."""
    found = [province]
    frontier = [province.id]
    while frontier:
        rows = list(session.scalars(select(Province).where(Province.successor_id.in_(frontier))))
        rows = [r for r in rows if r not in found]
        found += rows
        frontier = [r.id for r in rows]
    return found
