"""``create_app(settings)``: the FastAPI application, its middleware, error pages and routers.

Every ``ChitieuError`` becomes a status code and one Vietnamese sentence: a page for the browser, a fragment for
an HTMX request (shown in the page's message area), JSON for ``/api``.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from chitieu.config import Settings, get_settings
from chitieu.errors import AccessDeniedError, ChitieuError, ConflictError, NotFoundError
from chitieu.register.api import Register, open_register
from chitieu.web.deps import LoginRequired, render
from chitieu.web.paths import STATIC
from chitieu.web.routes import (
    actuals,
    admin,
    api,
    auth,
    compare,
    consultation,
    export,
    overview,
    register_list,
    review,
    targets,
)

STATUS_CODES: list[tuple[type[ChitieuError], int]] = [
    (NotFoundError, 404), (AccessDeniedError, 403), (ConflictError, 409), (ChitieuError, 400),
]
SESSION_HOURS = 12


def session_secret(settings: Settings) -> str:
    """The settings' secret, or one generated once and kept in the var folder."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.var_dir()) / "secret.key"
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    path.write_text(secret, encoding="utf-8")
    path.chmod(0o600)
    return secret


def _status(error: ChitieuError) -> int:
    return next(code for kind, code in STATUS_CODES if isinstance(error, kind))


async def _chitieu_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, ChitieuError)
    code = _status(error)
    if request.url.path.startswith("/api"):
        return JSONResponse({"detail": str(error)}, status_code=code)
    if request.headers.get("HX-Request"):
        response = render(request, "partials/flash.html", code, message=str(error), kind="error")
        response.headers["HX-Retarget"] = "#flash"
        response.headers["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "error.html", code, message=str(error), code=code)


async def _login_required(request: Request, _error: Exception) -> Response:
    if request.url.path.startswith("/api"):
        return JSONResponse({"detail": "Cần mã truy cập: Authorization: Bearer <mã>."}, status_code=401,
                            headers={"WWW-Authenticate": "Bearer"})
    target = "/login?next=" + request.url.path
    if request.headers.get("HX-Request"):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def create_app(settings: Settings | None = None, register: Register | None = None) -> FastAPI:
    """The web application over ``register`` (by default the settings' register, migrated)."""
    settings = settings or get_settings()
    app = FastAPI(title="chitieu", description="Sổ theo dõi chỉ tiêu: API JSON (mã truy cập Bearer).",
                  version="0.1.0", openapi_url="/api/openapi.json", docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.register = register or open_register(settings)
    app.add_middleware(SessionMiddleware, secret_key=session_secret(settings), session_cookie="chitieu_session",
                       max_age=SESSION_HOURS * 3600, same_site="lax", https_only=settings.secure_cookies)
    app.add_exception_handler(ChitieuError, _chitieu_error)
    app.add_exception_handler(LoginRequired, _login_required)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    for module in (auth, overview, register_list, targets, actuals, review, compare, export, admin, consultation):
        app.include_router(module.router, include_in_schema=False)
    app.include_router(api.router)
    return app
