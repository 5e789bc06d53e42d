"""Signing in and out, sessions, CSRF, and who may change what."""

from __future__ import annotations

from tests.web.conftest import PASSWORD, Site, csrf_of, find_target, login


def test_pages_need_login(site: Site) -> None:
    client = site.client()
    response = client.get("/targets", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/targets"


def test_wrong_password_is_refused(site: Site) -> None:
    client = site.client()
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"username": "admin", "password": "sai-mat-khau", "csrf_token": token})
    assert response.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.text


def test_login_without_csrf_is_refused(site: Site) -> None:
    client = site.client()
    client.get("/login")
    response = client.post("/login", data={"username": "admin", "password": PASSWORD})
    assert response.status_code == 403


def test_logout_ends_the_session(site: Site) -> None:
    client = site.client("admin")
    assert client.get("/").status_code == 200
    response = client.post("/logout", data={"csrf_token": csrf_of(client.get("/").text)})
    assert response.url.path == "/login"
    assert client.get("/", follow_redirects=False).status_code == 303


def test_form_post_without_csrf_is_refused(site: Site) -> None:
    client = site.client("admin")
    target = find_target(site.register, "bao hiem y te", "Lạng Sơn")
    response = client.post(f"/targets/{target['id']}/actuals", data={"value": "90", "period": "2025"})
    assert response.status_code == 403
    assert not site.register.assess(target["id"])["actual"]


def _enter(site: Site, username: str, target_id: int) -> int:
    client = site.client(username)
    page = client.get(f"/targets/{target_id}").text
    period = site.register.assess(target_id)["period"]  # a period the target takes (checked after the rights)
    response = client.post(f"/targets/{target_id}/actuals",
                           data={"value": "91,5", "period": period[-4:], "csrf_token": csrf_of(page)})
    return response.status_code


def test_viewer_is_refused_an_edit(site: Site) -> None:
    target = find_target(site.register, "bao hiem y te", "Lạng Sơn")
    client = site.client("nguoixem")
    page = client.get(f"/targets/{target['id']}").text
    assert 'id="actual-form"' not in page
    assert _enter(site, "nguoixem", target["id"]) == 403


def test_editor_of_one_province_is_refused_another(site: Site) -> None:
    lang_son = find_target(site.register, "bao hiem y te", "Lạng Sơn")
    response = site.client("bientap_ht")
    page = response.get(f"/targets/{lang_son['id']}")
    assert page.status_code == 200 and 'id="actual-form"' not in page.text
    assert _enter(site, "bientap_ht", lang_son["id"]) == 403
    ha_tinh = find_target(site.register, "bao hiem y te", "Hà Tĩnh")
    assert _enter(site, "bientap_ht", ha_tinh["id"]) == 200


def test_agency_editor_only_edits_its_targets(site: Site) -> None:
    health = find_target(site.register, "bao hiem y te", "Lạng Sơn")  # owned by Sở Y tế
    forest = find_target(site.register, "che phu rung", "Lạng Sơn")  # owned by Sở Nông nghiệp và Môi trường
    assert _enter(site, "soyte_ls", health["id"]) == 200
    assert _enter(site, "soyte_ls", forest["id"]) == 403


def test_viewer_cannot_upload_or_administer(site: Site) -> None:
    client = site.client("nguoixem")
    assert client.get("/upload").status_code == 403
    assert client.get("/admin").status_code == 403
    assert "Quản trị" not in client.get("/").text.split("<main")[0]


def test_admin_creates_an_account_that_can_sign_in(site: Site) -> None:
    client = site.client("admin")
    page = client.get("/admin").text
    response = client.post("/admin/users", data={"username": "xem_moi", "password": PASSWORD, "role": "viewer",
                                                 "csrf_token": csrf_of(page)})
    assert response.status_code == 200 and "xem_moi" in response.text
    login(site.client(), "xem_moi")


def test_change_password(site: Site) -> None:
    from chitieu.register.accounts import create_user

    create_user(site.register, "doimatkhau", PASSWORD, "viewer")
    client = site.client("doimatkhau")
    token = csrf_of(client.get("/password").text)
    wrong = client.post("/password", data={"old": "khong-dung", "new": "mat-khau-moi", "again": "mat-khau-moi",
                                           "csrf_token": token})
    assert wrong.status_code == 403
    done = client.post("/password", data={"old": PASSWORD, "new": "mat-khau-moi", "again": "mat-khau-moi",
                                          "csrf_token": token})
    assert "Đã đổi mật khẩu" in done.text
    login(site.client(), "doimatkhau", "mat-khau-moi")


def test_htmx_error_is_shown_in_the_message_area(site: Site) -> None:
    client = site.client("nguoixem")
    target = find_target(site.register, "bao hiem y te", "Lạng Sơn")
    token = csrf_of(client.get(f"/targets/{target['id']}").text)
    response = client.post(f"/targets/{target['id']}/actuals", data={"value": "1", "period": "2025"},
                           headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert response.status_code == 403
    assert response.headers["HX-Retarget"] == "#flash" and "<html" not in response.text
    assert 'class="flash error"' in response.text and "chỉ được xem" in response.text
