"""Run an upload's conversion in a separate process held to its budget's time and memory.

The server process must stay responsive while a file is read (a scan's OCR takes minutes of CPU; parsing a
large package holds the GIL) and must not grow with what a file expands to. ``run(func, *args)`` calls
``func`` in a fresh child process and returns its result:

- the child is forked from multiprocessing's fork server, a single-threaded process started once per server
  process with the readers imported, so a conversion starts in a fraction of a second and forking never copies a
  threaded server;
- the child lowers its priority (``nice``), so the pages of other users come first on a busy machine; leads its
  own process group, so Tesseract processes it starts end with it; and sets ``RLIMIT_AS`` to the budget's memory
  (a file that needs more fails in the child, not the server) and ``RLIMIT_CPU`` as a backstop;
- the parent waits at most the budget's seconds, then kills the group; when the file lies in a temporary folder
  of chitieu's (``chitieu-*``, the callers' own), the child's temporary files go there too and are removed with it.

An error chitieu raises on purpose comes back as it was raised; a child that runs out of time or memory, or dies,
becomes a ``LimitError`` naming the limit. How many conversions run at once is the caller's to bound (the web app
allows ``CHITIEU_UPLOAD_WORKERS`` per server process).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import pickle
import resource
import signal
import tempfile
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from chitieu.errors import ChitieuError, InputError
from chitieu.intake.budget import Budget, applied, out_of_memory, out_of_time

T = TypeVar("T")
PRELOAD = ["chitieu.intake", "chitieu.extract"]  # imported once in the fork server, shared by every child
NICE = 10
_log = logging.getLogger(__name__)
_context_lock = threading.Lock()
_context: Any = None


def preload(*modules: str) -> None:
    """Have the fork server import ``modules`` too (those that hold the functions given to ``run``), so a child
    does not import them for each file; takes effect when the fork server starts (the first ``run``)."""
    with _context_lock:
        PRELOAD.extend(module for module in modules if module not in PRELOAD)


def _fork_server() -> Any:
    global _context
    with _context_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(list(PRELOAD))
            _context = context
        return _context


def _limit(budget: Budget) -> None:
    os.setpgid(0, 0)
    os.nice(NICE)
    memory = budget.memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(budget.seconds * 2) + 10  # Tesseract runs in its own processes; this holds the child's own loops
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))


def _child(connection: Connection, func: Callable[..., Any], args: tuple[Any, ...], budget: Budget,
           scratch: str | None) -> None:
    answer: tuple[str, Any]
    try:
        _limit(budget)
        if scratch:
            tempfile.tempdir = scratch  # Tesseract's page images go there, removed with it even if killed
        with applied(budget):
            answer = ("ok", func(*args))
    except MemoryError:
        answer = ("memory", None)
    except ChitieuError as exc:
        answer = ("error", exc)
    except BaseException as exc:  # a bug or a library's own error on a hostile file: reported, not fatal
        answer = ("crash", "".join(traceback.format_exception(exc))[-4000:])
    try:
        data = pickle.dumps(answer)
    except MemoryError:
        data = pickle.dumps(("memory", None))
    except Exception as exc:  # an error that cannot cross: keep its words
        data = pickle.dumps(("error", ChitieuError(str(answer[1]) if answer[0] == "error" else repr(exc))))
    try:
        connection.send_bytes(data)
    finally:
        connection.close()


def _end(process: Any) -> None:
    """Kill the child's process group (the child and any Tesseract it started), then the child if still there."""
    if process.pid is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    if process.is_alive():
        process.kill()
    process.join(5)


def run(func: Callable[..., T], *args: Any, path: str | Path, budget: Budget | None) -> T:
    """``func(*args)`` in a child process under ``budget``; ``path`` names the file in messages. ``func`` and its
    arguments must be picklable (a module-level function). Without a budget, or with one that is not ``isolated``,
    ``func`` runs here (under the budget's other limits)."""
    if budget is None or not budget.isolated:
        with applied(budget):
            return func(*args)
    context = _fork_server()
    receiver, sender = context.Pipe(duplex=False)
    folder = Path(path).parent
    scratch = str(folder) if Path(path).is_file() and folder.name.startswith("chitieu-") else None
    process = context.Process(target=_child, args=(sender, func, args, budget, scratch), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(budget.seconds):
            raise out_of_time(path, budget)
        try:
            kind, value = pickle.loads(receiver.recv_bytes())
        except (EOFError, OSError) as exc:  # died without a word: killed for its memory, most likely
            process.join(5)
            _log.warning("conversion of %s ended without an answer (exit code %s)", path, process.exitcode)
            raise out_of_memory(path, budget) from exc
    finally:
        _end(process)
        receiver.close()
    if kind == "ok":
        return value
    if kind == "memory":
        raise out_of_memory(path, budget)
    if kind == "error":
        raise value
    _log.error("conversion of %s failed:\n%s", path, value)
    raise InputError(path, "tệp hỏng hoặc không đúng định dạng (lỗi khi chuyển đổi)")
