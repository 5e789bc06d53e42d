"""Administration: accounts, agencies and API tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from chitieu.errors import AccessDeniedError
from chitieu.register.accounts import (
    Account,
    create_agency,
    create_token,
    create_user,
    list_accounts,
    list_agencies,
)
from chitieu.web.deps import Csrf, CurrentUser, RegisterDep, render
from chitieu.web.views import filter_choices

router = APIRouter()


def _admin(user: Account) -> None:
    if not user.is_admin:
        raise AccessDeniedError("Chỉ quản trị viên được vào trang quản trị.")


@router.get("/admin")
def admin_page(request: Request, register: RegisterDep, user: CurrentUser) -> Response:
    _admin(user)
    token = request.session.pop("new_token", None)
    return render(request, "admin.html", accounts=list_accounts(register), agencies=list_agencies(register),
                  provinces=filter_choices(register)["provinces"], new_token=token)


@router.post("/admin/users", dependencies=[Csrf])
def add_user(request: Request, register: RegisterDep, user: CurrentUser, username: Annotated[str, Form()],
             password: Annotated[str, Form()], role: Annotated[str, Form()], province: Annotated[str, Form()] = "",
             agency_id: Annotated[str, Form()] = "", full_name: Annotated[str, Form()] = "") -> Response:
    _admin(user)
    province = province or (user.province or "")
    create_user(register, username, password, role, province=province or None,
                agency_id=int(agency_id) if agency_id else None, full_name=full_name or None, actor=user.username)
    request.session["flash"] = f"Đã tạo tài khoản {username}."
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/agencies", dependencies=[Csrf])
def add_agency(request: Request, register: RegisterDep, user: CurrentUser, name: Annotated[str, Form()],
               province: Annotated[str, Form()] = "") -> Response:
    _admin(user)
    create_agency(register, name.strip(), province or user.province or None, user.username)
    request.session["flash"] = f"Đã thêm cơ quan {name}."
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/tokens", dependencies=[Csrf])
def add_token(request: Request, register: RegisterDep, user: CurrentUser, username: Annotated[str, Form()],
              name: Annotated[str, Form()] = "API") -> Response:
    _admin(user)
    request.session["new_token"] = {"username": username, "token": create_token(register, username, name,
                                                                                 user.username)}
    return RedirectResponse("/admin", status_code=303)
