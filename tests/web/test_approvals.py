"""Entering, approving and resending values: periods checked against the target, Vietnamese numbers on pages and in
the API, the approval card (province, plan, period warning), approving or returning several at once, and the sender
correcting a returned value."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta

import pytest

from chitieu.errors import InvalidValueError
from chitieu.moments import shown_time
from chitieu.register.accounts import Account, create_token, list_accounts
from chitieu.register.figures import list_pending, return_actual, submit_actual
from tests.web.conftest import Site, csrf_of

EDITOR, ADMIN = "bientap_ht", "quantri_ht"  # Hà Tĩnh; its targets 7-10 are for 2024
LABOUR, INSURANCE, WASTE = 8, 9, 10


def _bearer(site: Site, username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(site.register, username, 'kiểm thử', 'admin')}"}


def _account(site: Site, username: str) -> Account:
    return next(a for a in list_accounts(site.register) if a.username == username)


def _post_value(site: Site, username: str, target_id: int, value: str, period: str):
    client = site.client(username)
    page = client.get(f"/targets/{target_id}").text
    return client.post(f"/targets/{target_id}/actuals", follow_redirects=False,
                       data={"value": value, "period": period, "vintage": "final", "csrf_token": csrf_of(page)})


@pytest.mark.parametrize(("period", "words"), [
    ("20244", "Kỳ '20244' không hợp lệ"),
    ("2019", "không khớp với chỉ tiêu số 8 (kỳ 2024)"),
    ("2025", "không khớp với chỉ tiêu số 8 (kỳ 2024)"),
    ("2024-2023", "năm đầu sau năm cuối"),
], ids=["five-digits", "before-baseline", "after-target", "backwards-term"])
def test_a_period_outside_the_target_is_refused_on_pages_api_and_register(site: Site, period: str,
                                                                          words: str) -> None:
    page = _post_value(site, EDITOR, LABOUR, "70", period)
    assert page.status_code == 422 and words in html.unescape(page.text)
    api = site.client().post(f"/api/targets/{LABOUR}/actuals", headers=_bearer(site, EDITOR),
                             json={"value": 70, "period": period})
    assert api.status_code == 422 and words in api.json()["detail"]
    with pytest.raises(InvalidValueError, match=re.escape(words)):
        site.register.set_actual(LABOUR, 70, period, entered_by="Nguyễn Văn A")
    assert not [p for p in list_pending(site.register, states=("pending",)) if p["target_id"] == LABOUR]


def test_the_api_reads_vietnamese_numbers(site: Site) -> None:
    headers = _bearer(site, EDITOR)
    client = site.client()
    refused = client.post(f"/api/targets/{INSURANCE}/actuals", headers=headers,
                          json={"value": "7,1x", "period": "2024"})
    assert refused.status_code == 422
    assert refused.json()["detail"] == "Giá trị '7,1x' không phải là số; viết như 6,5 hoặc 1.250,5."
    sent = client.post(f"/api/targets/{INSURANCE}/actuals", headers=headers, json={"value": "94,1", "period": "2024"})
    assert sent.status_code == 201, sent.text
    waiting = client.get("/api/pending", headers=headers).json()
    assert [p["value"] for p in waiting if p["id"] == sent.json()["pending_id"]] == [94.1]
    return_actual(site.register, _account(site, ADMIN), sent.json()["pending_id"], "thử")
    with pytest.raises(InvalidValueError):
        site.register.set_actual(INSURANCE, "1.250,5x", "2024", entered_by="Nguyễn Văn A")
    assert site.register.set_actual(WASTE, "1.250,5", "2023", entered_by="Nguyễn Văn A")["value"] == 1250.5


def test_the_card_shows_province_plan_and_warns_on_another_period(site: Site) -> None:
    assert _post_value(site, EDITOR, LABOUR, "71,5", "2023").status_code == 303  # the baseline year: allowed
    page = site.client(ADMIN).get("/approvals").text
    card = next(c for c in re.findall(r'<article class="card approval[^"]*" id="pending-\d+">(.*?)</article>',
                                      page, re.S) if f'href="/targets/{LABOUR}"' in c)
    assert "Hà Tĩnh · Mục tiêu 72% · kỳ của chỉ tiêu 2024" in card
    assert "Kỳ của số liệu (2023) khác kỳ của chỉ tiêu (2024)" in card
    assert "<b class=\"value\">71,5</b>" in card
    assert [p["period_warning"] for p in list_pending(site.register) if p["target_id"] == LABOUR] == [True]


def test_approving_several_each_on_its_own(site: Site) -> None:
    editor, admin = _account(site, EDITOR), _account(site, ADMIN)
    first = submit_actual(site.register, editor, 7, "1,1", "2024")
    second = submit_actual(site.register, editor, 5, "9", "2024")
    return_actual(site.register, admin, second, "thiếu nguồn")  # handled already: refused, the first still approved
    client = site.client(ADMIN)
    token = csrf_of(client.get("/approvals").text)
    response = client.post("/approvals/bulk", data={"action": "approve", "ids": [str(first), str(second)],
                                                    "csrf_token": token})
    assert response.status_code == 200
    assert "Đã duyệt 1 số liệu và ghi vào sổ." in response.text
    assert f"Số liệu số {second}: Số liệu số {second} đã được xử lý" in response.text
    states = {p["id"]: p["state"] for p in list_pending(site.register, states=("approved", "returned"))}
    assert states[first] == "approved" and states[second] == "returned"
    refused = client.post("/approvals/bulk", data={"action": "return", "ids": [str(first)], "csrf_token": token})
    assert refused.status_code == 400 and "hãy ghi lý do" in refused.text
    nothing = client.post("/approvals/bulk", data={"action": "approve", "csrf_token": token})
    assert nothing.status_code == 400 and "Chưa chọn số liệu nào" in nothing.text


def test_returning_several_through_the_api(site: Site) -> None:
    editor = _account(site, EDITOR)
    ids = [submit_actual(site.register, editor, 6, "3", "2024"), submit_actual(site.register, editor, 2, "38.500",
                                                                               "2024")]
    answer = site.client().post("/api/pending/return", headers=_bearer(site, ADMIN),
                                json={"ids": ids, "note": "kiểm tra lại"})
    assert answer.status_code == 200 and [o["done"] for o in answer.json()] == [True, True]
    editor_try = site.client().post("/api/pending/approve", headers=_bearer(site, EDITOR), json={"ids": ids})
    assert editor_try.status_code == 403


def test_the_sender_corrects_and_resends_a_returned_value(site: Site) -> None:
    editor, admin = _account(site, EDITOR), _account(site, ADMIN)
    sent = submit_actual(site.register, editor, 3, "19.000", "2024")
    return_actual(site.register, admin, sent, "số tạm tính, hãy gửi số chính thức")
    client = site.client(EDITOR)
    page = client.get("/approvals").text
    assert "Bị trả lại bởi quantri_ht: số tạm tính, hãy gửi số chính thức" in page
    assert f'action="/approvals/{sent}/resend"' in page and 'value="19.000"' in page
    other = site.client("bientap_ls")
    refused = other.post(f"/approvals/{sent}/resend", data={"value": "1", "period": "2024",
                                                              "csrf_token": csrf_of(other.get("/approvals").text)})
    assert refused.status_code == 404
    bad = client.post(f"/approvals/{sent}/resend", data={"value": "19.200", "period": "20244",
                                                         "csrf_token": csrf_of(page)})
    assert bad.status_code == 422
    assert [p["state"] for p in list_pending(site.register, states=("returned",)) if p["id"] == sent] == ["returned"]
    done = client.post(f"/approvals/{sent}/resend", data={"value": "19.200,5", "period": "2024",
                                                          "csrf_token": csrf_of(page)})
    assert done.status_code == 200 and "Đã gửi lại số liệu đã sửa" in done.text
    waiting = [p for p in list_pending(site.register, states=("pending",)) if p["target_id"] == 3]
    assert [(p["value"], p["submitted_by"]) for p in waiting] == [(19200.5, EDITOR)]
    assert [p["state"] for p in list_pending(site.register, states=("resent",)) if p["id"] == sent] == ["resent"]
    again = client.post(f"/approvals/{sent}/resend", data={"value": "1", "period": "2024",
                                                           "csrf_token": csrf_of(page)})
    assert again.status_code == 409


def test_times_are_shown_in_vietnam_time_on_pages_and_exports(site: Site) -> None:
    sent = submit_actual(site.register, _account(site, EDITOR), 1, "7,2", "2024")
    [row] = [p for p in list_pending(site.register) if p["id"] == sent]
    stored = datetime.fromisoformat(row["submitted_at"])
    assert stored.utcoffset() == timedelta(0)
    shown = (stored + timedelta(hours=7)).strftime("%H:%M ngày %d/%m/%Y")
    admin = site.client(ADMIN)
    assert f"lúc {shown}" in admin.get("/approvals").text
    assert shown in admin.get("/export/approvals.csv").text
    history = admin.get("/targets/1").text
    moments = re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', history)
    assert moments and all(text == shown_time(at) for at, text in moments)
    assert all(datetime.fromisoformat(at).utcoffset() == timedelta(0) for at, _ in moments)
