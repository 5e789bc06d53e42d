"""Web speed: the running server driven from this (second) process; p50/p95/p99 latency and requests/s.

    .venv/bin/python bench/web.py --size 100000 --seconds 20 --workers 8

A temporary SQLite register is filled with ``--size`` synthetic targets (as ``bench/register.py`` does), an
administrator and an API token are created, and ``uvicorn`` serves ``chitieu.web`` in a child process. Worker
threads here then send a mix of what people and scripts do: the register page filtered and searched, a target's
page (with its chart), the overview of a province, and the same through the JSON API with the token. Printed: per
kind of request and overall, the count, p50/p95/p99 in milliseconds, errors, and requests per second.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from chitieu.register import open_register
from chitieu.register.accounts import create_token, create_user

HERE = Path(__file__).resolve().parent
PASSWORD = "bench-password"
PROVINCES = ["Thái Nguyên", "Hà Nội", "Cà Mau", "Lâm Đồng", "Lạng Sơn"]
SERVER = ("import sys, uvicorn; from chitieu.config import get_settings; from chitieu.web.app import create_app; "
          "uvicorn.run(create_app(get_settings()), host='127.0.0.1', port=int(sys.argv[1]), log_level='warning')")


def _register_bench():
    spec = importlib.util.spec_from_file_location("bench_register", HERE / "register.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(url: str, size: int) -> tuple[str, int]:
    register = open_register(url=url)
    started = time.perf_counter()
    _register_bench().fill(register, size)
    register.refresh_status()
    print(f"filled {size:,} targets in {time.perf_counter() - started:.1f} s")
    create_user(register, "admin", PASSWORD, "admin")
    token = create_token(register, "admin", "bench", "bench")
    top = register.query_targets(limit=0)[0]
    register.engine.dispose()
    return token, top


def _login(client: httpx.Client) -> None:
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "no login form"
    response = client.post("/login", data={"username": "admin", "password": PASSWORD, "csrf_token": token.group(1)})
    assert response.status_code in (200, 303), response.status_code


def requests(token: str, top: int) -> dict[str, Callable[[httpx.Client, random.Random], httpx.Response]]:
    bearer = {"Authorization": f"Bearer {token}"}
    return {
        "page: register filtered": lambda c, r: c.get("/targets", params={
            "province": r.choice(PROVINCES), "term": "2020-2025", "field": "kinh_te"}),
        "page: register search": lambda c, r: c.get("/targets", params={"q": "ho ngheo", "page": r.randint(1, 20)}),
        "page: target": lambda c, r: c.get(f"/targets/{r.randint(1, top)}"),
        "page: overview": lambda c, r: c.get("/", params={"province": r.choice(PROVINCES), "term": "2020-2025"}),
        "api: targets": lambda c, r: c.get("/api/targets", headers=bearer, params={
            "province": r.choice(PROVINCES), "status": "not_met"}),
        "api: target": lambda c, r: c.get(f"/api/targets/{r.randint(1, top)}", headers=bearer),
    }


def drive(base: str, token: str, top: int, seconds: float, workers: int) -> None:
    kinds = requests(token, top)
    timings: dict[str, list[float]] = {name: [] for name in kinds}
    errors: dict[str, int] = dict.fromkeys(kinds, 0)
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def work(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=base, timeout=60, follow_redirects=True) as client:
            _login(client)
            while time.perf_counter() < deadline:
                name = rng.choice(list(kinds))
                started = time.perf_counter()
                response = kinds[name](client, rng)
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    timings[name].append(elapsed)
                    if response.status_code != 200:
                        errors[name] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    everything = sorted(t for times in timings.values() for t in times)
    print(f"{workers} workers, {wall:.1f} s, {len(everything):,} requests, {len(everything) / wall:,.1f} req/s")
    for name, times in [*timings.items(), ("all", everything)]:
        if not times:
            continue
        times = sorted(times)
        p = lambda q: times[min(len(times) - 1, int(q * len(times)))]  # noqa: E731, B023
        print(f"{name:28} n={len(times):6,}  p50 {statistics.median(times):8.1f} ms  p95 {p(0.95):8.1f} ms  "
              f"p99 {p(0.99):8.1f} ms  errors {errors.get(name, 0)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000, help="synthetic targets")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=8, help="client threads")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        token, top = prepare(url, args.size)
        port = _port()
        env = {**os.environ, "CHITIEU_DATABASE_URL": url, "CHITIEU_SECRET_KEY": "bench"}
        server = subprocess.Popen([sys.executable, "-c", SERVER, str(port)], env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    httpx.get(f"{base}/login", timeout=2)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            drive(base, token, top, args.seconds, args.workers)
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
