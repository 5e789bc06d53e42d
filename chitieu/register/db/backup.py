"""Backup and restore of the whole register, safe while the server runs.

SQLite: ``backup_database`` copies the live database with SQLite's online backup API (one consistent snapshot;
in WAL mode writers are not blocked). ``restore_database`` first copies the backup into a temporary file beside
the database, checks it there (``PRAGMA integrity_check``, foreign keys, the chitieu tables, an Alembic revision
these migrations know) and upgrades it if it is older; only then is it copied into the live database by the
backup API again, which SQLite writes as one transaction: other connections see the old register or the new one,
and a crash mid-copy rolls back. (Renaming a file over a database that a server holds open would leave the server
writing to the old file and its ``-wal`` beside the new one.)

PostgreSQL: ``pg_dump -Fc`` into a temporary file that is renamed into place when complete. Restore checks the
archive's table of contents and revision without touching the database, turns it into SQL (``pg_restore --clean
--if-exists``) and runs that with psql in one transaction, after dropping every table of the database's default
schema (the database holds the register and nothing else; tables a newer revision added would block the drops):
a failure part-way leaves the database as it was.

A file that is not a chitieu backup is refused with a one-line Vietnamese reason naming it.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from chitieu.errors import ChitieuError
from chitieu.register.db.session import MIGRATIONS, make_engine, upgrade

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
# Tables without which a file is not a chitieu register (the history and the two main tables, plus Alembic's).
REQUIRED_TABLES = ("alembic_version", "documents", "targets", "actuals", "changes")


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """What a backup or restore handled: the file, the database kind, the schema revision and a few counts."""

    path: str
    dialect: str  # sqlite / postgresql
    revision: str  # the Alembic head(s), joined by "+" while migrations branch
    documents: int | None = None
    targets: int | None = None


@cache
def _script() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


def known_revisions() -> tuple[str, ...]:
    """Every Alembic revision of chitieu's migrations, oldest first."""
    return tuple(reversed([r.revision for r in _script().walk_revisions()]))


def head_revision() -> str:
    """Where chitieu's migrations end: the head(s) joined by "+", as in ``BackupInfo.revision``."""
    return "+".join(sorted(_script().get_heads()))


def _is_head(revision: str) -> bool:
    return revision == head_revision()


def _database_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        heads = MigrationContext.configure(connection).get_current_heads()
    return "+".join(sorted(heads)) or None


def backup_database(engine: Engine, path: str | Path) -> BackupInfo:
    """Write a backup of the register behind ``engine`` to ``path`` (replaced only once the copy is complete)."""
    path = Path(path)
    revision = _register_revision(engine)
    if path.is_dir():
        raise ChitieuError(f"Không sao lưu được vào {path}: đây là một thư mục; hãy ghi tên tệp.")
    if not path.parent.is_dir():
        raise ChitieuError(f"Không sao lưu được vào {path.name}: không có thư mục {path.parent}.")
    if _is_live_file(engine, path):
        raise ChitieuError(f"Không sao lưu được vào {path.name}: đây chính là tệp cơ sở dữ liệu đang dùng.")
    with _temporary(path.parent, path.name) as partial:
        if engine.dialect.name == "sqlite":
            _sqlite_backup(engine, partial, path.name)
        elif engine.dialect.name == "postgresql":
            _run([_pg_tool("pg_dump"), "--format=custom", f"--file={partial}", _libpq_uri(engine)], engine,
                 f"Không sao lưu được vào {path.name}")
        else:
            raise ChitieuError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {engine.dialect.name}.")
        os.replace(partial, path)
    return _counted(engine, path, revision)


def inspect_backup(path: str | Path) -> BackupInfo:
    """Check that ``path`` is a chitieu backup chitieu can restore; raise ``ChitieuError`` saying why not."""
    path = Path(path)
    head = _head(path)
    if head.startswith(SQLITE_MAGIC):
        with _temporary(path.parent if os.access(path.parent, os.W_OK) else Path(tempfile.gettempdir()),
                        path.name) as copy:
            return _checked_sqlite_copy(path, copy)
    if head.startswith(PGDUMP_MAGIC):
        return BackupInfo(str(path), "postgresql", _pg_archive_revision(path))
    raise _refusal(path, "không phải tệp SQLite hay bản pg_dump")


def restore_database(engine: Engine, path: str | Path) -> BackupInfo:
    """Replace the register behind ``engine`` with the backup at ``path``: all of it, or nothing if anything fails."""
    path = Path(path)
    head = _head(path)
    dialect = engine.dialect.name
    kind = "sqlite" if head.startswith(SQLITE_MAGIC) else "postgresql" if head.startswith(PGDUMP_MAGIC) else None
    if kind is None:
        raise _refusal(path, "không phải tệp SQLite hay bản pg_dump")
    if kind != dialect:
        raise _refusal(path, f"đây là bản sao lưu {kind}, còn cơ sở dữ liệu đang dùng là {dialect}")
    if _is_live_file(engine, path):
        raise _refusal(path, "đây chính là tệp cơ sở dữ liệu đang dùng")
    if dialect == "sqlite":
        _sqlite_restore(engine, path)
    else:
        _pg_restore(engine, path)
    return _counted(engine, path, _register_revision(engine))


# SQLite ---------------------------------------------------------------------------------------------------------


def _sqlite_backup(engine: Engine, destination: Path, name: str) -> None:
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        with closing(sqlite3.connect(destination)) as target:
            source.backup(target)  # type: ignore[union-attr]
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    except sqlite3.Error as exc:
        raise ChitieuError(f"Không sao lưu được vào {name}: {exc}.") from exc
    finally:
        raw.close()


def _sqlite_restore(engine: Engine, path: Path) -> None:
    database = engine.url.database
    folder = Path(database).resolve().parent if database and database != ":memory:" else Path(tempfile.gettempdir())
    folder.mkdir(parents=True, exist_ok=True)
    with _temporary(folder, path.name) as copy:
        info = _checked_sqlite_copy(path, copy)
        if not _is_head(info.revision):
            staged = make_engine(f"sqlite:///{copy}")
            try:
                upgrade(staged)
            except SQLAlchemyError as exc:
                raise _refusal(path, f"không nâng cấp được lên phiên bản hiện tại ({exc.__class__.__name__})") from exc
            finally:
                staged.dispose()
        with closing(sqlite3.connect(copy)) as staged_db:
            _check_shape(path, _sqlite_schema(staged_db), _sqlite_code(staged_db))
        raw = engine.raw_connection()
        try:
            with closing(sqlite3.connect(copy)) as staged_db:
                staged_db.backup(raw.driver_connection)  # type: ignore[arg-type]  # one write transaction
        except sqlite3.Error as exc:
            raise ChitieuError(f"Không khôi phục được từ {path.name}: {exc}; cơ sở dữ liệu giữ nguyên.") from exc
        finally:
            raw.close()
    engine.dispose()  # pooled connections re-read the schema


def _checked_sqlite_copy(path: Path, copy: Path) -> BackupInfo:
    """Copy the SQLite backup to ``copy`` and check it there: whole, consistent, a chitieu register we know."""
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as source, \
                closing(sqlite3.connect(copy)) as staged:
            source.backup(staged)
            staged.execute("PRAGMA journal_mode=DELETE")
            problems = [row[0] for row in staged.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise _refusal(path, f"tệp hỏng ({problems[0]})")
            tables = {row[0] for row in staged.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            missing = [t for t in REQUIRED_TABLES if t not in tables]
            if missing:
                raise _refusal(path, f"không có bảng {', '.join(missing)} của sổ theo dõi")
            if staged.execute("PRAGMA foreign_key_check").fetchone() is not None:
                raise _refusal(path, "có dòng trỏ tới dòng không tồn tại (khóa ngoại)")
            revisions = [row[0] for row in staged.execute("SELECT version_num FROM alembic_version")]
            counts = [staged.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("documents", "targets")]
    except sqlite3.DatabaseError as exc:
        raise _refusal(path, f"tệp SQLite hỏng ({exc})") from exc
    return BackupInfo(str(path), "sqlite", _known(path, revisions), counts[0], counts[1])


def _sqlite_schema(db: sqlite3.Connection) -> dict[str, frozenset[str]]:
    """Table -> column names (hidden and generated ones too) of a SQLite database, SQLite's own tables aside."""
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")]
    return {t: frozenset(row[0] for row in db.execute("SELECT name FROM pragma_table_xinfo(?)", (t,)))
            for t in tables}


def _sqlite_code(db: sqlite3.Connection) -> frozenset[tuple[str, str, str]]:
    """The triggers and views of a SQLite database: (type, name, SQL)."""
    return frozenset(db.execute("SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'view')"))


@cache
def _head_register() -> tuple[dict[str, frozenset[str]], frozenset[tuple[str, str, str]]]:
    """The tables with their columns, and the triggers, of an empty SQLite register at the migration head, built
    once (in a temporary file)."""
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/head.sqlite")
        try:
            upgrade(engine)
        finally:
            engine.dispose()
        with closing(sqlite3.connect(f"{folder}/head.sqlite")) as db:
            return _sqlite_schema(db), _sqlite_code(db)


def head_schema() -> dict[str, frozenset[str]]:
    """Table -> column names of a register at the migration head."""
    return _head_register()[0]


def _check_shape(path: Path, schema: dict[str, frozenset[str]],
                 code: frozenset[tuple[str, str, str]] = frozenset()) -> None:
    """Only what the migrations make: the head's triggers exactly (the history's guards) and no view, the head's
    tables, each with the head's columns, nothing more. A trigger in a backup would run inside the live register."""
    foreign = sorted(code - _head_register()[1])
    if foreign:
        raise _refusal(path, f"có {foreign[0][0]} '{foreign[0][1][:40]}' mà sổ theo dõi không tạo")
    expected = head_schema()
    for table in sorted(expected.keys() | schema.keys()):
        if table not in schema:
            raise _refusal(path, f"thiếu bảng {table} của phiên bản hiện tại")
        if table not in expected:
            raise _refusal(path, f"có bảng lạ {table[:40]}")
        missing, extra = sorted(expected[table] - schema[table]), sorted(schema[table] - expected[table])
        if missing:
            raise _refusal(path, f"bảng {table} thiếu cột {missing[0]} của phiên bản hiện tại")
        if extra:
            raise _refusal(path, f"bảng {table} có cột lạ {extra[0][:40]}")


# PostgreSQL -----------------------------------------------------------------------------------------------------


def _pg_restore(engine: Engine, path: Path) -> None:
    """Drop the register's tables and load the archive in one psql transaction: all of it or nothing."""
    _pg_archive_revision(path)
    failure = f"Không khôi phục được từ {path.name}; cơ sở dữ liệu giữ nguyên"
    with _temporary(Path(tempfile.gettempdir()), path.name) as script:
        _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", f"--file={script}",
              str(path)], engine, failure)
        if b"-- PostgreSQL database dump complete" not in script.read_bytes()[-1024:]:
            raise _refusal(path, "bản pg_dump không trọn vẹn")
        present = inspect(engine).get_table_names()  # the whole register, tables of newer revisions too
        quote = engine.dialect.identifier_preparer.quote
        drop = f"DROP TABLE IF EXISTS {', '.join(quote(t) for t in present)} CASCADE;" if present else "SELECT 1;"
        engine.dispose()
        shape = _pg_shape_check() if _is_head(_pg_archive_revision(path)) else "SELECT 1;"
        _run([_pg_tool("psql"), "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction",
              f"--dbname={_libpq_uri(engine)}", f"--command={drop}", f"--file={script}", f"--command={_CHECK}",
              f"--command={_GUARDS}", f"--command={shape}"], engine, failure)
    if not _is_head(_database_revision(engine) or ""):
        upgrade(engine)


# The history's guards (migration 0001), the only code a register holds; whatever the archive defined under these
# names is replaced by the real ones in the restore's transaction.
_PG_GUARDS = {("FUNCTION", "changes_append_only()"), ("TRIGGER", "changes changes_no_update")}
_GUARDS = ("CREATE OR REPLACE FUNCTION changes_append_only() RETURNS trigger LANGUAGE plpgsql AS "
           "$$ BEGIN RAISE EXCEPTION 'changes is append-only'; END $$; "
           "DROP TRIGGER IF EXISTS changes_no_update ON changes; "
           "CREATE TRIGGER changes_no_update BEFORE UPDATE OR DELETE ON changes "
           "FOR EACH ROW EXECUTE FUNCTION changes_append_only();")
# Run last in the restore's transaction: a script that ran without loading the register rolls everything back.
_CHECK = ("RESET search_path; DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM alembic_version) "
          "OR to_regclass('documents') IS NULL THEN RAISE EXCEPTION 'not a chitieu register'; END IF; END $$;")


def _pg_shape_check() -> str:
    """SQL that fails (rolling the restore back) unless the loaded tables and columns are the head's exactly."""
    expected = ",".join(sorted(f"{t}.{c}" for t, columns in head_schema().items() for c in columns))
    return ("DO $$ BEGIN IF (SELECT string_agg(table_name || '.' || column_name, ',' ORDER BY "
            "table_name || '.' || column_name COLLATE \"C\") FROM information_schema.columns "
            f"WHERE table_schema = current_schema()) IS DISTINCT FROM '{expected}' "
            "THEN RAISE EXCEPTION 'not the tables and columns of this chitieu'; END IF; END $$;")


def _pg_archive_revision(path: Path) -> str:
    """The revision inside a pg_dump archive, read from the archive alone (no database touched)."""
    tool = _pg_tool("pg_restore")
    listing = subprocess.run([tool, "--list", str(path)], capture_output=True, text=True, check=False)
    if listing.returncode != 0:
        raise _refusal(path, f"bản pg_dump hỏng ({_first_line(listing.stderr)})")
    for kind, name in re.findall(r"^\d+; \d+ \d+ (TRIGGER|VIEW|MATERIALIZED VIEW|FUNCTION|PROCEDURE|AGGREGATE|RULE|"
                                 r"EVENT TRIGGER|POLICY) \S+ (.*?) \S+$", listing.stdout, re.MULTILINE):
        if (kind, name) not in _PG_GUARDS:  # the guards themselves are written again after loading (_CHECK)
            raise _refusal(path, f"có {kind.lower()} '{name[:40]}' mà sổ theo dõi không tạo")
    tables = set(re.findall(r"^\d+; \d+ \d+ TABLE \S+ (\S+) ", listing.stdout, re.MULTILINE))
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise _refusal(path, f"không có bảng {', '.join(missing)} của sổ theo dõi")
    data = subprocess.run([tool, "--data-only", "--table=alembic_version", "--file=-", str(path)],
                          capture_output=True, text=True, check=False)
    if data.returncode != 0:
        raise _refusal(path, f"bản pg_dump hỏng ({_first_line(data.stderr)})")
    block = re.search(r"^COPY \S*alembic_version .*? FROM stdin;\n(.*?)^\\\.$", data.stdout, re.MULTILINE | re.DOTALL)
    revisions = block.group(1).split() if block else []
    return _known(path, revisions)


def _pg_tool(name: str) -> str:
    """``pg_dump``, ``pg_restore``, ``psql``: on PATH, else the newest Debian install under /usr/lib/postgresql."""
    found = shutil.which(name)
    if found:
        return found
    installed = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                       key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
    if not installed:
        raise ChitieuError(f"Không tìm thấy {name}; hãy cài gói postgresql-client.")
    return str(installed[-1])


def _libpq_uri(engine: Engine) -> str:
    """The database as a libpq URI without the password (that goes in PGPASSWORD, out of the process list)."""
    url = engine.url.set(drivername="postgresql", password=None)
    return url.render_as_string(hide_password=False)


def _run(command: list[str], engine: Engine, failure: str) -> None:
    environment = dict(os.environ, PGOPTIONS="-c client_min_messages=warning")
    if engine.url.password:
        environment["PGPASSWORD"] = str(engine.url.password)
    done = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    if done.returncode != 0:
        raise ChitieuError(f"{failure}: {_first_line(done.stderr)}.")


# Shared ---------------------------------------------------------------------------------------------------------


def _is_live_file(engine: Engine, path: Path) -> bool:
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    return bool(database) and database != ":memory:" and Path(str(database)).resolve() == path.resolve()


def _register_revision(engine: Engine) -> str:
    try:
        tables = set(inspect(engine).get_table_names())
        revision = _database_revision(engine) if "alembic_version" in tables else None
    except SQLAlchemyError as exc:
        raise ChitieuError(f"Không mở được cơ sở dữ liệu: {exc.__class__.__name__}.") from exc
    if revision is None or not tables.issuperset(REQUIRED_TABLES):
        raise ChitieuError("Cơ sở dữ liệu chưa có sổ theo dõi; hãy chạy chitieu db upgrade trước.")
    return revision


def _counted(engine: Engine, path: Path, revision: str) -> BackupInfo:
    with engine.connect() as connection:
        documents = connection.execute(text("SELECT count(*) FROM documents")).scalar_one()
        targets = connection.execute(text("SELECT count(*) FROM targets")).scalar_one()
    return BackupInfo(str(path), engine.dialect.name, revision, documents, targets)


def _known(path: Path, revisions: list[str]) -> str:
    if not revisions:
        raise _refusal(path, "không ghi phiên bản cơ sở dữ liệu (alembic_version)")
    unknown = [r for r in revisions if r not in known_revisions()]
    if unknown:
        raise _refusal(path, f"phiên bản cơ sở dữ liệu '{unknown[0]}' mới hơn bản chitieu này; hãy cập nhật chitieu")
    return "+".join(sorted(revisions))


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as file:
            head = file.read(16)
    except FileNotFoundError as exc:
        raise ChitieuError(f"Không có tệp sao lưu {path}.") from exc
    except OSError as exc:
        raise ChitieuError(f"Không đọc được tệp sao lưu {path.name}: {exc.strerror}.") from exc
    if not head:
        raise _refusal(path, "tệp rỗng")
    return head


def _refusal(path: Path, reason: str) -> ChitieuError:
    return ChitieuError(f"Tệp {path.name} không phải bản sao lưu chitieu dùng được: {reason}.")


def _first_line(message: str) -> str:
    """The line that says what went wrong (an error rather than a notice)."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower() or "fatal" in line.lower()]
    return (errors or lines or ["lỗi không rõ"])[0]


@contextmanager
def _temporary(folder: Path, name: str) -> Iterator[Path]:
    """A fresh file name in ``folder``, removed afterwards (with any -journal/-wal) unless renamed away."""
    handle, raw = tempfile.mkstemp(prefix=f".{name}.", suffix=".partial", dir=folder)
    os.close(handle)
    path = Path(raw)
    path.unlink()
    try:
        yield path
    finally:
        for leftover in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
            with suppress(FileNotFoundError):
                leftover.unlink()
