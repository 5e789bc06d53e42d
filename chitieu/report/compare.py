"""A comparison workbook: one catalogue indicator, or every indicator of a field, across provinces.

One sheet per indicator: a row per province and target (period, target, latest figure, assessment), a province
shown under its current name after the 2025 mergers with its former name beside it. A field's workbook opens
with a summary sheet: provinces by assessment.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from chitieu.errors import ChitieuError, NotFoundError
from chitieu.register import Register
from chitieu.register.db import Indicator, Target
from chitieu.register.documents import load_catalogue
from chitieu.register.figures import assess_target
from chitieu.report.cells import workbook_bytes
from chitieu.report.wording import excel_format, format_target, status_label, text, unit_label

FONT = "Times New Roman"
SHEET_NAME_LIMIT = 31
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
COLUMNS = (("province", 22), ("indicator", 46), ("unit", 13), ("period", 11), ("target", 14), ("result", 14),
           ("result_period", 11), ("status", 18), ("source", 34))


def _headers() -> list[str]:
    keys = {"province": "province", "indicator": "indicator", "unit": "unit", "period": "period",
            "target": "target", "result": "result", "result_period": "period", "status": "status",
            "source": "source"}
    out = [text("columns", keys[key]) for key, _ in COLUMNS]
    out[6] = f"{text('columns', 'period')} ({text('columns', 'result').lower()})"
    return out


def _rows(register: Register, codes: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Catalogue code -> rows of every province's targets of that indicator."""
    out: dict[str, list[dict[str, Any]]] = {code: [] for code in codes}
    with register.factory() as session:
        targets = session.scalars(
            select(Target).join(Indicator, Target.indicator_id == Indicator.id).where(Indicator.code.in_(codes))
            .options(selectinload(Target.actuals), selectinload(Target.indicator), selectinload(Target.province),
                     selectinload(Target.congress), selectinload(Target.document)))
        for target in targets:
            row = assess_target(session, target)
            province = row["province_now"] or row["province"] or ""
            if row["province"] and row["province"] != province:
                province = f"{province} ({row['province']})"
            name = target.indicator_text + (f" - {target.breakdown}" if target.breakdown else "")
            out[row["catalogue"]].append({
                "province": province, "indicator": name, "unit": unit_label(target.unit),
                "period": target.period or "", "target": format_target(target.bound, target.value, target.value_max),
                "target_value": target.value if target.bound == "exact" else None, "result": row["actual"],
                "result_period": row["actual_period"] or "", "status": status_label(row["status"]),
                "source": target.document.name if target.document else "",
            })
    for rows in out.values():
        rows.sort(key=lambda r: (r["province"], r["period"]))
    return out


def _sheet(ws: Worksheet, title: str, rows: list[dict[str, Any]]) -> None:
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    ws["A1"] = title
    ws["A1"].font = Font(name=FONT, bold=True, size=13)
    ws["A1"].alignment = Alignment(horizontal="center")
    for column, (header, (_, width)) in enumerate(zip(_headers(), COLUMNS, strict=True), 1):
        cell = ws.cell(row=3, column=column, value=header)
        cell.font = Font(name=FONT, bold=True)
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(column)].width = width
    for number, row in enumerate(rows, 4):
        for column, (key, _) in enumerate(COLUMNS, 1):
            value = row[key]
            if key == "target" and row["target_value"] is not None and value == format_target(
                    "exact", row["target_value"], None):
                value = row["target_value"]
            cell = ws.cell(row=number, column=column, value=value if value != "" else None)
            cell.font = Font(name=FONT)
            cell.border = BORDER
            wrap = key in ("indicator", "source", "province")
            cell.alignment = Alignment(horizontal="left" if wrap else "center", vertical="center", wrap_text=wrap)
            if isinstance(value, float | int):
                cell.number_format = excel_format(float(value))
    ws.freeze_panes = "A4"
    _print_setup(ws)


def _print_setup(ws: Worksheet) -> None:
    """A4 landscape, the width of one page, the header row on every page."""
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _summary(ws: Worksheet, title: str, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Provinces by assessment over every indicator of the field."""
    counts: dict[str, Counter[str]] = {}
    for indicator_rows in rows.values():
        for row in indicator_rows:
            counts.setdefault(row["province"], Counter())[row["status"]] += 1
    statuses = sorted({s for c in counts.values() for s in c})
    ws["A1"] = title
    ws["A1"].font = Font(name=FONT, bold=True, size=13)
    headers = [text("columns", "province"), *statuses, text("progress", "total")]
    for column, header in enumerate(headers, 1):
        cell = ws.cell(row=3, column=column, value=header)
        cell.font = Font(name=FONT, bold=True)
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(column)].width = 26 if column == 1 else 16
    for number, (province, counter) in enumerate(sorted(counts.items()), 4):
        values = [province, *[counter.get(s, 0) for s in statuses], sum(counter.values())]
        for column, value in enumerate(values, 1):
            cell = ws.cell(row=number, column=column, value=value)
            cell.font = Font(name=FONT)
            cell.border = BORDER
    ws.freeze_panes = "B4"
    _print_setup(ws)


def sheet_title(name: str, taken: list[str]) -> str:
    """An Excel sheet name from an indicator's name: at most 31 characters, none of []:*?/\\, not taken yet."""
    base = " ".join(re.sub(r"[\[\]:*?/\\]", " ", name).split())
    if len(base) > SHEET_NAME_LIMIT:  # cut between words
        base = base[:SHEET_NAME_LIMIT + 1].rsplit(" ", 1)[0]
    title, number = base, 1
    while title in taken:
        number += 1
        suffix = f" ({number})"
        title = base[:SHEET_NAME_LIMIT - len(suffix)].rstrip() + suffix
    return title


def compare_xlsx(register: Register, indicator: str | None = None, field: str | None = None) -> bytes:
    """The comparison workbook of one indicator (catalogue code) or of a field ("moi_truong")."""
    fields, indicators = load_catalogue()
    if (indicator is None) == (field is None):
        raise ChitieuError("Hãy chọn một chỉ tiêu (--indicator) hoặc một lĩnh vực (--field) để so sánh.")
    if indicator is not None:
        chosen = [i for i in indicators if i.code == indicator]
        if not chosen:
            raise NotFoundError(f"Không có chỉ tiêu mã '{indicator}' trong danh mục.")
    else:
        if field not in fields:
            raise NotFoundError(f"Không có lĩnh vực '{field}'; dùng một trong: {', '.join(fields)}.")
        chosen = [i for i in indicators if i.field == field]
    rows = _rows(register, [i.code for i in chosen])
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    if field is not None:
        first.title = "Tổng hợp"
        _summary(first, text("titles", "compare_field", name=fields[field]), rows)
    for number, item in enumerate(chosen):
        if field is not None and not rows[item.code]:
            continue  # a field's workbook lists the indicators the register has
        ws = first if field is None and number == 0 else workbook.create_sheet()
        ws.title = sheet_title(item.name, workbook.sheetnames)
        _sheet(ws, text("titles", "compare_indicator", name=item.name), rows[item.code])
    return workbook_bytes(workbook)
