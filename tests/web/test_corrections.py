"""Correcting a target, an actual value and a document from the pages; the same through /api."""

from __future__ import annotations

import html
import re

from chitieu.register.corrections import correct_target

from .conftest import Site, csrf_of, find_target


def test_an_administrator_corrects_a_target_on_its_page_and_sees_the_history(site: Site) -> None:
    target = find_target(site.register, "trong rung moi", "Lạng Sơn")
    client = site.client("admin")
    page = client.get(f"/targets/{target['id']}").text
    assert 'id="target-form"' in page and 'id="delete-target"' in page
    response = client.post(f"/targets/{target['id']}/edit", data={
        "csrf_token": csrf_of(page), "version": str(target["version"]), "value": "3.100", "unit": "ha",
        "direction": "up", "main": "1"})
    assert response.status_code == 200 and response.url.path == f"/targets/{target['id']}"
    assert "Đã sửa chỉ tiêu." in response.text
    history = response.text.split("Lịch sử thay đổi")[1]
    assert "giá trị:" in history and "→ 3.100" in history
    stale = client.post(f"/targets/{target['id']}/edit", data={
        "csrf_token": csrf_of(page), "version": str(target["version"]), "value": "1"})
    assert stale.status_code == 409 and "đã được người khác sửa" in stale.text


def test_a_bad_period_is_one_line_and_a_viewer_gets_no_form(site: Site) -> None:
    target = find_target(site.register, "che phu rung", "Lạng Sơn")
    client = site.client("bientap_ls")
    page = client.get(f"/targets/{target['id']}").text
    assert 'id="target-form"' in page and 'id="delete-target"' not in page  # an editor corrects, never deletes
    response = client.post(f"/targets/{target['id']}/edit", data={
        "csrf_token": csrf_of(page), "version": str(target["version"]), "period": "20244"})
    assert response.status_code == 422 and "Kỳ '20244' không hợp lệ" in html.unescape(response.text)
    viewer = site.client("nguoixem").get(f"/targets/{target['id']}").text
    assert 'id="target-form"' not in viewer
    correct_target(site.register, "admin", target["id"], {"direction": ""})
    assert "chưa rõ chiều đánh giá" in site.client("nguoixem").get(f"/targets/{target['id']}").text
    correct_target(site.register, "admin", target["id"], {"direction": "up"})
    assert "chưa rõ chiều đánh giá" not in site.client("nguoixem").get(f"/targets/{target['id']}").text
    other = site.client("bientap_ht")
    refused = other.post(f"/targets/{target['id']}/edit", data={
        "csrf_token": csrf_of(other.get("/").text), "version": str(target["version"]), "value": "1"})
    assert refused.status_code == 403


def test_deleting_a_target_asks_to_confirm(site: Site) -> None:
    target = find_target(site.register, "ho ngheo", "Lạng Sơn")
    client = site.client("admin")
    page = client.get(f"/targets/{target['id']}").text
    unconfirmed = client.post(f"/targets/{target['id']}/delete", data={"csrf_token": csrf_of(page),
                                                                        "version": str(target["version"])})
    assert unconfirmed.status_code == 400 and "xác nhận" in unconfirmed.text
    done = client.post(f"/targets/{target['id']}/delete", data={
        "csrf_token": csrf_of(page), "version": str(target["version"]), "confirm": "1"})
    assert done.url.path == "/targets" and f"Đã xoá chỉ tiêu số {target['id']}" in done.text
    assert client.get(f"/targets/{target['id']}").status_code == 404


def test_an_actual_value_is_corrected_then_deleted_on_the_target_page(site: Site) -> None:
    target = find_target(site.register, "lao dong qua dao tao", "Lạng Sơn")
    written = site.register.set_actual(target["id"], "55", "2024", entered_by="admin")
    client = site.client("admin")
    page = client.get(f"/targets/{target['id']}").text
    assert f'action="/actuals/{written["id"]}/edit"' in page
    fixed = client.post(f"/actuals/{written['id']}/edit", data={"csrf_token": csrf_of(page),
                                                                 "version": str(written["version"]), "value": "56,5"})
    assert "Đã sửa số liệu thực hiện." in fixed.text and "55 → 56,5" in fixed.text
    editor = site.client("bientap_ls")
    assert f'action="/actuals/{written["id"]}/delete"' not in editor.get(f"/targets/{target['id']}").text
    version = re.search(rf'action="/actuals/{written["id"]}/delete".*?name="version" value="(\d+)"', fixed.text,
                        re.S)
    assert version
    gone = client.post(f"/actuals/{written['id']}/delete", data={"csrf_token": csrf_of(page),
                                                                  "version": version.group(1)})
    assert "Đã xoá số liệu thực hiện." in gone.text and "xoá số liệu thực hiện của chỉ tiêu" in gone.text


def test_a_document_is_corrected_on_its_page_with_every_province_offered(site: Site) -> None:
    target = find_target(site.register, "trong rung moi", "Lạng Sơn")
    client = site.client("admin")
    document_id = re.search(r'href="/documents/(\d+)"', client.get(f"/targets/{target['id']}").text).group(1)
    page = client.get(f"/documents/{document_id}").text
    assert "<option >Lai Châu</option>" in page.replace("<option  >", "<option >") or ">Lai Châu<" in page
    assert ">Bắc Kạn<" in page  # a former province, for an older document
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    bad = client.post(f"/documents/{document_id}", data={"csrf_token": csrf_of(page), "version": version,
                                                         "province": "Atlantis"})
    assert bad.status_code == 422 and "Atlantis" in bad.text
    done = client.post(f"/documents/{document_id}", data={"csrf_token": csrf_of(page), "version": version,
                                                          "issuer": "Tỉnh ủy Lạng Sơn", "plan_year": "2024"})
    assert "Đã sửa văn kiện." in done.text and "Tỉnh ủy Lạng Sơn" in done.text
    admin_page = client.get("/admin").text
    assert ">Lai Châu<" in admin_page and ">Đà Nẵng<" in admin_page


def test_the_api_corrects_and_deletes(site: Site) -> None:
    target = find_target(site.register, "gia dinh van hoa", "Lạng Sơn")
    api = site.client()
    headers = {"Authorization": f"Bearer {site.token}"}
    done = api.patch(f"/api/targets/{target['id']}", headers=headers,
                     json={"version": target["version"], "direction": "up", "value": "90,5", "main": True})
    assert done.status_code == 200, done.text
    assert done.json()["changes"]["value"][1] == 90.5
    stale = api.patch(f"/api/targets/{target['id']}", headers=headers, json={"version": target["version"],
                                                                             "value": 1})
    assert stale.status_code == 409 and "đã được người khác sửa" in stale.json()["detail"]
    bad = api.patch(f"/api/targets/{target['id']}", headers=headers, json={"period": "20244"})
    assert bad.status_code == 422 and "20244" in bad.json()["detail"]
    written = site.register.set_actual(target["id"], "91", "2024", entered_by="admin")
    fixed = api.patch(f"/api/actuals/{written['id']}", headers=headers, json={"value": "92", "version": 1})
    assert fixed.status_code == 200 and fixed.json()["target_id"] == target["id"]
    assert api.delete(f"/api/actuals/{written['id']}", headers=headers).status_code == 200
    document = api.get(f"/api/targets/{target['id']}", headers=headers).json()
    document_id = document["record"]["document"]["id"] if "record" in document else document["document"]["id"]
    doc = api.patch(f"/api/documents/{document_id}", headers=headers, json={"province": "Lạng Sơn",
                                                                            "term": "2020-2025"})
    assert doc.status_code == 200, doc.text
    assert api.delete(f"/api/targets/{target['id']}", headers=headers).status_code == 200
    assert api.get(f"/api/targets/{target['id']}", headers=headers).status_code == 404
