"""The 2025 mergers (Nghị quyết 202/2025/QH15, 63 → 34) against vietnam-provinces' current units, and lineage."""

from __future__ import annotations

from sqlalchemy import select
from vietnam_provinces import Province as PackageProvince

from chitieu.extract.lexicon import load_data
from chitieu.register.db.models import Province
from chitieu.register.documents import find_province, predecessors
from chitieu.register.documents.provinces import lineage, seed_provinces

RENAMED = {"Huế": "Thừa Thiên Huế"}  # a centrally governed city since 2025-01-01, kept in the same list


def _today() -> set[str]:
    return {p.name.removeprefix("Thành phố ").removeprefix("Tỉnh ") for p in PackageProvince.iter_all()}


def test_merger_list_covers_every_unit_once():
    data = load_data("metadata")
    today, groups = _today(), data["merged_2025"]
    assert len(today) == 34
    assert set(groups) <= today and all(new in olds for new, olds in groups.items())
    formers = [old for olds in groups.values() for old in olds]
    assert len(formers) == len(set(formers)), "a unit is merged twice"
    unchanged = today - set(groups)
    assert set(formers) | unchanged == set(data["provinces"])  # every unit before 2025, and Huế's new name
    merged = {new: olds for new, olds in groups.items() if new not in RENAMED}
    assert len(merged) == 23 and sum(len(olds) for olds in merged.values()) == 52  # 23 new units from 52
    assert len(unchanged) + len(RENAMED) == 11 and len(set(data["provinces"]) - set(RENAMED)) == 63


def test_register_lineage_follows_the_mergers(register):
    with register.factory() as session, session.begin():
        seed_provinces(session)
        rows = list(session.scalars(select(Province)))
        current = [p for p in rows if p.current]
        assert {p.name for p in current} == _today() and all(p.package_code for p in current)
        former = [p for p in rows if not p.current]  # merged into another unit, and Thừa Thiên Huế
        assert len(former) == 52 - 23 + 1 and all(p.successor.current and p.merged_on for p in former)
        assert [p.name for p in lineage(find_province(session, "Bắc Kạn"))] == ["Bắc Kạn", "Thái Nguyên"]
        assert {p.name for p in predecessors(session, find_province(session, "Tỉnh Lâm Đồng"))} == {
            "Lâm Đồng", "Đắk Nông", "Bình Thuận"}
        assert [p.name for p in predecessors(session, find_province(session, "Hà Nội"))] == ["Hà Nội"]
        assert seed_provinces(session) == 0  # seeding again adds nothing
