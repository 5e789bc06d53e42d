"""The appendix as .xlsx and .docx, opened again and checked cell by cell against the row model and the register."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook

from chitieu.numbers import parse_number
from chitieu.register import Register
from chitieu.report import appendix_docx, appendix_xlsx, build_appendix
from chitieu.report.wording import format_value, unit_label

from .conftest import PROVINCE


@pytest.fixture(scope="module", params=[{"term": "2015-2020"}, {"year": 2024}], ids=["term", "year"])
def appendix(request: pytest.FixtureRequest, filled: Register):
    return build_appendix(filled, PROVINCE, **request.param)


def _shown(value: object) -> str:
    if value is None:
        return ""
    return format_value(float(value)) if isinstance(value, int | float) else str(value)


def test_xlsx_layout_and_values(appendix):
    ws = load_workbook(io.BytesIO(appendix_xlsx(appendix))).active
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:G1", "A4:A5", "B4:B5", "C4:C5", "D4:F4", "G4:G5"} <= merged
    assert ws["A1"].value == f"PHỤ LỤC\n{appendix.title}" and ws["A1"].font.bold
    assert (ws["A2"].value, ws["A3"].value) == (f"Tỉnh {PROVINCE}", appendix.attached)
    assert ws["D4"].value == appendix.block_label() and ws["G4"].value == appendix.next_label()
    assert [ws.cell(5, c).value for c in (4, 5, 6)] == [appendix.target_label(), appendix.result_label(),
                                                         appendix.comparison_label()]
    assert ws.freeze_panes == "A6" and ws.print_title_rows == "$4:$5"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.column_dimensions["B"].width > 40
    row = 6
    for group in appendix.groups:
        assert (ws.cell(row, 1).value, ws.cell(row, 2).value) == (group.roman, group.label.upper())
        assert ws.cell(row, 2).font.bold and ws.cell(row, 2).font.name == "Times New Roman"
        row += 1
        for item in group.rows:
            cells = [ws.cell(row, c) for c in range(1, 8)]
            assert _shown(cells[0].value) == item.number
            assert cells[1].value == item.label
            assert _shown(cells[2].value) == unit_label(item.unit)
            if not item.heading:
                assert _shown(cells[3].value) == item.target
                assert cells[4].value == (item.result if item.result is not None else item.result_text or None)
                assert _shown(cells[5].value) == item.comparison
                assert _shown(cells[6].value) == item.next_target
                for cell in (cells[3], cells[4], cells[6]):
                    if isinstance(cell.value, int | float):
                        assert cell.number_format.startswith("[$-42A]#,##0")
            row += 1
    assert ws.max_row == row - 1


def test_docx_table_and_values(appendix):
    document = Document(io.BytesIO(appendix_docx(appendix)))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert [p.text for p in document.paragraphs[:4]] == ["PHỤ LỤC", appendix.title, f"Tỉnh {PROVINCE}",
                                                         appendix.attached]
    [table] = document.tables
    assert len(table.columns) == 7
    head, sub = table.rows[0].cells, table.rows[1].cells
    assert [head[0].text, head[1].text, head[2].text] == ["TT", "Chỉ tiêu", "Đơn vị tính"]
    assert head[3].text == head[4].text == head[5].text == appendix.block_label()  # one merged cell
    assert head[6].text == sub[6].text == appendix.next_label()
    assert [sub[3].text, sub[4].text, sub[5].text] == [appendix.target_label(), appendix.result_label(),
                                                       appendix.comparison_label()]
    index = 2
    for group in appendix.groups:
        cells = table.rows[index].cells
        assert cells[0].text == group.roman and cells[1].text == group.label.upper() == cells[6].text
        assert cells[1].paragraphs[0].runs[0].bold
        index += 1
        for item in group.rows:
            texts = [c.text for c in table.rows[index].cells]
            assert texts[:3] == [item.number, item.label, unit_label(item.unit)]
            if not item.heading:
                result = format_value(item.result) or item.result_text
                assert texts[3:] == [item.target, result, item.comparison, item.next_target]
            index += 1
    assert index == len(table.rows)
    header_marks = table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    assert header_marks, "the header rows repeat on every page"


def test_every_number_is_written_the_vietnamese_way(filled: Register):
    document = Document(io.BytesIO(appendix_docx(build_appendix(filled, PROVINCE, "2015-2020"))))
    texts = {cell.text for row in document.tables[0].rows for cell in row.cells}
    assert {"270.500", "2.150", "7,0 - 7,5", "36,4", "> 35", "≥ 97", "2,5 - 3,0", "3.200"} <= texts
    assert not any(t.replace(".", "").isdigit() and "." in t and len(t.split(".")[-1]) != 3 for t in texts)


def _numbers(written: str) -> list[float]:
    return [parse_number(n) for n in re.findall(r"\d[\d.,]*", written)]


def _xlsx_rows(data: bytes) -> list[list[object]]:
    ws = load_workbook(io.BytesIO(data)).active
    return [[ws.cell(r, c).value for c in range(1, 8)] for r in range(6, ws.max_row + 1)]


@pytest.mark.parametrize("period", [{"year": 2024}, {"term": "2020-2025"}], ids=str)
def test_the_files_hold_the_registers_figures(filled: Register, period):
    """Each target's row in the .xlsx and the .docx, read back, against the register itself (not the row model)."""
    today = date(2026, 12, 3)
    appendix = build_appendix(filled, PROVINCE, today=today, **period)
    register = {r["id"]: r for r in filled.targets(province=PROVINCE)}
    sheet = _xlsx_rows(appendix_xlsx(appendix))
    table = [[c.text for c in row.cells] for row in Document(io.BytesIO(appendix_docx(appendix))).tables[0].rows][2:]
    checked = 0
    for index, row in enumerate(r for g in appendix.groups for r in [None, *g.rows]):
        if row is None or row.target_id is None:
            continue
        source = register[row.target_id]
        cells, texts = sheet[index], table[index]
        assert cells[1] == texts[1] == row.label
        assert _numbers(source["target"]) == _numbers(_shown(cells[3])) == _numbers(texts[3]), (source, cells)
        if source["method"] == "verdict":
            assert cells[4] == source["actual"] and texts[4] == format_value(source["actual"])
            verdict = {"exceeded": "Vượt", "met": "Đạt", "not_met": "Không đạt"}[source["status"]]
            assert str(cells[5]).startswith(verdict) and texts[5].startswith(verdict)
            checked += 1
        elif source["actual"] is not None:
            assert cells[4] is not None and texts[4]
            checked += 1
    assert checked >= 4
