"""JSON bodies that no error message can echo: refused before a route (or its validation) reads them.

Python's ``json`` reads ``NaN``, ``Infinity`` and ``1e999`` as floats that JSON cannot write back, and a lone
surrogate (``"\\ud800"``) as a string UTF-8 cannot encode; a validation error echoing either made the error response
itself fail with 500. ``JsonGuard`` answers such a body with 422 and one Vietnamese line. A body that is not JSON
at all goes on to FastAPI, which says so.
"""

from __future__ import annotations

import json
import math
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MESSAGE = ("Dữ liệu JSON gửi lên có số không hữu hạn (NaN, Infinity, số quá lớn) hoặc ký tự không hợp lệ; "
           "hãy sửa rồi gửi lại.")


class Unwritable(ValueError):
    """A value that JSON or UTF-8 cannot write back."""


def _constant(name: str) -> float:
    raise Unwritable(name)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise Unwritable(text)
    return value


def _check_text(value: Any) -> None:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise Unwritable("surrogate") from exc
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check_text(item)
    elif isinstance(value, list):
        for item in value:
            _check_text(item)


def writable(body: bytes) -> bool:
    """False when ``body`` is JSON holding a value that cannot be written back (True for anything else)."""
    try:
        _check_text(json.loads(body, parse_constant=_constant, parse_float=_float))
    except Unwritable:
        return False
    except ValueError:  # not JSON (or not UTF-8): FastAPI's own error says so
        return True
    return True


class JsonGuard:
    """Read a JSON request body (already capped by ``BodyLimit``) and refuse it with 422 when it is unwritable."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or [])
        if scope["type"] != "http" or b"json" not in headers.get(b"content-type", b"").lower():
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        body = b""
        while True:
            message = await receive()
            messages.append(message)
            body += message.get("body", b"")
            if message["type"] != "http.request" or not message.get("more_body", False):
                break
        if not writable(body):
            payload = json.dumps({"detail": MESSAGE}, ensure_ascii=False).encode()
            await send({"type": "http.response.start", "status": 422,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", str(len(payload)).encode())]})
            await send({"type": "http.response.body", "body": payload})
            return

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)
