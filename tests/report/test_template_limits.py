"""Hostile Excel entry templates are refused quickly, before openpyxl builds anything: the workbook package is
checked like a .docx, its sheets streamed (rows and cells capped), and only rows holding cells are read."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from chitieu.errors import InputError, LimitError
from chitieu.intake import Budget
from chitieu.report import read_template
from chitieu.report import template as template_module
from tests.intake.hostile_files import far_cell_template, filled_template, xml_bomb_template


@pytest.fixture
def no_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_reached(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("openpyxl opened a workbook the checks should have refused")

    monkeypatch.setattr(template_module, "load_workbook", not_reached)


def test_one_cell_at_a1048576_is_refused_before_openpyxl(tmp_path: Path, no_openpyxl: None) -> None:
    path = far_cell_template(tmp_path / "xa.xlsx")
    assert path.stat().st_size < 10 * 1024
    with pytest.raises(LimitError) as info:
        read_template(path)
    assert info.value.limit == "rows"
    assert str(info.value) == "Tệp 'xa.xlsx' có ô ở dòng 1.048.576, vượt giới hạn 5.000 dòng."


def test_a_zipped_workbook_of_125_mb_of_xml_is_refused(tmp_path: Path, no_openpyxl: None) -> None:
    path = xml_bomb_template(tmp_path / "bom.xlsx", megabytes=125)
    assert path.stat().st_size < 512 * 1024
    with pytest.raises(LimitError) as info:
        read_template(path)
    assert info.value.limit == "uncompressed_bytes"
    assert str(info.value) == "Tệp 'bom.xlsx' giải nén ra 125 MB, vượt giới hạn 64 MB."


def test_cells_are_capped(tmp_path: Path, no_openpyxl: None) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in range(1, 31):
        for column in range(1, 11):
            sheet.cell(row=row, column=column, value=row * column)
    workbook.save(tmp_path / "nhieu-o.xlsx")
    with pytest.raises(LimitError) as info:
        read_template(tmp_path / "nhieu-o.xlsx", budget=Budget(cells=200, isolated=False))
    assert info.value.limit == "cells" and "hơn 200 ô" in str(info.value)


def test_a_stated_sheet_size_is_not_trusted(tmp_path: Path) -> None:
    """A sheet that states A6:B1048576 but holds one row reads that row only."""
    path = far_cell_template(tmp_path / "xa.xlsx")
    patched = tmp_path / "khai-bao.xlsx"
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<row r="1048576">.*?</row>', b"", data)
                assert b'<dimension ref="A6:B1048576"/>' in data
            new.writestr(item, data)
    assert read_template(patched, budget=Budget(rows=10, isolated=False)) == []


def test_not_a_workbook_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "doi-ten.xlsx"
    path.write_text("không phải Excel", encoding="utf-8")
    with pytest.raises(InputError, match=r"^Không đọc được tệp doi-ten\.xlsx: không phải tệp Excel \.xlsx"):
        read_template(path)


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"])
def test_a_damaged_part_is_one_line(tmp_path: Path, part: str) -> None:
    """Found by ``bench/fuzz_intake.py --budget``: openpyxl's and lxml's own errors on a damaged part."""
    path = filled_template(tmp_path / "goc.xlsx")
    broken = tmp_path / "hong.xlsx"
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item, data[:200] + b'<x a="<">' if item.filename == part else data)
    with pytest.raises(InputError) as info:
        read_template(broken, budget=Budget(isolated=False))
    assert type(info.value) is InputError and "hong.xlsx" in str(info.value)
