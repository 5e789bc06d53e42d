"""The appendix as an Excel workbook: merged two-row header, bold group rows, Vietnamese number formats, widths,
A4 landscape fitted to the page width, header frozen and repeated on every printed page.

``write_appendix_sheet`` lays the table out on a sheet and returns where each row went, so the entry template
(``template.py``) reuses the same layout with its input columns on the right.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from chitieu.report.appendix import Appendix, AppendixRow
from chitieu.report.cells import workbook_bytes
from chitieu.report.wording import excel_format, format_value, text, unit_label

FONT = "Times New Roman"
WIDTHS = (6, 58, 13, 14, 14, 17, 18)
HEADER_ROWS = (4, 5)
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
LINE_HEIGHT = 16.5  # points per wrapped line of 12-point text


@dataclass(frozen=True, slots=True)
class Placed:
    row: int  # the sheet row
    item: AppendixRow | None  # None for a group row


def font(bold: bool = False, italic: bool = False, size: int = 12) -> Font:
    return Font(name=FONT, bold=bold, italic=italic, size=size)


def header_cells(appendix: Appendix) -> list[tuple[str, str]]:
    """(range, text) of the two header rows."""
    return [
        ("A4:A5", text("columns", "number")),
        ("B4:B5", text("columns", "indicator")),
        ("C4:C5", text("columns", "unit")),
        ("D4:F4", appendix.block_label()),
        ("D5", appendix.target_label()),
        ("E5", appendix.result_label()),
        ("F5", appendix.comparison_label()),
        ("G4:G5", appendix.next_label()),
    ]


def _number_or_text(cell_value: float | None, shown: str) -> float | str:
    """A plain number stays a number (formatted Vietnamese); "≥ 17" or "6,5 - 7,0" stays text."""
    if cell_value is not None and shown == format_value(cell_value):
        return cell_value
    return shown


def _blank(value: float | str) -> float | str | None:
    """An empty text is an empty cell; a zero stays a zero."""
    return None if value == "" else value


def _put(ws: Worksheet, row: int, column: int, value: object, bold: bool = False,
         align: Alignment = CENTER) -> None:
    cell = ws.cell(row=row, column=column, value=value)
    cell.font = font(bold=bold)
    cell.border = BORDER
    cell.alignment = align
    if isinstance(value, float | int) and not isinstance(value, bool):
        cell.number_format = excel_format(float(value))


def _lines(words: str, width: float) -> int:
    """How many lines ``words`` wraps to in a column ``width`` characters wide (a generous estimate)."""
    per_line = max(int(width * 1.15), 1)
    lines, used = 1, 0
    for word in words.split():
        if used and used + 1 + len(word) > per_line:
            lines, used = lines + 1, len(word)
        else:
            used += (1 if used else 0) + len(word)
    return lines


def write_appendix_sheet(ws: Worksheet, appendix: Appendix, extra_headers: tuple[str, ...] = (),
                         attached: bool = False) -> list[Placed]:
    """Lay the appendix out on ``ws`` (columns A-G, then ``extra_headers`` from H); the rows placed, in order.

    With ``attached`` (the appendix handed in with a report) the title row starts with "Phụ lục" and the line
    "(Kèm theo Báo cáo số … ngày …)" follows the province."""
    last = len(WIDTHS) + len(extra_headers)
    last_letter = get_column_letter(last)
    ws.merge_cells(f"A1:{last_letter}1")
    ws["A1"] = f"{appendix.label().upper()}\n{appendix.title}" if attached else appendix.title
    ws["A1"].font = font(bold=True, size=13)
    ws["A1"].alignment = CENTER
    ws.merge_cells(f"A2:{last_letter}2")
    ws["A2"] = appendix.subtitle()
    ws["A2"].font = font(italic=True)
    ws["A2"].alignment = CENTER
    if attached:
        ws.merge_cells(f"A3:{last_letter}3")
        ws["A3"] = appendix.attached
        ws["A3"].font = font(italic=True)
        ws["A3"].alignment = CENTER
    ws.row_dimensions[1].height = 54 if attached else 36
    ws.row_dimensions[HEADER_ROWS[1]].height = 33
    for span, label in header_cells(appendix):
        first = span.split(":")[0]
        if ":" in span:
            ws.merge_cells(span)
        for row in ws[span] if ":" in span else ((ws[first],),):
            for cell in row:
                cell.border = BORDER
        ws[first] = label
        ws[first].font = font(bold=True)
        ws[first].alignment = CENTER
    for offset, label in enumerate(extra_headers):
        letter = get_column_letter(len(WIDTHS) + 1 + offset)
        ws.merge_cells(f"{letter}4:{letter}5")
        ws[f"{letter}4"] = label
        ws[f"{letter}4"].font = font(bold=True)
        ws[f"{letter}4"].alignment = CENTER
        ws[f"{letter}4"].border = ws[f"{letter}5"].border = BORDER
    for index, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    placed = []
    row_number = HEADER_ROWS[1] + 1
    for group in appendix.groups:
        _put(ws, row_number, 1, group.roman, bold=True)
        _put(ws, row_number, 2, group.label.upper(), bold=True, align=LEFT)
        for column in range(3, last + 1):
            _put(ws, row_number, column, None, bold=True)
        placed.append(Placed(row_number, None))
        row_number += 1
        for item in group.rows:
            bold = item.heading or (bool(item.number) and not item.breakdown)
            values: list[object] = [item.number or None, item.label, unit_label(item.unit) or None]
            if not item.heading:
                result = item.result if item.result is not None else _blank(item.result_text)
                values += [_blank(_number_or_text(item.target_value, item.target)), result,
                           _blank(item.comparison), _blank(_number_or_text(item.next_target_value, item.next_target))]
            values += [None] * (last - len(values))
            for column, value in enumerate(values, 1):
                _put(ws, row_number, column, value, bold=bold and column <= 2, align=LEFT if column == 2 else CENTER)
            ws.row_dimensions[row_number].height = LINE_HEIGHT * max(_lines(item.label, WIDTHS[1]),
                                                                     _lines(item.comparison, WIDTHS[5]))
            placed.append(Placed(row_number, item))
            row_number += 1
    ws.freeze_panes = f"A{HEADER_ROWS[1] + 1}"
    ws.print_title_rows = f"{HEADER_ROWS[0]}:{HEADER_ROWS[1]}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    return placed


def appendix_xlsx(appendix: Appendix) -> bytes:
    """The appendix as the bytes of an .xlsx workbook."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = ("Năm " if appendix.kind == "year" else "Nhiệm kỳ ") + appendix.period
    write_appendix_sheet(sheet, appendix, attached=True)
    return workbook_bytes(workbook)
