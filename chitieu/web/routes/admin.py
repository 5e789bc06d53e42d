"""Administration: accounts, agencies and API tokens.

Who may manage which account is the register's rule (``accounts.check_manage``): an administrator of a province
sees and manages only his province's accounts and agencies. A new API token is shown once, in the answer to the
form that made it, and is never put in the session cookie.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from chitieu.errors import AccessDeniedError, ChitieuError
from chitieu.register import Register
from chitieu.register.accounts import (
    TOKEN_DAYS,
    Account,
    create_agency,
    create_token,
    create_user,
    list_accounts,
    list_agencies,
    list_tokens,
    reset_password,
    revoke_token,
    set_active,
)
from chitieu.register.corrections import province_names
from chitieu.web.deps import Csrf, CurrentUser, RegisterDep, RowId, render

router = APIRouter()


def _admin(user: Account) -> None:
    if not user.is_admin:
        raise AccessDeniedError("Chỉ quản trị viên được vào trang quản trị.")


def _page(request: Request, register: Register, user: Account, new_token: dict[str, str] | None = None) -> Response:
    provinces = [p["name"] for p in province_names(register)]  # every unit: the 34 and the former 63
    if user.province is not None:
        provinces = [p for p in provinces if p == user.province]
    response = render(request, "admin.html", accounts=list_accounts(register, user),
                      agencies=list_agencies(register, user), tokens=list_tokens(register, user),
                      provinces=provinces, new_token=new_token, token_days=TOKEN_DAYS)
    response.headers["Cache-Control"] = "no-store"
    return response


def _done(request: Request, message: str) -> Response:
    request.session["flash"] = message
    return RedirectResponse("/admin", status_code=303)


@router.get("/admin")
def admin_page(request: Request, register: RegisterDep, user: CurrentUser) -> Response:
    _admin(user)
    return _page(request, register, user)


@router.post("/admin/users", dependencies=[Csrf])
def add_user(request: Request, register: RegisterDep, user: CurrentUser, username: Annotated[str, Form()],
             password: Annotated[str, Form()], role: Annotated[str, Form()], province: Annotated[str, Form()] = "",
             agency_id: Annotated[str, Form()] = "", full_name: Annotated[str, Form()] = "") -> Response:
    _admin(user)
    province = province or (user.province or "")
    if agency_id and not agency_id.isdigit():
        raise ChitieuError("Cơ quan đã chọn không hợp lệ.")
    create_user(register, username, password, role, province=province or None,
                agency_id=int(agency_id) if agency_id else None, full_name=full_name or None, actor=user)
    return _done(request, f"Đã tạo tài khoản {username.strip()}.")


@router.post("/admin/users/active", dependencies=[Csrf])
def lock_user(request: Request, register: RegisterDep, user: CurrentUser, username: Annotated[str, Form()],
              active: Annotated[bool, Form()] = False) -> Response:
    _admin(user)
    set_active(register, username, active, user)
    return _done(request, f"Đã {'mở khóa' if active else 'khóa'} tài khoản {username}.")


@router.post("/admin/users/password", dependencies=[Csrf])
def new_password(request: Request, register: RegisterDep, user: CurrentUser, username: Annotated[str, Form()],
                 password: Annotated[str, Form()]) -> Response:
    _admin(user)
    reset_password(register, username, password, user)
    return _done(request, f"Đã đặt mật khẩu mới cho {username}; các phiên và mã truy cập cũ đã hết hiệu lực.")


@router.post("/admin/agencies", dependencies=[Csrf])
def add_agency(request: Request, register: RegisterDep, user: CurrentUser, name: Annotated[str, Form()],
               province: Annotated[str, Form()] = "") -> Response:
    _admin(user)
    create_agency(register, name, province or user.province or None, user)
    return _done(request, f"Đã thêm cơ quan {name.strip()}.")


@router.post("/admin/tokens", dependencies=[Csrf])
def add_token(request: Request, register: RegisterDep, user: CurrentUser, username: Annotated[str, Form()],
              name: Annotated[str, Form()] = "API", days: Annotated[int, Form(ge=1, le=366)] = TOKEN_DAYS) -> Response:
    _admin(user)
    token = create_token(register, username, name, user, days=days)
    return _page(request, register, user, {"username": username, "token": token})


@router.post("/admin/tokens/{token_id}/revoke", dependencies=[Csrf])
def revoke(request: Request, register: RegisterDep, user: CurrentUser, token_id: RowId) -> Response:
    _admin(user)
    revoke_token(register, token_id, user)
    return _done(request, f"Đã thu hồi mã truy cập số {token_id}.")
