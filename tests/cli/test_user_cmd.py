"""``chitieu user``: the same rule as the administration page, and no token outlives a lock or a new password."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from chitieu.cli.app import app
from chitieu.errors import AccessDeniedError
from chitieu.register import open_register
from chitieu.register.accounts import account_for_token, authenticate, create_user, list_agencies, owners
from chitieu.register.db.session import transaction
from chitieu.register.documents.provinces import seed_provinces
from tests.conftest import migrated_sqlite

from ..register.conftest import SAMPLE

runner = CliRunner()
PASSWORD = "mat-khau-thu"


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = migrated_sqlite(tmp_path / "x.sqlite")
    register = open_register(url=url)
    with transaction(register.factory) as session:
        seed_provinces(session)
    create_user(register, "admin", PASSWORD, "admin")
    create_user(register, "quantri_ls", PASSWORD, "admin", province="Lạng Sơn")
    create_user(register, "bientap_ls", PASSWORD, "editor", province="Lạng Sơn")
    create_user(register, "bientap_ht", PASSWORD, "editor", province="Hà Tĩnh")
    register.engine.dispose()
    return url


def _run(database: str, *args: str, password: str | None = None) -> object:
    typed = f"{password}\n{password}\n" if password else None
    return runner.invoke(app, ["user", *args, "--db", database], input=typed)


def test_a_province_administrator_is_refused_outside_his_province(database: str) -> None:
    for args in (["token", "admin"], ["token", "bientap_ht"], ["lock", "bientap_ht"]):
        result = _run(database, *args, "--by", "quantri_ls")
        assert result.exit_code == 1 and isinstance(result.exception, AccessDeniedError), args  # type: ignore[attr-defined]
    result = _run(database, "add", "moi", "--role", "admin", "--province", "Hà Tĩnh", "--by", "quantri_ls",
                  password=PASSWORD)
    assert "Quản trị viên tỉnh chỉ được quản lý tài khoản trong tỉnh của mình." in str(result.exception)  # type: ignore[attr-defined]


def test_token_lock_and_new_password_end_tokens(database: str) -> None:
    made = _run(database, "token", "bientap_ls", "--days", "5", "--by", "quantri_ls")
    assert made.exit_code == 0, made.output  # type: ignore[attr-defined]
    token = made.stdout.strip()  # type: ignore[attr-defined]
    register = open_register(url=database)
    assert account_for_token(register, token).username == "bientap_ls"
    assert _run(database, "lock", "bientap_ls", "--by", "quantri_ls").exit_code == 0  # type: ignore[attr-defined]
    with pytest.raises(AccessDeniedError):
        account_for_token(register, token)
    with pytest.raises(AccessDeniedError):
        authenticate(register, "bientap_ls", PASSWORD)
    assert _run(database, "unlock", "bientap_ls", "--by", "quantri_ls").exit_code == 0  # type: ignore[attr-defined]
    again = _run(database, "token", "bientap_ls", "--by", "admin").stdout.strip()  # type: ignore[attr-defined]
    reset = _run(database, "password", "bientap_ls", "--by", "admin", password="mat-khau-moi")
    assert reset.exit_code == 0, reset.output  # type: ignore[attr-defined]
    assert authenticate(register, "bientap_ls", "mat-khau-moi").username == "bientap_ls"
    with pytest.raises(AccessDeniedError):
        account_for_token(register, again)
    register.engine.dispose()


def test_owners_are_given_from_the_catalogue_within_the_province(database: str, tmp_path: Path) -> None:
    register = open_register(url=database)
    document = tmp_path / "nq.txt"
    document.write_text(SAMPLE.format(year=2024, growth="8", budget="1.010"), "utf-8")
    register.import_documents([document])
    refused = _run(database, "owners", "--province", "Bắc Kạn", "--by", "quantri_ls")
    assert refused.exit_code == 1 and isinstance(refused.exception, AccessDeniedError)
    done = _run(database, "owners", "--province", "Bắc Kạn", "--by", "admin")
    assert done.exit_code == 0, done.output
    linked = [t for t in register.targets() if t["catalogue"]]
    assert f"Đã giao cơ quan phụ trách cho {len(linked)} chỉ tiêu của Bắc Kạn." in done.output
    forest = next(t for t in linked if t["catalogue"] == "forest_cover")
    owner = owners(register, [forest["id"]])[forest["id"]]
    assert owner["name"] == "Sở Nông nghiệp và Môi trường"
    assert {a["province"] for a in list_agencies(register)} == {"Bắc Kạn"}
    again = _run(database, "owners", "--province", "Bắc Kạn", "--by", "admin")
    assert "cho 0 chỉ tiêu" in again.output
