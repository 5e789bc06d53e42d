"""The fast read path (target_status) and writing reviewed items: pages, counts, search, freshness, backfill."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, insert, select, update

from chitieu.errors import ChitieuError
from chitieu.extract import Extraction, extract, extract_metadata
from chitieu.intake import read_document
from chitieu.register import open_register
from chitieu.register.db import Target, make_engine, upgrade
from chitieu.register.db.models import Change
from chitieu.register.db.status import StatusTotal, TargetStatus


def test_query_targets_pages_and_counts(register, sample_files):
    register.import_documents(sample_files)
    everything = register.targets()
    total, page = register.query_targets(limit=4)
    assert total == 6 and [r["id"] for r in page] == [r["id"] for r in everything[:4]]
    assert page == everything[:4]  # same rows, same shape as the full list
    total, page = register.query_targets(offset=4, limit=4)
    assert total == 6 and [r["id"] for r in page] == [r["id"] for r in everything[4:]]
    total, page = register.query_targets(province="Thái Nguyên", term="2020-2025", field="moi_truong")
    assert total == 2 and {r["catalogue"] for r in page} == {"forest_cover"}
    assert register.query_targets(province="Cao Bằng") == (0, [])
    _, backwards = register.query_targets(sort="id", descending=True, limit=2)
    assert [r["id"] for r in backwards] == [everything[-1]["id"], everything[-2]["id"]]
    with pytest.raises(ChitieuError):
        register.query_targets(sort="màu")
    assert register.status_counts(province="Bắc Kạn") == {"kinh_te": {"not_available": 4},
                                                          "moi_truong": {"not_available": 2}}


def test_search_ignores_accents_and_case(register, sample_files):
    register.import_documents(sample_files)
    for words in ("che phu rung", "CHE PHỦ", "rừng"):
        total, rows = register.query_targets(search=words)
        assert total == 2 and all(r["catalogue"] == "forest_cover" for r in rows), words
    assert register.query_targets(search="ho ngheo")[0] == 0
    assert register.query_targets(search="100%")[0] == 0  # LIKE wildcards are literal


def test_status_follows_set_actual_and_import(register, sample_files):
    register.import_documents(sample_files[:1])
    forest = register.query_targets(search="che phu rung")[1][0]
    register.set_actual(forest["id"], 74.0, forest["period"], entered_by="Nguyễn Văn A")
    assert register.query_targets(status="exceeded")[0] == 1
    assert register.status_counts()["moi_truong"] == {"exceeded": 1}
    register.set_actual(forest["id"], 70.0, forest["period"], entered_by="Nguyễn Văn A")
    total, rows = register.query_targets(status="not_met")
    assert total == 1 and rows[0]["status"] == "not_met"
    register.import_documents(sample_files[1:])
    with register.factory() as session:
        assert session.scalar(select(func.count()).select_from(TargetStatus)) == 6
        assert session.scalar(select(func.count()).select_from(TargetStatus)
                              .where(TargetStatus.status.is_(None))) == 0


def test_refresh_status_repairs_rows(register, sample_files):
    register.import_documents(sample_files)
    with register.factory() as session, session.begin():
        session.execute(TargetStatus.__table__.delete())
        session.execute(StatusTotal.__table__.delete())
    assert register.query_targets()[0] == 0
    assert register.query_targets(search="tang")[0] == 0
    assert register.refresh_status() == 6
    assert register.query_targets()[0] == 6
    assert register.status_counts() != {}
    assert register.refresh_status([register.targets()[0]["id"]]) == 1


def test_a_growth_status_stored_as_final_is_judged_again(tmp_path, sample_files):
    url = f"sqlite:///{tmp_path / 'final.sqlite'}"
    register = open_register(url=url)
    register.import_documents(sample_files)
    target_id = register.targets()[0]["id"]
    with register.factory() as session, session.begin():
        session.execute(update(TargetStatus).where(TargetStatus.target_id == target_id).values(status="final"))
    register.engine.dispose()
    register = open_register(url=url)
    with register.factory() as session:
        assert session.scalar(select(TargetStatus.status).where(TargetStatus.target_id == target_id)) == (
            register.assess(target_id)["status"])
    register.engine.dispose()


def test_migration_backfills_existing_targets(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = make_engine(url)
    upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(insert(Target), [{"indicator_text": "Tỷ lệ hộ nghèo", "value": 2.0, "bound": "max",
                                             "direction": "down", "unit": "%", "period": "2025", "period_start": 2025,
                                             "period_end": 2025, "main": True, "version": 1}])
    engine.dispose()
    register = open_register(url=url)
    total, rows = register.query_targets(search="ho ngheo")
    assert total == 1 and rows[0]["indicator"] == "Tỷ lệ hộ nghèo"
    with register.factory() as session:
        assert session.scalar(select(TargetStatus.status)) == "not_available"
    register.engine.dispose()


def _reviewed(path) -> Extraction:
    document = read_document(path)
    extraction = extract(document, extract_metadata(document))
    items = [dataclasses.replace(item, value=7.0) if "tăng trưởng" in item.indicator else item
             for item in extraction.items if "ngân sách" not in item.indicator]
    return Extraction(extraction.metadata, items)


def test_import_reviewed_writes_exactly_the_items(register, sample_files):
    extraction = _reviewed(sample_files[0])
    data = sample_files[0].read_bytes()
    outcome = register.import_reviewed("nghi-quyet.txt", data, extraction, "Lê Văn C")
    assert (outcome.status, outcome.targets) == ("imported", 2)
    rows = register.targets()
    assert sorted(r["target"] for r in rows) == ["7%", "73%"]
    assert register.query_targets(search="tang truong")[0] == 1
    again = register.import_reviewed("nghi-quyet.txt", data, extraction, "Lê Văn C")
    assert (again.status, again.document_id) == ("unchanged", outcome.document_id)
    assert register.import_documents(sample_files[:1])[0].status == "unchanged"  # the same bytes from disk
    with register.factory() as session:
        change = session.scalar(select(Change).where(Change.action == "import"))
        assert change.actor == "Lê Văn C" and change.data["reviewed"] is True
        assert session.scalar(select(func.count()).select_from(Target)) == 2


def test_status_matches_assessment(register, sample_files):
    """The stored status is the live assessment, for targets with and without figures of their own."""
    register.import_documents(sample_files)
    rows = register.targets()
    register.set_actual(rows[0]["id"], 9.0, rows[0]["period"], entered_by="Trần Thị B")
    register.set_actual(rows[1]["id"], 50.0, rows[1]["period"], entered_by="Trần Thị B")
    register.refresh_status()
    with register.factory() as session:
        stored = dict(session.execute(select(TargetStatus.target_id, TargetStatus.status)).all())
    live = {row["id"]: row["status"] for row in register.targets()}
    assert stored == live and len(set(live.values())) > 1


@pytest.mark.postgres
def test_postgres_status_and_reviewed_import(postgres_register, sample_files):
    register = postgres_register
    register.import_documents(sample_files[1:])
    outcome = register.import_reviewed("nghi-quyet.txt", sample_files[0].read_bytes(), _reviewed(sample_files[0]),
                                       "Lê Văn C")
    assert outcome.status == "imported"
    forest = register.query_targets(province="Thái Nguyên", search="CHE PHU")[1][0]
    register.set_actual(forest["id"], 74.0, forest["period"], entered_by="Nguyễn Văn A")
    total, rows = register.query_targets(province="Thái Nguyên", term="2020-2025", status="exceeded")
    assert total == 1 and rows[0]["id"] == forest["id"]
    assert register.status_counts("Bắc Kạn")["moi_truong"] == {"exceeded": 1, "not_available": 1}
