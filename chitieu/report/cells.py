"""Spreadsheet cells that stay data: text someone typed (an indicator added in review, a note, an anonymous
comment) never becomes a formula when the export is opened.

In a workbook such text is written as a text cell: openpyxl would store a value starting with ``=`` as a formula,
so ``workbook_bytes`` turns every formula cell back into text before saving (chitieu writes no formulas of its own).
In a CSV file every cell is text to the spreadsheet that opens it, so a value starting with ``=``, ``+``, ``-``,
``@`` (or a tab or carriage return) gets a leading apostrophe, as OWASP advises; numbers are left alone.
"""

from __future__ import annotations

import io

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_text(text: str) -> str:
    """``text`` for a CSV cell: prefixed with an apostrophe when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook's .xlsx bytes, every cell a value: a formula-looking string is saved as text."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
