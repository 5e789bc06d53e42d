"""A register filled by importing our own fixture documents (Cao Bằng, invented figures) and the bundled samples,
with yearly figures entered as an office would; written once per session to a temporary SQLite file, then only
read by the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.register import Register, open_register
from chitieu.samples import sample_paths
from tests.conftest import copy_sqlite, made_once

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "report"
PROVINCE = "Cao Bằng"
REPORT = FIXTURES / "cao-bang-bao-cao-chinh-tri-2020.md"
# catalogue code -> yearly figures 2021-2024 of the term target
TERM_FIGURES = {
    "grdp_per_capita": [38, 41, 44, 47],
    "budget_revenue": [2300, 2500, 2700, 2750],
    "health_insurance": [94.5, 95, 95.2, 95.3],
    "forest_cover": [55.4, 55.5, 55.6, 55.8],
}
# catalogue code -> the 2024 figure of the 2024 plan's target
YEAR_FIGURES = {"grdp_growth": 6.5, "grdp_per_capita": 47, "budget_revenue": 2750, "forest_cover": 55.8,
                "health_insurance": 95.3, "party_admissions": 950}


def fill(register: Register) -> None:
    outcomes = register.import_documents(sorted(FIXTURES.glob("*.md")) + sample_paths())
    assert all(o.status == "imported" for o in outcomes), outcomes
    rows = register.targets(province=PROVINCE)
    for code, values in TERM_FIGURES.items():
        target = next(r for r in rows if r["catalogue"] == code and r["period"] in ("2025", "2020-2025")
                      and r["breakdown"] is None)
        for year, value in zip(range(2021, 2025), values, strict=True):
            register.set_actual(target["id"], value, str(year), entered_by="Kiểm thử")
    for code, value in YEAR_FIGURES.items():
        target = next(r for r in rows if r["catalogue"] == code and r["period"] == "2024")
        register.set_actual(target["id"], value, "2024", entered_by="Kiểm thử")


def filled_file() -> Path:
    """The register file ``fill`` wrote once in this test run (see ``made_once``)."""

    def make(folder: Path) -> Path:
        path = folder / "register.sqlite"
        register = open_register(url=f"sqlite:///{path}")
        fill(register)
        register.engine.dispose()
        return path

    return made_once("report-register", make)


@pytest.fixture(scope="session")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Register:
    """A copy of the register ``fill`` wrote once in this test run (``filled_file``)."""
    path = tmp_path_factory.mktemp("report") / "register.sqlite"
    copy_sqlite(filled_file(), path)
    return open_register(url=f"sqlite:///{path}")
