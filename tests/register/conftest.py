"""Registers for tests: in-memory SQLite by default, PostgreSQL when CHITIEU_TEST_POSTGRES_URL is set."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chitieu.register import Register, open_register
from tests.conftest import memory_register, postgres_database

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
SAMPLE = """TỈNH ỦY BẮC KẠN

NGHỊ QUYẾT
về nhiệm vụ năm {year}

I. MỤC TIÊU, CHỈ TIÊU CHỦ YẾU
1. Tốc độ tăng trưởng kinh tế đạt {growth}%.
2. Tỷ lệ che phủ rừng đạt 73%.
3. Thu ngân sách nhà nước trên địa bàn đạt {budget} tỷ đồng.
"""


@pytest.fixture
def register() -> Register:
    return memory_register()


@pytest.fixture
def sample_files(tmp_path: Path) -> list[Path]:
    """Our own small resolutions (no corpus text), each with different bytes."""
    files = []
    for number, (year, growth, budget) in enumerate([(2024, "8", "1.010"), (2023, "7,5", "950")]):
        path = tmp_path / f"nghi-quyet-{number}.txt"
        path.write_text(SAMPLE.format(year=year, growth=growth, budget=budget), encoding="utf-8")
        files.append(path)
    return files


@pytest.fixture
def postgres_register() -> Iterator[Register]:
    """A register in a new PostgreSQL database, dropped afterwards."""
    with postgres_database("chitieu_test") as url:
        register = open_register(url=url)
        yield register
        register.engine.dispose()
