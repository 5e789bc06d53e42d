"""Uploads are converted under a budget, a few at a time per server process, without holding the page threads.

``upload_budget`` turns the ``CHITIEU_UPLOAD_*`` settings into the intake's ``Budget``. A route taking files
(documents, drafts, entry templates) reads them, then:

1. ``check_first``: the budget's cheap checks (``chitieu.intake.check_upload``: a package's expanded size, a
   template's rows and cells, a PDF's pages and pages to OCR) in a short-lived process of their own, on a lane of
   ``upload_workers`` slots, so a file over a limit is refused at once instead of queueing behind long conversions;
2. ``in_upload_slot``: the work itself (converting, staging) in a worker thread of the conversion lane
   (``upload_workers`` at once); the conversion runs in a separate process (``chitieu.intake.sandbox``).

A request waiting for either lane holds neither a page thread nor the event loop, so ``GET /login`` and the other
pages answer while hostile uploads are being refused.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from anyio import CapacityLimiter, to_thread
from fastapi import Request

from chitieu.config import Settings
from chitieu.intake import Budget, check_upload, run_bounded, sandbox
from chitieu.intake.budget import MIB

# What the conversion processes run: staging a document, reading an entry template; and one extraction to start
# them warm (``chitieu.extract.warm``).
sandbox.preload("chitieu.register.documents.review", "chitieu.report.template", "chitieu.extract.warm")

T = TypeVar("T")
CHECK_SECONDS = 20.0  # the cheap checks of one file take well under a second


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


def _limiter(request: Request, lane: str) -> CapacityLimiter:
    state = request.app.state
    limiter = getattr(state, lane, None)
    if limiter is None:
        limiter = CapacityLimiter(max(1, state.settings.upload_workers))
        setattr(state, lane, limiter)
    return limiter


async def in_upload_slot(request: Request, func: Callable[..., T], *args: Any) -> T:
    """``func(*args)`` in a worker thread, at most ``upload_workers`` at once in this server process."""
    return await to_thread.run_sync(partial(func, *args), limiter=_limiter(request, "upload_limiter"))


def check_files(uploads: list[tuple[str, bytes]], budget: Budget) -> None:
    """Each file through ``check_upload`` under ``budget`` (its time cut to ``CHECK_SECONDS``)."""
    quick = replace(budget, seconds=min(budget.seconds, CHECK_SECONDS))
    for name, data in uploads:
        with tempfile.TemporaryDirectory(prefix="chitieu-check-") as folder:
            path = Path(folder) / (Path(name).name or "tai-lieu")
            path.write_bytes(data)
            run_bounded(check_upload, path, path=path, budget=quick)


async def check_first(request: Request, uploads: list[tuple[str, bytes]]) -> None:
    """Refuse a file over one of the budget's cheap limits before it waits for a conversion slot."""
    await to_thread.run_sync(partial(check_files, uploads, request_budget(request)),
                             limiter=_limiter(request, "check_limiter"))
