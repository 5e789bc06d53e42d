"""Soak: a bounded mixed read/write load on loopback against the real server; errors, latency over time, memory.

    .venv/bin/python bench/soak.py --seconds 60
    source scripts/postgres.sh && .venv/bin/python bench/soak.py --seconds 120 --db "$CHITIEU_TEST_POSTGRES_URL"
    .venv/bin/python bench/soak.py --seconds 300 --clients 8 --server-workers 2 --interval 30

A fresh register (a SQLite file in a temporary folder, or a new database on the PostgreSQL server of ``--db``) is
filled with the bundled samples, an administrator, an editor of one province and an API token; ``chitieu serve``
then serves it in a subprocess with ``--server-workers`` processes. ``--clients`` threads, each its own
``httpx`` client and session, loop until ``--seconds`` are up, choosing at random (``--write-share`` writes):

- reads: the overview, the register filtered by province, a target's page, ``/api/targets``, ``/api/targets/<id>``;
- writes, as a person makes them: open a target's page, then save a value for one of 15 years with the versions
  the page showed; half as the administrator (written at once), half as the province's editor (sent for
  approval, then approved by the administrator through the API).

Printed: per ``--interval`` seconds the requests, errors, p50/p95/p99 latency in milliseconds and the server's RSS,
then the totals and the RSS at start, after warm-up and at the end. An error is any
5xx, a transport error, or an unexpected status; a 409 (two clients saved the same target and year at once) is
counted apart as a conflict, the answer it should be. The run exits 1 if there was an error.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from chitieu.register import open_register
from chitieu.register.accounts import create_token, create_user
from chitieu.web.seed import seed

PASSWORD = "soak-password"
SECRET = "soak-secret"


@dataclass
class Sample:
    at: float
    kind: str
    millis: float
    ok: bool


@dataclass
class Shared:
    samples: list[Sample] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    conflicts: int = 0  # 409: two clients saved the same target and period at once (refused, as it should be)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database(db: str | None, folder: Path) -> tuple[str, Callable[[], None]]:
    """A new, empty database: a SQLite file, or a database on ``db``'s PostgreSQL server; and how to drop it."""
    if not db:
        return f"sqlite:///{folder / 'soak.sqlite'}", lambda: None
    name = f"chitieu_soak_{uuid.uuid4().hex[:8]}"
    admin = create_engine(db, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()

    return f"{db.rsplit('/', 1)[0]}/{name}", drop


Editable = list[tuple[int, tuple[int, ...]]]  # a target of the editor's province and the years it takes figures for


def _prepare(url: str) -> tuple[str, list[int], Editable, str]:
    """Seed the register; the province of the editor, every target, that province's targets, an API token."""
    register = open_register(url=url)
    seed(register, PASSWORD)
    rows = register.targets()
    province = next(r["province"] for r in rows if r["province"])
    create_user(register, "soak_editor", PASSWORD, "editor", province=province)
    token = create_token(register, "admin", "soak", "admin")
    targets = [r["id"] for r in rows]
    editable = [(r["id"], _years(r["period"])) for r in rows if r["province"] == province and _years(r["period"])]
    register.engine.dispose()
    return province, targets, editable, token


def _years(period: str | None) -> tuple[int, ...]:
    """The years a target takes figures for (the register refuses others): from the one before its first to its
    last; none for a target without years."""
    first, _, last = (period or "").partition("-")
    return tuple(range(int(first) - 1, int(last or first) + 1)) if first.isdigit() else ()


def _rss_kib(pid: int) -> int:
    """The resident memory of ``pid`` and its children (the server's workers), in KiB, from /proc."""
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    total = 0
    for one in pids:
        try:
            status = Path(f"/proc/{one}/status").read_text()
        except OSError:
            continue
        found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        total += int(found[1]) if found else 0
    return total


def _serve(url: str, port: int, workers: int, folder: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CHITIEU_DATABASE_URL": url, "CHITIEU_SECRET_KEY": SECRET}
    with (folder / "server.log").open("ab") as log:
        process = subprocess.Popen(
            [str(Path(sys.executable).with_name("chitieu")), "serve", "--no-samples", "--port", str(port),
             "--workers", str(workers)],
            cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit((folder / "server.log").read_text(errors="replace")[-2000:])
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def _sign_in(base: str, username: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=base, timeout=30)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token, "no CSRF token on the login page"
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token[1]})
    if response.status_code != 303:
        raise SystemExit(f"could not sign in as {username}: {response.status_code}")
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text)  # signing in gives a new one
    assert token, "no CSRF token on the overview page"
    return client, token[1]


def _client_loop(base: str, province: str, targets: list[int], editable: Editable, api_token: str,
                 write_share: float, until: float, shared: Shared, seed_value: int) -> None:
    rng = random.Random(seed_value)
    admin, admin_csrf = _sign_in(base, "admin")
    editor, editor_csrf = _sign_in(base, "soak_editor")
    bearer = {"Authorization": f"Bearer {api_token}"}

    def timed(kind: str, call: Callable[[], httpx.Response], expected: tuple[int, ...]) -> httpx.Response | None:
        start = time.perf_counter()
        try:
            response: httpx.Response | None = call()
        except httpx.HTTPError as exc:
            response, problem = None, f"{kind}: {exc!r}"
        else:
            problem = None if response.status_code in expected else f"{kind}: {response.status_code}"
        millis = (time.perf_counter() - start) * 1000
        with shared.lock:
            shared.samples.append(Sample(time.monotonic(), kind, millis, problem is None))
            if problem:
                shared.errors.append(problem)
        return response

    with closing(admin), closing(editor):
        while time.monotonic() < until:
            if rng.random() >= write_share:
                choice = rng.randrange(5)
                target = rng.choice(targets)
                if choice == 0:
                    timed("read /", lambda: admin.get("/"), (200,))
                elif choice == 1:
                    timed("read /targets", lambda: admin.get("/targets", params={"province": province}), (200,))
                elif choice == 2:
                    timed("read target", lambda t=target: admin.get(f"/targets/{t}"), (200,))
                elif choice == 3:
                    timed("api targets", lambda: admin.get("/api/targets", headers=bearer), (200,))
                else:
                    timed("api target", lambda t=target: admin.get(f"/api/targets/{t}", headers=bearer), (200,))
                continue
            target, years = rng.choice(editable)
            period = str(rng.choice(years))
            person, csrf = (admin, admin_csrf) if rng.random() < 0.5 else (editor, editor_csrf)
            page = timed("read target", lambda t=target, c=person: c.get(f"/targets/{t}"), (200,))
            if page is None or page.status_code != 200:
                continue
            seen = re.search(r'name="seen" value="([^"]*)"', page.text)
            form = {"csrf_token": csrf, "value": str(rng.randint(1, 99)), "period": period,
                    "seen": seen[1] if seen else "*"}
            kind = "write value" if person is admin else "send value"
            sent = timed(kind, lambda t=target, c=person, f=form: c.post(f"/targets/{t}/actuals", data=f), (303, 409))
            if sent is not None and sent.status_code == 409:
                with shared.lock:
                    shared.conflicts += 1
            if person is admin or sent is None or sent.status_code != 303:
                continue
            waiting = admin.get("/api/pending", headers=bearer).json()
            for row in waiting:
                if row["period"] == period:
                    timed("approve", lambda r=row: admin.post(f"/api/pending/{r['id']}/approve", headers=bearer,
                                                             json={}), (200, 409))


def _percentiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        one = values[0] if values else 0.0
        return one, one, one
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--server-workers", type=int, default=1)
    parser.add_argument("--interval", type=float, default=10)
    parser.add_argument("--write-share", type=float, default=0.2)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--db", default=None, help="a PostgreSQL server URL (a new database is made on it)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="chitieu-soak-") as temporary:
        folder = Path(temporary)
        url, drop = _database(args.db, folder)
        province, targets, editable, api_token = _prepare(url)
        port = _free_port()
        server = _serve(url, port, args.server_workers, folder)
        base = f"http://127.0.0.1:{port}"
        shared = Shared()
        try:
            rss_start = _rss_kib(server.pid)
            begin = time.monotonic()
            until = begin + args.warmup + args.seconds
            def client(number: int) -> None:
                try:
                    _client_loop(base, province, targets, editable, api_token, args.write_share, until, shared,
                                 number)
                except Exception as exc:  # a client that stops counts as an error
                    with shared.lock:
                        shared.errors.append(f"client {number} stopped: {exc!r}")

            threads = [threading.Thread(target=client, args=(number,)) for number in range(args.clients)]
            for thread in threads:
                thread.start()
            time.sleep(args.warmup)
            rss_warm = _rss_kib(server.pid)
            rss_at: list[int] = []  # the server's RSS at the end of each interval
            while any(thread.is_alive() for thread in threads):
                time.sleep(0.2)
                if time.monotonic() >= begin + args.warmup + (len(rss_at) + 1) * args.interval:
                    rss_at.append(_rss_kib(server.pid))
            for thread in threads:
                thread.join()
            rss_end = _rss_kib(server.pid)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
            drop()

    measured = [s for s in shared.samples if s.at >= begin + args.warmup]
    print(f"soak: {args.seconds:.0f} s after {args.warmup:.0f} s warm-up, {args.clients} clients, "
          f"{args.server_workers} server worker(s), {'PostgreSQL' if args.db else 'SQLite'}, "
          f"{args.write_share:.0%} writes")
    print(f"{'interval':>10} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'RSS MiB':>8}")
    start = begin + args.warmup
    for number in range(max(1, int(args.seconds // args.interval))):
        low, high = start + number * args.interval, start + (number + 1) * args.interval
        window = [s for s in measured if low <= s.at < high]
        p50, p95, p99 = _percentiles([s.millis for s in window])
        rss = f"{rss_at[number] / 1024:>8.1f}" if number < len(rss_at) else f"{'':>8}"
        print(f"{number * args.interval:>8.0f} s {len(window):>9} {sum(not s.ok for s in window):>7} "
              f"{p50:>8.1f} {p95:>8.1f} {p99:>8.1f} {rss}")
    kinds = sorted({s.kind for s in measured})
    for kind in kinds:
        values = [s.millis for s in measured if s.kind == kind]
        p50, p95, p99 = _percentiles(values)
        print(f"  {kind:<14} {len(values):>7} requests  p50 {p50:7.1f}  p95 {p95:7.1f}  p99 {p99:7.1f} ms")
    errors = len(shared.errors)
    print(f"total: {len(measured)} requests, {len(measured) / args.seconds:.1f}/s, {errors} errors, "
          f"{shared.conflicts} conflicts (409)")
    print(f"server RSS: start {rss_start / 1024:.1f} MiB, after warm-up {rss_warm / 1024:.1f} MiB, "
          f"end {rss_end / 1024:.1f} MiB ({(rss_end - rss_warm) / 1024:+.1f} MiB over the measured run)")
    for problem in shared.errors[:10]:
        print(f"  error: {problem}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
