"""Smaller holes: security headers, the CSRF token renewed at sign-in, sign-in time for unknown usernames, one
spelling per username, proxy headers believed from no one by default, short names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

from chitieu.cli.app import app as cli
from chitieu.errors import AccessDeniedError, ConflictError, InvalidValueError
from chitieu.register.accounts import authenticate, create_agency, create_user
from chitieu.register.accounts import users as accounts
from tests.web.conftest import PASSWORD, csrf_of

from .conftest import SecuredSite


def test_every_answer_carries_the_security_headers(secured: SecuredSite) -> None:
    client = secured.site.client("admin")
    for path in ("/login", "/", "/admin", "/api/openapi.json", "/static/app.css"):
        headers = client.get(path).headers
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], path
        assert "script-src 'self';" in headers["Content-Security-Policy"], path
        assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "same-origin", path
    for path in ("/admin", "/password"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    assert secured.site.client().get("/login").headers["Cache-Control"] == "no-store"


def test_signing_in_renews_the_csrf_token(secured: SecuredSite) -> None:
    client = secured.site.client()
    before = csrf_of(client.get("/login").text)
    signed_in = client.post("/login", data={"username": "nguoixem", "password": PASSWORD, "csrf_token": before})
    after = csrf_of(signed_in.text)
    assert after != before
    refused = client.post("/logout", data={"csrf_token": before}, follow_redirects=False)
    assert refused.status_code == 403  # the token an attacker could have planted before sign-in is worthless


def test_an_unknown_username_costs_a_password_check_too(secured: SecuredSite, monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[str] = []
    real = accounts._HASHER
    accounts._decoy_hash()  # made once per process

    class Spy:
        def verify(self, hashed: str, password: str) -> bool:
            checked.append(hashed)
            return real.verify(hashed, password)

    monkeypatch.setattr(accounts, "_HASHER", Spy())
    with pytest.raises(AccessDeniedError):
        authenticate(secured.site.register, "khong-co-ai-ten-nay", "mat-khau-bat-ky")
    assert len(checked) == 1 and checked[0].startswith("$argon2")


@pytest.mark.parametrize("variant", ["Bientap_LS", "bientap_ls\u200b", "\u200bbientap_ls", " BIENTAP_LS "],
                         ids=["case", "zero-width after", "zero-width before", "spaces"])
def test_a_username_variant_is_the_same_account(secured: SecuredSite, variant: str) -> None:
    with pytest.raises(ConflictError):
        create_user(secured.site.register, variant, PASSWORD, "viewer")
    assert authenticate(secured.site.register, variant, PASSWORD).username == "bientap_ls"


def test_nfd_and_nfc_spellings_are_one_account(secured: SecuredSite) -> None:
    register = secured.site.register
    create_user(register, "nguyễn", PASSWORD, "viewer")  # NFC
    decomposed = "nguye\u0302\u0303n"  # NFD: e, circumflex, tilde
    with pytest.raises(ConflictError):
        create_user(register, decomposed, PASSWORD, "viewer")
    assert authenticate(register, decomposed.upper(), PASSWORD).username == "nguyễn"


def test_names_are_short_enough_for_a_cookie(secured: SecuredSite) -> None:
    register = secured.site.register
    with pytest.raises(Exception, match="Tên cơ quan cần từ 1 đến 200 ký tự"):
        create_agency(register, "Sở " + "x" * 200_000, "Lạng Sơn", "admin")
    with pytest.raises(InvalidValueError):
        create_user(register, "u" * 81, PASSWORD, "viewer")
    client = secured.site.client("admin")
    response = client.post("/admin/agencies", data={"name": "Sở " + "x" * 200_000, "province": "Lạng Sơn",
                                                    "csrf_token": csrf_of(client.get("/admin").text)})
    assert response.status_code == 400
    assert len(response.headers.get("set-cookie", "")) < 4096


def test_serve_believes_proxy_headers_from_no_one_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: seen.update(options))
    monkeypatch.delenv("CHITIEU_FORWARDED_ALLOW_IPS", raising=False)
    monkeypatch.setenv("CHITIEU_SECRET_KEY", "thu")
    result = CliRunner().invoke(cli, ["serve", "--no-samples", "--db", f"sqlite:///{tmp_path}/x.sqlite"])
    assert result.exit_code == 0, result.output
    assert seen["proxy_headers"] is False and seen["forwarded_allow_ips"] == ""
    assert "ct_" not in result.output  # no API token printed at the first start
    monkeypatch.setenv("CHITIEU_FORWARDED_ALLOW_IPS", "10.0.0.5")
    CliRunner().invoke(cli, ["serve", "--no-samples", "--db", f"sqlite:///{tmp_path}/x.sqlite"])
    assert seen["proxy_headers"] is True and seen["forwarded_allow_ips"] == "10.0.0.5"


@pytest.mark.parametrize("indicator", ["tăng trưởng 🚀", "x\r\nSet-Cookie: a=b", 'x"; filename="evil.exe', "\u2028"],
                         ids=["non-latin-1", "crlf", "quote", "line separator"])
def test_export_names_cannot_break_the_header(secured: SecuredSite, indicator: str) -> None:
    response = secured.site.client("nguoixem").get("/export/compare.csv", params={"indicator": indicator})
    assert response.status_code == 200
    disposition = response.headers["content-disposition"]
    assert "\r" not in disposition and "\n" not in disposition and "set-cookie" not in response.headers
    assert disposition.count('filename="') == 1 and "filename*=UTF-8''" in disposition
    assert disposition.isascii()
