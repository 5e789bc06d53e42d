"""Typed dependencies for routes: the register, the signed-in account, CSRF checks, API tokens, page rendering."""

from __future__ import annotations

import hmac
import secrets
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from chitieu import labels
from chitieu.errors import AccessDeniedError
from chitieu.explain import explain
from chitieu.moments import shown_time
from chitieu.numbers import format_number, format_range
from chitieu.register import Register
from chitieu.register.accounts import Account, account_for_token, get_account
from chitieu.report.wording import unit_label
from chitieu.web.charts import GROUP_COLOR
from chitieu.web.paths import TEMPLATES
from chitieu.web.texts import error_title
from chitieu.web.views import field_label

CSRF_HEADER = "X-CSRF-Token"
MAX_ID = 2_147_483_647  # PostgreSQL's INTEGER; a larger id in a path is a 422, never a database error
RowId = Annotated[int, Path(ge=1, le=MAX_ID)]
CSRF_FIELD = "csrf_token"


class LoginRequired(Exception):
    """No one is signed in: pages redirect to the login form, the API answers 401."""


def get_register(request: Request) -> Register:
    return request.app.state.register


RegisterDep = Annotated[Register, Depends(get_register)]


def optional_account(request: Request, register: RegisterDep) -> Account | None:
    user_id = request.session.get("user_id")
    if user_id is None:
        return None
    account = get_account(register, int(user_id))
    if account is None or request.session.get("epoch") != account.session_epoch:
        request.session.clear()  # the account is gone, or signed out (or changed its password) since this cookie
        account = None
    request.state.account = account
    return account


def current_account(account: Annotated[Account | None, Depends(optional_account)]) -> Account:
    if account is None:
        raise LoginRequired
    return account


CurrentUser = Annotated[Account, Depends(current_account)]
MaybeUser = Annotated[Account | None, Depends(optional_account)]


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def check_csrf(request: Request) -> None:
    """A POST from a page must carry the session's CSRF token, in a form field or the HTMX header."""
    expected = request.session.get("csrf")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        raise AccessDeniedError("Phiên làm việc đã hết hạn hoặc yêu cầu không hợp lệ; hãy tải lại trang rồi thử lại.")


Csrf = Depends(check_csrf)


def api_account(request: Request, register: RegisterDep) -> Account:
    """The account of the ``Authorization: Bearer`` token."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise LoginRequired
    account = account_for_token(register, token.strip())
    request.state.account = account
    return account


ApiUser = Annotated[Account, Depends(api_account)]

def seen_versions(actuals: list[dict[str, Any]]) -> str:
    """What a target page showed of its person-entered figures ("*;period|vintage|version;..."), sent back with
    the entry form so that a save over someone else's newer figure is a conflict (``register/figures/actuals.py``). The
    leading "*" keeps the field non-empty when nothing was shown (an empty form field reads as not sent)."""
    shown = [f"{a['period']}|{a['vintage']}|{a['version']}" for a in actuals if a["source_kind"] == "person"]
    return ";".join(["*", *shown])


def shown_value(value: object, field: str | None = None) -> str:
    """A field's old or new value in a target's history: a direction or bound by its label, a number the Vietnamese
    way, yes/no, or "(trống)"."""
    if value is None or value == "":
        return "(trống)"
    if field in ("direction", "bound") and isinstance(value, str):
        return labels.label(labels.DIRECTION if field == "direction" else labels.BOUND, value)
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int | float):
        return format_number(value)
    return str(value)


templates = Jinja2Templates(directory=str(TEMPLATES))
templates.env.auto_reload = False  # templates ship with the package: no file check on every render
templates.env.filters["num"] = format_number
templates.env.filters["shown"] = shown_value
templates.env.filters["time"] = shown_time  # every time a page shows is Vietnam's (``chitieu.moments``)
templates.env.globals.update(
    format_range=format_range, labels=labels, status_label=labels.state_label,
    group_label=lambda c: labels.label(labels.GROUPS, c), field_label=field_label,
    group_color=GROUP_COLOR, group_of=labels.group_of, reason=explain, unit_label=unit_label,
    seen_versions=seen_versions, error_title=error_title,
)


def now(request: Request) -> datetime:
    """The moment the pages take as now: ``app.state.clock`` when a test sets one."""
    clock = getattr(request.app.state, "clock", None)
    return clock() if clock is not None else datetime.now(UTC)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page with the signed-in account and the CSRF token in its context."""
    context.setdefault("user", getattr(request.state, "account", None))
    context["csrf"] = csrf_token(request)
    context.setdefault("flash", request.session.pop("flash", None))
    return templates.TemplateResponse(request, name, context, status_code=status_code)
