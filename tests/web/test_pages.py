"""The overview, the register list (filters, accent-insensitive search, sort), a target's page, comparison."""

from __future__ import annotations

from tests.web.conftest import Site, find_target


def test_overview_counts_by_field_and_lists_attention(site: Site) -> None:
    page = site.client("admin").get("/", params={"province": "Lạng Sơn"}).text
    assert "Tổng quan · Lạng Sơn" in page
    assert "Đánh giá theo lĩnh vực" in page and "<svg" in page
    total = sum(sum(g.values()) for g in site.register.status_counts(province="Lạng Sơn").values())
    assert f"{total} chỉ tiêu" in page
    assert "Kinh tế" in page and "Chưa đủ số liệu" in page


def test_search_ignores_accents(site: Site) -> None:
    client = site.client("nguoixem")
    page = client.get("/targets", params={"q": "ho ngheo"}).text
    assert "Tỷ lệ hộ nghèo" in page
    assert "Tốc độ tăng trưởng" not in page


def test_filters_by_province_and_field(site: Site) -> None:
    client = site.client("nguoixem")
    page = client.get("/targets", params={"province": "Hà Tĩnh", "field": "moi_truong"}).text
    assert "chất thải rắn" in page
    assert "Lạng Sơn</td>" not in page
    assert "<b>1</b> chỉ tiêu" in page


def test_htmx_request_gets_only_the_table(site: Site) -> None:
    client = site.client("nguoixem")
    response = client.get("/targets", params={"q": "rung"}, headers={"HX-Request": "true", "HX-Target": "results"})
    assert "<html" not in response.text and "<table" in response.text
    assert "che phủ rừng" in response.text


def test_sort_descending_by_id(site: Site) -> None:
    page = site.client("nguoixem").get("/targets", params={"sort": "id", "desc": "1"}).text
    ids = [int(x) for x in __import__("re").findall(r'<td class="num">(\d+)</td>', page)]
    assert ids and ids == sorted(ids, reverse=True)


def test_target_page_shows_quote_chart_owner_and_history(site: Site) -> None:
    target = find_target(site.register, "che phu rung", "Lạng Sơn")
    page = site.client("nguoixem").get(f"/targets/{target['id']}").text
    assert "Duy trì tỷ lệ che phủ rừng" in page
    assert 'class="quote"' in page and "63%" in page
    assert '<svg class="chart"' in page and 'class="target"' in page
    assert "Sở Nông nghiệp và Môi trường" in page
    assert "nạp văn kiện" in page  # the import in the history


def test_range_target_is_drawn_as_a_band(site: Site) -> None:
    target = find_target(site.register, "ho ngheo", "Hà Tĩnh")  # 1 - 1,5%
    page = site.client("nguoixem").get(f"/targets/{target['id']}").text
    assert 'class="band"' in page and "1 - 1,5%" in page


def test_missing_target_is_a_vietnamese_404(site: Site) -> None:
    response = site.client("nguoixem").get("/targets/999999")
    assert response.status_code == 404
    assert "Không có chỉ tiêu số 999999" in response.text


def test_compare_one_indicator_across_provinces(site: Site) -> None:
    page = site.client("nguoixem").get("/compare", params={"indicator": "health_insurance"}).text
    assert "Hà Tĩnh" in page and "Lạng Sơn" in page
    assert "&gt; 94%" in page and "&gt; 95%" in page
    assert 'class="bar-target"' in page


def test_static_files_are_served_locally(site: Site) -> None:
    client = site.client()
    page = client.get("/login").text
    assert "http://" not in page.split("<body")[0] and "https://" not in page.split("<body")[0]
    assert client.get("/static/htmx.min.js").status_code == 200
    assert client.get("/static/app.css").status_code == 200
