"""No English a user would read: every page reachable by each role (following the links from the overview), the
error pages and the API's errors, checked against the give-aways of untranslated screens (``tests/giveaways.py``)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi.testclient import TestClient

from chitieu.register.accounts import create_token
from chitieu.web.routes import overview as overview_routes
from tests.giveaways import english_in
from tests.web.conftest import Site, csrf_of, login

# the project's roles: not signed in, viewer, province editor, agency editor, a province's administrator (the
# approver) and the national administrator
ROLES = {"anonymous": None, "viewer": "nguoixem", "editor": "bientap_ls", "agency": "soyte_ls",
         "approver": "quantri_ht", "admin": "admin"}
PER_SHAPE = 2  # pages of one shape (/targets/12, /targets/13, ...) visited per role
BINARY = (".xlsx", ".docx", ".pdf", ".png", ".ico")


def _shape(url: str) -> str:
    parts = urlsplit(url)
    return re.sub(r"\d+", "#", parts.path) + ("?" + re.sub(r"=[^&]*", "=", parts.query) if parts.query else "")


def crawl(client: TestClient, start: str = "/") -> Iterator[tuple[str, Any]]:
    """Every page reachable from ``start`` through links, at most ``PER_SHAPE`` of a shape; binary files aside."""
    seen: set[str] = set()
    shapes: Counter[str] = Counter()
    queue = [start]
    while queue:
        url = queue.pop(0)
        if url in seen or shapes[_shape(url)] >= PER_SHAPE:
            continue
        seen.add(url)
        shapes[_shape(url)] += 1
        response = client.get(url)
        yield url, response
        if "html" not in response.headers.get("content-type", ""):
            continue
        for link in re.findall(r'href="([^"#]+)', response.text):
            target = urljoin(url, link.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc not in ("", "testserver") or parts.path.startswith("/static"):
                continue
            if parts.path.endswith(BINARY):
                continue
            queue.append(parts.path + ("?" + parts.query if parts.query else ""))


def _client(site: Site, role: str) -> TestClient:
    return site.client(ROLES[role])


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_a_role_reaches_is_vietnamese(site: Site, role: str) -> None:
    client = _client(site, role)
    visited = []
    for url, response in crawl(client, "/" if role != "anonymous" else "/login"):
        assert response.status_code < 500, url
        text = response.text
        assert english_in(text) == [], f"{role} {url}: {english_in(text)}"
        visited.append(url)
    assert "/api/docs" in visited
    print(role, len(visited))
    if role != "anonymous":
        assert len(visited) > 10 and any(u.startswith("/targets/") for u in visited), visited


ERROR_PAGES = [("GET", "/khong-co-trang-nay", 404), ("GET", "/targets/khong-phai-so", 422),
               ("GET", "/targets/99999999", 404), ("DELETE", "/", 405), ("POST", "/approvals/bulk", 403),
               ("GET", "/targets?page=abc", 422)]


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize(("method", "path", "code"), ERROR_PAGES,
                         ids=[f"{m} {p}" for m, p, _ in ERROR_PAGES])
def test_error_pages_are_vietnamese_in_the_sites_layout(site: Site, role: str, method: str, path: str,
                                                        code: int) -> None:
    response = _client(site, role).request(method, path, follow_redirects=False)
    if role == "anonymous" and code != 404 and response.status_code in (303, 405):
        return  # sent to sign in first
    assert response.status_code in (code, 303 if role == "anonymous" else code), response.text[:200]
    if response.status_code == code:
        assert '<footer class="foot">' in response.text and 'lang="vi"' in response.text
        assert english_in(response.text) == []


def _api_errors(site: Site, token: str | None) -> Iterator[tuple[str, Any]]:
    client = site.client()
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    calls = [("GET", "/api/khong-co", None, None), ("DELETE", "/api/me", None, None),
             ("GET", "/api/targets?limit=abc", None, None), ("GET", "/api/targets/0", None, None),
             ("GET", "/api/targets/99999999", None, None),
             ("POST", "/api/targets/1/actuals", {}, None),
             ("POST", "/api/targets/1/actuals", {"value": "7,1x", "period": "2024"}, None),
             ("POST", "/api/targets/1/actuals", {"value": [1], "period": 2024}, None),
             ("POST", "/api/targets/1/actuals", None, b"{khong phai json"),
             ("POST", "/api/pending/approve", {"ids": []}, None),
             ("POST", "/api/pending/99999999/resend", {"value": "1", "period": "2024"}, None)]
    for method, path, body, raw in calls:
        extra = {"content": raw, "headers": {**headers, "Content-Type": "application/json"}} if raw is not None \
            else {"json": body, "headers": headers}
        yield f"{method} {path} {body or raw!r}", client.request(method, path, **extra)


@pytest.mark.parametrize("role", list(ROLES))
def test_api_errors_are_one_vietnamese_sentence(site: Site, role: str) -> None:
    token = None if ROLES[role] is None else create_token(site.register, ROLES[role], "kiểm thử", "admin")
    for call, response in _api_errors(site, token):
        assert 400 <= response.status_code < 500, call
        detail = response.json()["detail"]
        assert isinstance(detail, str) and detail.endswith("."), (call, detail)
        assert english_in(detail) == [], (call, detail)
    assert site.client().get("/api/khong-co").json() == {
        "detail": "Không có trang hoặc địa chỉ này; hãy kiểm tra lại đường dẫn hoặc về trang tổng quan."}


def test_a_fault_of_the_server_is_a_vietnamese_page_and_sentence(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    client = TestClient(site.app, raise_server_exceptions=False)
    login(client, "admin")
    monkeypatch.setattr(overview_routes, "cached_overview", broken)
    monkeypatch.setattr("chitieu.web.routes.api.overview", broken)
    page = client.get("/")
    assert page.status_code == 500 and '<footer class="foot">' in page.text
    assert "Máy chủ gặp lỗi ngoài dự kiến" in page.text and english_in(page.text) == []
    api = client.get("/api/overview", headers={"Authorization": f"Bearer {site.token}"})
    assert api.status_code == 500 and api.json()["detail"].startswith("Máy chủ gặp lỗi ngoài dự kiến")


def test_the_favicon_and_the_api_description(site: Site) -> None:
    client = site.client()
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon" and icon.content[:4] == \
        b"\x00\x00\x01\x00"
    for old in ("/api", "/docs"):
        assert client.get(old, follow_redirects=False).headers["location"] == "/api/docs"
    docs = client.get("/api/docs").text
    assert "API của Sổ theo dõi chỉ tiêu" in docs and "Nhập số liệu thực hiện của một chỉ tiêu" in docs
    assert "Giá trị: một số JSON hoặc một chuỗi viết kiểu Việt Nam" in docs
    schema = client.get("/api/openapi.json").json()
    summaries = [op["summary"] for ops in schema["paths"].values() for op in ops.values()]
    assert summaries and all(re.search("[à-ỹđĐ]", s) for s in summaries), summaries
    assert english_in(client.get("/api/openapi.json").text) == []


def test_a_post_form_page_keeps_its_token(site: Site) -> None:  # the bulk form carries the CSRF token like others
    client = site.client("quantri_ht")
    assert csrf_of(client.get("/approvals").text)
