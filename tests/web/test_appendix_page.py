"""The appendix page: choose a province and a term or year, see the table, download .xlsx / .docx; an empty appendix
says why; bad input is one Vietnamese line; one vocabulary of states on every page."""

from __future__ import annotations

import io
import re
from html import unescape

from docx import Document
from openpyxl import load_workbook

from chitieu.labels import GROUPS, group_of
from tests.web.conftest import Site, find_target

PAGE = "/appendix"
LANG_SON = {"province": "Lạng Sơn", "period": "2015-2020"}


def test_the_page_shows_the_appendix_of_the_chosen_period(site: Site):
    client = site.client("nguoixem")
    empty = client.get(PAGE)
    assert empty.status_code == 200 and "Lạng Sơn" in empty.text and 'aria-current="page">Biểu tổng hợp' in empty.text
    assert '<option value="2015-2020"' in empty.text and '<option value="2024"' in empty.text
    page = client.get(PAGE, params=LANG_SON)
    assert page.status_code == 200
    html = unescape(page.text)
    assert "BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU, CHỈ TIÊU CHỦ YẾU NHIỆM KỲ 2015 - 2020" in html
    assert "Mục tiêu nhiệm kỳ 2020 - 2025" in html and "Kèm theo Báo cáo số" in html
    romans = re.findall(r'<tr class="group"><th scope="rowgroup">([IVX]+)</th>', page.text)
    assert romans and romans == ["I", "II", "III", "IV", "V", "VI", "VII"][:len(romans)]
    assert "Tốc độ tăng trưởng GRDP bình quân" in html and "6,8" in html and "Không đạt" in html
    for fmt in ("xlsx", "docx", "pdf"):
        assert f"/appendix.{fmt}?" in page.text


def test_downloads_open_and_hold_the_pages_figures(site: Site):
    client = site.client("nguoixem")
    workbook = client.get("/appendix.xlsx", params={**LANG_SON, "number": "12/BC-UBND"})
    assert workbook.status_code == 200 and "phu-luc" in workbook.headers["content-disposition"]
    ws = load_workbook(io.BytesIO(workbook.content)).active
    assert ws["A3"].value.startswith("(Kèm theo Báo cáo số 12/BC-UBND")
    cells = {ws.cell(r, 2).value: [ws.cell(r, c).value for c in range(3, 8)] for r in range(6, ws.max_row + 1)}
    assert cells["Tốc độ tăng trưởng GRDP bình quân"][1:4] == ["8,0 - 8,5", 6.8, "Không đạt"]
    word = client.get("/appendix.docx", params=LANG_SON)
    assert word.status_code == 200
    texts = [[c.text for c in row.cells] for row in Document(io.BytesIO(word.content)).tables[0].rows]
    pdf = client.get("/appendix.pdf", params=LANG_SON)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert ["8,0 - 8,5", "6,8", "Không đạt"] in [t[3:6] for t in texts if t[1] == "Tốc độ tăng trưởng GRDP bình quân"]


def test_an_empty_appendix_says_why_and_is_not_downloaded(site: Site):
    client = site.client("nguoixem")
    page = client.get(PAGE, params={"province": "Gia Lai", "period": "2024"})
    assert page.status_code == 200
    assert 'id="appendix-empty"' in page.text and "chưa có chỉ tiêu nào của Gia Lai" in unescape(page.text)
    assert "/appendix.xlsx?" not in page.text
    refused = client.get("/appendix.xlsx", params={"province": "Gia Lai", "period": "2024"})
    assert refused.status_code == 400 and "chưa có chỉ tiêu nào của Gia Lai" in unescape(refused.text)


def test_bad_input_is_one_vietnamese_line(site: Site):
    client = site.client("nguoixem")
    for params, words in (({"province": "Lạng Sơn", "period": "20244"}, "Kỳ '20244' không hợp lệ"),
                          ({"province": "Atlantis", "period": "2024"}, "Không có tỉnh, thành phố 'Atlantis'"),
                          ({"province": "Lạng Sơn", "period": "2025-2020"}, "Nhiệm kỳ '2025-2020' không hợp lệ")):
        response = client.get(PAGE, params=params)
        assert 400 <= response.status_code < 500 and words in unescape(response.text), response.text[:300]
    assert client.get("/appendix.odt", params=LANG_SON).status_code == 404
    anonymous = site.client().get(PAGE, follow_redirects=False)
    assert anonymous.status_code in (302, 303) and "/login" in anonymous.headers["location"]


def test_a_state_has_one_label_on_every_page(site: Site):
    client = site.client("nguoixem")
    target = find_target(site.register, "GRDP", "Lạng Sơn")
    assessment = site.register.assess(target["id"])
    page = unescape(client.get(f"/targets/{target['id']}").text)
    badge = re.search(r'id="status-badge">([^<]+)<', page)
    assert badge and badge.group(1) == GROUPS[group_of(assessment)]
    assert assessment["explanation"] in page
    overview = unescape(client.get("/").text)
    shown = set(re.findall(r'<span class="badge"[^>]*>([^<]+)</span>', overview))
    assert shown <= set(GROUPS.values()), shown - set(GROUPS.values())
    listing = unescape(client.get("/targets").text)
    assert set(re.findall(r'<span class="badge"[^>]*>([^<]+)</span>', listing)) <= set(GROUPS.values())


def test_the_api_gives_the_explanation(site: Site):
    target = find_target(site.register, "GRDP", "Lạng Sơn")
    answer = site.client().get(f"/api/targets/{target['id']}", headers={"Authorization": f"Bearer {site.token}"})
    assert answer.status_code == 200
    assessment = answer.json()["assessment"]
    assert assessment["explanation"] == site.register.assess(target["id"])["explanation"]
    assert assessment["explanation"].endswith(".") and "None" not in assessment["explanation"]


def test_the_page_starts_from_the_accounts_province(site: Site):
    page = site.client("bientap_ht").get(PAGE).text
    assert '<option value="Hà Tĩnh" selected>' in page and 'id="appendix"' not in page
