"""An editor enters a value; it waits; the administrator approves it (the verdict changes) or returns it."""

from __future__ import annotations

import re

from tests.web.conftest import Site, csrf_of, find_target


def _submit(site: Site, username: str, target_id: int, value: str, period: str) -> None:
    client = site.client(username)
    page = client.get(f"/targets/{target_id}").text
    response = client.post(f"/targets/{target_id}/actuals",
                           data={"value": value, "period": period, "vintage": "final", "csrf_token": csrf_of(page)})
    assert response.status_code == 200, response.text[:300]


def _pending_id(site: Site, admin: str, target_id: int) -> int:
    page = site.client(admin).get("/approvals").text
    found = [int(i) for i, card in re.findall(r'id="pending-(\d+)">(.*?)</article>', page, re.S)
             if f'href="/targets/{target_id}"' in card]
    assert found, "the value is not waiting for approval"
    return found[0]


def test_value_waits_then_approval_changes_the_verdict(site: Site) -> None:
    target = find_target(site.register, "ty le ho ngheo", "Hà Tĩnh")  # 1 - 1,5%, 2024, down is better
    assert site.register.assess(target["id"])["status"] == "not_available"
    _submit(site, "bientap_ht", target["id"], "1,2", "2024")
    assert site.register.assess(target["id"])["status"] == "not_available"  # not in the register yet
    pending = _pending_id(site, "quantri_ht", target["id"])
    assert "Gửi bởi bientap_ht" in site.client("quantri_ht").get("/approvals").text
    admin = site.client("quantri_ht")
    page = admin.get("/approvals").text
    admin.post(f"/approvals/{pending}/approve", data={"csrf_token": csrf_of(page)})
    assessment = site.register.assess(target["id"])
    assert assessment["status"] == "met" and assessment["actual"] == 1.2
    detail = site.client("nguoixem").get(f"/targets/{target['id']}").text
    assert "Đạt" in detail and 'class="point"' in detail
    assert "bientap_ht nhập" in detail  # the submitter is the one recorded
    assert "quantri_ht</b> duyệt" in detail  # and who approved it, in the history


def test_admin_of_another_province_cannot_approve(site: Site) -> None:
    target = find_target(site.register, "lao dong qua dao tao", "Lạng Sơn")
    _submit(site, "bientap_ls", target["id"], "71", "2025")
    pending = _pending_id(site, "admin", target["id"])
    other = site.client("quantri_ht")
    response = other.post(f"/approvals/{pending}/approve", data={"csrf_token": csrf_of(other.get("/").text)})
    assert response.status_code == 403
    assert site.register.assess(target["id"])["actual"] is None


def test_returned_value_carries_the_note(site: Site) -> None:
    target = find_target(site.register, "tre em duoi 5 tuoi", "Lạng Sơn")
    _submit(site, "bientap_ls", target["id"], "25", "2025")
    pending = _pending_id(site, "admin", target["id"])
    admin = site.client("admin")
    admin.post(f"/approvals/{pending}/return",
               data={"note": "Số liệu chưa khớp niên giám", "csrf_token": csrf_of(admin.get("/").text)})
    assert site.register.assess(target["id"])["actual"] is None
    mine = site.client("bientap_ls").get("/approvals").text
    assert "Bị trả lại bởi admin: Số liệu chưa khớp niên giám" in mine


def test_admin_entry_goes_straight_to_the_register(site: Site) -> None:
    target = find_target(site.register, "che phu rung", "Lạng Sơn")  # 63%, 2025
    _submit(site, "admin", target["id"], "63", "2025")
    assessment = site.register.assess(target["id"])
    assert assessment["actual"] == 63 and assessment["status"] == "met"


def test_bad_number_is_explained(site: Site) -> None:
    target = find_target(site.register, "che phu rung", "Lạng Sơn")
    client = site.client("admin")
    page = client.get(f"/targets/{target['id']}").text
    response = client.post(f"/targets/{target['id']}/actuals",
                           data={"value": "khoảng sáu", "period": "2025", "csrf_token": csrf_of(page)})
    assert response.status_code == 422  # a wrong type: Unprocessable Content
    assert "không phải là số" in response.text
