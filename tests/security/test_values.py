"""Numbers that are not finite or absurdly large, and fields of the wrong type, are refused with a Vietnamese 422 on
the pages and the API; a JSON body holding 1e999, NaN or a lone surrogate never makes the answer itself fail."""

from __future__ import annotations

import pytest

from chitieu.errors import InvalidValueError
from tests.web.conftest import csrf_of

from .conftest import SecuredSite

HUGE = "9" * 400

HOSTILE_BODIES = {
    "value 1e999": '{"action": "correct", "changes": {"value": 1e999}}',
    "value NaN": '{"action": "correct", "changes": {"value": NaN}}',
    "value -Infinity": '{"action": "correct", "changes": {"value": -Infinity}}',
    "value 400 digits": '{"action": "correct", "changes": {"value": ' + HUGE + "}}",
    "value 1e300": '{"action": "correct", "changes": {"value": 1e300}}',
    "value text": '{"action": "correct", "changes": {"value": "' + HUGE + '"}}',
    "indicator number": '{"action": "correct", "changes": {"indicator": 5}}',
    "indicator list": '{"action": "correct", "changes": {"indicator": [1, 2]}}',
    "indicator surrogate": '{"action": "correct", "changes": {"indicator": "\\ud800"}}',
    "action surrogate": '{"action": "\\ud800"}',
    "action 1e999": '{"action": 1e999}',
    "list 1e999": "[1e999]",
    "key surrogate": '{"action": "correct", "changes": {"\\udfff": 1}}',
    "unit surrogate": '{"action": "correct", "changes": {"unit": "\\udfff"}}',
}


@pytest.mark.parametrize("body", list(HOSTILE_BODIES.values()), ids=list(HOSTILE_BODIES))
def test_a_hostile_review_body_is_a_422(secured: SecuredSite, body: str) -> None:
    ids = secured.ids
    response = secured.site.client().post(
        f"/api/staged/{ids.staged}/items/{ids.item}", content=body.encode(),
        headers={"Authorization": f"Bearer {ids.tokens['admin']}", "Content-Type": "application/json"})
    assert response.status_code == 422, response.text[:300]
    assert response.json()["detail"].endswith(".")
    item = secured.site.client().get(f"/api/staged/{ids.staged}",
                                     headers={"Authorization": f"Bearer {ids.tokens['admin']}"}).json()
    assert all(isinstance(i["indicator"], str) for i in item["item_list"])


@pytest.mark.parametrize("value", ["NaN", "Infinity", HUGE, "1e999", "1.000.000.000.000.000.000"])
def test_the_entry_form_refuses_numbers_it_cannot_keep(secured: SecuredSite, value: str) -> None:
    client = secured.site.client("admin")
    target = secured.ids.target_a
    page = client.get(f"/targets/{target}").text
    response = client.post(f"/targets/{target}/actuals", data={"value": value, "period": "2011", "seen": "*",
                                                               "csrf_token": csrf_of(page)})
    assert response.status_code == 422, response.text[:300]
    assert client.get(f"/targets/{target}").status_code == 200


@pytest.mark.parametrize("value", ["NaN", HUGE])
def test_the_review_form_refuses_numbers_it_cannot_keep(secured: SecuredSite, value: str) -> None:
    client = secured.site.client("admin")
    ids = secured.ids
    page = client.get(f"/review/{ids.staged}").text
    response = client.post(f"/review/{ids.staged}/items/{ids.item}",
                           data={"action": "correct", "indicator": "Thử", "value": value, "csrf_token": csrf_of(page)})
    assert response.status_code == 422, response.text[:300]


def test_the_api_refuses_a_huge_actual_value(secured: SecuredSite) -> None:
    ids = secured.ids
    response = secured.site.client().post(
        f"/api/targets/{ids.target_a}/actuals", json={"value": 1e300, "period": "2010"},
        headers={"Authorization": f"Bearer {ids.tokens['admin']}"})
    assert response.status_code == 422 and "hữu hạn" in response.json()["detail"]
    assert secured.site.client("admin").get(f"/targets/{ids.target_a}").status_code == 200


def test_a_wrong_field_type_names_the_field_in_vietnamese(secured: SecuredSite) -> None:
    ids = secured.ids
    response = secured.site.client().post(
        f"/api/targets/{ids.target_a}/actuals", json={"value": [1], "period": "2010"},
        headers={"Authorization": f"Bearer {ids.tokens['admin']}"})
    assert response.status_code == 422
    assert response.json()["detail"] == "Trường value trong nội dung gửi: phải là một số."


@pytest.mark.parametrize("period", ["2024\u200b", "２０２４", "9" * 10_000, "2024 ", "20-24"],
                         ids=["zero-width", "full-width", "10000 digits", "trailing space", "dash"])
def test_periods_are_a_year_or_a_term_in_ascii_digits(secured: SecuredSite, period: str) -> None:
    ids = secured.ids
    response = secured.site.client().post(
        f"/api/targets/{ids.target_a}/actuals", json={"value": 1, "period": period},
        headers={"Authorization": f"Bearer {ids.tokens['admin']}"})
    if period == "2024 ":  # spaces around are trimmed
        assert response.status_code == 201, response.text[:200]
        return
    assert response.status_code == 422, response.text[:200]
    with pytest.raises(InvalidValueError):
        secured.site.register.set_actual(ids.target_a, 1.0, period, entered_by="thử")
