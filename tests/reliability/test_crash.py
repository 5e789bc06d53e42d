"""``chitieu import`` killed with SIGKILL mid-import leaves a consistent register, and a re-run finishes the job.

``chitieu import`` prints its table only at the end, so "reported imported before the kill" means committed:
seen by another connection while the import ran. Every such document must still be there, whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from chitieu.register import open_register
from chitieu.register.db import backup_database, make_engine

from .conftest import sample_documents, snapshot

CHITIEU = Path(sys.executable).with_name("chitieu")
# kill once this many more documents are committed: anywhere, or while a document's transaction is open
KILLS = ((1, False), (6, True), (15, True))


def _import(url: str, files: list[Path], cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([str(CHITIEU), "import", "--db", url, "--format", "json", *map(str, files)], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _names(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(connection.execute(text("SELECT name FROM documents")).scalars())


def _writing(engine: Engine) -> bool:
    """Whether another connection is inside a write transaction right now."""
    if engine.dialect.name == "sqlite":
        with closing(sqlite3.connect(str(engine.url.database), timeout=0, isolation_level=None)) as probe:
            try:
                probe.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError:
                return True
            probe.execute("ROLLBACK")
            return False
    with engine.connect() as connection:
        return bool(connection.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND xact_start IS NOT NULL AND query NOT ILIKE 'SELECT%'")).scalar())


def _kill_after(process: subprocess.Popen[bytes], engine: Engine, count: int, inside: bool) -> set[str]:
    """Wait until ``count`` documents are committed (and, if ``inside``, a write transaction is open), SIGKILL;
    the names seen committed just before."""
    deadline = time.monotonic() + 120
    seen: set[str] = set()
    while len(seen) < count or (inside and not _writing(engine)):
        assert process.poll() is None, "the import ended before the kill"
        assert time.monotonic() < deadline, "the import made no progress"
        seen = _names(engine)
        time.sleep(0.002)
    if not inside:
        time.sleep(random.uniform(0, 0.08))  # land anywhere
        seen = _names(engine)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL
    return seen


def assert_consistent(engine: Engine) -> int:
    """Integrity, whole documents (bytes, targets, results, item_count) and one history row each; the count."""
    with engine.connect() as connection:
        run = connection.execute
        if engine.dialect.name == "sqlite":
            assert run(text("PRAGMA integrity_check")).scalars().all() == ["ok"]
            assert run(text("PRAGMA foreign_key_check")).all() == []
        documents = run(text(
            "SELECT d.id, d.content_hash, d.source_bytes, d.item_count,"
            " (SELECT count(*) FROM target_sources t WHERE t.document_id = d.id),"
            " (SELECT count(*) FROM actuals a WHERE a.document_id = d.id) FROM documents d")).all()
        history = {row_id: data for row_id, data in run(text(
            "SELECT row_id, data FROM changes WHERE action = 'import' AND table_name = 'documents'")).all()}
        imports = run(text("SELECT count(*) FROM changes WHERE action = 'import'")).scalar_one()
        for table in ("targets", "actuals"):
            orphans = run(text(f"SELECT count(*) FROM {table} x WHERE x.document_id IS NOT NULL AND NOT EXISTS"
                               " (SELECT 1 FROM documents d WHERE d.id = x.document_id)")).scalar_one()
            assert orphans == 0, table
    for doc_id, digest, data, item_count, targets, results in documents:
        assert hashlib.sha256(bytes(data)).hexdigest() == digest
        assert targets > 0 and item_count == targets + results, doc_id
        entry = history[doc_id] if isinstance(history[doc_id], dict) else json.loads(history[doc_id])
        assert (entry["targets"], entry["results"], entry["hash"]) == (targets, results, digest)
    assert imports == len(history) == len(documents)
    return len(documents)


@pytest.mark.slow
def test_killed_import_keeps_the_register_consistent(database_url, tmp_path):
    files = sample_documents(tmp_path, 40)
    open_register(url=database_url).engine.dispose()  # migrated, nothing imported
    engine = make_engine(database_url)
    committed: set[str] = set()
    for more, inside in KILLS:
        process = _import(database_url, files, tmp_path)
        seen = _kill_after(process, engine, len(committed) + more, inside)
        present = _names(engine)
        assert committed <= seen <= present, "a document reported imported is missing after the kill"
        assert len(present) < len(files), "the kill should land mid-import"
        assert assert_consistent(engine) == len(present)
        committed = present

    finished = subprocess.run([str(CHITIEU), "import", "--db", database_url, "--format", "json", *map(str, files)],
                              cwd=tmp_path, capture_output=True, text=True, check=False)
    assert finished.returncode == 0, finished.stderr
    statuses = {Path(r["path"]).name: r["status"] for r in json.loads(finished.stdout)}
    assert statuses == {f.name: "unchanged" if f.name in committed else "imported" for f in files}
    assert assert_consistent(engine) == len(files)

    again = subprocess.run([str(CHITIEU), "import", "--db", database_url, "--format", "json", *map(str, files)],
                           cwd=tmp_path, capture_output=True, text=True, check=False)
    assert again.returncode == 0 and {r["status"] for r in json.loads(again.stdout)} == {"unchanged"}
    assert assert_consistent(engine) == len(files)
    engine.dispose()


RESTORE_ATTEMPTS = 10
RESTORE = ("import typer; from chitieu.cli.backup_cmd import mount_backup_commands; "
           "app = typer.Typer(); mount_backup_commands(app); app()")


@pytest.mark.slow
def test_killed_restore_leaves_the_old_register_or_the_new_one(database_url, tmp_path):
    """SIGKILL ``chitieu restore`` while it writes: afterwards the register is all before or all after."""
    register = open_register(url=database_url)
    files = sample_documents(tmp_path, 30)
    register.import_documents(files[:20])
    backup = tmp_path / "truoc.bak"
    backup_database(register.engine, backup)
    old = snapshot(register.engine)
    register.import_documents(files[20:])
    new = snapshot(register.engine)
    assert old != new
    engine = make_engine(database_url)
    outcomes: list[str] = []
    # Kill until three kills landed, one of them inside the restore's transaction; a restore can also finish
    # before the probe sees it writing (a loaded machine), which is a complete restore, not a kill.
    for _ in range(RESTORE_ATTEMPTS):
        process = subprocess.Popen([sys.executable, "-c", RESTORE, "restore", str(backup), "--db", database_url,
                                    "--yes"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=True)
        try:
            deadline = time.monotonic() + 60
            while not _writing(engine) and process.poll() is None:
                assert time.monotonic() < deadline
                time.sleep(0.001)
            if process.poll() is None:  # not reaped yet, so the group cannot be another's
                os.killpg(process.pid, signal.SIGKILL)  # psql too, as when a service's whole group is killed
        finally:
            _, stderr = process.communicate()
        assert process.returncode in (0, -signal.SIGKILL), stderr.decode(errors="replace")
        engine.dispose()
        after = snapshot(engine)
        assert after in (old, new), "a half-restored register"
        if process.returncode == 0:
            assert after == old, "a restore that ended well left something else than the backup"
        else:
            outcomes.append("old" if after == old else "new")
        if engine.dialect.name == "sqlite":
            with engine.connect() as connection:
                assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        if after == old:  # put the newer register back for the next kill (new rows, new times: a new "new")
            register.engine.dispose()
            register = open_register(url=database_url)
            register.import_documents(files[20:])
            new = snapshot(register.engine)
        if len(outcomes) >= 3 and "new" in outcomes:
            break
    assert "new" in outcomes, f"no kill landed inside the restore's transaction: {outcomes}"
    finished = subprocess.run([sys.executable, "-c", RESTORE, "restore", str(backup), "--db", database_url, "--yes"],
                              cwd=tmp_path, capture_output=True, text=True, check=False)
    assert finished.returncode == 0, finished.stderr
    assert snapshot(engine) == old
    register.engine.dispose()
    engine.dispose()
