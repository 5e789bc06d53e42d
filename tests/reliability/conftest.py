"""Databases for the reliability tests: a SQLite file, and a fresh PostgreSQL database when
CHITIEU_TEST_POSTGRES_URL is set (``source scripts/postgres.sh``); plus documents to import and a row snapshot."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, MetaData, select, text

from tests.conftest import postgres_database

SAMPLES = Path(__file__).resolve().parents[2] / "chitieu" / "samples"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database (no tables yet), on each engine."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'register.sqlite'}"
        return
    with postgres_database("chitieu_rel") as url:
        yield url


@pytest.fixture
def other_database_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A second empty database on the same engine as ``database_url``."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'other.sqlite'}"
        return
    with postgres_database("chitieu_rel") as url:
        yield url


def sample_documents(folder: Path, count: int) -> list[Path]:
    """``count`` distinct documents (different bytes) made from the bundled samples, in ``folder``."""
    sources = sorted(SAMPLES.glob("*.md"))
    files = []
    for number in range(count):
        source = sources[number % len(sources)]
        path = folder / f"{number:03d}-{source.name}"
        path.write_text(source.read_text("utf-8") + f"\n(Bản lưu số {number}.)\n", "utf-8")
        files.append(path)
    return files


_REFLECTED: dict[tuple[tuple[Any, ...], ...], MetaData] = {}


def _tables(engine: Engine) -> MetaData:
    """The tables of ``engine``'s database; on SQLite read once per schema (``sqlite_master``) in this test process,
    as reading them takes a tenth of a second."""
    if engine.dialect.name != "sqlite":
        metadata = MetaData()
        metadata.reflect(engine)
        return metadata
    with engine.connect() as connection:
        schema = tuple(tuple(row) for row in connection.execute(text("SELECT type, name, sql FROM sqlite_master "
                                                                     "ORDER BY type, name")))
    if schema not in _REFLECTED:
        metadata = MetaData()
        metadata.reflect(engine)
        _REFLECTED[schema] = metadata
    return _REFLECTED[schema]


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, ordered by primary key (all columns when a table has none)."""
    metadata = _tables(engine)
    rows = {}
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows[table.name] = [tuple(row) for row in connection.execute(select(table).order_by(*order))]
    return rows
