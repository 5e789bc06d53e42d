"""Signing in and out; repeated failures for one username from one address are refused for a while."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from chitieu.errors import AccessDeniedError, ChitieuError
from chitieu.register.accounts import (
    authenticate,
    change_password,
    check_login_allowed,
    clear_login_failures,
    end_sessions,
    record_login_failure,
)
from chitieu.web.deps import Csrf, CurrentUser, MaybeUser, RegisterDep, render

router = APIRouter()


def _safe_next(target: str | None) -> str:
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login")
def login_page(request: Request, user: MaybeUser, next: str | None = None) -> Response:
    if user is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login.html", next=_safe_next(next), error=None)


@router.post("/login", dependencies=[Csrf])
def login(request: Request, register: RegisterDep, username: Annotated[str, Form()],
          password: Annotated[str, Form()], next: Annotated[str, Form()] = "/") -> Response:
    settings = request.app.state.settings
    window = timedelta(minutes=settings.login_window_minutes)
    address = request.client.host if request.client else "?"
    try:
        check_login_allowed(register, username, address, settings.login_max_failures, window)
    except AccessDeniedError as exc:
        return render(request, "login.html", 429, next=_safe_next(next), error=str(exc), username=username)
    try:
        account = authenticate(register, username, password)
    except AccessDeniedError as exc:
        record_login_failure(register, username, address, window)
        return render(request, "login.html", 401, next=_safe_next(next), error=str(exc), username=username)
    clear_login_failures(register, username, address)
    request.session.clear()  # a new CSRF token too: one seen before signing in is worth nothing after
    request.session.update({"user_id": account.id, "epoch": account.session_epoch,
                            "csrf": secrets.token_urlsafe(32)})
    return RedirectResponse(_safe_next(next), status_code=303)


@router.get("/password")
def password_page(request: Request, user: CurrentUser) -> Response:
    return render(request, "password.html")


@router.post("/password", dependencies=[Csrf])
def password(request: Request, register: RegisterDep, user: CurrentUser, old: Annotated[str, Form()],
             new: Annotated[str, Form()], again: Annotated[str, Form()]) -> Response:
    if new != again:
        raise ChitieuError("Hai lần nhập mật khẩu mới không khớp nhau.")
    request.session["epoch"] = change_password(register, user, old, new)  # other sessions end, this one goes on
    request.session["flash"] = "Đã đổi mật khẩu."
    return RedirectResponse("/", status_code=303)


@router.post("/logout", dependencies=[Csrf])
def logout(request: Request, register: RegisterDep, user: MaybeUser) -> Response:
    """Sign out everywhere: a copy of this session's cookie (or any older one) no longer signs anyone in."""
    if user is not None:
        end_sessions(register, user)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
