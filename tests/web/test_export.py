"""Exports of the views to Excel and CSV."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from tests.web.conftest import Site, find_target


def test_register_to_xlsx_keeps_the_filters(site: Site) -> None:
    response = site.client("nguoixem").get("/export/targets.xlsx", params={"province": "Hà Tĩnh"})
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Số", "Tỉnh, thành phố", "Lĩnh vực", "Chỉ tiêu")
    expected = site.register.query_targets(province="Hà Tĩnh", limit=0)[0]
    assert len(rows) - 1 == expected and {r[1] for r in rows[1:]} == {"Hà Tĩnh"}


def test_register_to_csv_is_vietnamese(site: Site) -> None:
    response = site.client("nguoixem").get("/export/targets.csv", params={"q": "ngan sach"})
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][3] == "Chỉ tiêu" and len(rows) > 1
    assert any("19.800 tỷ đồng" in r for r in rows)


def test_target_compare_and_overview_exports(site: Site) -> None:
    client = site.client("nguoixem")
    target = find_target(site.register, "ho ngheo", "Hà Tĩnh")
    assert client.get(f"/export/target-{target['id']}.csv").status_code == 200
    compare = client.get("/export/compare.csv", params={"indicator": "health_insurance"}).content.decode()
    assert "Hà Tĩnh" in compare and "Lạng Sơn" in compare
    overview = load_workbook(io.BytesIO(client.get("/export/overview.xlsx").content)).active
    assert overview["A1"].value == "Lĩnh vực"
    assert client.get("/export/targets.pdf").status_code == 404
