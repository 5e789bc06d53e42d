"""Web speed: the running server driven by ``wrk`` from a second process; p50/p95/p99 latency and requests/s.

    .venv/bin/python bench/web.py                                  # 1M targets, SQLite (+ PostgreSQL if set)
    source scripts/postgres.sh && .venv/bin/python bench/web.py --databases sqlite postgres
    .venv/bin/python bench/web.py --size 100000 --seconds 10 --users 20 --server-workers 2

The register is filled as ``bench/register.py`` does (bulk insert, a figure for a fifth of the targets, then
``Register.refresh_status``), plus an owner agency and its history row for one target in twenty, an administrator
and ``ANALYZE``. It is cached between runs: a SQLite file under ``--cache`` and a PostgreSQL database
``chitieu_bench_web_<size>`` on the server of ``CHITIEU_TEST_POSTGRES_URL`` (both built under another name and
renamed when complete; ``--rebuild`` drops them). ``chitieu serve --workers`` serves it with ``--server-workers``
processes (2 on a 2-core machine: the pages are CPU-bound Python, one process per core; each process has its own
listening socket, see ``chitieu/web/workers.py``). The administrator signs
in once here; ``wrk`` (Debian package ``wrk``) then sends the session cookie with ``--users`` open connections,
each a user waiting for its page before asking the next, for ``--seconds`` per page, after a short warm-up:

- overview: ``/`` as the administrator lands on it (every province and term);
- overview of a province: ``/?province=...&term=2020-2025``;
- register filtered: ``/targets?province=...&term=2020-2025&field=...``;
- target page: ``/targets/<random id>`` (assessment, chart, figures, history).

Printed per page: requests, requests/s, p50/p95/p99 in milliseconds, errors, the server's CPU time per request
(its workers' user + system time over the run: with 2 cores, 2000 / that is the most requests/s the machine could
serve if nothing else ran) and the load average beside it.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from sqlalchemy import create_engine, insert, select, text

from chitieu.register import open_register
from chitieu.register.accounts import create_user
from chitieu.register.db.models import Change, Province
from chitieu.register.db.session import transaction
from chitieu.register.db.workflow import Agency, TargetOwner

HERE = Path(__file__).resolve().parent
PASSWORD = "bench-password"
PROVINCES = ["Thái Nguyên", "Hà Nội", "Cà Mau", "Lâm Đồng", "Lạng Sơn", "Bắc Kạn", "Nghệ An", "Đà Nẵng"]
FIELDS = ["kinh_te", "van_hoa_xa_hoi", "moi_truong"]
OWNED_EVERY = 20  # one target in twenty has an owner agency (and a history row saying so)
WRK_SCRIPT = """
local paths = {%(paths)s}
local top = %(top)d
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) %% 100000)
request = function()
  local path
  if #paths > 0 then path = paths[math.random(#paths)] else path = "/targets/" .. math.random(1, top) end
  return wrk.format("GET", path)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""


def _register_bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_register", HERE / "register.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as ``uptime`` prints them."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


# The cached register ---------------------------------------------------------------------------------------------

def fill(url: str, size: int) -> None:
    """A register of ``size`` synthetic targets with statuses, owners and an administrator, analysed."""
    register = open_register(url=url)
    started = time.perf_counter()
    rate = _register_bench().fill(register, size)
    print(f"  {size:,} targets inserted ({rate:,.0f}/s)", flush=True)
    with transaction(register.factory) as session:
        provinces = list(session.scalars(select(Province.id)))
        agencies = [Agency(name=f"Sở số {n}", province_id=provinces[n % len(provinces)]) for n in range(100)]
        session.add_all(agencies)
        session.flush()
        agency_ids = [a.id for a in agencies]
    rng = random.Random(5)
    with register.engine.begin() as connection:
        owned = range(1, size + 1, OWNED_EVERY)
        for start in range(0, len(owned), 10_000):
            chunk = owned[start:start + 10_000]
            rows = [{"target_id": t, "agency_id": rng.choice(agency_ids), "assigned_by": "bench"} for t in chunk]
            connection.execute(insert(TargetOwner), rows)
            connection.execute(insert(Change), [{"actor": "bench", "action": "insert", "table_name": "target_owners",
                                                 "row_id": r["target_id"], "data": {"target_id": r["target_id"],
                                                                                    "new": r["agency_id"]}}
                                                for r in rows])
    register.refresh_status()
    create_user(register, "admin", PASSWORD, "admin")
    with register.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE" if register.engine.dialect.name == "postgresql" else "ANALYZE"))
    register.engine.dispose()
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)


def sqlite_register(cache: Path, size: int, rebuild: bool) -> str:
    path = cache / f"web-{size}.sqlite"
    if rebuild:
        path.unlink(missing_ok=True)
    if not path.exists():
        print(f"SQLite: building {path}", flush=True)
        cache.mkdir(parents=True, exist_ok=True)
        part = cache / f"web-{size}.part.sqlite"
        for leftover in cache.glob(f"web-{size}.part.sqlite*"):
            leftover.unlink()
        fill(f"sqlite:///{part}", size)
        shutil.move(part, path)
    return f"sqlite:///{path}"


def postgres_register(server: str, size: int, rebuild: bool) -> str:
    name, base = f"chitieu_bench_web_{size}", server.rsplit("/", 1)[0]
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            if rebuild:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            if connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}) is None:
                print(f"PostgreSQL: building {name}", flush=True)
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}_part" WITH (FORCE)'))
                connection.execute(text(f'CREATE DATABASE "{name}_part"'))
                fill(f"{base}/{name}_part", size)
                connection.execute(text(f'ALTER DATABASE "{name}_part" RENAME TO "{name}"'))
    finally:
        admin.dispose()
    return f"{base}/{name}"


# The server and the load -----------------------------------------------------------------------------------------

def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(url: str, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    """``chitieu serve`` over the register at ``url``, migrated first here so the workers start at once."""
    try:
        open_register(url=url).engine.dispose()
    except Exception as exc:  # a cache stamped by migrations that were since renumbered
        sys.exit(f"the cached register {url} does not open ({exc}); run again with --rebuild")
    port = _port()
    env = {**os.environ, "CHITIEU_DATABASE_URL": url, "CHITIEU_SECRET_KEY": "bench"}
    server = subprocess.Popen([str(Path(sys.executable).with_name("chitieu")), "serve", "--port", str(port),
                               "--workers", str(workers)], env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            httpx.get(f"{base}/login", timeout=2)
            return server, base
        except httpx.TransportError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("the server did not start")


def login(base: str) -> str:
    """The administrator's session cookie, checked on the overview."""
    with httpx.Client(base_url=base, timeout=60) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        assert token, "no login form"
        client.post("/login", data={"username": "admin", "password": PASSWORD, "csrf_token": token.group(1)})
        cookie = client.cookies.get("chitieu_session")
        assert cookie, "not signed in"
        check = client.get("/")
        assert check.status_code == 200 and "/login" not in str(check.url), check.status_code
        return f"chitieu_session={cookie}"


def server_cpu(server: subprocess.Popen[bytes]) -> float:
    """CPU seconds the server's worker processes have used (Linux ``/proc``; 0 elsewhere)."""
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        ticks = 0
        for pid in children:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def pages(top: int) -> dict[str, list[str]]:
    """Page -> the paths ``wrk`` picks from at random (empty: a random target's page)."""
    term = "2020-2025"
    return {
        "overview": ["/"],
        "overview of a province": [f"/?{urlencode({'province': p, 'term': term})}" for p in PROVINCES],
        "register filtered": [f"/targets?{urlencode({'province': p, 'term': term, 'field': f})}"
                              for p in PROVINCES for f in FIELDS],
        "target page": [],
    }


def run_wrk(base: str, cookie: str, paths: list[str], top: int, users: int, seconds: float) -> dict[str, float]:
    lua = WRK_SCRIPT % {"paths": ", ".join(f'"{p}"' for p in paths), "top": top}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        done = subprocess.run(["wrk", "-t", str(min(users, 2)), "-c", str(users), "-d", f"{seconds:g}s",
                               "--timeout", "60s", "-s", script.name, "-H", f"Cookie: {cookie}", base],
                              capture_output=True, text=True, check=True)
    finally:
        os.unlink(script.name)
    found = re.search(r"^RESULT (.+)$", done.stdout, re.MULTILINE)
    assert found, done.stdout + done.stderr
    count, micros, p50, p95, p99, bad, failed = (int(x) for x in found.group(1).split())
    return {"n": count, "rps": count / (micros / 1e6), "p50": p50 / 1000, "p95": p95 / 1000, "p99": p99 / 1000,
            "errors": bad + failed}


def bench(label: str, url: str, size: int, users: int, seconds: float, workers: int) -> None:
    server, base = serve(url, workers)
    try:
        cookie = login(base)
        print(f"{label}: {size:,} targets, chitieu serve --workers {workers}, {users} users, {seconds:g} s per page")
        for name, paths in pages(size).items():
            run_wrk(base, cookie, paths, size, users, min(3.0, seconds))  # warm-up: caches, connections
            load, cpu = load_average(), server_cpu(server)
            r = run_wrk(base, cookie, paths, size, users, seconds)
            per_request = (server_cpu(server) - cpu) * 1000 / max(r["n"], 1)
            print(f"{label}: {name:24} n={r['n']:6,}  {r['rps']:7.1f} req/s  p50 {r['p50']:7.1f} ms  "
                  f"p95 {r['p95']:7.1f} ms  p99 {r['p99']:7.1f} ms  errors {r['errors']}  "
                  f"server CPU {per_request:4.1f} ms/request  (load {load})", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1_000_000, help="synthetic targets")
    parser.add_argument("--seconds", type=float, default=20, help="measured seconds per page")
    parser.add_argument("--users", type=int, default=20, help="concurrent users (open connections)")
    parser.add_argument("--server-workers", type=int, default=2, help="server processes")
    parser.add_argument("--databases", nargs="+", choices=["sqlite", "postgres"],
                        default=["sqlite", "postgres"] if os.environ.get("CHITIEU_TEST_POSTGRES_URL") else ["sqlite"])
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "chitieu-bench-web")
    parser.add_argument("--rebuild", action="store_true", help="build the cached registers again")
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args()
    if shutil.which("wrk") is None and not args.build_only:
        sys.exit("wrk is missing: apt-get install wrk")
    for database in args.databases:
        if database == "sqlite":
            label, url = "SQLite", sqlite_register(args.cache, args.size, args.rebuild)
        else:
            server = os.environ.get("CHITIEU_TEST_POSTGRES_URL")
            if not server:
                sys.exit("CHITIEU_TEST_POSTGRES_URL is not set: source scripts/postgres.sh")
            label, url = "PostgreSQL", postgres_register(server, args.size, args.rebuild)
        if not args.build_only:
            bench(label, url, args.size, args.users, args.seconds, args.server_workers)


if __name__ == "__main__":
    main()
