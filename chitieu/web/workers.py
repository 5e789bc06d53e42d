"""Several server processes on one port, each with a listening socket of its own (``SO_REUSEPORT``, Linux).

uvicorn's ``--workers`` (and gunicorn's) share one listening socket among the processes: each new connection goes
to whichever process accepts it first, and as browsers keep their connections open, one process can end up with
most users while another idles. On 2 cores with 20 users the register page served 140 requests/s that way and 288/s
with a socket per process (``bench/web.py``): with ``SO_REUSEPORT`` the kernel spreads connections evenly over the
sockets. Neither server opens one socket per process, hence this small supervisor: it starts the processes, starts
a new one when one dies, and stops them all on SIGINT or SIGTERM.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import threading
import time
from types import FrameType
from typing import Any

from chitieu.errors import ChitieuError

STOP_SECONDS = 30.0


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock


def _worker(overrides: dict[str, Any], ready: Any) -> None:
    import uvicorn

    from chitieu.config import get_settings
    from chitieu.web.app import create_app

    settings = get_settings(**overrides)
    sock = _listen(settings.host, settings.port)
    ready.set()  # past this point a failure is not a failure to start
    # proxy headers are trusted only from CHITIEU_FORWARDED_ALLOW_IPS (none when unset)
    config = uvicorn.Config(create_app(settings), log_level="warning", timeout_graceful_shutdown=20,
                            **settings.uvicorn_proxy_options())  # type: ignore[arg-type]
    uvicorn.Server(config).run(sockets=[sock])


def run_workers(overrides: dict[str, Any], workers: int) -> None:
    """Serve with ``workers`` processes (settings from the environment and ``overrides``) until SIGINT or SIGTERM."""
    if not hasattr(socket, "SO_REUSEPORT"):
        raise ChitieuError("Chạy nhiều tiến trình (--workers) cần Linux; ở máy này hãy chạy một tiến trình.")
    context = multiprocessing.get_context("spawn")
    stopping = threading.Event()

    def stop(_signum: int, _frame: FrameType | None) -> None:
        stopping.set()

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}

    def start() -> tuple[Any, Any]:
        ready = context.Event()
        process = context.Process(target=_worker, args=(overrides, ready), name="chitieu-web")
        process.start()
        return process, ready

    processes = [start() for _ in range(workers)]
    try:
        while not stopping.wait(0.5):
            for index, (process, ready) in enumerate(processes):
                if process.is_alive():
                    continue
                if (process.exitcode or 0) > 0 and not ready.is_set():  # however slow the machine is
                    raise ChitieuError(f"Tiến trình máy chủ dừng ngay khi khởi động (mã {process.exitcode}); "
                                       "cổng có thể đang bị chương trình khác dùng.")
                processes[index] = start()  # killed (a signal, out of memory) or failed later: a new one serves
    finally:
        for process, _ in processes:
            process.terminate()  # uvicorn finishes the requests in progress, then exits
        deadline = time.monotonic() + STOP_SECONDS
        for process, _ in processes:
            process.join(max(deadline - time.monotonic(), 0))
            if process.is_alive():
                process.kill()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
