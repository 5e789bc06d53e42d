"""The register: migrations, idempotent import, one transaction per document, locking, history, lineage."""

from __future__ import annotations

import importlib
import os
import pkgutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

import chitieu.register as register_package
from chitieu.errors import ConflictError, NotFoundError
from chitieu.register import open_register
from chitieu.register.db import Actual, Document, Target, make_engine, upgrade
from chitieu.register.db.models import Base, Change
from chitieu.register.db.session import alembic_config

REPO = Path(__file__).resolve().parents[2]


def test_migrations_match_models(tmp_path):
    for module in pkgutil.iter_modules(register_package.__path__):  # every model module's tables in Base.metadata
        importlib.import_module(f"{register_package.__name__}.{module.name}")
    engine = make_engine(f"sqlite:///{tmp_path / 'r.sqlite'}")
    upgrade(engine)
    with engine.connect() as connection:
        heads = ScriptDirectory.from_config(alembic_config(engine)).get_heads()
        assert set(MigrationContext.configure(connection).get_current_heads()) == set(heads)
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_import_is_idempotent(register, sample_files):
    first = register.import_documents(sample_files)
    assert [o.status for o in first] == ["imported", "imported"]
    assert all(o.targets == 3 for o in first)
    second = register.import_documents(sample_files)
    assert [o.status for o in second] == ["unchanged", "unchanged"]
    with register.factory() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 2
        assert session.scalar(select(func.count()).select_from(Target)) == 6
        assert session.scalar(select(func.count()).select_from(Change).where(Change.action == "import")) == 2
        document = session.scalar(select(Document).where(Document.name == sample_files[0].name))
        assert document.source_bytes == sample_files[0].read_bytes()
        assert document.plan_year == 2024 and document.province.name == "Bắc Kạn"


def test_unreadable_file_leaves_nothing(register, tmp_path):
    missing = tmp_path / "khong-co.txt"
    (outcome,) = register.import_documents([missing])
    assert outcome.status == "failed" and "khong-co.txt" in outcome.message
    with register.factory() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 0


def test_a_document_without_targets_says_why(register, tmp_path):
    path = tmp_path / "thong-bao.txt"
    path.write_text("Hội nghị Ban Chấp hành đã diễn ra tốt đẹp.\n", encoding="utf-8")
    (outcome,) = register.import_documents([path])
    assert outcome.status == "imported" and outcome.targets == outcome.results == 0
    assert outcome.message.startswith("Không trích được mục nào: văn bản không có con số nào kèm đơn vị")


def test_progress_hook_sees_every_file(register, sample_files):
    seen = []
    register.import_documents(sample_files, on_progress=lambda done, total, o: seen.append((done, total, o.status)))
    assert seen == [(1, 2, "imported"), (2, 2, "imported")]


def test_targets_follow_merger_into_successor(register, sample_files):
    register.import_documents(sample_files)
    rows = register.targets(province="Thái Nguyên")
    assert len(rows) == 6 and {r["province"] for r in rows} == {"Bắc Kạn"}
    assert {r["province_now"] for r in rows} == {"Thái Nguyên"}
    assert register.targets(province="Cao Bằng") == []
    assert len(register.targets(province="Bắc Kạn", field="moi_truong")) == 2
    with pytest.raises(NotFoundError):
        register.targets(province="Atlantis")


def test_actual_set_judges_and_locks(register, sample_files):
    register.import_documents(sample_files[:1])
    forest = next(r for r in register.targets() if r["catalogue"] == "forest_cover")
    saved = register.set_actual(forest["id"], 72.5, forest["period"], vintage="estimate", entered_by="Nguyễn Văn A")
    assert register.assess(forest["id"])["status"] == "not_met"
    register.set_actual(forest["id"], 73.4, forest["period"], vintage="final", entered_by="Nguyễn Văn A")
    assessed = register.assess(forest["id"])
    assert (assessed["status"], assessed["vintage"]) == ("exceeded", "final")
    updated = register.set_actual(forest["id"], 72.8, forest["period"], vintage="estimate",
                                  expected_version=saved["version"])
    assert updated["version"] == saved["version"] + 1
    with pytest.raises(ConflictError):
        register.set_actual(forest["id"], 72.9, forest["period"], vintage="estimate", expected_version=saved["version"])


def test_version_column_detects_concurrent_writes(register, sample_files):
    register.import_documents(sample_files[:1])
    with register.factory() as first, register.factory() as second:
        a = first.scalars(select(Target)).first()
        b = second.get(Target, a.id)
        a.value = 1.0
        first.commit()
        b.value = 2.0
        with pytest.raises(Exception) as caught:
            second.commit()
        assert "StaleDataError" in type(caught.value).__name__


def test_history_is_append_only(register, sample_files):
    register.import_documents(sample_files[:1])
    with register.engine.connect() as connection, pytest.raises(DBAPIError):
        connection.execute(text("UPDATE changes SET actor = 'x'"))
    with register.engine.connect() as connection, pytest.raises(DBAPIError):
        connection.execute(text("DELETE FROM changes"))


@pytest.mark.slow
def test_killed_import_leaves_whole_documents(tmp_path, sample_files):
    """SIGKILL a subprocess mid-import: every document in the database has all its rows, none half-written."""
    files = []
    for number in range(80):
        path = tmp_path / f"doc-{number:03d}.txt"
        path.write_text(sample_files[number % 2].read_text("utf-8") + f"\n(bản số {number})\n" * 20, "utf-8")
        files.append(path)
    database = tmp_path / "kill.sqlite"
    open_register(url=f"sqlite:///{database}").engine.dispose()
    script = ("import sys; from chitieu.register import open_register; "
              "r = open_register(url=sys.argv[1]); r.import_documents(sys.argv[2:])")
    process = subprocess.Popen([sys.executable, "-c", script, f"sqlite:///{database}", *map(str, files)], cwd=REPO)
    engine = make_engine(f"sqlite:///{database}")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            if connection.execute(text("SELECT count(*) FROM documents")).scalar() >= 3:
                break
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with engine.connect() as connection:
        imported = connection.execute(text("SELECT count(*) FROM documents")).scalar()
        per_document = connection.execute(text(
            "SELECT d.item_count, (SELECT count(*) FROM target_sources t WHERE t.document_id = d.id)"
            " + (SELECT count(*) FROM actuals a WHERE a.document_id = d.id) FROM documents d")).all()
        orphans = connection.execute(text(
            "SELECT count(*) FROM targets t WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = t.document_id)"
        )).scalar()
        logged = connection.execute(text("SELECT count(*) FROM changes WHERE action = 'import'")).scalar()
    assert 3 <= imported < len(files), "the kill should land mid-import"
    assert all(expected == written for expected, written in per_document)
    assert orphans == 0 and logged == imported
    rerun = open_register(url=f"sqlite:///{database}").import_documents(files[: imported + 2])
    assert [o.status for o in rerun] == ["unchanged"] * imported + ["imported"] * 2


@pytest.mark.postgres
def test_postgres_round_trip(postgres_register, sample_files):
    register = postgres_register
    assert [o.status for o in register.import_documents(sample_files)] == ["imported", "imported"]
    assert [o.status for o in register.import_documents(sample_files)] == ["unchanged", "unchanged"]
    assert len(register.targets(province="Thái Nguyên")) == 6
    target = register.targets()[0]
    saved = register.set_actual(target["id"], 9.0, target["period"], entered_by="Trần Thị B")
    with pytest.raises(ConflictError):
        register.set_actual(target["id"], 9.5, target["period"], expected_version=saved["version"] + 5)
    with register.engine.connect() as connection, pytest.raises(DBAPIError):
        connection.execute(text("DELETE FROM changes"))
    with register.factory() as session:
        assert session.scalar(select(func.count()).select_from(Actual)) == 1
