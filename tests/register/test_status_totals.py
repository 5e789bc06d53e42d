"""The overview's counts table (status_totals) stays equal to counting target_status, through every write."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from chitieu.register.db.status import StatusTotal, TargetStatus


def _counted(register) -> dict[tuple, int]:
    with register.factory() as session:
        keys = (TargetStatus.province_id, TargetStatus.field, TargetStatus.period_start, TargetStatus.period_end,
                TargetStatus.status)
        return {tuple(row[:-1]): row[-1] for row in session.execute(select(*keys, func.count()).group_by(*keys))}


def _kept(register) -> dict[tuple, int]:
    with register.factory() as session:
        keys = (StatusTotal.province_id, StatusTotal.field, StatusTotal.period_start, StatusTotal.period_end,
                StatusTotal.status)
        return {tuple(row[:-1]): row[-1] for row in session.execute(select(*keys, StatusTotal.targets))}


def test_totals_follow_imports_figures_and_repairs(register, sample_files):
    seen = {register.status_generation()}
    register.import_documents(sample_files[:1])
    assert _kept(register) == _counted(register) and register.status_generation() not in seen
    seen.add(register.status_generation())
    forest = register.query_targets(search="che phu rung")[1][0]
    register.set_actual(forest["id"], 70.0, forest["period"], entered_by="Nguyễn Văn A")
    assert _kept(register) == _counted(register) and register.status_generation() not in seen
    seen.add(register.status_generation())
    register.set_actual(forest["id"], 74.0, forest["period"], entered_by="Nguyễn Văn A")  # same count, new figure
    assert register.status_generation() not in seen
    register.import_documents(sample_files[1:])
    assert _kept(register) == _counted(register)
    with register.factory() as session, session.begin():
        session.execute(StatusTotal.__table__.delete())
    register.refresh_status()
    assert _kept(register) == _counted(register)
    assert register.status_counts()["moi_truong"] == {"exceeded": 1, "not_available": 1}


@pytest.mark.postgres
def test_totals_on_postgres(postgres_register, sample_files):
    test_totals_follow_imports_figures_and_repairs(postgres_register, sample_files)


def test_first_targets_are_query_targets_status_by_status(register, sample_files):
    register.import_documents(sample_files)
    rows = register.query_targets(limit=100)[1]
    for row, value in zip(rows[:3], (10.0, 0.0, 1.0), strict=True):
        register.set_actual(row["id"], value, row["period"], entered_by="Nguyễn Văn A")
    statuses = ["not_met", "not_available", "exceeded"]
    expected = [r for s in statuses for r in register.query_targets(status=s, limit=100)[1]]
    assert register.first_targets(statuses, limit=100) == expected
    assert register.first_targets(statuses, limit=2) == expected[:2]
    assert register.first_targets(statuses, province="Bắc Kạn", term="2020-2025", limit=100) == [
        r for s in statuses for r in register.query_targets(province="Bắc Kạn", term="2020-2025", status=s,
                                                            limit=100)[1]]
