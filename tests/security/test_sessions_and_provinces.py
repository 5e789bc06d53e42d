"""Sessions end on the server (a copied cookie dies with logout and with a password change), and staff of one
province see and manage only that province's consultations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from chitieu.register.accounts import create_user, list_accounts
from chitieu.register.consultation import create_consultation, list_consultations
from tests.web.conftest import PASSWORD, csrf_of

from .conftest import DRAFT, SecuredSite

COOKIE = "chitieu_session"
LATER = "2099-12-31T17:00"


def _replay(secured: SecuredSite, cookie: str) -> Any:
    """A request from another browser that holds a copy of ``cookie``."""
    other = secured.site.client()
    other.cookies.set(COOKIE, cookie)
    return other.get("/", follow_redirects=False)


def test_a_copied_cookie_is_refused_after_logout(secured: SecuredSite) -> None:
    create_user(secured.site.register, "dangxuat", PASSWORD, "viewer")
    client = secured.site.client("dangxuat")
    copied = client.cookies[COOKIE]
    assert _replay(secured, copied).status_code == 200  # the copy works while the session lasts
    response = client.post("/logout", data={"csrf_token": csrf_of(client.get("/").text)})
    assert response.url.path == "/login"
    refused = _replay(secured, copied)
    assert refused.status_code == 303 and refused.headers["location"].startswith("/login")
    assert secured.site.client("dangxuat").get("/").status_code == 200  # signing in again works


def test_a_password_change_ends_the_other_sessions_but_not_this_one(secured: SecuredSite) -> None:
    create_user(secured.site.register, "doimatkhau", PASSWORD, "viewer")
    client = secured.site.client("doimatkhau")
    elsewhere = secured.site.client("doimatkhau")
    copied = client.cookies[COOKIE]
    new = "mat-khau-moi-2026"
    response = client.post("/password", data={"old": PASSWORD, "new": new, "again": new,
                                              "csrf_token": csrf_of(client.get("/password").text)})
    assert response.status_code == 200 and "Đã đổi mật khẩu." in response.text
    assert client.get("/", follow_redirects=False).status_code == 200
    for stale in (_replay(secured, copied), elsewhere.get("/", follow_redirects=False)):
        assert stale.status_code == 303 and stale.headers["location"].startswith("/login")


def test_an_editor_of_province_b_neither_sees_nor_manages_a_consultation_of_province_a(
        secured: SecuredSite) -> None:
    consultation = secured.ids.consultation  # of Lạng Sơn (province A)
    editor_b, editor_a = secured.site.client("bientap_ht"), secured.site.client("bientap_ls")
    pages = [f"/consultations/{consultation}", f"/consultations/{consultation}/report.docx",
             f"/consultations/{consultation}/responses.xlsx", f"/consultations/{consultation}/changes"]
    for path in pages:
        refused = editor_b.get(path)
        assert refused.status_code == 403, path
        assert "chỉ được xem và quản lý các đợt lấy ý kiến của Hà Tĩnh" in refused.text
    assert f'href="/consultations/{consultation}"' not in editor_b.get("/consultations").text
    assert f'href="/consultations/{consultation}"' in editor_a.get("/consultations").text
    assert editor_a.get(pages[0]).status_code == 200
    upload = editor_b.post(f"/consultations/{consultation}/versions",
                           data={"csrf_token": csrf_of(editor_b.get("/consultations").text)},
                           files={"file": ("du-thao-3.md", DRAFT.encode() + b"\n3. Khac.\n", "text/markdown")})
    assert upload.status_code == 403


def test_a_consultation_belongs_to_its_creator_s_province_or_to_the_province_its_draft_names(
        secured: SecuredSite) -> None:
    register = secured.site.register
    editor_b = secured.site.client("bientap_ht")
    created = editor_b.post("/consultations", data={"title": "Dự thảo của Hà Tĩnh", "deadline": LATER,
                                                    "csrf_token": csrf_of(editor_b.get("/consultations").text)},
                            files={"file": ("du-thao.md", DRAFT.encode(), "text/markdown")})
    assert created.status_code == 200
    titles = {role: [row.title for row in list_consultations(register, account)]
              for role, account in _accounts(secured).items()}
    assert "Dự thảo của Hà Tĩnh" in titles["bientap_ht"] and "Dự thảo của Hà Tĩnh" not in titles["bientap_ls"]
    assert "Dự thảo của Hà Tĩnh" in titles["admin"]  # a national administrator sees every province
    named = "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\n\n" + DRAFT
    create_consultation(register, "Dự thảo do trung ương tạo", "du-thao-ls.md", named.encode(),
                        deadline=datetime.now(UTC) + timedelta(days=3), actor="admin")
    shown = [row.title for row in list_consultations(register, _accounts(secured)["bientap_ls"])]
    assert "Dự thảo do trung ương tạo" in shown
    assert "Dự thảo do trung ương tạo" not in [row.title for row in
                                              list_consultations(register, _accounts(secured)["bientap_ht"])]


def _accounts(secured: SecuredSite) -> dict[str, Any]:
    return {a.username: a for a in list_accounts(secured.site.register)}
