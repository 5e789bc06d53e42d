"""A table row comes back as the document wrote it: its unit before normalising, a result and a target in words."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import update

from chitieu.register import Register, open_register
from chitieu.register.db import Actual, Target
from chitieu.report import Appendix, appendix_docx, appendix_xlsx, build_appendix
from tests.conftest import migrated_sqlite

from .tables import differences, match, original_rows

REPORT = """**TỈNH ỦY CAO BẰNG**

Số 300-BC/TU

*Cao Bằng, ngày 15 tháng 9 năm 2020*

*(Báo cáo chính trị của Ban Chấp hành Đảng bộ tỉnh khóa XVIII trình Đại hội đại biểu Đảng bộ tỉnh lần thứ XIX, \
nhiệm kỳ 2020 - 2025)*

**Phụ lục**

TT\tChỉ tiêu\tĐơn vị tính\tMục tiêu\tKết quả thực hiện\tSo sánh\tMục tiêu nhiệm kỳ 2020-2025
I\tVăn hóa - xã hội\t\t\t\t\t
1\tTỷ lệ bác sỹ/vạn dân\tBác sỹ\t9\t10,2\tVượt\t≥12
2\tGiảm cả 3 tiêu chí về tai nạn giao thông\tSố vụ, số người chết, bị thương\tgiảm cả 3 tiêu chí\t\
giảm cả 3 tiêu chí\tĐạt\tgiảm cả 3 tiêu chí
3\tXây dựng đường giao thông nông thôn\tKm\t\t\t\t1.200
"""
YEAR_PLAN = """**HỘI ĐỒNG NHÂN DÂN TỈNH CAO BẰNG**

Số 45/NQ-HĐND

*Cao Bằng, ngày 10 tháng 12 năm 2024*

**NGHỊ QUYẾT**
**về kế hoạch phát triển kinh tế - xã hội năm 2025**

**Phụ lục**

TT\tChỉ tiêu\tĐơn vị tính\tKế hoạch năm 2024\tƯớc thực hiện năm 2024\tSo sánh\tKế hoạch năm 2025
1\tTỷ lệ bác sỹ/vạn dân\tBác sỹ\t11\t11,5\tVượt\t12
2\tGiảm cả 3 tiêu chí về tai nạn giao thông\tSố vụ, số người chết, bị thương\tgiảm cả 3 tiêu chí\t\
giảm cả 3 tiêu chí\tĐạt\tgiảm cả 3 tiêu chí
3\tThu ngân sách nhà nước trên địa bàn\tTỷ đồng\t2.300\t2.450\tVượt\t2.600
"""
WORDS = "giảm cả 3 tiêu chí"


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Register:
    folder = tmp_path_factory.mktemp("written")
    path = folder / "cao-bang-bao-cao-chinh-tri-2020.md"
    path.write_text(REPORT, encoding="utf-8")
    register = open_register(url=migrated_sqlite(folder / "register.sqlite"))
    [outcome] = register.import_documents([path])
    assert outcome.status == "imported"
    return register


@pytest.fixture(scope="module")
def appendix(register: Register) -> Appendix:
    return build_appendix(register, "Cao Bằng", "2015-2020")


def test_rows_come_back_as_written(appendix: Appendix):
    rows = {r.indicator: r for r in appendix.rows if not r.heading}
    doctors = rows["Tỷ lệ bác sỹ/vạn dân"]
    assert (doctors.unit, doctors.target, doctors.result, doctors.result_text) == ("Bác sỹ", "9", 10.2, "")
    assert (doctors.comparison_code, doctors.next_target) == ("exceeded", "≥ 12")
    words = rows["Giảm cả 3 tiêu chí về tai nạn giao thông"]
    assert (words.unit, words.target, words.result, words.result_text) == (
        "Số vụ, số người chết, bị thương", WORDS, None, WORDS)
    assert (words.comparison_code, words.next_target) == ("met", WORDS)
    roads = rows["Xây dựng đường giao thông nông thôn"]  # only the next term's target: "Km" as written
    assert (roads.unit, roads.target, roads.result, roads.next_target) == ("Km", "", None, "1.200")
    originals = original_rows(REPORT)
    assert len(originals) == 3
    assert [(o.line, differences(o, ours) if ours else ["missing"]) for o, ours in match(originals, appendix.rows)
            if ours is None or differences(o, ours)] == []


def test_exports_write_the_words(appendix: Appendix):
    sheet = load_workbook(io.BytesIO(appendix_xlsx(appendix))).active
    cells = {row[1]: row[2:] for row in sheet.iter_rows(min_row=6, max_col=7, values_only=True)}
    assert cells["Giảm cả 3 tiêu chí về tai nạn giao thông"] == (
        "Số vụ, số người chết, bị thương", WORDS, WORDS, "Đạt", WORDS)
    assert cells["Tỷ lệ bác sỹ/vạn dân"] == ("Bác sỹ", 9, 10.2, "Vượt (113,3%)", "≥ 12")
    [table] = Document(io.BytesIO(appendix_docx(appendix))).tables
    texts = {row.cells[1].text: [cell.text for cell in row.cells[2:]] for row in table.rows}
    assert texts["Giảm cả 3 tiêu chí về tai nạn giao thông"] == [
        "Số vụ, số người chết, bị thương", WORDS, WORDS, "Đạt", WORDS]
    assert texts["Tỷ lệ bác sỹ/vạn dân"] == ["Bác sỹ", "9", "10,2", "Vượt (113,3%)", "≥ 12"]


def test_a_register_without_cells_shows_the_normalised_unit(tmp_path: Path):
    """Rows imported before ``cells`` was kept (NULL) still show a unit: the normalised one."""
    path = tmp_path / "cao-bang-bao-cao-chinh-tri-2020.md"
    path.write_text(REPORT, encoding="utf-8")
    register = open_register(url=migrated_sqlite(tmp_path / "register.sqlite"))
    register.import_documents([path])
    with register.factory() as session, session.begin():
        for model in (Actual, Target):
            session.execute(update(model).values(cells=None).execution_options(synchronize_session=False))
    rows = {r.indicator: r for r in build_appendix(register, "Cao Bằng", "2015-2020").rows if not r.heading}
    assert rows["Tỷ lệ bác sỹ/vạn dân"].unit == "bác sĩ/vạn dân"
    assert rows["Giảm cả 3 tiêu chí về tai nạn giao thông"].result_text == ""


def test_year_appendix_gives_back_a_yearly_table(tmp_path: Path):
    """Plan, result, comparison and next year's plan of an annual resolution's table, units as written."""
    path = tmp_path / "cao-bang-nghi-quyet-2025.md"
    path.write_text(YEAR_PLAN, encoding="utf-8")
    register = open_register(url=migrated_sqlite(tmp_path / "register.sqlite"))
    register.import_documents([path])
    appendix = build_appendix(register, "Cao Bằng", year=2024)
    originals = original_rows(YEAR_PLAN)
    assert len(originals) == 3
    assert [(o.line, differences(o, ours) if ours else ["missing"]) for o, ours in match(originals, appendix.rows)
            if ours is None or differences(o, ours)] == []
    assert {r.unit for r in appendix.rows} == {"Bác sỹ", "Số vụ, số người chết, bị thương", "Tỷ đồng"}
    following = {r.indicator: r for r in build_appendix(register, "Cao Bằng", year=2025).rows}
    assert following["Giảm cả 3 tiêu chí về tai nạn giao thông"].target == WORDS  # next year's plan, in words
    assert following["Tỷ lệ bác sỹ/vạn dân"].target == "12"
