"""The JSON API: token access, the OpenAPI description, and the same rules as the pages."""

from __future__ import annotations

from chitieu.register.accounts import create_token
from tests.web.conftest import Site, find_target


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_api_needs_a_valid_token(site: Site) -> None:
    client = site.client()
    assert client.get("/api/targets").status_code == 401
    response = client.get("/api/targets", headers=_auth("ct_sai"))
    assert response.status_code == 403 and "không hợp lệ" in response.json()["detail"]


def test_openapi_describes_the_api_only(site: Site) -> None:
    spec = site.client().get("/api/openapi.json").json()
    assert "/api/targets" in spec["paths"] and "/api/pending/{pending_id}/approve" in spec["paths"]
    assert not any(not path.startswith("/api") for path in spec["paths"])


def test_list_search_and_read_a_target(site: Site) -> None:
    client = site.client()
    body = client.get("/api/targets", params={"q": "ho ngheo"}, headers=_auth(site.token)).json()
    assert body["total"] >= 1 and all("nghèo" in r["indicator"] for r in body["targets"])
    target_id = body["targets"][0]["id"]
    detail = client.get(f"/api/targets/{target_id}", headers=_auth(site.token)).json()
    assert detail["assessment"]["id"] == target_id and detail["quote"]


def test_editor_token_submits_and_admin_token_approves(site: Site) -> None:
    client = site.client()
    editor = create_token(site.register, "bientap_ls", "test", "admin")
    target = find_target(site.register, "ty le do thi hoa", "Lạng Sơn")  # > 26%, 2025
    sent = client.post(f"/api/targets/{target['id']}/actuals", json={"value": 27.5, "period": "2025"},
                       headers=_auth(editor))
    assert sent.status_code == 201 and sent.json()["state"] == "pending"
    waiting = client.get("/api/pending", headers=_auth(site.token)).json()
    pending_id = next(p["id"] for p in waiting if p["target_id"] == target["id"])
    assert client.post(f"/api/pending/{pending_id}/approve", headers=_auth(editor)).status_code == 403
    assert client.post(f"/api/pending/{pending_id}/approve", headers=_auth(site.token)).status_code == 200
    assert site.register.assess(target["id"])["status"] == "exceeded"


def test_viewer_token_cannot_write(site: Site) -> None:
    viewer = create_token(site.register, "nguoixem", "test", "admin")
    target = find_target(site.register, "ty le do thi hoa", "Lạng Sơn")
    response = site.client().post(f"/api/targets/{target['id']}/actuals", json={"value": 1, "period": "2025"},
                                  headers=_auth(viewer))
    assert response.status_code == 403


def test_overview_and_compare(site: Site) -> None:
    client = site.client()
    overview = client.get("/api/overview", params={"province": "Hà Tĩnh"}, headers=_auth(site.token)).json()
    assert overview["total"] == sum(overview["totals"].values()) > 0
    rows = client.get("/api/compare", params={"indicator": "health_insurance"}, headers=_auth(site.token)).json()
    assert {r["province"] for r in rows} >= {"Hà Tĩnh", "Lạng Sơn"}


def test_upload_review_and_commit_through_the_api(tmp_path_factory) -> None:
    from tests.web.conftest import build_site, upload_sample

    site = build_site(tmp_path_factory.mktemp("api-review"))
    client, auth = site.client(), _auth(site.token)
    sample = upload_sample()
    staged = client.post("/api/documents", headers=auth,
                         files=[("files", (sample.name, sample.read_bytes(), "text/markdown"))]).json()
    assert staged[0]["ok"] and staged[0]["item_count"] == 13 and not staged[0]["committed"]
    document = client.get(f"/api/staged/{staged[0]['id']}", headers=auth).json()
    first, *rest = document["item_list"]
    corrected = client.post(f"/api/staged/{document['id']}/items/{first['id']}", headers=auth,
                            json={"action": "correct", "changes": {"value": 7.5}}).json()
    assert corrected["state"] == "corrected" and corrected["value"] == 7.5 and corrected["original"]["value"] == 7
    for item in rest:
        client.post(f"/api/staged/{document['id']}/items/{item['id']}", headers=auth, json={"action": "reject"})
    added = client.post(f"/api/staged/{document['id']}/items", headers=auth,
                        json={"quote": "Tạo việc làm mới cho 12.500 lao động", "line": 35,
                              "indicator": "Số lao động được tạo việc làm mới", "value": 12500, "unit": "lao động",
                              "period": "2024"})
    assert added.status_code == 201
    outcome = client.post(f"/api/staged/{document['id']}/commit", headers=auth, json={}).json()
    assert outcome["status"] == "imported" and outcome["targets"] == 2
    site.register.engine.dispose()


def test_feasibility_of_a_term_and_of_a_target(site: Site) -> None:
    """The bundled Lạng Sơn report gives 6,8%/năm for 2015-2020 beside its 6,5 - 7%/năm target for 2020-2025."""
    client = site.client()
    rows = client.get("/api/feasibility", params={"province": "Lạng Sơn", "term": "2020-2025"},
                      headers=_auth(site.token)).json()
    growth = next(r for r in rows if r["indicator"] == "Tốc độ tăng trưởng GRDP bình quân"
                  and r["target"] == "6,5 - 7%/năm" and not r["breakdown"])
    assert (growth["level"], growth["label"], growth["required"], growth["achieved"]) == ("feasible", "Khả thi", 6.5,
                                                                                          6.8)
    assert growth["baseline"]["period"] == "2015-2020" and growth["baseline"]["rate"] == 6.8
    one = client.get(f"/api/targets/{growth['id']}/feasibility", headers=_auth(site.token)).json()
    assert one["note"] == growth["note"] and one["note"].startswith(
        "Mục tiêu bình quân 6,5 - 7%/năm giai đoạn 2020-2025; nhiệm kỳ trước (2015-2020) đạt 6,8%/năm")
    missing = client.get("/api/feasibility", params={"province": "Không Có", "term": "2020-2025"},
                         headers=_auth(site.token))
    assert missing.status_code == 404
