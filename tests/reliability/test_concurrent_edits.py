"""Two people (two ``Register`` objects, two engines) editing the same target: nobody's save is silently lost."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from chitieu.errors import ConflictError
from chitieu.register import Register, open_register
from chitieu.register.db import Actual, Target
from chitieu.register.db.models import Change
from tests.conftest import migrated_sqlite

from .conftest import sample_documents

PERIOD = "2024"  # within the years of the target both edit


@pytest.fixture
def pair(database_url: str, tmp_path: Path) -> Iterator[tuple[Register, Register, int]]:
    """Two registers on one database and the id of a target both will edit."""
    if database_url.startswith("sqlite:///"):
        migrated_sqlite(Path(database_url.removeprefix("sqlite:///")))
    first = open_register(url=database_url)
    first.import_documents(sample_documents(tmp_path, 1))
    second = open_register(url=database_url, migrate=False)
    target_id = next(t["id"] for t in first.targets() if t["period"] == PERIOD)
    yield first, second, target_id
    first.engine.dispose()
    second.engine.dispose()


def _entries(register: Register, target_id: int) -> list[tuple[float | None, int]]:
    with register.factory() as session:
        rows = session.execute(select(Actual.value, Actual.version).where(
            Actual.target_id == target_id, Actual.period == PERIOD, Actual.source_kind == "person"))
        return [tuple(row) for row in rows]


def _saved_values(register: Register, target_id: int) -> list[Any]:
    with register.factory() as session:
        changes = session.scalars(select(Change).where(Change.table_name == "actuals").order_by(Change.id))
        return [c.data["new"] for c in changes if c.data.get("target_id") == target_id]


def _when_flushing(register: Register, action: Any) -> None:
    """Run ``action`` once, just as ``register`` is about to write: the other person saves in between."""

    def run(session: Session, *_: Any) -> None:
        action()

    event.listen(register.factory, "before_flush", run, once=True)


def test_second_save_with_the_same_version_conflicts(pair):
    first, second, target_id = pair
    first.set_actual(target_id, 70.0, PERIOD, entered_by="Nguyễn Văn A")
    [(_, seen_by_first)] = _entries(first, target_id)
    [(_, seen_by_second)] = _entries(second, target_id)
    assert seen_by_first == seen_by_second
    saved = first.set_actual(target_id, 71.0, PERIOD, entered_by="Nguyễn Văn A", expected_version=seen_by_first)
    with pytest.raises(ConflictError, match=str(target_id)):
        second.set_actual(target_id, 72.0, PERIOD, entered_by="Trần Thị B", expected_version=seen_by_second)
    assert _entries(second, target_id) == [(71.0, saved["version"])]
    assert _saved_values(first, target_id) == [70.0, 71.0]


def test_save_that_loses_the_race_at_write_time_conflicts(pair):
    """The second person's check passed (same version), then the first saved before the second wrote."""
    first, second, target_id = pair
    first.set_actual(target_id, 70.0, PERIOD, entered_by="Nguyễn Văn A")
    [(_, version)] = _entries(first, target_id)
    _when_flushing(second, lambda: first.set_actual(target_id, 71.0, PERIOD, entered_by="Nguyễn Văn A",
                                                    expected_version=version))
    with pytest.raises(ConflictError):
        second.set_actual(target_id, 72.0, PERIOD, entered_by="Trần Thị B", expected_version=version)
    assert _entries(first, target_id) == [(71.0, version + 1)]
    assert _saved_values(first, target_id) == [70.0, 71.0]


def test_many_saves_of_one_version_let_exactly_one_through(pair, database_url):
    first, _, target_id = pair
    first.set_actual(target_id, 70.0, PERIOD, entered_by="Nguyễn Văn A")
    [(_, version)] = _entries(first, target_id)
    registers = [open_register(url=database_url, migrate=False) for _ in range(5)]
    start = threading.Barrier(len(registers))
    outcomes: list[Any] = [None] * len(registers)

    def save(number: int) -> None:
        start.wait()
        try:
            outcomes[number] = registers[number].set_actual(target_id, 80.0 + number, PERIOD,
                                                            entered_by=f"Người {number}", expected_version=version)
        except Exception as exc:  # collected and checked below
            outcomes[number] = exc

    threads = [threading.Thread(target=save, args=(n,)) for n in range(len(registers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for register in registers:
        register.engine.dispose()
    winners = [n for n, o in enumerate(outcomes) if isinstance(o, dict)]
    others = [o for o in outcomes if not isinstance(o, dict)]
    assert len(winners) == 1 and all(isinstance(o, ConflictError) for o in others), outcomes
    assert _entries(first, target_id) == [(80.0 + winners[0], version + 1)]
    assert _saved_values(first, target_id) == [70.0, 80.0 + winners[0]]


def test_first_entries_made_at_the_same_time_are_not_both_kept(pair):
    """Two people enter the first figure of a period at once: one entry, the other told to reload."""
    first, second, target_id = pair
    _when_flushing(second, lambda: first.set_actual(target_id, 71.0, PERIOD, entered_by="Nguyễn Văn A"))
    with pytest.raises(ConflictError):
        second.set_actual(target_id, 72.0, PERIOD, entered_by="Trần Thị B")
    assert _entries(first, target_id) == [(71.0, 1)]


def test_target_version_column_catches_a_stale_write(pair):
    first, second, target_id = pair
    with first.factory() as one, second.factory() as two:
        mine, theirs = one.get(Target, target_id), two.get(Target, target_id)
        assert mine is not None and theirs is not None and mine.version == theirs.version
        read = theirs.version
        mine.value = 1.0
        one.commit()
        theirs.value = 2.0
        with pytest.raises(StaleDataError):
            two.commit()
    with first.factory() as session:
        stored = session.get(Target, target_id)
        assert stored is not None and (stored.value, stored.version) == (1.0, read + 1)
