"""Every route of the web app and the API, for every role, against an explicit allowed/refused matrix.

The routes are enumerated from ``app.routes``: a route added without a line in ``MATRIX`` fails
``test_every_route_is_in_the_matrix``. Roles run from the least to the most privileged, so a refused role always
meets the resource as it was before anyone allowed changed it. "ok" means the request passed authorisation (any
status but 401/403 and a redirect to the login form; 5xx never), "login" means it was sent to sign in (a redirect
for pages, 401 for the API), "no" means 403; a GET that is allowed must answer below 400 ("bad": 400).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import pytest
from starlette.exceptions import StarletteDeprecationWarning
from starlette.routing import Mount, Route

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

from chitieu.register.accounts import authenticate, create_token, list_agencies, set_owner
from chitieu.report.template import template_xlsx
from tests.web.conftest import PASSWORD, csrf_of, upload_sample

from .conftest import DRAFT, ROLES, SecuredSite, make_tokens

ORDER = ("anonymous", "viewer", "viewer_a", "agency_a", "editor_b", "editor_a", "admin_b", "admin_a", "admin")
PUBLIC = dict.fromkeys(ORDER, "ok")
SIGNED_IN = {**PUBLIC, "anonymous": "login"}
WRITER = {**SIGNED_IN, "viewer": "no", "viewer_a": "no"}  # an editor of any province or agency, an administrator
STAFF = {**WRITER, "agency_a": "no"}  # an editor of a province (not of an agency), an administrator
STAFF_A = {**STAFF, "editor_b": "no", "admin_b": "no"}  # a resource of province A (Lạng Sơn)
ADMIN = {**STAFF_A, "editor_a": "no"}  # administrators of province A
ADMINS = {**STAFF, "editor_b": "no", "editor_a": "no"}  # every administrator, each in his own province
INVITEE = {**ADMIN, "admin_a": "no", "admin": "no"}  # answering as an invited agency's account: none of these

LATER = "2099-12-31T17:00"


@dataclass(frozen=True)
class Call:
    allowed: dict[str, str]
    path: str
    data: dict[str, Any] | None = None
    json: dict[str, Any] | None = None
    files: str | None = None  # "document", "draft" or "template"
    fresh: bool = False  # the call changes the session: a new client each time
    ends_sessions: bool = False  # the call signs the account out everywhere: the shared clients sign in again


MATRIX: dict[tuple[str, str], Call] = {
    ("GET", "/login"): Call(PUBLIC, "/login"),
    ("POST", "/login"): Call(PUBLIC, "/login", {"username": "nguoixem", "password": PASSWORD}, fresh=True),
    ("POST", "/logout"): Call(PUBLIC, "/logout", {}, fresh=True, ends_sessions=True),
    ("GET", "/password"): Call(SIGNED_IN, "/password"),
    ("POST", "/password"): Call(SIGNED_IN, "/password", {"old": "x", "new": "12345678", "again": "87654321"}),
    ("GET", "/"): Call(SIGNED_IN, "/"),
    ("GET", "/targets"): Call(SIGNED_IN, "/targets"),
    ("GET", "/targets/{target_id}"): Call(SIGNED_IN, "/targets/{target_a}"),
    ("GET", "/targets/{target_id}/chart"): Call(SIGNED_IN, "/targets/{target_a}/chart"),
    ("POST", "/targets/{target_id}/owner"): Call(ADMIN, "/targets/{target_a}/owner", {"agency_id": "{agency_a}"}),
    ("POST", "/targets/{target_id}/actuals"): Call(STAFF_A, "/targets/{target_a}/actuals",
                                                   {"value": "7,5", "period": "2025", "seen": "*"}),
    ("POST", "/targets/{target_id}/edit"): Call(STAFF_A, "/targets/{target_a}/edit", {"unit": "%"}),
    ("POST", "/targets/{target_id}/delete"): Call(ADMIN, "/targets/{doomed_page}/delete", {"confirm": "1"}),
    ("POST", "/targets/{target_id}/decide"): Call(STAFF_A, "/targets/{target_a}/decide", {"source_id": "1"}),
    ("POST", "/actuals/{actual_id}/edit"): Call(ADMIN, "/actuals/{value_fixed}/edit", {"value": "61"}),
    ("POST", "/actuals/{actual_id}/delete"): Call(ADMIN, "/actuals/{value_page}/delete", {}),
    ("GET", "/documents/{document_id}"): Call(SIGNED_IN, "/documents/{document_a}"),
    ("POST", "/documents/{document_id}"): Call(STAFF_A, "/documents/{document_a}", {"issuer": "Tỉnh ủy Lạng Sơn"}),
    ("GET", "/approvals"): Call(SIGNED_IN, "/approvals"),
    ("POST", "/approvals/{pending_id}/approve"): Call(ADMIN, "/approvals/{pending}/approve", {}),
    ("POST", "/approvals/{pending_id}/return"): Call(ADMIN, "/approvals/{pending}/return", {"note": "Sai kỳ"}),
    # approving or returning several: every administrator may ask, each value is then checked on its own
    ("POST", "/approvals/bulk"): Call(ADMINS, "/approvals/bulk", {"action": "return", "ids": "{pending}",
                                                                  "note": "Sai kỳ"}),
    # resending a returned value: only its sender finds it (another account is told there is none: 404)
    ("POST", "/approvals/{pending_id}/resend"): Call(SIGNED_IN, "/approvals/{pending}/resend",
                                                     {"value": "7,2", "period": "2025"}),
    ("GET", "/favicon.ico"): Call(PUBLIC, "/favicon.ico"),
    ("GET", "/api"): Call(PUBLIC, "/api"),
    ("GET", "/docs"): Call(PUBLIC, "/docs"),
    ("GET", "/api/docs"): Call(PUBLIC, "/api/docs"),
    ("GET", "/actuals/template.xlsx"): Call(SIGNED_IN, "/actuals/template.xlsx?province=Lạng Sơn&year=2024"),
    ("POST", "/actuals/template"): Call(WRITER, "/actuals/template", {}, files="template"),
    ("GET", "/upload"): Call(STAFF, "/upload"),
    ("POST", "/upload"): Call(STAFF_A, "/upload", {}, files="document"),
    ("GET", "/review/{staged_id}"): Call(STAFF_A, "/review/{staged}"),
    ("POST", "/review/{staged_id}/items/{item_id}"): Call(STAFF_A, "/review/{staged}/items/{item}",
                                                         {"action": "accept"}),
    ("POST", "/review/{staged_id}/items"): Call(STAFF_A, "/review/{staged}/items",
                                                {"quote": "Tốc độ", "line": "1", "indicator": "Thử"}),
    ("POST", "/review/{staged_id}/discard"): Call(STAFF_A, "/review/{staged}/discard", {}),
    ("POST", "/review/{staged_id}/commit"): Call(STAFF_A, "/review/{staged}/commit", {"force": "true"}),
    ("GET", "/compare"): Call(SIGNED_IN, "/compare"),
    ("GET", "/appendix"): Call(SIGNED_IN, "/appendix?province=L%E1%BA%A1ng%20S%C6%A1n&period=2015-2020"),
    ("GET", "/appendix.{fmt}"): Call(SIGNED_IN, "/appendix.xlsx?province=L%E1%BA%A1ng%20S%C6%A1n&period=2015-2020"),
    ("GET", "/export/targets.{fmt}"): Call(SIGNED_IN, "/export/targets.csv"),
    ("GET", "/export/overview.{fmt}"): Call(SIGNED_IN, "/export/overview.xlsx"),
    ("GET", "/export/compare.{fmt}"): Call(SIGNED_IN, "/export/compare.csv?indicator=grdp_growth"),
    ("GET", "/export/target-{target_id}.{fmt}"): Call(SIGNED_IN, "/export/target-{target_a}.csv"),
    # a viewer is refused with 400 (ChitieuError in routes/export.py) where 403 would be right
    ("GET", "/export/approvals.{fmt}"): Call({**SIGNED_IN, "viewer": "no", "viewer_a": "no"}, "/export/approvals.csv"),
    ("GET", "/admin"): Call(ADMINS, "/admin"),
    ("POST", "/admin/users"): Call(ADMINS, "/admin/users", {"username": "moi", "password": PASSWORD,
                                                           "role": "viewer"}),
    ("POST", "/admin/agencies"): Call(ADMIN, "/admin/agencies", {"name": "Sở Xây dựng", "province": "Lạng Sơn"}),
    ("POST", "/admin/tokens"): Call(ADMIN, "/admin/tokens", {"username": "xem_ls"}),
    ("POST", "/admin/tokens/{token_id}/revoke"): Call(ADMIN, "/admin/tokens/{token_xem_ls}/revoke", {}),
    ("POST", "/admin/users/active"): Call(ADMIN, "/admin/users/active", {"username": "xem_ls", "active": "true"}),
    ("POST", "/admin/users/password"): Call(ADMIN, "/admin/users/password", {"username": "soyte_ls",
                                                                             "password": PASSWORD}, ends_sessions=True),
    ("GET", "/consultations"): Call(STAFF, "/consultations"),
    ("POST", "/consultations"): Call(STAFF, "/consultations", {"title": "Dự thảo", "deadline": LATER},
                                     files="draft"),
    ("GET", "/consultations/{consultation_id}"): Call(STAFF_A, "/consultations/{consultation}"),
    ("GET", "/consultations/{consultation_id}/report.docx"): Call(STAFF_A,
                                                                  "/consultations/{consultation}/report.docx"),
    ("GET", "/consultations/{consultation_id}/responses.xlsx"): Call(STAFF_A,
                                                                     "/consultations/{consultation}/responses.xlsx"),
    ("POST", "/consultations/{consultation_id}/versions"): Call(STAFF_A, "/consultations/{consultation}/versions", {},
                                                                files="draft"),
    ("GET", "/consultations/{consultation_id}/changes"): Call(STAFF_A, "/consultations/{consultation}/changes"),
    ("GET", "/consultations/{consultation_id}/respond"): Call(INVITEE, "/consultations/{consultation}/respond"),
    ("POST", "/consultations/{consultation_id}/respond"): Call(INVITEE, "/consultations/{consultation}/respond", {}),
    ("GET", "/y-kien"): Call(SIGNED_IN, "/y-kien"),  # each account sees only its own invitations
    ("GET", "/y-kien/{token}"): Call(PUBLIC, "/y-kien/{link}"),
    ("POST", "/y-kien/{token}"): Call(PUBLIC, "/y-kien/{link}", {}),
    ("GET", "/static"): Call(PUBLIC, "/static/app.css"),
    ("GET", "/api/openapi.json"): Call(PUBLIC, "/api/openapi.json"),
    ("GET", "/api/me"): Call(SIGNED_IN, "/api/me"),
    ("GET", "/api/targets"): Call(SIGNED_IN, "/api/targets"),
    ("GET", "/api/targets/{target_id}"): Call(SIGNED_IN, "/api/targets/{target_a}"),
    ("GET", "/api/targets/{target_id}/feasibility"): Call(SIGNED_IN, "/api/targets/{target_a}/feasibility"),
    ("GET", "/api/feasibility"): Call(
        SIGNED_IN, "/api/feasibility?province=L%E1%BA%A1ng%20S%C6%A1n&term=2020-2025"
    ),
    ("POST", "/api/targets/{target_id}/actuals"): Call(STAFF_A, "/api/targets/{target_a}/actuals",
                                                       json={"value": 7.5, "period": "2024", "vintage": "plan"}),
    ("PUT", "/api/targets/{target_id}/owner"): Call(ADMIN, "/api/targets/{target_a}/owner",
                                                    json={"agency_id": "{agency_a}"}),
    ("GET", "/api/overview"): Call(SIGNED_IN, "/api/overview"),
    ("GET", "/api/compare"): Call(SIGNED_IN, "/api/compare?indicator=grdp_growth"),
    ("GET", "/api/consultations"): Call(STAFF, "/api/consultations"),
    ("GET", "/api/consultations/{consultation_id}"): Call(STAFF_A, "/api/consultations/{consultation}"),
    ("GET", "/api/invitations"): Call(SIGNED_IN, "/api/invitations"),
    ("GET", "/api/agencies"): Call(SIGNED_IN, "/api/agencies"),
    ("GET", "/api/pending"): Call(SIGNED_IN, "/api/pending"),
    ("PATCH", "/api/targets/{target_id}"): Call(STAFF_A, "/api/targets/{target_a}", json={"unit": "%"}),
    ("DELETE", "/api/targets/{target_id}"): Call(ADMIN, "/api/targets/{doomed_api}"),
    ("POST", "/api/targets/{target_id}/decision"): Call(STAFF_A, "/api/targets/{target_a}/decision",
                                                       json={"source_id": 1}),
    ("GET", "/api/conflicts"): Call(SIGNED_IN, "/api/conflicts?province=Lạng Sơn&term=2020-2025"),
    ("PATCH", "/api/actuals/{actual_id}"): Call(ADMIN, "/api/actuals/{value_fixed}", json={"value": "62"}),
    ("DELETE", "/api/actuals/{actual_id}"): Call(ADMIN, "/api/actuals/{value_api}"),
    ("PATCH", "/api/documents/{document_id}"): Call(STAFF_A, "/api/documents/{document_a}",
                                                    json={"issuer": "Tỉnh ủy Lạng Sơn"}),
    ("POST", "/api/pending/{pending_id}/approve"): Call(ADMIN, "/api/pending/{pending}/approve", json={}),
    ("POST", "/api/pending/{pending_id}/return"): Call(ADMIN, "/api/pending/{pending}/return", json={"note": "x"}),
    ("POST", "/api/pending/approve"): Call(ADMINS, "/api/pending/approve", json={"ids": [2_147_483_000]}),
    ("POST", "/api/pending/return"): Call(ADMINS, "/api/pending/return", json={"ids": [2_147_483_000], "note": "x"}),
    ("POST", "/api/pending/{pending_id}/resend"): Call(SIGNED_IN, "/api/pending/{pending}/resend",
                                                       json={"value": "7,2", "period": "2025"}),
    ("POST", "/api/documents"): Call(STAFF_A, "/api/documents", {}, files="document"),
    ("GET", "/api/staged"): Call(STAFF, "/api/staged"),
    ("GET", "/api/staged/{staged_id}"): Call(STAFF_A, "/api/staged/{staged}"),
    ("POST", "/api/staged/{staged_id}/items/{item_id}"): Call(STAFF_A, "/api/staged/{staged}/items/{item}",
                                                             json={"action": "reject"}),
    ("POST", "/api/staged/{staged_id}/items"): Call(STAFF_A, "/api/staged/{staged}/items",
                                                    json={"quote": "Tốc độ", "line": 1, "indicator": "Thử"}),
    ("POST", "/api/staged/{staged_id}/commit"): Call(STAFF_A, "/api/staged/{staged}/commit", json={"force": True}),
}


def app_routes(routes: list[Any], prefix: str = "") -> set[tuple[str, str]]:
    """(method, path) of every route the application answers, HEAD aside; a mount counts as one GET. Included
    routers (FastAPI >= 0.165 keeps them as one entry with ``original_router``) are walked into."""
    out = set()
    for route in routes:
        if isinstance(route, Mount):
            out.add(("GET", prefix + route.path))
        elif isinstance(route, Route):
            out.update((method, prefix + route.path) for method in route.methods or () if method != "HEAD")
        elif hasattr(route, "original_router"):
            included = getattr(getattr(route, "include_context", None), "prefix", "") or ""
            out |= app_routes(route.original_router.routes, prefix + included)
        else:
            raise AssertionError(f"a route of an unknown kind: {route!r}")
    return out


def test_every_route_is_in_the_matrix(secured: SecuredSite) -> None:
    routes = app_routes(secured.site.app.routes)
    assert routes - MATRIX.keys() == set(), "routes without a line in MATRIX"
    assert MATRIX.keys() - routes == set(), "MATRIX lines for routes that are gone"
    assert all(set(call.allowed) == set(ROLES) for call in MATRIX.values())


def _page_client(site: SecuredSite, role: str) -> tuple[TestClient, str]:
    client = site.site.client()
    token = csrf_of(client.get("/login").text)
    username = ROLES[role]
    if username is not None:
        response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
        assert response.url.path == "/", response.text[:300]
        token = csrf_of(response.text)  # signing in gives a new CSRF token
    return client, token


def _files(kind: str | None, site: SecuredSite) -> Any:
    if kind == "document":
        sample = upload_sample()
        return [("files", (sample.name, sample.read_bytes(), "text/markdown"))]
    if kind == "draft":
        return {"file": ("du-thao-2.md", DRAFT.encode() + b"\n2. Thu ngan sach.\n", "text/markdown")}
    if kind == "template":
        return {"file": ("bieu.xlsx", template_xlsx(site.site.register, "Lạng Sơn", year=2024), "application/x")}
    return None


def _fill(text: str, values: dict[str, Any]) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def outcome(response: Any) -> str:
    assert response.status_code < 500, response.text[:300]
    if response.request.method == "GET" and response.status_code in (400, 404, 409, 422):
        return "bad"
    if response.status_code == 401 and response.request.url.path.startswith("/api"):
        return "login"
    if response.status_code in (302, 303) and response.headers["location"].startswith("/login?next="):
        return "login"
    if response.status_code == 204 and response.headers.get("HX-Redirect", "").startswith("/login"):
        return "login"
    return "no" if response.status_code in (401, 403) else "ok"


@pytest.fixture(scope="module")
def clients(secured: SecuredSite) -> dict[str, tuple[TestClient, str]]:
    return {role: _page_client(secured, role) for role in ORDER}


_UPLOADS = {("POST", "/api/documents"), ("POST", "/upload")}  # every role's upload is read in a sandboxed process


@pytest.mark.parametrize(
    "key", [pytest.param(key, id=f"{key[0]} {key[1]}", marks=[pytest.mark.slow] * (key in _UPLOADS)) for key in MATRIX]
)
def test_route_for_every_role(secured: SecuredSite, clients: dict[str, tuple[TestClient, str]],
                              key: tuple[str, str]) -> None:
    call = MATRIX[key]
    ids = secured.ids
    agency_a = next(a["id"] for a in list_agencies(secured.site.register) if a["province"] == "Lạng Sơn")
    values = {"target_a": ids.target_a, "staged": ids.staged, "item": ids.item, "pending": ids.pending,
              "consultation": ids.consultation, "link": ids.link, "agency_a": agency_a,
              "token_xem_ls": ids.revocable, "doomed_page": ids.doomed[0], "doomed_api": ids.doomed[1],
              "value_fixed": ids.values[0], "value_page": ids.values[1], "value_api": ids.values[2],
              "document_a": ids.document_a}
    path = _fill(call.path, values)
    if key[1].endswith("/owner") or key[1].endswith("/actuals"):
        # who may enter a target's figures depends on its owner: give it to agency_a's province's other agency, as
        # the owner routes do, whichever of them ran first in this process
        admin = authenticate(secured.site.register, "admin", PASSWORD)
        set_owner(secured.site.register, ids.target_a, agency_a, admin)
    seen = {}
    for role in ORDER:
        if path.startswith("/api"):
            client = secured.site.client()
            token = ids.tokens.get(role)
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            json = {k: int(_fill(v, values)) if isinstance(v, str) and v.startswith("{") else v
                    for k, v in call.json.items()} if call.json is not None else None
            response = client.request(key[0], path, headers=headers, json=json, data=call.data,
                                      files=_files(call.files, secured), follow_redirects=False)
        else:
            client, token = _page_client(secured, role) if call.fresh else clients[role]
            data = {k: _fill(v, values) for k, v in call.data.items()} if call.data is not None else None
            response = client.request(key[0], path, data={**data, "csrf_token": token} if data is not None else None,
                                      files=_files(call.files, secured), follow_redirects=False)
        seen[role] = outcome(response)
    if call.ends_sessions:  # and the accounts' API tokens
        clients.update({role: _page_client(secured, role) for role in ORDER})
        ids.tokens.update(make_tokens(secured.site.register))
    assert seen == call.allowed, {role: (seen[role], call.allowed[role]) for role in ORDER
                                  if seen[role] != call.allowed[role]}


def test_an_administrator_of_province_b_cannot_give_a_target_of_a_to_an_agency(secured: SecuredSite) -> None:
    register = secured.site.register
    token = create_token(register, "quantri_ht", "kiểm thử", "admin")
    agency_b = next(a["id"] for a in list_agencies(register) if a["province"] == "Hà Tĩnh")
    response = secured.site.client().put(f"/api/targets/{secured.ids.target_a}/owner",
                                         headers={"Authorization": f"Bearer {token}"}, json={"agency_id": agency_b})
    assert response.status_code == 403 and "chỉ được sửa chỉ tiêu của Hà Tĩnh" in response.json()["detail"]
