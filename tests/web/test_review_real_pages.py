"""Upload and review of real pages of other provinces (tests/corpus/dev), not only our own samples: the page's
targets reach the review screen with its province, and a page that gives nothing says why."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.web.conftest import Site, build_site, csrf_of

DEV = Path(__file__).resolve().parents[1] / "corpus" / "dev"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(tmp_path_factory.mktemp("real-pages"))


def _upload(site: Site, name: str, data: bytes):
    client = site.client("admin")
    token = csrf_of(client.get("/upload").text)
    return client.post("/upload", data={"csrf_token": token}, files=[("files", (name, data, "text/plain"))])


def test_a_news_page_of_another_province_reaches_review_with_its_targets(site: Site) -> None:
    page = DEV / "quangngai_2024_chitieu_news.txt"
    response = _upload(site, page.name, page.read_bytes())
    assert response.status_code == 200 and response.url.path.startswith("/review/"), response.text[:300]
    html = response.text
    assert "Quảng Ngãi" in html
    cards = re.findall(r'<article class="card item[^"]*" id="item-\d+">', html)
    assert len(cards) >= 5
    assert "38,5" in html and "Tỷ lệ đô thị hóa" in html  # "tỷ lệ đô thị hóa đạt 38,5%" after "Cụ thể,"


def test_a_report_page_gives_its_results(site: Site) -> None:
    page = DEV / "ninhthuan_2023_ubnd_ketqua.txt"
    html = _upload(site, page.name, page.read_bytes()).text
    cards = re.findall(r'<article class="card item[^"]*" id="item-\d+">', html)
    assert len(cards) >= 15
    assert "41,85" in html  # "Tỷ trọng đóng góp của kinh tế biển vào GRDP 41,85% (KH 41%)"


def test_a_page_without_targets_says_why(site: Site) -> None:
    response = _upload(site, "thong-bao.txt", "Hội nghị Ban Chấp hành Đảng bộ tỉnh đã diễn ra tốt đẹp.\n".encode())
    assert response.status_code == 200
    assert "Không trích được mục nào" in response.text and "không có con số nào kèm đơn vị" in response.text
