"""Many values at once through the Excel template (``chitieu.report.template``), with the same approval rule."""

from __future__ import annotations

import html
import io

import pytest
from openpyxl import load_workbook

from chitieu.register.accounts import list_agencies, owners
from chitieu.register.figures import list_pending
from chitieu.web.exports import XLSX_TYPE
from tests.web.conftest import Site, csrf_of

template = pytest.importorskip("chitieu.report.template")


def _download(client, **params: str) -> bytes:
    response = client.get("/actuals/template.xlsx", params={"province": "Lạng Sơn", "term": "2020-2025", **params})
    assert response.status_code == 200, response.text[:300]
    return response.content


def _ids(data: bytes) -> list[int]:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [v for v in (sheet.cell(row=r, column=template.ID_COLUMN).value for r in range(1, sheet.max_row + 1))
            if isinstance(v, int)]


def _filled(site: Site, data: bytes, owned_by: str | None, count: int = 2) -> tuple[bytes, list[int]]:
    """``data`` (a template) with a value in the first ``count`` rows whose target ``owned_by`` owns (any if None)."""
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    owner = owners(site.register)
    filled = []
    for row in range(1, sheet.max_row + 1):
        target_id = sheet.cell(row=row, column=template.ID_COLUMN).value
        if isinstance(target_id, int) and (owned_by is None or owner[target_id]["name"] == owned_by):
            sheet.cell(row=row, column=template.VALUE_COLUMN, value=50)
            filled.append(target_id)
            if len(filled) == count:
                break
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), filled


def _send(client, data: bytes):
    token = csrf_of(client.get("/approvals").text)
    return client.post("/actuals/template", data={"csrf_token": token},
                       files={"file": ("bieu.xlsx", data, XLSX_TYPE)})


def test_an_agency_editor_gets_only_his_agency_rows(site: Site) -> None:
    data = _download(site.client("soyte_ls"), agency="")  # asking for the shared one changes nothing
    ids = _ids(data)
    owner = owners(site.register)
    assert ids and {owner[i]["name"] for i in ids} == {"Sở Y tế"}
    everything = _ids(_download(site.client("admin")))
    assert set(ids) < set(everything)
    meta = load_workbook(io.BytesIO(data))[template.META_SHEET]
    assert [row[1].value for row in meta.iter_rows() if row[0].value == "agency"] == ["Sở Y tế"]


def test_an_administrator_downloads_one_agency_template(site: Site) -> None:
    farming = next(a for a in list_agencies(site.register)
                   if a["name"] == "Sở Nông nghiệp và Môi trường" and a["province"] == "Lạng Sơn")
    ids = _ids(_download(site.client("admin"), agency=str(farming["id"])))
    owner = owners(site.register)
    assert ids and {owner[i]["id"] for i in ids} == {farming["id"]}
    other = next(a for a in list_agencies(site.register) if a["province"] == "Hà Tĩnh")
    refused = site.client("admin").get("/actuals/template.xlsx", params={"province": "Lạng Sơn", "year": "2024",
                                                                         "agency": str(other["id"])})
    assert refused.status_code == 404 and "của Lạng Sơn" in refused.text


def test_agency_sends_a_filled_template_for_approval(site: Site) -> None:
    client = site.client("soyte_ls")
    data, filled = _filled(site, _download(client), "Sở Y tế")
    assert filled
    response = _send(client, data)
    assert response.status_code == 200 and f"Đã gửi {len(filled)} số liệu" in response.text
    for target_id in filled:
        assert site.register.assess(target_id)["actual"] is None  # waiting for the administrator


def test_a_shared_template_takes_what_the_sender_may_enter_and_lists_the_rest(site: Site) -> None:
    shared = _download(site.client("admin"))
    mine, health = _filled(site, shared, "Sở Y tế", count=1)
    data, finance = _filled(site, mine, "Sở Tài chính", count=2)
    client = site.client("soyte_ls")
    before = {p["id"] for p in list_pending(site.register)}
    response = _send(client, data)
    assert response.status_code == 200, response.text[:300]
    page = html.unescape(response.text)
    assert "Đã gửi 1 số liệu từ biểu Excel" in page and "Không xử lý được 2 số liệu" in page
    for target_id in finance:
        assert f"(chỉ tiêu số {target_id}): Chỉ tiêu số {target_id} không do Sở Y tế phụ trách." in page
    sent = [p["target_id"] for p in list_pending(site.register) if p["id"] not in before]
    assert sent == health
