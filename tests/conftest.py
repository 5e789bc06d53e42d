"""Shared test helpers: where the shared corpus and gold live (beside the repository), if they are there."""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
import socket
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import argon2
import pytest
from sqlalchemy import create_engine, text

if TYPE_CHECKING:
    from chitieu.register import Register

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "eval" / "gold"

# The tests' temporary folders (``tmp_path``: their SQLite registers) go to a tmpfs when the machine has one and
# nobody chose another place (``--basetemp`` still wins): SQLite waits for the disk at every commit, about a tenth of
# the quick set's time on a disk, for a durability that test data does not need.
if "PYTEST_DEBUG_TEMPROOT" not in os.environ and os.access("/dev/shm", os.W_OK):
    os.environ["PYTEST_DEBUG_TEMPROOT"] = "/dev/shm"

# Passwords are hashed at argon2's cheapest cost in this process (its default takes about 0.3 s of CPU per hash or
# check, and the web tests sign in hundreds of times). The register makes its hasher when chitieu is imported, so
# this file imports chitieu only inside functions; a server the tests start in another process keeps the default.
_CHEAPEST = argon2.profiles.CHEAPEST
argon2.PasswordHasher.__init__.__defaults__ = (_CHEAPEST.time_cost, _CHEAPEST.memory_cost, _CHEAPEST.parallelism,
                                               32, 16, "utf-8", _CHEAPEST.type)


class Clock:
    """The moment the server takes as now (``app.state.clock``); tests move it forward."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def corpus_files() -> list[Path]:
    files = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
    if not files:
        pytest.skip("../shared/corpus is not here")
    return files


@contextmanager
def postgres_database(prefix: str) -> Iterator[str]:
    """The URL of a new, empty database on the PostgreSQL server of CHITIEU_TEST_POSTGRES_URL (``source
    scripts/postgres.sh``), dropped afterwards; the test is skipped when the variable is not set."""
    url = os.environ.get("CHITIEU_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("CHITIEU_TEST_POSTGRES_URL is not set")
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{url.rsplit('/', 1)[0]}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def wait_until(condition: Callable[[], object], seconds: float = 60, what: str = "the condition") -> None:
    """Poll ``condition`` until it holds; fail after ``seconds``, a deadline generous enough for a busy machine."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not happen within {seconds} s"
        time.sleep(0.05)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@cache
def _migrated() -> Register:
    from chitieu.register import open_register

    return open_register(url="sqlite://")


def memory_register() -> Register:
    """A new register in memory, as ``open_register(url="sqlite://")`` makes it, but copied from one migrated once in
    this test process (running the migrations takes about half a second)."""
    from chitieu.register import open_register

    register = open_register(url="sqlite://", migrate=False)
    with _migrated().engine.connect() as source, register.engine.connect() as target:
        source.connection.driver_connection.backup(target.connection.driver_connection)
    return register


Made = TypeVar("Made")
_MADE: dict[str, Any] = {}
_ROOT: list[Path] = []  # where templates are made: see ``_templates``


@pytest.fixture(scope="session", autouse=True)
def _templates(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Templates go to this run's temporary folder, which pytest-xdist's workers share (each works in a
    ``popen-gw<n>`` folder inside it), so one worker makes each template and the others copy it."""
    base = tmp_path_factory.getbasetemp()
    _ROOT[:] = [base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base]


def made_once(name: str, make: Callable[[Path], Made]) -> Made:
    """What ``make(folder)`` returned when the folder ``name`` was first asked for in this test run, by this
    process or another worker: a register built once (the first worker to ask builds it while the others wait for
    it) and then copied (``copy_sqlite``) for each test or module that needs one like it. What ``make`` returns
    must pickle."""
    if name not in _MADE:
        root = _ROOT[0]
        folder, done = root / name, root / f"{name}.pickle"
        with open(root / f"{name}.lock", "wb") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not done.exists():
                shutil.rmtree(folder, ignore_errors=True)  # what a make that failed left
                folder.mkdir()
                made = make(folder)
                partial = done.with_suffix(".partial")
                partial.write_bytes(pickle.dumps(made))
                partial.rename(done)
        _MADE[name] = pickle.loads(done.read_bytes())
    return _MADE[name]


def template_folder(name: str) -> Path:
    """The folder in which ``made_once(name, ...)`` made its template."""
    return _ROOT[0] / name


def migrated_sqlite(path: Path) -> str:
    """The URL of a new register file at ``path``, at the latest migration as ``open_register`` leaves it, but copied
    from one migrated once in this test run (migrating a file takes about half a second, most of it waiting for the
    disk)."""

    def make(folder: Path) -> Path:
        from chitieu.register import open_register

        template = folder / "register.sqlite"
        open_register(url=f"sqlite:///{template}").engine.dispose()
        return template

    path.parent.mkdir(parents=True, exist_ok=True)
    copy_sqlite(made_once("migrated-register", make), path)
    return f"sqlite:///{path}"


def copy_sqlite(source: Path, target: Path) -> None:
    """The SQLite database ``source`` copied to ``target`` with SQLite's backup (the write-ahead log included)."""
    with closing(sqlite3.connect(source)) as reading, closing(sqlite3.connect(target)) as writing:
        reading.backup(writing)
