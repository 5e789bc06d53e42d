"""Many values at once through the Excel template (``chitieu.report.template``), with the same approval rule."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from chitieu.web.exports import XLSX_TYPE
from tests.web.conftest import Site, csrf_of

template = pytest.importorskip("chitieu.report.template")


def _filled(site: Site, client, owned_by: str | None) -> tuple[bytes, list[int]]:
    """The Lạng Sơn 2020-2025 template with a value in every row whose target ``owned_by`` owns (all rows if None)."""
    from chitieu.register.accounts import owners

    response = client.get("/actuals/template.xlsx", params={"province": "Lạng Sơn", "term": "2020-2025"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    owner = owners(site.register)
    filled = []
    for row in range(1, sheet.max_row + 1):
        target_id = sheet.cell(row=row, column=template.ID_COLUMN).value
        if isinstance(target_id, int) and (owned_by is None or owner[target_id]["name"] == owned_by):
            sheet.cell(row=row, column=template.VALUE_COLUMN, value=50)
            filled.append(target_id)
            if len(filled) == 2:
                break
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), filled


def _send(client, data: bytes):
    token = csrf_of(client.get("/approvals").text)
    return client.post("/actuals/template", data={"csrf_token": token},
                       files={"file": ("bieu.xlsx", data, XLSX_TYPE)})


def test_agency_sends_a_filled_template_for_approval(site: Site) -> None:
    client = site.client("soyte_ls")
    data, filled = _filled(site, client, "Sở Y tế")
    assert filled
    response = _send(client, data)
    assert response.status_code == 200 and f"Đã gửi {len(filled)} số liệu" in response.text
    for target_id in filled:
        assert site.register.assess(target_id)["actual"] is None  # waiting for the administrator


def test_template_rows_of_another_agency_are_refused_all_at_once(site: Site) -> None:
    client = site.client("soyte_ls")
    data, filled = _filled(site, client, "Sở Tài chính")
    response = _send(client, data)
    assert response.status_code == 403
    assert all(f"chỉ tiêu số {t}" in response.text for t in filled)
