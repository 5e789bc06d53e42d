"""An Excel template for entering actual values, and reading one back.

``template_xlsx`` lays out the appendix of a province (or of one agency's targets in it: each agency its own template)
for a year (or a term) with four more columns: the target's
id (hidden), the value to enter, its period (pre-filled, from a list) and a note. A hidden sheet records what the
template is for. ``read_template`` checks an uploaded workbook cell by cell and returns the entries; every bad cell
is collected and reported in one ``TemplateError`` (an ``InputError``) whose message names each cell and why.
Nothing is written to the register here: the caller sends the entries (``figures.submit_entries``), which takes those
the sender may enter and lists the others with the reason.
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError

from lxml import etree
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import select

from chitieu.errors import InputError
from chitieu.intake import Budget, check_package, check_sheets, run_bounded
from chitieu.intake.budget import applied, current
from chitieu.numbers import parse_number
from chitieu.register import Register
from chitieu.register.accounts import agency_targets
from chitieu.register.db import Target
from chitieu.report.appendix import Appendix, AppendixRow, build_appendix
from chitieu.report.cells import workbook_bytes
from chitieu.report.wording import text
from chitieu.report.xlsx import WIDTHS, write_appendix_sheet

FORMAT = "chitieu-template-1"
META_SHEET = "chitieu"
ID_COLUMN = len(WIDTHS) + 1  # H: the target's id, hidden
VALUE_COLUMN = ID_COLUMN + 1  # I
PERIOD_COLUMN = ID_COLUMN + 2  # J
NOTE_COLUMN = ID_COLUMN + 3  # K
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
PERIOD = re.compile(r"^\d{4}(-\d{4})?$")
DEFAULT_NAME = "bieu-nhap-so-lieu.xlsx"


@dataclass(frozen=True, slots=True)
class ActualEntry:
    target_id: int
    value: float
    period: str
    note: str | None
    cell: str  # where the value was entered ("I12")
    indicator: str


@dataclass(frozen=True, slots=True)
class CellProblem:
    cell: str
    reason: str

    def __str__(self) -> str:
        return f"ô {self.cell}: {self.reason}"


class TemplateError(InputError):
    """An uploaded template with bad cells; ``problems`` lists each, the message names them all."""

    def __init__(self, name: str, problems: list[CellProblem]) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(name, f"có {count} ô không hợp lệ: " + "; ".join(str(p) for p in problems) + ".")


def allowed_periods(appendix: Appendix) -> list[str]:
    """The periods a value may be entered for: the year; or each year of the term and the term itself."""
    if appendix.kind == "year":
        return [appendix.period]
    start, _, end = appendix.period.partition("-")
    return [str(y) for y in range(int(start) + 1, int(end) + 1)] + [appendix.period]


def only_targets(appendix: Appendix, keep: set[int]) -> Appendix:
    """``appendix`` with only the rows of the targets in ``keep`` (an agency's own), each heading kept above the rows
    it still heads, a group without rows left out."""
    groups = []
    for group in appendix.groups:
        rows: list[AppendixRow] = []
        heading: AppendixRow | None = None
        for row in group.rows:
            if row.heading:
                heading = row
            elif row.target_id in keep:
                if heading is not None:
                    rows.append(heading)
                    heading = None
                rows.append(row)
        if rows:
            groups.append(dataclasses.replace(group, rows=rows))
    return dataclasses.replace(appendix, groups=groups)


def template_xlsx(register: Register, province: str, term: str | None = None, year: int | None = None,
                  agency_id: int | None = None) -> bytes:
    """The entry template of ``province`` for a ``year`` (or a ``term``); with ``agency_id``, that agency's own:
    only the rows of the targets it owns (``accounts.agency_targets``)."""
    appendix = build_appendix(register, province, term=term, year=year)
    agency = ""
    if agency_id is not None:
        agency, owned = agency_targets(register, agency_id, province)
        appendix = only_targets(appendix, owned)
    periods = allowed_periods(appendix)
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = "Nhập số liệu"
    headers = (text("columns", "target_id"), text("columns", "entry_value"), text("columns", "entry_period"),
               text("columns", "entry_note"))
    placed = write_appendix_sheet(ws, appendix, headers)
    ws.column_dimensions[get_column_letter(ID_COLUMN)].hidden = True
    for column, width in ((VALUE_COLUMN, 16), (PERIOD_COLUMN, 13), (NOTE_COLUMN, 30)):
        ws.column_dimensions[get_column_letter(column)].width = width
    numbers = DataValidation(type="decimal", operator="between", formula1="-1000000000000", formula2="1000000000000",
                             allow_blank=True, showErrorMessage=True, errorTitle="Số liệu không hợp lệ",
                             error="Hãy nhập một số, ví dụ 6,5 hoặc 1.100.")
    choices = DataValidation(type="list", formula1='"' + ",".join(periods) + '"', allow_blank=True,
                             showErrorMessage=True, errorTitle="Kỳ không hợp lệ",
                             error="Hãy chọn kỳ trong danh sách: " + ", ".join(periods) + ".")
    ws.add_data_validation(numbers)
    ws.add_data_validation(choices)
    default_period = appendix.period if appendix.kind == "year" else periods[-2]
    for place in placed:
        item = place.item
        if item is None or item.heading or item.target_id is None:
            continue
        ws.cell(row=place.row, column=ID_COLUMN, value=item.target_id)
        ws.cell(row=place.row, column=PERIOD_COLUMN, value=default_period)
        for column in (VALUE_COLUMN, PERIOD_COLUMN, NOTE_COLUMN):
            ws.cell(row=place.row, column=column).fill = INPUT_FILL
            ws.cell(row=place.row, column=column).font = Font(name="Times New Roman")
        numbers.add(ws.cell(row=place.row, column=VALUE_COLUMN).coordinate)
        choices.add(ws.cell(row=place.row, column=PERIOD_COLUMN).coordinate)
        ws.cell(row=place.row, column=VALUE_COLUMN).number_format = "General"
    ws.freeze_panes = "C6"
    meta = workbook.create_sheet(META_SHEET)
    for row, pair in enumerate((("format", FORMAT), ("province", appendix.province), ("kind", appendix.kind),
                                ("period", appendix.period), ("periods", ",".join(periods)), ("agency", agency)), 1):
        meta.cell(row=row, column=1, value=pair[0])
        meta.cell(row=row, column=2, value=pair[1])
    meta.sheet_state = "hidden"
    return workbook_bytes(workbook)


def _value(raw: object) -> float | None:
    """A number cell, or Vietnamese-written text ("6,5", "1.100"); None if it is neither."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return float(raw)
    if isinstance(raw, str):
        try:
            return parse_number(raw.strip())
        except ValueError:
            return None
    return None


Row = tuple[int, tuple[object, ...]]  # a row number and its cells' values, columns A to NOTE_COLUMN
# What openpyxl raises on a damaged workbook (found by bench/fuzz_intake.py --budget).
_BROKEN = (OSError, EOFError, zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError, AttributeError,
           IndexError, etree.LxmlError, ParseError)


def read_workbook(path: Path) -> tuple[dict[str, str], list[Row]]:
    """The meta sheet and the filled rows of a template file, read within the current budget (``Budget.rows``,
    ``cells``, ``uncompressed_bytes``; the defaults when none): the package is checked like a .docx and its sheets
    streamed before openpyxl opens it read-only, and only rows that hold cells are read."""
    with applied(current() or Budget()):
        check_package(path, "xl/workbook.xml", "Excel .xlsx")
        last = check_sheets(path)
        handle = path.open("rb")  # ours to close: openpyxl leaves its file open when a broken part stops it
        try:
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except _BROKEN as exc:
            handle.close()
            raise InputError(path, f"không mở được tệp Excel (.xlsx): tệp bị hỏng ({exc.__class__.__name__})") from exc
        try:
            if META_SHEET not in workbook.sheetnames:
                raise InputError(path, "không phải biểu nhập số liệu do chitieu tạo (thiếu trang thông tin)")
            meta_sheet = workbook[META_SHEET]
            meta_sheet.reset_dimensions()  # a sheet's stated size is not trusted: ``last`` is what it holds
            meta = {str(r[0]): str(r[1]) for r in meta_sheet.iter_rows(max_row=max(last, 1), max_col=2,
                                                                        values_only=True) if r and r[0] is not None}
            ws = workbook.worksheets[0]
            ws.reset_dimensions()
            rows: list[Row] = []
            if last >= 6:
                for number, values in enumerate(ws.iter_rows(min_row=6, max_row=last, max_col=NOTE_COLUMN,
                                                             values_only=True), 6):
                    if any(value is not None for value in values):
                        rows.append((number, tuple(values)))
        except _BROKEN as exc:
            raise InputError(path, f"tệp Excel .xlsx bị hỏng ({exc.__class__.__name__})") from exc
        finally:
            workbook.close()
            handle.close()
    return meta, rows


def read_template(source: str | Path | bytes, register: Register | None = None,
                  name: str | None = None, budget: Budget | None = None) -> list[ActualEntry]:
    """The entries of a filled template, every cell checked; with ``register``, each target must exist in it.
    With ``budget`` the workbook is read under it (in a separate process when ``budget.isolated``)."""
    name = Path(name or (Path(source).name if not isinstance(source, bytes) else DEFAULT_NAME)).name or DEFAULT_NAME
    with tempfile.TemporaryDirectory(prefix="chitieu-template-") as folder:
        path = Path(folder) / name
        try:
            path.write_bytes(source if isinstance(source, bytes) else Path(source).read_bytes())
        except OSError as exc:
            raise InputError(name, "không mở được tệp Excel (.xlsx)") from exc
        meta, rows = run_bounded(read_workbook, path, path=path, budget=budget)
    if meta.get("format") != FORMAT:
        raise InputError(name, "biểu nhập số liệu thuộc phiên bản khác; hãy tải biểu mới")
    periods = set(meta.get("periods", "").split(","))
    known: set[int] | None = None
    if register is not None:
        with register.factory() as session:
            known = set(session.scalars(select(Target.id)))
    entries: list[ActualEntry] = []
    problems: list[CellProblem] = []
    for row, values in rows:
        raw_id, raw_value = values[ID_COLUMN - 1], values[VALUE_COLUMN - 1]
        raw_period, raw_note = values[PERIOD_COLUMN - 1], values[NOTE_COLUMN - 1]
        value_cell = f"{get_column_letter(VALUE_COLUMN)}{row}"
        if raw_value is None or (isinstance(raw_value, str) and not raw_value.strip()):
            continue
        indicator = str(values[1] or "").strip()
        if raw_id is None:
            problems.append(CellProblem(value_cell, "dòng này không có chỉ tiêu để nhập số liệu"))
            continue
        if isinstance(raw_id, bool) or not isinstance(raw_id, int | float) or int(raw_id) != raw_id:
            problems.append(CellProblem(f"{get_column_letter(ID_COLUMN)}{row}", "mã chỉ tiêu ẩn đã bị sửa"))
            continue
        target_id = int(raw_id)
        if known is not None and target_id not in known:
            problems.append(CellProblem(f"{get_column_letter(ID_COLUMN)}{row}",
                                        f"không có chỉ tiêu số {target_id} trong sổ theo dõi"))
            continue
        value = _value(raw_value)
        if value is None:
            problems.append(CellProblem(value_cell, f"'{raw_value}' không phải là số (viết như 6,5 hoặc 1.100)"))
        period = str(int(raw_period)) if isinstance(raw_period, int | float) else str(raw_period or "").strip()
        period = period.replace(" ", "")
        period_cell = f"{get_column_letter(PERIOD_COLUMN)}{row}"
        if not period:
            problems.append(CellProblem(period_cell, "chưa chọn kỳ của số liệu"))
        elif not PERIOD.match(period) or period not in periods:
            problems.append(CellProblem(period_cell, f"kỳ '{period}' không hợp lệ; chọn một trong: "
                                                     f"{', '.join(sorted(periods))}"))
        elif value is not None:
            note = str(raw_note).strip() if raw_note is not None and str(raw_note).strip() else None
            entries.append(ActualEntry(target_id, value, period, note, value_cell, indicator))
    if problems:
        raise TemplateError(name, problems)
    return entries
