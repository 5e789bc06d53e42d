"""``create_app(settings)``: the FastAPI application, its middleware, error pages and routers.

Every ``ChitieuError`` becomes a status code and one Vietnamese sentence: a page for the browser, a fragment for
an HTMX request (shown in the page's message area), JSON for ``/api``.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chitieu.config import Settings, get_settings
from chitieu.errors import AccessDeniedError, ChitieuError, ConflictError, InvalidValueError, LimitError, NotFoundError
from chitieu.register import Register, clean_scratch, open_register
from chitieu.web import apidocs
from chitieu.web.deps import LoginRequired, optional_account, render
from chitieu.web.forms import UnsupportedUpload, UploadTooLarge, too_large_message
from chitieu.web.headers import SecurityHeaders
from chitieu.web.json_guard import JsonGuard
from chitieu.web.paths import STATIC
from chitieu.web.routes import (
    actuals,
    admin,
    api,
    appendix,
    auth,
    compare,
    consultation,
    corrections,
    export,
    overview,
    register_list,
    review,
    targets,
)
from chitieu.web.texts import error_message, error_title, field_problem

STATUS_CODES: list[tuple[type[ChitieuError], int]] = [
    (UploadTooLarge, 413), (LimitError, 413), (UnsupportedUpload, 415), (NotFoundError, 404), (AccessDeniedError, 403),
    (ConflictError, 409), (InvalidValueError, 422), (ChitieuError, 400),
]
SESSION_HOURS = 12
MAX_PROBLEMS = 600  # characters of a 422's field lines


def session_secret(settings: Settings) -> str:
    """The settings' secret, or one generated once and kept in the var folder."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.var_dir()) / "secret.key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # several workers starting at once: the first creates the file, the others read it
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):
            secret = path.read_text(encoding="utf-8").strip()
            if secret:
                return secret
            time.sleep(0.01)  # created a moment ago, not yet written
        raise
    secret = secrets.token_urlsafe(48)
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(secret)
    return secret


def _status(error: ChitieuError) -> int:
    return next(code for kind, code in STATUS_CODES if isinstance(error, kind))


async def _chitieu_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, ChitieuError)
    message = str(error).encode("utf-8", "replace").decode("utf-8")  # a lone surrogate echoed from the request
    return _answer(request, _status(error), message)


def _answer(request: Request, code: int, message: str) -> Response:
    """An error's one Vietnamese sentence as the asker reads it: JSON under ``/api``, a fragment for HTMX (shown in
    the page's message area), else a page in the site's layout."""
    if request.url.path.startswith("/api"):
        return JSONResponse({"detail": message}, status_code=code)
    if not hasattr(request.state, "account"):  # no route ran (an unknown address): the page still shows who is in
        optional_account(request, request.app.state.register)
    if request.headers.get("HX-Request"):
        response = render(request, "partials/flash.html", code, message=message, kind="error")
        response.headers["HX-Retarget"] = "#flash"
        response.headers["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "error.html", code, message=message, code=code)


async def _invalid_request(request: Request, error: Exception) -> Response:
    """A request whose fields have the wrong type or are missing: 422 with a Vietnamese line per field naming it and
    its problem (``texts.field_problem``), never echoing the values (which could be anything, see ``json_guard``)."""
    assert isinstance(error, RequestValidationError)
    first: dict[str, str] = {}  # one line per field: a value tried against a union fails once per member
    for line in (field_problem(e) for e in error.errors()):
        first.setdefault(line.partition(":")[0], line)
    lines = list(first.values())
    message = "; ".join(lines)[:MAX_PROBLEMS] + "."
    return await _chitieu_error(request, InvalidValueError(message))


async def _http_error(request: Request, error: Exception) -> Response:
    """An HTTP error the application did not word (an unknown address, a method an address does not take): the
    site's page, fragment or JSON, in Vietnamese, with the error's headers (``Allow`` for 405)."""
    assert isinstance(error, StarletteHTTPException)
    response = _answer(request, error.status_code, error_message(error.status_code, request.method))
    for name, value in (error.headers or {}).items():
        response.headers[name] = value
    return response


async def _server_error(request: Request, error: Exception) -> Response:
    """A fault of the server (a bug): 500 with one Vietnamese sentence; the traceback goes to the server's log
    (Starlette raises the error again after this answer), never to the user."""
    message = error_message(500)
    if request.url.path.startswith("/api"):
        return JSONResponse({"detail": message}, status_code=500)
    try:
        return render(request, "error.html", 500, message=message, code=500)
    except Exception:  # the page itself failed (the database is down): the sentence alone
        return HTMLResponse(f"<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>{error_title(500)}"
                            f"</title><h1>{error_title(500)}</h1><p>{message}</p></html>", status_code=500)


async def _out_of_range(request: Request, error: Exception) -> Response:
    """A number the database cannot hold (an id past its integer range): the request is wrong, not the server."""
    return await _chitieu_error(request, ChitieuError("Số trong yêu cầu vượt quá giới hạn cho phép; hãy kiểm tra lại."))


async def _concurrent_write(request: Request, error: Exception) -> Response:
    """A unique key two transactions wrote at once (see the report on ``status.refresh``): the later one lost, like a
    stale save, and may simply try again."""
    conflict = ConflictError("Có người vừa lưu cùng lúc vào cùng dữ liệu; hãy tải lại trang rồi thử lại.")
    return await _chitieu_error(request, conflict)


async def _login_required(request: Request, _error: Exception) -> Response:
    if request.url.path.startswith("/api"):
        return JSONResponse({"detail": "Cần mã truy cập: Authorization: Bearer <mã>."}, status_code=401,
                            headers={"WWW-Authenticate": "Bearer"})
    target = "/login?next=" + request.url.path
    if request.headers.get("HX-Request"):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


class BodyLimit:
    """Refuse a request body over ``max_bytes`` with 413 and one Vietnamese line, before a route (or the multipart
    parser, which would spool it to disk) reads it: by its Content-Length, or, when it is sent in chunks, by
    counting what arrives."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None:
            if not length.isdigit() or int(length) > self.max_bytes:
                await self._refuse(scope, send)
                return
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        size = 0
        while True:  # chunked: buffer up to the limit, then replay
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await self._refuse(scope, send)
                return
            if message["type"] != "http.request" or not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        message = too_large_message(self.max_bytes)
        if scope["path"].startswith("/api"):
            body, kind = json.dumps({"detail": message}, ensure_ascii=False).encode(), b"application/json"
        else:
            body, kind = message.encode(), b"text/plain; charset=utf-8"
        headers: list[Any] = [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
                              (b"connection", b"close")]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def create_app(settings: Settings | None = None, register: Register | None = None) -> FastAPI:
    """The web application over ``register`` (by default the settings' register, migrated)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        to_thread.current_default_thread_limiter().total_tokens = settings.web_threads
        clean_scratch()  # what a killed server left behind mid-upload
        yield

    app = FastAPI(title="chitieu", description="Sổ theo dõi chỉ tiêu: API JSON (mã truy cập Bearer).",
                  swagger_ui_oauth2_redirect_url=None,
                  version="0.1.0", openapi_url="/api/openapi.json", docs_url=None, redoc_url=None,
                  lifespan=lifespan)
    app.state.settings = settings
    app.state.register = register or open_register(settings)
    app.add_middleware(SessionMiddleware, secret_key=session_secret(settings), session_cookie="chitieu_session",
                       max_age=SESSION_HOURS * 3600, same_site="lax", https_only=settings.secure_cookies)
    app.add_middleware(JsonGuard)
    app.add_middleware(BodyLimit, max_bytes=settings.max_upload_bytes)
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(ChitieuError, _chitieu_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(OverflowError, _out_of_range)
    app.add_exception_handler(DataError, _out_of_range)
    app.add_exception_handler(IntegrityError, _concurrent_write)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _server_error)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    for module in (auth, overview, register_list, targets, actuals, corrections, review, compare, appendix, export,
                   admin, consultation):
        app.include_router(module.router, include_in_schema=False)
    apidocs.describe(app, api.router)  # before the routes are included: an older FastAPI copies them
    app.include_router(api.router)
    app.include_router(apidocs.router)
    return app
