"""Backup and restore: every row comes back, a bad file is refused and changes nothing, the server keeps going."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import typer
from sqlalchemy import text
from typer.testing import CliRunner

from chitieu.cli.backup_cmd import mount_backup_commands
from chitieu.errors import ChitieuError
from chitieu.register import Register, open_register
from chitieu.register.db import backup_database, inspect_backup, make_engine, restore_database, upgrade
from chitieu.register.db.backup import head_revision
from tests.conftest import copy_sqlite, made_once

from .conftest import sample_documents, snapshot


def _filled(url: str, folder: Path) -> Register:
    """A register with three documents and a figure; on SQLite, a copy of one filled once in this test run."""
    if url.startswith("sqlite:///"):
        template = made_once("filled-register", lambda made: _fill(made / "register.sqlite"))
        copy_sqlite(template, Path(url.removeprefix("sqlite:///")))
        return open_register(url=url)
    return _fill_register(url, folder)


def _fill(path: Path) -> Path:
    _fill_register(f"sqlite:///{path}", path.parent).engine.dispose()
    return path


def _fill_register(url: str, folder: Path) -> Register:
    register = open_register(url=url)
    outcomes = register.import_documents(sample_documents(folder, 3))
    assert [o.status for o in outcomes] == ["imported"] * 3
    target = register.targets()[0]
    register.set_actual(target["id"], 12.5, target["period"] or "2025", entered_by="Nguyễn Văn A")
    return register


def test_round_trip_restores_every_row(database_url, tmp_path):
    register = _filled(database_url, tmp_path)
    before = snapshot(register.engine)
    assert len(before["documents"]) == 3 and before["targets"] and before["changes"]
    info = backup_database(register.engine, tmp_path / "sao-luu.bak")
    assert (info.documents, info.targets) == (3, len(before["targets"]))
    assert inspect_backup(tmp_path / "sao-luu.bak").revision == info.revision == head_revision()

    extra = sample_documents(tmp_path, 4)[3:]
    assert [o.status for o in register.import_documents(extra)] == ["imported"]
    target = next(t for t in reversed(register.targets()) if (t["period"] or "")[:1].isdigit())
    register.set_actual(target["id"], 99.0, target["period"][-4:], entered_by="Trần Thị B")  # its last year
    assert snapshot(register.engine) != before

    restored = restore_database(register.engine, tmp_path / "sao-luu.bak")
    assert snapshot(register.engine) == before
    assert (restored.documents, restored.revision) == (3, head_revision())
    # ids go on from the restored rows (PostgreSQL sequences come back too)
    assert [o.status for o in register.import_documents(extra)] == ["imported"]
    register.engine.dispose()


def test_backup_takes_only_committed_rows_while_a_writer_is_busy(database_url, tmp_path):
    register = _filled(database_url, tmp_path)
    committed = snapshot(register.engine)
    with register.engine.connect() as writer:
        writer.execute(text("INSERT INTO changes (at, actor, action, table_name, data) "
                            "VALUES (CURRENT_TIMESTAMP, 'máy chủ', 'update', 'targets', '{}')"))
        backup_database(register.engine, tmp_path / "giua-chung.bak")  # the open write transaction is not waited on
        writer.commit()
    assert len(snapshot(register.engine)["changes"]) == len(committed["changes"]) + 1
    restore_database(register.engine, tmp_path / "giua-chung.bak")
    assert snapshot(register.engine) == committed
    register.engine.dispose()


def test_restore_reaches_a_server_that_stays_open(tmp_path):
    """A running server's pooled connection sees the restored register, without restarting."""
    url = f"sqlite:///{tmp_path / 'live.sqlite'}"
    server = _filled(url, tmp_path)
    backup_database(server.engine, tmp_path / "a.bak")

    def statements() -> int:  # through the server's pool; copies of the samples restate their targets (sources)
        with server.engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM target_sources")).scalar_one()

    before = statements()
    server.import_documents(sample_documents(tmp_path, 5)[3:])
    assert statements() > before
    tool = make_engine(url)
    restore_database(tool, tmp_path / "a.bak")
    tool.dispose()
    assert statements() == before
    with server.engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    server.engine.dispose()


def test_older_backup_replaces_a_newer_register_and_is_upgraded(database_url, other_database_url, tmp_path):
    old = make_engine(other_database_url)
    upgrade(old, "0001")
    assert backup_database(old, tmp_path / "cu.bak").revision == "0001"
    old.dispose()
    register = _filled(database_url, tmp_path)  # at the newest revision, with tables 0001 did not have
    restored = restore_database(register.engine, tmp_path / "cu.bak")
    assert (restored.revision, restored.documents) == (head_revision(), 0)
    assert head_revision() != "0001"
    assert [o.status for o in register.import_documents(sample_documents(tmp_path, 1))] == ["imported"]
    register.engine.dispose()


def test_restore_onto_an_empty_database(database_url, other_database_url, tmp_path):
    """A new machine: restore into a database that has no register yet."""
    register = _filled(database_url, tmp_path)
    backup_database(register.engine, tmp_path / "sang-may-moi.bak")
    fresh = make_engine(other_database_url)
    restore_database(fresh, tmp_path / "sang-may-moi.bak")
    assert snapshot(fresh) == snapshot(register.engine)
    fresh.dispose()
    register.engine.dispose()


def _not_sqlite_register(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    connection.close()


def _newer_revision_backup(register: Register, path: Path) -> None:
    with register.engine.begin() as connection:
        connection.execute(text("DELETE FROM alembic_version"))
        connection.execute(text("INSERT INTO alembic_version (version_num) VALUES ('9999')"))
    backup_database(register.engine, path)
    with register.engine.begin() as connection:
        connection.execute(text("DELETE FROM alembic_version"))
        for revision in head_revision().split("+"):
            connection.execute(text("INSERT INTO alembic_version (version_num) VALUES (:r)"), {"r": revision})


def _crafted_backup(register: Register, path: Path, case: str) -> None:
    """A backup of the register changed the way an attacker would: a trigger that promotes an account to national
    administrator after one failed login, a view, a column gone at the current revision, a table of its own."""
    sqlite = register.engine.dialect.name == "sqlite"
    statements = {
        "trigger": ["CREATE TRIGGER promote AFTER INSERT ON login_failures BEGIN UPDATE users SET role = 'admin', "
                    "province_id = NULL; END"] if sqlite else [
            "CREATE FUNCTION promote() RETURNS trigger AS $$ BEGIN UPDATE users SET role = 'admin', "
            "province_id = NULL; RETURN NEW; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER promote AFTER INSERT ON login_failures EXECUTE FUNCTION promote()"],
        "view": ["CREATE VIEW everyone AS SELECT username, password_hash FROM users"],
        "missing-column": ["ALTER TABLE users DROP COLUMN session_epoch"],
        "extra-table": ["CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"],
        "extra-column": ["ALTER TABLE users ADD COLUMN note TEXT"],
    }[case]
    with register.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
    backup_database(register.engine, path)


CRAFTED = ["trigger", "view", "missing-column", "extra-table", "extra-column"]
BAD_FILES = ["empty", "text", "other-sqlite", "truncated", "newer-revision", "missing", *CRAFTED]


@pytest.mark.parametrize("case", BAD_FILES)
def test_restore_refuses_a_bad_file_and_changes_nothing(database_url, tmp_path, case):
    register = _filled(database_url, tmp_path)
    path = tmp_path / f"{case}.bak"
    if case == "empty":
        path.write_bytes(b"")
    elif case == "text":
        path.write_text("Nghị quyết số 01\n", "utf-8")
    elif case == "other-sqlite":
        _not_sqlite_register(path)
    elif case == "truncated":
        backup_database(register.engine, tmp_path / "whole.bak")
        whole = (tmp_path / "whole.bak").read_bytes()
        path.write_bytes(whole[: len(whole) // 2])
    elif case == "newer-revision":
        _newer_revision_backup(register, path)
    elif case in CRAFTED:
        _crafted_backup(register, path, case)
    before = snapshot(register.engine)
    with pytest.raises(ChitieuError) as caught:
        restore_database(register.engine, path)
    message = str(caught.value)
    assert path.name in message and "\n" not in message
    if case == "newer-revision":
        assert "9999" in message
    assert snapshot(register.engine) == before
    assert not [p.name for p in tmp_path.glob(".*partial*")], "temporary files are cleaned up"
    register.engine.dispose()


def test_the_live_database_file_is_neither_target_nor_source(tmp_path):
    register = _filled(f"sqlite:///{tmp_path / 'live.sqlite'}", tmp_path)
    before = snapshot(register.engine)
    with pytest.raises(ChitieuError, match=r"live\.sqlite"):
        backup_database(register.engine, tmp_path / "live.sqlite")
    with pytest.raises(ChitieuError, match=r"live\.sqlite"):
        restore_database(register.engine, tmp_path / "live.sqlite")
    assert snapshot(register.engine) == before
    register.engine.dispose()


def test_backup_refuses_a_database_without_a_register(database_url, tmp_path):
    engine = make_engine(database_url)
    with pytest.raises(ChitieuError, match="chitieu db upgrade"):
        backup_database(engine, tmp_path / "rong.bak")
    assert not (tmp_path / "rong.bak").exists()
    engine.dispose()


def _app() -> typer.Typer:
    app = typer.Typer()
    mount_backup_commands(app)
    return app


def test_cli_backup_and_restore(database_url, tmp_path):
    register = _filled(database_url, tmp_path)
    before = snapshot(register.engine)
    runner = CliRunner()
    file = tmp_path / "cli.bak"
    result = runner.invoke(_app(), ["backup", str(file), "--db", database_url])
    assert result.exit_code == 0, result.output
    assert "Đã sao lưu sổ theo dõi" in result.output and "3 văn kiện" in result.output
    register.import_documents(sample_documents(tmp_path, 4)[3:])
    result = runner.invoke(_app(), ["restore", str(file), "--db", database_url], input="n\n")
    assert result.exit_code == 1 and len(snapshot(register.engine)["documents"]) == 4
    result = runner.invoke(_app(), ["restore", str(file), "--db", database_url, "--yes"])
    assert result.exit_code == 0, result.output
    assert "Đã khôi phục" in result.output and snapshot(register.engine) == before
    (tmp_path / "ghi-chu.txt").write_text("không phải bản sao lưu", "utf-8")
    result = runner.invoke(_app(), ["restore", str(tmp_path / "ghi-chu.txt"), "--db", database_url, "--yes"])
    assert isinstance(result.exception, ChitieuError) and "ghi-chu.txt" in str(result.exception)
    register.engine.dispose()
