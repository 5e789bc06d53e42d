"""Uploads are converted under a budget, a few at a time per server process, without holding the page threads.

``upload_budget`` turns the ``CHITIEU_UPLOAD_*`` settings into the intake's ``Budget``. ``in_upload_slot`` runs a
route's upload work (reading the files, converting them, staging) in a worker thread of its own limiter
(``upload_workers`` at once): the conversion itself runs in a separate process (``chitieu.intake.sandbox``), and a
request waiting for its turn holds neither a page thread nor the event loop, so ``GET /login`` and the other pages
answer while hostile uploads are being refused.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from anyio import CapacityLimiter, to_thread
from fastapi import Request

from chitieu.config import Settings
from chitieu.intake import Budget, sandbox
from chitieu.intake.budget import MIB

# What the conversion processes run: staging a document, reading an entry template.
sandbox.preload("chitieu.register.review", "chitieu.report.template")

T = TypeVar("T")


def upload_budget(settings: Settings) -> Budget:
    """The limits of one upload, from the settings."""
    return Budget(
        pages=settings.upload_max_pages, ocr_pages=settings.upload_max_ocr_pages, seconds=settings.upload_max_seconds,
        uncompressed_bytes=settings.upload_max_uncompressed_mb * MIB, lines=settings.upload_max_lines,
        characters=settings.upload_max_characters, memory_bytes=settings.upload_max_memory_mb * MIB,
        rows=settings.upload_max_rows, cells=settings.upload_max_cells, isolated=settings.upload_isolated,
    )


def request_budget(request: Request) -> Budget:
    return upload_budget(request.app.state.settings)


async def in_upload_slot(request: Request, func: Callable[..., T], *args: Any) -> T:
    """``func(*args)`` in a worker thread, at most ``upload_workers`` at once in this server process."""
    state = request.app.state
    limiter = getattr(state, "upload_limiter", None)
    if limiter is None:
        limiter = state.upload_limiter = CapacityLimiter(max(1, state.settings.upload_workers))
    return await to_thread.run_sync(partial(func, *args), limiter=limiter)
