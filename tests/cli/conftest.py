"""A register the command-line tests run against."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chitieu.register import Register, open_register
from tests.conftest import migrated_sqlite

from ..register.conftest import SAMPLE


def forest_register(folder: Path) -> tuple[str, Register, dict[str, Any]]:
    """A register in ``folder`` holding one resolution of 2024: its URL, itself and its forest cover target."""
    url = migrated_sqlite(folder / "x.sqlite")
    register = open_register(url=url)
    document = folder / "nq.txt"
    document.write_text(SAMPLE.format(year=2024, growth="8", budget="1.010"), "utf-8")
    register.import_documents([document])
    return url, register, next(t for t in register.targets() if t["catalogue"] == "forest_cover")
