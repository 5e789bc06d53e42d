"""The entry template: same layout as the appendix, hidden ids, input columns with validation; read back cell by
cell, every bad cell reported in one error."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from chitieu.errors import InputError
from chitieu.register import Register
from chitieu.report import ActualEntry, TemplateError, build_appendix, read_template, template_xlsx

from .conftest import PROVINCE


@pytest.fixture(scope="module")
def blank(filled: Register) -> bytes:
    return template_xlsx(filled, PROVINCE, year=2024)


def _rows_with_ids(ws) -> dict[int, int]:
    return {ws.cell(r, 8).value: r for r in range(6, ws.max_row + 1) if ws.cell(r, 8).value is not None}


def _filled(blank: bytes, cells: dict[str, object]) -> bytes:
    workbook = load_workbook(io.BytesIO(blank))
    ws = workbook.worksheets[0]
    for coordinate, value in cells.items():
        ws[coordinate] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_layout_ids_and_validation(blank: bytes, filled: Register):
    workbook = load_workbook(io.BytesIO(blank))
    ws = workbook.worksheets[0]
    assert workbook["chitieu"].sheet_state == "hidden"
    assert ws.column_dimensions["H"].hidden
    assert [ws.cell(4, c).value for c in (8, 9, 10, 11)] == ["Mã chỉ tiêu", "Số liệu thực hiện (nhập)",
                                                            "Kỳ số liệu (nhập)", "Ghi chú, nguồn số liệu"]
    appendix = build_appendix(filled, PROVINCE, year=2024)
    ids = _rows_with_ids(ws)
    assert set(ids) == {r.target_id for r in appendix.rows if r.target_id is not None}
    for target_id, row in ids.items():
        item = next(r for r in appendix.rows if r.target_id == target_id)
        assert ws.cell(row, 2).value == item.label and ws.cell(row, 10).value == "2024"
    kinds = {v.type: v for v in ws.data_validations.dataValidation}
    assert set(kinds) == {"decimal", "list"} and kinds["list"].formula1 == '"2024"'
    assert read_template(blank) == []


def test_good_values_come_back_as_entries(blank: bytes, filled: Register):
    ws = load_workbook(io.BytesIO(blank)).worksheets[0]
    ids = _rows_with_ids(ws)
    (first, row1), (second, row2) = list(ids.items())[:2]
    data = _filled(blank, {f"I{row1}": 6.8, f"I{row2}": "1.050,5", f"K{row2}": "Cục Thống kê"})
    assert read_template(data, filled) == [
        ActualEntry(first, 6.8, "2024", None, f"I{row1}", ws.cell(row1, 2).value),
        ActualEntry(second, 1050.5, "2024", "Cục Thống kê", f"I{row2}", ws.cell(row2, 2).value),
    ]


def test_every_bad_cell_is_listed_once(blank: bytes, filled: Register):
    ws = load_workbook(io.BytesIO(blank)).worksheets[0]
    rows = list(_rows_with_ids(ws).values())
    data = _filled(blank, {f"I{rows[0]}": "sáu phẩy năm", f"I{rows[1]}": 5, f"J{rows[1]}": "2019",
                           f"I{rows[2]}": 7, f"J{rows[2]}": None, f"I{rows[3]}": 1, f"H{rows[3]}": 99999,
                           "I6": 3})
    with pytest.raises(TemplateError) as caught:
        read_template(data, filled, name="cao-bang-2024.xlsx")
    error = caught.value
    assert isinstance(error, InputError)
    assert [(p.cell, p.reason.split(" ")[0]) for p in error.problems] == [
        ("I6", "dòng"), (f"I{rows[0]}", "'sáu"), (f"J{rows[1]}", "kỳ"), (f"J{rows[2]}", "chưa"),
        (f"H{rows[3]}", "không"),
    ]
    message = str(error)
    assert message.startswith("Không đọc được tệp cao-bang-2024.xlsx: có 5 ô không hợp lệ: ô I6:")
    assert "'sáu phẩy năm' không phải là số" in message and "kỳ '2019' không hợp lệ" in message
    assert "không có chỉ tiêu số 99999" in message


def test_not_a_template(tmp_path, filled: Register):
    with pytest.raises(InputError, match=r"không phải tệp Excel \.xlsx"):
        read_template(b"not a workbook")
    path = tmp_path / "khac.xlsx"
    Workbook().save(path)
    with pytest.raises(InputError, match=r"khac\.xlsx: không phải biểu nhập số liệu"):
        read_template(path)
