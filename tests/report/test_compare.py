"""The comparison workbook: one indicator or a field across provinces, every row as the register has it."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from chitieu.errors import ChitieuError, NotFoundError
from chitieu.register import Register
from chitieu.report import compare_xlsx
from chitieu.report.compare import sheet_title
from chitieu.report.wording import status_label


def test_one_indicator_across_provinces(filled: Register):
    workbook = load_workbook(io.BytesIO(compare_xlsx(filled, indicator="forest_cover")))
    [ws] = workbook.worksheets
    assert ws.title == "Tỷ lệ che phủ rừng" and ws["A1"].value == "So sánh chỉ tiêu: Tỷ lệ che phủ rừng"
    assert ws.freeze_panes == "A4"
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    expected = [r for r in filled.targets() if r["catalogue"] == "forest_cover"]
    assert len(rows) == len(expected) and {r[0] for r in rows} == {"Cao Bằng", "Lạng Sơn"}
    for row in rows:
        match = [e for e in expected if e["province"] == row[0] and e["period"] == row[3]
                 and status_label(e["status"]) == row[7] and e["actual"] == row[5]]
        assert match, row
    cao_bang = sorted((r[3], r[4], r[5] or 0, r[8]) for r in rows if r[0] == "Cao Bằng")
    # the 2025 resolution restates the political report's 56% for 2025: one target, its two statements its sources
    assert cao_bang == [("2024", 55.8, 55.8, "cao-bang-nghi-quyet-2024.md"),
                        ("2025", 56, 55.8, "cao-bang-bao-cao-chinh-tri-2020.md")]


def test_a_field_has_a_summary_and_a_sheet_per_indicator(filled: Register):
    workbook = load_workbook(io.BytesIO(compare_xlsx(filled, field="moi_truong")))
    assert workbook.sheetnames[0] == "Tổng hợp"
    assert "Tỷ lệ che phủ rừng" in workbook.sheetnames
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    summary = workbook["Tổng hợp"]
    provinces = {row[0]: row[-1] for row in summary.iter_rows(min_row=4, values_only=True)}
    field_rows = [r for r in filled.targets(field="moi_truong")]
    assert sum(provinces.values()) == len(field_rows)


def test_bad_choices(filled: Register):
    with pytest.raises(NotFoundError, match="Không có chỉ tiêu mã 'gdp'"):
        compare_xlsx(filled, indicator="gdp")
    with pytest.raises(NotFoundError, match="Không có lĩnh vực"):
        compare_xlsx(filled, field="the_thao")
    with pytest.raises(ChitieuError, match="Hãy chọn một chỉ tiêu"):
        compare_xlsx(filled)


def test_sheet_titles_are_short_unique_and_legal():
    name = "Tỷ lệ hộ gia đình được công nhận gia đình văn hóa"
    first = sheet_title(name, [])
    assert first == "Tỷ lệ hộ gia đình được công"
    assert sheet_title(name, [first]) == "Tỷ lệ hộ gia đình được công (2)"
    assert sheet_title("Tỷ lệ bác sĩ/vạn dân", []) == "Tỷ lệ bác sĩ vạn dân"
