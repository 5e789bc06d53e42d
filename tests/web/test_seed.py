"""The first start: samples, the administrator, demo agencies and owners; a second start changes nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from chitieu.config import get_settings
from chitieu.register import open_register
from chitieu.register.accounts import authenticate, list_accounts, list_agencies, owners
from chitieu.register.db.workflow import ApiToken
from chitieu.web.app import session_secret
from chitieu.web.seed import seed


def test_first_start_fills_an_empty_register(tmp_path: Path) -> None:
    register = open_register(url=f"sqlite:///{tmp_path}/x.sqlite")
    first = seed(register)
    assert first.imported == 3 and first.admin_password
    assert authenticate(register, "admin", first.admin_password).is_admin
    assert {a["province"] for a in list_agencies(register)} == {"Hà Tĩnh", "Lạng Sơn"}
    total = register.query_targets(limit=0)[0]
    assert len(owners(register)) == total
    again = seed(register)
    assert again.imported == 0 and again.admin_password is None
    assert len(list_accounts(register)) == 1
    register.engine.dispose()


def test_session_secret_is_generated_once(tmp_path: Path) -> None:
    settings = get_settings(database_url=f"sqlite:///{tmp_path}/db/x.sqlite")
    secret = session_secret(settings)
    assert len(secret) > 40 and session_secret(settings) == secret
    assert (tmp_path / "db" / "secret.key").read_text() == secret


def test_first_start_makes_no_api_token(tmp_path: Path) -> None:
    """A national token printed at the first start would sit in terminal and service logs."""
    register = open_register(url=f"sqlite:///{tmp_path}/x.sqlite")
    first = seed(register, samples=[])
    with register.factory() as session:
        assert session.scalar(select(func.count()).select_from(ApiToken)) == 0
    assert not hasattr(first, "admin_token")
    register.engine.dispose()
