"""Shared test helpers: where the shared corpus and gold live (beside the repository), if they are there."""

from __future__ import annotations

import os
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
_MADE: dict[Path, Any] = {}


def made_once(folder: Path, make: Callable[[Path], Made]) -> Made:
    """What ``make(folder)`` returned the first time this test process asked for ``folder``, which it creates: a
    register built once and then copied (``copy_sqlite``) for each test or module that needs one like it."""
    if folder not in _MADE:
        folder.mkdir(exist_ok=True)
        _MADE[folder] = make(folder)
    return _MADE[folder]


def migrated_sqlite(path: Path) -> str:
    """The URL of a new register file at ``path``, at the latest migration as ``open_register`` leaves it, but copied
    from one migrated once in this test process (migrating a file takes about half a second, most of it waiting for
    the disk)."""

    def make(folder: Path) -> Path:
        from chitieu.register import open_register

        template = folder / "register.sqlite"
        open_register(url=f"sqlite:///{template}").engine.dispose()
        return template

    path.parent.mkdir(parents=True, exist_ok=True)
    copy_sqlite(made_once(path.parent.parent / "migrated-register", make), path)
    return f"sqlite:///{path}"


def copy_sqlite(source: Path, target: Path) -> None:
    """The SQLite database ``source`` copied to ``target`` with SQLite's backup (the write-ahead log included)."""
    with closing(sqlite3.connect(source)) as reading, closing(sqlite3.connect(target)) as writing:
        reading.backup(writing)
