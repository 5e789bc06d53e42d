"""Targets and results read from a table row keep the row's cells as written and, for a result, its cell."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from chitieu.extract import Item, extract
from chitieu.extract.metadata import extract_metadata
from chitieu.extract.quantity import parse_cell
from chitieu.intake import read_document
from chitieu.register import Register, open_register
from chitieu.register.db import Actual, Target
from chitieu.samples import sample_paths
from tests.conftest import migrated_sqlite

from .conftest import CORPUS

# Our own report: a prose result, a table row with a unit written "Bác sỹ" and a row in words only.
REPORT = """**TỈNH ỦY CAO BẰNG**

Số 300-BC/TU

*Cao Bằng, ngày 15 tháng 9 năm 2020*

*(Báo cáo chính trị của Ban Chấp hành Đảng bộ tỉnh khóa XVIII trình Đại hội đại biểu Đảng bộ tỉnh lần thứ XIX, \
nhiệm kỳ 2020 - 2025)*

## I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU NHIỆM KỲ 2015 - 2020

Tỷ lệ che phủ rừng đạt 55,2%.

**Phụ lục**

TT\tChỉ tiêu\tĐơn vị tính\tMục tiêu\tKết quả thực hiện\tSo sánh\tMục tiêu nhiệm kỳ 2020-2025
I\tVăn hóa - xã hội\t\t\t\t\t
1\tTỷ lệ bác sỹ/vạn dân\tBác sỹ\t9\t10,2\tVượt\t≥12
2\tGiảm cả 3 tiêu chí về tai nạn giao thông\tSố vụ, số người chết, bị thương\tgiảm cả 3 tiêu chí\t\
giảm cả 3 tiêu chí\tĐạt\tgiảm cả 3 tiêu chí
"""
DOCTOR = {"unit": "Bác sỹ", "target": "9", "result": "10,2", "comparison": "Vượt", "next_target": "≥12"}
WORDS = {"unit": "Số vụ, số người chết, bị thương", "target": "giảm cả 3 tiêu chí", "result": "giảm cả 3 tiêu chí",
         "comparison": "Đạt", "next_target": "giảm cả 3 tiêu chí"}


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "cao-bang-bao-cao-chinh-tri-2020.md"
    path.write_text(REPORT, encoding="utf-8")
    return path


def _rows(register: Register) -> tuple[dict[str, Actual], dict[str, Target]]:
    with register.factory() as session:
        actuals = {a.indicator_text: a for a in session.scalars(select(Actual))}
        targets = {t.indicator_text: t for t in session.scalars(select(Target))}
    return actuals, targets


def test_table_rows_keep_their_cells_as_written(register: Register, report: Path):
    [outcome] = register.import_documents([report])
    assert outcome.status == "imported"
    actuals, targets = _rows(register)
    doctor, words = actuals["Tỷ lệ bác sỹ/vạn dân"], actuals["Giảm cả 3 tiêu chí về tai nạn giao thông"]
    assert (doctor.unit, doctor.value, doctor.cells) == ("bác sĩ/vạn dân", 10.2, DOCTOR)  # normalised, and as written
    assert doctor.table_cell == "bảng 1, dòng 3, cột 5"
    assert (words.value, words.unit, words.cells, words.table_cell) == (None, None, WORDS, "bảng 1, dòng 4, cột 5")
    assert targets["Tỷ lệ bác sỹ/vạn dân"].cells == DOCTOR
    assert targets["Giảm cả 3 tiêu chí về tai nạn giao thông"].cells == WORDS
    prose = actuals["Tỷ lệ che phủ rừng"]
    assert (prose.value, prose.cells, prose.table_cell) == (55.2, None, None)


def test_reviewed_items_keep_their_table_source(register: Register, report: Path):
    """Items staged for review are kept as dictionaries and read back: their table row goes with them."""
    document = read_document(report)
    extraction = extract(document, extract_metadata(document))
    staged = replace(extraction, items=[Item.from_dict(item.to_dict()) for item in extraction.items])
    outcome = register.import_reviewed(report.name, report.read_bytes(), staged, actor="Người duyệt")
    assert outcome.status == "imported"
    actuals, targets = _rows(register)
    assert actuals["Tỷ lệ bác sỹ/vạn dân"].cells == DOCTOR
    assert actuals["Giảm cả 3 tiêu chí về tai nạn giao thông"].cells == WORDS
    assert targets["Tỷ lệ bác sỹ/vạn dân"].cells == DOCTOR
    assert actuals["Tỷ lệ bác sỹ/vạn dân"].table_cell == "bảng 1, dòng 3, cột 5"
    assert actuals["Tỷ lệ che phủ rừng"].cells is None


def test_a_corrected_item_keeps_no_cells(register: Register, report: Path):
    document = read_document(report)
    extraction = extract(document, extract_metadata(document))
    doctors = next(i for i in extraction.results if i.indicator == "Tỷ lệ bác sỹ/vạn dân")
    doctors.value = 10.5  # the reviewer read 10,5 in the signed copy
    register.import_reviewed(report.name, report.read_bytes(), extraction, actor="Người duyệt")
    actuals, targets = _rows(register)
    assert (actuals["Tỷ lệ bác sỹ/vạn dân"].value, actuals["Tỷ lệ bác sỹ/vạn dân"].cells) == (10.5, None)
    assert targets["Tỷ lệ bác sỹ/vạn dân"].cells == DOCTOR  # the next target on the row was not corrected


def test_sample_table_cell_names_the_result(register: Register):
    [sample] = [p for p in sample_paths() if p.name == "lang-son-bao-cao-chinh-tri-2020.md"]
    register.import_documents([sample])
    actuals, _ = _rows(register)
    doctors = next(a for a in actuals.values() if a.cells and a.cells.get("unit") == "Bác sĩ")
    assert (doctors.table_cell, doctors.value, doctors.cells["result"]) == ("bảng 1, dòng 9, cột 5", 10.2, "10,2")


DOCUMENTS = [pytest.param(path, id=path.name) for path in sample_paths()] + [
    pytest.param(CORPUS / "000_5f2f628c74a0e697.txt", id="corpus-bac-kan", marks=pytest.mark.corpus)]


@pytest.mark.parametrize("path", DOCUMENTS)
def test_written_cells_give_back_the_values_read(tmp_path: Path, path: Path):
    """Each table item's own cell (the result, the next target) holds the figure extraction read from the row."""
    if not path.is_file():
        pytest.skip(f"{path} is not here")
    register = open_register(url=migrated_sqlite(tmp_path / "register.sqlite"))
    register.import_documents([path])
    with register.factory() as session:
        rows = [(a, "result") for a in session.scalars(select(Actual))] + [
            (t, "next_target") for t in session.scalars(select(Target))]
    from_tables = [(row, role) for row, role in rows if "\t" in (row.quote or "")]
    for row, role in from_tables:
        assert row.cells is not None, row.quote
        quantity = parse_cell(row.cells.get(role, ""))
        assert (quantity.value if quantity else None) == row.value, (role, row.cells, row.value)
    for row, _ in rows:
        if "\t" not in (row.quote or ""):
            assert row.cells is None
    assert bool(from_tables) == ("\t" in path.read_text(encoding="utf-8"))
