"""The rules for entering and approving values are the register's: a service call meets the same refusal as a page
or the API (which only call the services)."""

from __future__ import annotations

import pytest

from chitieu.errors import AccessDeniedError, ConflictError
from chitieu.register.accounts import Account, list_accounts
from chitieu.register.figures import approve_actual, list_pending, return_actual, submit_actual

from .conftest import SecuredSite


def _account(secured: SecuredSite, username: str) -> Account:
    return next(a for a in list_accounts(secured.site.register) if a.username == username)


def test_a_value_over_someone_elses_waiting_one_is_refused_by_the_service(secured: SecuredSite) -> None:
    register, admin = secured.site.register, _account(secured, "quantri_ls")
    with pytest.raises(ConflictError, match=r"bientap_ls đã gửi số liệu kỳ 2025 .* đang chờ duyệt"):
        submit_actual(register, admin, secured.ids.target_a, 7.5, "2025", vintage="estimate")
    with pytest.raises(ConflictError, match="đang chờ duyệt"):
        register.set_actual(secured.ids.target_a, 7.5, "2025", vintage="estimate", entered_by="Nguyễn Văn A")
    assert [p["id"] for p in list_pending(register, admin)] == [secured.ids.pending]


def test_a_value_seen_at_an_older_version_is_refused_by_the_service(secured: SecuredSite) -> None:
    register, admin = secured.site.register, _account(secured, "quantri_ls")
    submit_actual(register, admin, secured.ids.target_a, 8.0, "2025", vintage="revision", expected_version=0)
    with pytest.raises(ConflictError, match="sau khi bạn mở trang"):
        submit_actual(register, admin, secured.ids.target_a, 8.5, "2025", vintage="revision", expected_version=0)


def test_only_an_administrator_approves_or_returns(secured: SecuredSite) -> None:
    register, editor = secured.site.register, _account(secured, "bientap_ls")
    for act in (lambda: approve_actual(register, editor, secured.ids.pending),
                lambda: return_actual(register, editor, secured.ids.pending, "sai")):
        with pytest.raises(AccessDeniedError, match="Chỉ quản trị viên được duyệt hoặc trả lại số liệu"):
            act()
