"""Who manages which account: every administrator against every one of the ten accounts and both provinces.

Administrators act only within their own province and grant only roles at or below their own; only a national
administrator manages national accounts. The rule lives in the register (``accounts.check_manage``), so the pages
and the services answer alike; the matrix below is written out, not computed from the rule.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable

import pytest
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

from chitieu.errors import AccessDeniedError
from chitieu.register.accounts import Account, create_agency, create_token, create_user, list_accounts, list_agencies
from tests.web.conftest import PASSWORD, csrf_of

from .conftest import ACCOUNTS, SecuredSite

LS, HT = "Lạng Sơn", "Hà Tĩnh"
OF_LS = {"quantri_ls", "bientap_ls", "soyte_ls", "xem_ls"}
OF_HT = {"quantri_ht", "bientap_ht", "soyte_ht", "xem_ht"}
# administrator -> the accounts he manages; nobody else manages any
MANAGES = {"admin": set(ACCOUNTS), "quantri_ls": OF_LS, "quantri_ht": OF_HT}
# administrator -> the provinces where he creates accounts and agencies ("" is national)
PROVINCES = {"admin": {"", LS, HT}, "quantri_ls": {LS}, "quantri_ht": {HT}}


@pytest.fixture(scope="module")
def page_as(secured: SecuredSite) -> Callable[[str], tuple[TestClient, str]]:
    """A signed-in client and its CSRF token per account, made once."""
    made: dict[str, tuple[TestClient, str]] = {}

    def sign_in(username: str) -> tuple[TestClient, str]:
        if username not in made:
            client = secured.site.client()
            token = csrf_of(client.get("/login").text)
            response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
            assert response.url.path == "/", response.text[:300]
            made[username] = (client, csrf_of(client.get("/password").text))
        return made[username]

    return sign_in


def _account(secured: SecuredSite, username: str) -> Account:
    return next(a for a in list_accounts(secured.site.register) if a.username == username)


@pytest.mark.parametrize(("actor", "target"), list(itertools.product(ACCOUNTS, ACCOUNTS)),
                         ids=[f"{a}->{t}" for a, t in itertools.product(ACCOUNTS, ACCOUNTS)])
def test_api_token_for_every_account(secured: SecuredSite, page_as: Callable[[str], tuple[TestClient, str]],
                                     actor: str, target: str) -> None:
    client, csrf = page_as(actor)
    response = client.post("/admin/tokens", data={"username": target, "name": "thử", "csrf_token": csrf},
                           follow_redirects=False)
    allowed = target in MANAGES.get(actor, set())
    assert response.status_code == (200 if allowed else 403), response.text[:300]
    if allowed:
        token = response.text.split('<code class="token">')[1].split("</code>")[0]
        me = secured.site.client().get("/api/me", headers={"Authorization": f"Bearer {token}"}).json()
        assert me["username"] == target
        assert "new_token" not in str(client.cookies.get("chitieu_session"))
    else:
        assert "ct_" not in response.text


@pytest.mark.parametrize(("actor", "role", "province"),
                         list(itertools.product(MANAGES, ("admin", "editor", "viewer"), (LS, HT))))
def test_create_account_of_every_role_and_province(page_as: Callable[[str], tuple[TestClient, str]], actor: str,
                                                   role: str, province: str) -> None:
    client, csrf = page_as(actor)
    username = f"moi_{actor}_{role}_{province[0]}"
    response = client.post("/admin/users", data={"username": username, "password": PASSWORD, "role": role,
                                                 "province": province, "csrf_token": csrf}, follow_redirects=False)
    allowed = province in PROVINCES[actor]
    assert response.status_code == (303 if allowed else 403), response.text[:300]
    if not allowed:
        assert "Quản trị viên tỉnh chỉ được quản lý tài khoản trong tỉnh của mình." in response.text


@pytest.mark.parametrize("actor", list(ACCOUNTS))
@pytest.mark.parametrize("province", ["", LS, HT], ids=["national", "LS", "HT"])
def test_create_agency_in_every_province(secured: SecuredSite, actor: str, province: str) -> None:
    account = _account(secured, actor)
    name = f"Sở Thử nghiệm {actor}"
    if province in PROVINCES.get(actor, set()):
        create_agency(secured.site.register, name, province or None, account)
        assert any(a["name"] == name for a in list_agencies(secured.site.register))
    else:
        with pytest.raises(AccessDeniedError):
            create_agency(secured.site.register, name, province or None, account)


@pytest.mark.parametrize("actor", list(MANAGES))
def test_national_accounts_and_other_agencies_only_for_national_admin(secured: SecuredSite, actor: str) -> None:
    register = secured.site.register
    account = _account(secured, actor)
    agency_ht = next(a["id"] for a in list_agencies(register) if a["province"] == HT)
    cases = {"national": {"province": None}, "agency_ht": {"agency_id": agency_ht}}
    for case, where in cases.items():
        username = f"them_{actor}_{case}"
        allowed = actor == "admin" or (case == "agency_ht" and actor == "quantri_ht")
        if allowed:
            create_user(register, username, PASSWORD, "editor", actor=account, **where)  # type: ignore[arg-type]
        else:
            with pytest.raises(AccessDeniedError):
                create_user(register, username, PASSWORD, "editor", actor=account, **where)  # type: ignore[arg-type]


@pytest.mark.parametrize("actor", list(ACCOUNTS))
def test_admin_page_lists_only_managed_accounts(secured: SecuredSite, page_as: Callable[[str], tuple[TestClient, str]],
                                                actor: str) -> None:
    client, _ = page_as(actor)
    response = client.get("/admin")
    if actor not in MANAGES:
        assert response.status_code == 403
        return
    shown = {name for name in ACCOUNTS if f"<td>{name}</td>" in response.text}
    assert shown == MANAGES[actor]


@pytest.mark.parametrize("actor", list(ACCOUNTS))
def test_service_refuses_tokens_like_the_page(secured: SecuredSite, actor: str) -> None:
    account = _account(secured, actor)
    for target in ACCOUNTS:
        if target in MANAGES.get(actor, set()):
            assert create_token(secured.site.register, target, "dịch vụ", account).startswith("ct_")
        else:
            with pytest.raises(AccessDeniedError):
                create_token(secured.site.register, target, "dịch vụ", account)
