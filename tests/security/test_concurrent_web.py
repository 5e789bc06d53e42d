"""Two people saving the same target's value through the pages or the API: the second save gets 409 with a
Vietnamese message, never a silent overwrite."""

from __future__ import annotations

import re
from typing import Any

from chitieu.register.accounts import create_user
from chitieu.register.figures import target_record
from tests.web.conftest import PASSWORD, csrf_of, find_target

from .conftest import SecuredSite


def _form(client: Any, target: int) -> dict[str, str]:
    """The entry form's hidden fields, as the target page showed them."""
    page = client.get(f"/targets/{target}").text
    seen = next(iter(re.findall(r'name="seen" value="([^"]*)"', page)), None)
    assert seen is not None, "the entry form does not send the versions it showed"
    return {"csrf_token": csrf_of(page), "seen": seen}


def _entries(secured: SecuredSite, target: int, period: str) -> list[tuple[float, str]]:
    return [(a["value"], a["entered_by"]) for a in target_record(secured.site.register, target)["actuals"]
            if a["period"] == period and a["source_kind"] == "person"]


def _login(secured: SecuredSite, username: str, role: str, province: str | None = None) -> Any:
    create_user(secured.site.register, username, PASSWORD, role, province=province)
    return secured.site.client(username)


def test_two_administrators_on_the_target_page(secured: SecuredSite) -> None:
    target = secured.ids.target_b
    first, second = _login(secured, "qt_mot", "admin"), _login(secured, "qt_hai", "admin")
    period = "2024"
    for value in (3.5, 4.5):  # a first entry, then an update of it
        shown_first, shown_second = _form(first, target), _form(second, target)
        saved = first.post(f"/targets/{target}/actuals", data={**shown_first, "value": str(value), "period": period},
                           follow_redirects=False)
        assert saved.status_code == 303
        late = second.post(f"/targets/{target}/actuals", data={**shown_second, "value": "9", "period": period})
        assert late.status_code == 409
        assert "đã được sửa bởi qt_mot sau khi bạn mở trang; hãy tải lại trang" in late.text
        assert _entries(secured, target, period) == [(value, "qt_mot")]
    again = second.post(f"/targets/{target}/actuals", data={**_form(second, target), "value": "9", "period": "2024"},
                        follow_redirects=False)  # after a reload the second person may save over it on purpose
    assert again.status_code == 303 and _entries(secured, target, "2024") == [(9.0, "qt_hai")]


def test_two_editors_sending_the_same_period(secured: SecuredSite) -> None:
    target = secured.ids.target_b
    first = _login(secured, "bt_ht_mot", "editor", "Hà Tĩnh")
    second = _login(secured, "bt_ht_hai", "editor", "Hà Tĩnh")
    shown_first, shown_second = _form(first, target), _form(second, target)
    sent = first.post(f"/targets/{target}/actuals", data={**shown_first, "value": "1", "period": "2023"},
                      follow_redirects=False)
    assert sent.status_code == 303
    late = second.post(f"/targets/{target}/actuals", data={**shown_second, "value": "2", "period": "2023"},
                       headers={"HX-Request": "true"})
    assert late.status_code == 409 and "bt_ht_mot đã gửi số liệu kỳ 2023" in late.text and "<html" not in late.text


def test_approving_a_value_sent_before_a_newer_one_conflicts(secured: SecuredSite) -> None:
    target = find_target(secured.site.register, "toc do tang truong kinh te", "Hà Tĩnh")["id"]  # a target of its own
    editor = _login(secured, "bt_ht_ba", "editor", "Hà Tĩnh")
    admin = secured.site.client("admin")
    assert editor.post(f"/targets/{target}/actuals", data={**_form(editor, target), "value": "4", "period": "2024"},
                       follow_redirects=False).status_code == 303
    pending = [p for p in admin.get("/api/pending", headers={"Authorization": f"Bearer {secured.ids.tokens['admin']}"})
               .json() if p["period"] == "2024"]
    assert admin.post(f"/targets/{target}/actuals", data={**_form(admin, target), "value": "5", "period": "2024"},
                      follow_redirects=False).status_code == 409  # the editor's value is waiting
    token = csrf_of(admin.get("/approvals").text)
    assert admin.post(f"/approvals/{pending[0]['id']}/approve", data={"csrf_token": token},
                      follow_redirects=False).status_code == 303
    assert _entries(secured, target, "2024") == [(4.0, "bt_ht_ba")]


def test_the_api_passes_the_version_it_read(secured: SecuredSite) -> None:
    target = find_target(secured.site.register, "tong von dau tu", "Hà Tĩnh")["id"]  # a target of its own
    client = secured.site.client()
    first = {"Authorization": f"Bearer {secured.ids.tokens['admin']}"}
    url = f"/api/targets/{target}/actuals"
    assert client.post(url, headers=first, json={"value": 10, "period": "2024", "version": 0}).status_code == 201
    [entry] = [a for a in client.get(f"/api/targets/{target}", headers=first).json()["actuals"]
               if a["period"] == "2024"]
    assert client.post(url, headers=first, json={"value": 11, "period": "2024", "version": entry["version"]}
                       ).status_code == 201
    stale = client.post(url, headers=first, json={"value": 12, "period": "2024", "version": entry["version"]})
    assert stale.status_code == 409 and "đã được sửa" in stale.json()["detail"]
    fresh_insert = client.post(url, headers=first, json={"value": 12, "period": "2024", "version": 0})
    assert fresh_insert.status_code == 409  # "I saw none" while one exists
    assert _entries(secured, target, "2024") == [(11.0, "admin")]
