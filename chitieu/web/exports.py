"""Any view as a table: CSV (UTF-8 with BOM, numbers written the Vietnamese way) or Excel (.xlsx, real numbers);
text that looks like a formula stays text in both (``report.cells``)."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from chitieu.numbers import format_number
from chitieu.report.cells import inert_text, workbook_bytes

Column = tuple[str, str]  # (key in the row, Vietnamese heading)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(name: str) -> str:
    """A ``Content-Disposition`` value for a download named ``name``: an ASCII fallback (no quotes, backslashes or
    control characters, so nothing from a query string can end the header or add one) and the real name in
    RFC 5987's ``filename*`` (UTF-8, percent-encoded)."""
    printable = "".join(c for c in name if c.isprintable() and c not in '"\\;')[:150] or "tai-ve"
    fallback = unicodedata.normalize("NFKD", printable).encode("ascii", "ignore").decode() or "tai-ve"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(printable, safe='')}"


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[Column]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([heading for _, heading in columns])
    for row in rows:
        writer.writerow([_csv(row.get(key)) for key, _ in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv(value: Any) -> str:
    """A number as written in Vietnamese; text made inert (``report.cells``)."""
    return _text(value) if isinstance(value, int | float) else inert_text(_text(value))


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int | float):
        return format_number(value)
    return "" if value is None else str(value)


def to_xlsx(rows: Sequence[dict[str, Any]], columns: Sequence[Column], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([heading for _, heading in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
    for row in rows:
        sheet.append([_cell(row.get(key)) for key, _ in columns])
    for index, (key, heading) in enumerate(columns, 1):
        longest = max([len(heading)] + [len(_text(r.get(key))) for r in rows[:500]])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(10, longest + 2), 60)
        for cell in sheet[get_column_letter(index)][1:]:
            if isinstance(cell.value, float):
                cell.number_format = "#,##0.##"
    sheet.freeze_panes = "A2"
    return workbook_bytes(book)


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return str(value)
    return value
