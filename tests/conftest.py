"""Shared test helpers: where the shared corpus and gold live (beside the repository), if they are there."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import argon2
import pytest
from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "eval" / "gold"

# Passwords are hashed at argon2's cheapest cost in this process (its default takes about 0.3 s of CPU per hash or
# check, and the web tests sign in hundreds of times). The register's hasher is made when chitieu is imported, after
# this file; a server the tests start in another process keeps the default.
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


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
