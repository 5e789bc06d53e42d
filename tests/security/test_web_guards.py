"""CSRF, session expiry, login throttling, upload limits, file names with path tricks, escaped document text."""

from __future__ import annotations

import base64
import json
import re
import time
from typing import Any

import pytest
from itsdangerous import TimestampSigner

from chitieu.config import get_settings
from chitieu.register.accounts import create_user
from chitieu.register.documents.review import staged_document
from chitieu.register.figures import target_record
from chitieu.web.app import create_app
from tests.web.conftest import PASSWORD, csrf_of, login, upload_sample

from .conftest import SecuredSite

SCRIPT = "<script>alert('xss')</script>"
IMAGE = '<img src=x onerror="alert(1)">'


def _other_app(secured: SecuredSite, **settings: Any) -> Any:
    """A second application (another worker) over the same database, with other settings."""
    url = f"sqlite:///{secured.site.folder}/chitieu.sqlite"
    return create_app(get_settings(database_url=url, secret_key="test-secret", **settings), secured.site.register)


def _client(app: Any) -> Any:
    from fastapi.testclient import TestClient

    return TestClient(app)


def test_a_post_without_the_csrf_token_is_refused(secured: SecuredSite) -> None:
    client = secured.site.client("admin")
    target = secured.ids.target_b
    for data in ({"value": "1", "period": "2020"}, {"value": "1", "period": "2020", "csrf_token": "gia-mao"}):
        response = client.post(f"/targets/{target}/actuals", data=data, follow_redirects=False)
        assert response.status_code == 403
        assert "Phiên làm việc đã hết hạn" in response.text
    anonymous = secured.site.client()
    response = anonymous.post("/login", data={"username": "admin", "password": PASSWORD})
    assert response.status_code == 403  # no token in a session that never loaded the form
    assert not [a for a in target_record(secured.site.register, target)["actuals"] if a["period"] == "2020"]


def _cookie(session: dict[str, Any], signed_at: float) -> str:
    """The session cookie Starlette would have set at ``signed_at``."""

    class Then(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(signed_at)

    data = base64.b64encode(json.dumps(session).encode())
    return Then("test-secret").sign(data).decode()


def test_a_session_expires_after_twelve_hours(secured: SecuredSite) -> None:
    client = secured.site.client("admin")
    session = {"user_id": 1, "epoch": 0, "csrf": "x"}
    for hours_ago, signed_in in ((11.9, True), (12.1, False)):
        client.cookies.clear()
        client.cookies.set("chitieu_session", _cookie(session, time.time() - hours_ago * 3600))
        response = client.get("/", follow_redirects=False)
        assert (response.status_code == 200) is signed_in, hours_ago
        if not signed_in:
            assert response.headers["location"].startswith("/login")


def _try(client: Any, username: str, password: str) -> Any:
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                       follow_redirects=False)


def test_five_failures_lock_the_username_on_this_address_for_every_worker(secured: SecuredSite) -> None:
    register = secured.site.register
    create_user(register, "khoa_thu", PASSWORD, "viewer")
    create_user(register, "khong_lien_quan", PASSWORD, "viewer")
    first, second = secured.site.client(), _client(_other_app(secured))
    for attempt in range(5):
        worker = first if attempt % 2 else second  # failures seen by two workers add up (in the database)
        response = _try(worker, "khoa_thu", "sai-mat-khau")
        assert response.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu" in response.text
    for worker in (first, second):
        response = _try(worker, "KHOA_THU ", PASSWORD)  # the right password, too late; spelling does not matter
        assert response.status_code == 429
        assert "Đăng nhập sai quá 5 lần; hãy thử lại sau 15 phút" in response.text
    assert _try(first, "khong_lien_quan", PASSWORD).status_code == 303  # other usernames are not locked


def test_success_clears_earlier_failures(secured: SecuredSite) -> None:
    create_user(secured.site.register, "quen_mat_khau", PASSWORD, "viewer")
    client = secured.site.client()
    for _ in range(4):
        assert _try(client, "quen_mat_khau", "sai-mat-khau").status_code == 401
    assert _try(client, "quen_mat_khau", PASSWORD).status_code == 303
    client.cookies.clear()
    for _ in range(4):
        assert _try(client, "quen_mat_khau", "sai-mat-khau").status_code == 401
    assert _try(client, "quen_mat_khau", PASSWORD).status_code == 303


def test_uploads_over_the_limit_get_413_and_one_line(secured: SecuredSite) -> None:
    small = _client(_other_app(secured, max_upload_bytes=32 * 1024))
    login(small, "bientap_ls")
    token = csrf_of(small.get("/upload").text)
    big = upload_sample().read_bytes() + b"\n" + b"x" * 40 * 1024
    response = small.post("/upload", data={"csrf_token": token}, files=[("files", ("lon.md", big, "text/markdown"))])
    assert response.status_code == 413
    assert response.text == "Tệp tải lên quá lớn: tối đa 32 KB mỗi lần gửi."
    api = small.post("/api/documents", headers={"Authorization": f"Bearer {secured.ids.tokens['editor_a']}"},
                     files=[("files", ("lon.md", big, "text/markdown"))])
    assert api.status_code == 413 and api.json() == {"detail": "Tệp tải lên quá lớn: tối đa 32 KB mỗi lần gửi."}

    def chunks() -> Any:  # no Content-Length: the limit counts what arrives
        for _ in range(64):
            yield b"y" * 1024

    chunked = small.post("/api/documents", headers={"Authorization": f"Bearer {secured.ids.tokens['editor_a']}",
                                                    "Content-Type": "multipart/form-data; boundary=b"},
                         content=chunks())
    assert chunked.status_code == 413


def test_only_the_intake_suffixes_are_accepted(secured: SecuredSite) -> None:
    headers = {"Authorization": f"Bearer {secured.ids.tokens['editor_a']}"}
    client = secured.site.client()
    before = len(secured.site.register.history(limit=10_000))
    for name in ("chay.exe", "trang.php", "khong-duoi", "bieu.xlsx.sh"):
        response = client.post("/api/documents", headers=headers, files=[("files", (name, b"MZ\x90\x00", "x/y"))])
        assert response.status_code == 415, name
        assert response.json()["detail"].startswith(f"Không nhận tệp {name}: chỉ nhận .docx, .htm, .html")
    assert len(secured.site.register.history(limit=10_000)) == before  # nothing was staged


@pytest.mark.slow  # seven uploads, each read in a sandboxed process
def test_file_names_with_path_tricks_are_stored_as_plain_names(secured: SecuredSite) -> None:
    headers = {"Authorization": f"Bearer {secured.ids.tokens['editor_a']}"}
    client = secured.site.client()
    data = upload_sample().read_bytes()
    for tricky in ("../../etc/passwd.md", "/etc/passwd.md", "..\\..\\Windows\\win.md", "C:\\boot.md",
                   "nul\x00byte.md", "....//....//x.md", "\x1b[31mdo.md"):
        response = client.post("/api/documents", headers=headers, files=[("files", (tricky, data, "text/markdown"))])
        assert response.status_code == 201, (tricky, response.text)
        [result] = response.json()
        stored = staged_document(secured.site.register, result["id"])["name"]
        assert re.fullmatch(r"[^/\\\x00-\x1f]+\.md", stored) and not stored.startswith("."), (tricky, stored)
        assert stored == result["name"]


def _with_markup(text: str) -> bytes:
    return (text.replace("7. Tạo việc làm mới", f"7. Tạo việc làm mới {SCRIPT}")
            .replace("9. Có thêm 12 trường học", f"9. Có thêm 12 trường học {IMAGE}")
            .replace("Số 28-NQ/TU", "Số 29-NQ/TU")).encode()


def test_document_text_with_html_is_shown_escaped(secured: SecuredSite) -> None:
    client = secured.site.client("bientap_ls")
    token = csrf_of(client.get("/upload").text)
    data = _with_markup(upload_sample().read_text("utf-8"))
    staged = client.post("/upload", data={"csrf_token": token},
                         files=[("files", ("co-the-html.md", data, "text/markdown"))])
    assert staged.url.path.startswith("/review/"), staged.text[:300]
    for page in (staged.text,):
        assert SCRIPT not in page and IMAGE not in page
        assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in page
    committed = client.post(f"{staged.url.path}/commit", data={"csrf_token": token, "force": "true"})
    assert committed.status_code == 200
    _, rows = secured.site.register.query_targets(search="tao viec lam moi", province="Lạng Sơn")
    quoted = [r for r in rows if SCRIPT in (target_record(secured.site.register, r["id"])["quote"] or "")]
    assert quoted, "the target with markup in its quote was not committed"
    target_page = client.get(f"/targets/{quoted[0]['id']}").text
    assert SCRIPT not in target_page and "&lt;script&gt;" in target_page
    listing = client.get("/targets?search=tao+viec+lam").text
    assert SCRIPT not in listing and IMAGE not in listing
