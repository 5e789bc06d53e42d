"""API tokens end: at their expiry, when revoked, when the account is locked, signs out, changes its password or is
given a new one; a new token is shown once, in the page that made it, never in the session cookie."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import timedelta

from sqlalchemy import update

from chitieu.register.accounts import create_token, create_user
from chitieu.register.db.models import utcnow
from chitieu.register.db.workflow import ApiToken
from tests.web.conftest import PASSWORD, csrf_of

from .conftest import SecuredSite

COOKIE = "chitieu_session"


def _works(secured: SecuredSite, token: str) -> bool:
    response = secured.site.client().get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code in (200, 403), response.text[:200]
    return response.status_code == 200


def _session(cookie: str) -> dict[str, object]:
    """What a Starlette session cookie holds (signed, not encrypted: base64 of JSON)."""
    data = cookie.split(".")[0]
    return json.loads(base64.b64decode(data + "=" * (-len(data) % 4)))


def test_an_expired_token_is_refused(secured: SecuredSite) -> None:
    register = secured.site.register
    create_user(register, "hethan", PASSWORD, "viewer")
    token = create_token(register, "hethan", "thử", "admin", days=1)
    assert _works(secured, token)
    with register.factory() as session, session.begin():  # a day later, without waiting for it
        session.execute(update(ApiToken).where(ApiToken.token_hash == hashlib.sha256(token.encode()).hexdigest())
                        .values(expires_at=utcnow() - timedelta(seconds=1)))
    assert not _works(secured, token)


def test_logout_and_password_change_end_the_accounts_tokens(secured: SecuredSite) -> None:
    register = secured.site.register
    create_user(register, "matoken", PASSWORD, "viewer")
    token = create_token(register, "matoken", "thử", "admin")
    client = secured.site.client("matoken")
    client.post("/logout", data={"csrf_token": csrf_of(client.get("/").text)})
    assert not _works(secured, token)
    token = create_token(register, "matoken", "thử", "admin")
    client = secured.site.client("matoken")
    new = "mat-khau-moi-2026"
    client.post("/password", data={"old": PASSWORD, "new": new, "again": new,
                                   "csrf_token": csrf_of(client.get("/password").text)})
    assert not _works(secured, token)


def test_lock_reset_and_revoke_from_the_administration_page(secured: SecuredSite) -> None:
    register = secured.site.register
    create_user(register, "bikhoa", PASSWORD, "viewer", province="Lạng Sơn")
    admin = secured.site.client("quantri_ls")
    csrf = csrf_of(admin.get("/admin").text)
    made = admin.post("/admin/tokens", data={"username": "bikhoa", "csrf_token": csrf})
    token = made.text.split('<code class="token">')[1].split("</code>")[0]
    assert made.headers["Cache-Control"] == "no-store"
    assert token not in json.dumps(_session(admin.cookies[COOKIE]))
    assert token not in admin.get("/admin").text  # shown once
    assert _works(secured, token)
    victim = secured.site.client("bikhoa")
    admin.post("/admin/users/active", data={"username": "bikhoa", "csrf_token": csrf})
    assert not _works(secured, token)
    assert victim.get("/", follow_redirects=False).status_code == 303
    admin.post("/admin/users/active", data={"username": "bikhoa", "active": "true", "csrf_token": csrf})
    token = create_token(register, "bikhoa", "thử", "admin")
    admin.post("/admin/users/password", data={"username": "bikhoa", "password": "mat-khau-khac", "csrf_token": csrf})
    assert not _works(secured, token)
    token = create_token(register, "bikhoa", "thu hồi", "admin")
    page = admin.get("/admin").text
    token_id = page.split("<td>bikhoa</td><td>thu hồi</td>")[1].split('action="/admin/tokens/')[1].split("/")[0]
    admin.post(f"/admin/tokens/{token_id}/revoke", data={"csrf_token": csrf})
    assert not _works(secured, token)
