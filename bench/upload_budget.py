"""Hostile uploads against a running server: does ``GET /login`` stay fast and memory bounded while they run?

    .venv/bin/python bench/upload_budget.py                       # 4 of each kind, one kind at a time, then all
    .venv/bin/python bench/upload_budget.py --server-workers 2 --each 4 --kinds scan-30 far-cell

``chitieu serve`` (``--server-workers`` processes) runs on loopback over a fresh SQLite register with one
administrator; the upload settings are the defaults unless ``CHITIEU_UPLOAD_*`` variables are set here. The
hostile files are those of issue 13, built by ``tests/intake/hostile_files.py``:

- far-cell: an Excel entry template of 5 KB with one cell at A1048576 (``POST /actuals/template``);
- xml-125mb: a 390 KB zipped workbook holding 125 MB of sheet XML (``POST /actuals/template``);
- docx-100mb: a 7.7 MB .docx holding 100 MB of paragraphs, under the zip-bomb ratio (``POST /upload``);
- scan-30: a 50 KB PDF of 30 pages showing one image, no text layer, so OCR'd (``POST /upload``);
- scan-2000: the same with 2,000 pages, 370 KB (``POST /upload``).

For each kind, ``--each`` uploads are sent at once while one client asks for ``/login`` every 50 ms and the
server's memory is sampled every 200 ms: the resident memory (RSS) of the serving processes, and of the whole
process tree (the conversion processes, their fork server and Tesseract included). Printed per kind: the
uploads' answers (status and the line the server said), their time, ``/login`` p50/p95/max and the two peaks.
Exit status 1 when ``/login`` p95 is 1 s or more, or the tree's peak passes ``--memory-bound`` MB.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from chitieu.register import open_register  # noqa: E402
from chitieu.register.accounts import create_user  # noqa: E402
from tests.intake.hostile_files import (  # noqa: E402
    far_cell_template,
    inflated_docx,
    scanned_pdf,
    xml_bomb_template,
)

PASSWORD = "bench-password"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    file_name: str
    build: Callable[[Path], Path]
    route: str  # "/upload" (documents) or "/actuals/template"
    mime: str


KINDS = [
    Kind("far-cell", "xa.xlsx", far_cell_template, "/actuals/template", XLSX),
    Kind("xml-125mb", "bom.xlsx", lambda p: xml_bomb_template(p, 125), "/actuals/template", XLSX),
    Kind("docx-100mb", "phinh.docx", lambda p: inflated_docx(p, 100), "/upload", "application/octet-stream"),
    Kind("scan-30", "quet-30.pdf", lambda p: scanned_pdf(p, 30), "/upload", "application/pdf"),
    Kind("scan-2000", "quet-2000.pdf", lambda p: scanned_pdf(p, 2000), "/upload", "application/pdf"),
]


# The server --------------------------------------------------------------------------------------------------------

def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(folder: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    url = f"sqlite:///{folder}/chitieu.sqlite"
    register = open_register(url=url)
    create_user(register, "admin", PASSWORD, "admin")
    register.engine.dispose()
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


def signed_in(base: str) -> tuple[dict[str, str], str]:
    """The administrator's session cookie and a CSRF token for the upload forms."""
    with httpx.Client(base_url=base, timeout=60) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        assert token, "no login form"
        client.post("/login", data={"username": "admin", "password": PASSWORD, "csrf_token": token.group(1)})
        page = client.get("/upload")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert page.status_code == 200 and csrf, "not signed in"
        return {"chitieu_session": client.cookies["chitieu_session"]}, csrf.group(1)


# Memory ------------------------------------------------------------------------------------------------------------

def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def memory(root: int) -> tuple[int, int]:
    """RSS of the serving processes (the server and its uvicorn workers) and of its whole process tree."""
    tree = _children()
    serving = [root, *tree.get(root, [])] if len(tree.get(root, [])) else [root]
    everything, todo = [], [root]
    while todo:
        pid = todo.pop()
        everything.append(pid)
        todo.extend(tree.get(pid, []))
    # Serving processes: the root and those of its children that are uvicorn workers (not the fork server and
    # the conversions, which are children of a worker's fork server).
    serving = [pid for pid in serving if pid == root or "forkserver" not in _cmdline(pid)]
    return sum(_rss(pid) for pid in serving), sum(_rss(pid) for pid in everything)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


# A round -----------------------------------------------------------------------------------------------------------

@dataclass
class Round:
    name: str
    answers: list[tuple[int, str, float]] = field(default_factory=list)
    login: list[float] = field(default_factory=list)
    serving_peak: int = 0
    tree_peak: int = 0
    seconds: float = 0.0


def _line(response: httpx.Response) -> str:
    """The line the server said about an upload: the error or flash message, else where it led."""
    if response.is_redirect:
        return f"-> {response.headers.get('location')}"
    if response.headers.get("content-type", "").startswith("application/json"):
        return str(response.json().get("detail", ""))[:140]
    found = re.search(r'class="(?:flash[^"]*|error[^"]*)"[^>]*>\s*(?:<p>)?([^<]+)', response.text)
    if found:
        return html.unescape(" ".join(found.group(1).split()))[:140]
    return f"({len(response.content):,} bytes)"


def run_round(base: str, server: subprocess.Popen[bytes], cookies: dict[str, str], csrf: str,
              files: list[tuple[Kind, bytes]], name: str) -> Round:
    result = Round(name)
    done = threading.Event()

    def probe() -> None:
        with httpx.Client(base_url=base, timeout=120) as client:
            while not done.is_set():
                started = time.perf_counter()
                try:
                    client.get("/login")
                except httpx.HTTPError:
                    result.login.append(float("inf"))
                    time.sleep(0.5)
                    continue
                result.login.append(time.perf_counter() - started)
                time.sleep(0.05)

    def sample() -> None:
        while not done.is_set():
            serving, tree = memory(server.pid)
            result.serving_peak = max(result.serving_peak, serving)
            result.tree_peak = max(result.tree_peak, tree)
            time.sleep(0.2)

    def upload(kind: Kind, data: bytes) -> tuple[int, str, float]:
        started = time.perf_counter()
        with httpx.Client(base_url=base, timeout=1800, cookies=cookies) as client:
            field_name = "file" if kind.route == "/actuals/template" else "files"
            response = client.post(kind.route, data={"csrf_token": csrf},
                                   files=[(field_name, (kind.file_name, data, kind.mime))])
        return response.status_code, _line(response), time.perf_counter() - started

    watchers = [threading.Thread(target=probe, daemon=True), threading.Thread(target=sample, daemon=True)]
    for watcher in watchers:
        watcher.start()
    try:
        time.sleep(1)
        started = time.perf_counter()
        if files:
            with ThreadPoolExecutor(len(files)) as pool:
                result.answers = list(pool.map(lambda pair: upload(*pair), files))
        else:
            time.sleep(5)
        result.seconds = time.perf_counter() - started
        time.sleep(1)
    finally:
        done.set()
        for watcher in watchers:
            watcher.join(130)
    return result


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def report(result: Round) -> bool:
    mib = 1024 * 1024
    p50, p95 = _quantile(result.login, 0.5), _quantile(result.login, 0.95)
    print(f"\n== {result.name}: {len(result.answers)} uploads in {result.seconds:.1f} s")
    seen: dict[tuple[int, str], list[float]] = {}
    for status, line, seconds in result.answers:
        seen.setdefault((status, line), []).append(seconds)
    for (status, line), times in seen.items():
        print(f"  {len(times)} x {status} in {min(times):.1f}-{max(times):.1f} s: {line}")
    print(f"  GET /login: {len(result.login)} requests, p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
          f"max {max(result.login, default=0) * 1000:.0f} ms")
    print(f"  memory peak: serving processes {result.serving_peak / mib:.0f} MB, "
          f"with conversions {result.tree_peak / mib:.0f} MB")
    return p95 < 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server-workers", type=int, default=1)
    parser.add_argument("--each", type=int, default=4, help="uploads of each kind sent at once")
    parser.add_argument("--kinds", nargs="*", default=[kind.name for kind in KINDS])
    parser.add_argument("--no-all", action="store_true", help="skip the round with every kind at once")
    parser.add_argument("--memory-bound", type=int, default=0,
                        help="MB the process tree must stay under (default: serving processes + upload_workers x "
                             "upload_max_memory_mb per server worker)")
    args = parser.parse_args()
    from chitieu.config import get_settings

    settings = get_settings()
    bound = args.memory_bound or args.server_workers * (400 + settings.upload_workers * settings.upload_max_memory_mb)
    kinds = [kind for kind in KINDS if kind.name in args.kinds]
    print(f"chitieu serve --workers {args.server_workers}; {os.cpu_count()} CPUs; load {os.getloadavg()[0]:.2f}; "
          f"upload_workers {settings.upload_workers}, upload_max_memory_mb {settings.upload_max_memory_mb}, "
          f"upload_max_seconds {settings.upload_max_seconds:g}; memory bound {bound} MB")
    with tempfile.TemporaryDirectory(prefix="chitieu-bench-upload-") as folder:
        files: dict[str, bytes] = {}
        for kind in kinds:
            started = time.perf_counter()
            path = kind.build(Path(folder) / kind.file_name)
            files[kind.name] = path.read_bytes()
            print(f"built {kind.name}: {path.stat().st_size / 1024:,.0f} KB in {time.perf_counter() - started:.1f} s")
        server, base = serve(Path(folder), args.server_workers)
        rounds: list[Round] = []
        fast: list[bool] = []

        def play(batch: list[tuple[Kind, bytes]], name: str) -> None:
            rounds.append(run_round(base, server, cookies, csrf, batch, name))
            fast.append(report(rounds[-1]))

        try:
            cookies, csrf = signed_in(base)
            play([], "idle (no upload)")
            for kind in kinds:
                play([(kind, files[kind.name])] * args.each, f"{args.each} x {kind.name}")
            if not args.no_all and len(kinds) > 1:
                everything = [(kind, files[kind.name]) for kind in kinds for _ in range(args.each)]
                play(everything, f"all at once ({len(everything)} uploads)")
        finally:
            server.terminate()
            server.wait(30)
    tree_peak = max(result.tree_peak for result in rounds) / (1024 * 1024)
    worst = max(_quantile(result.login, 0.95) for result in rounds)
    print(f"\nworst /login p95 {worst * 1000:.0f} ms (target < 1000 ms); highest memory {tree_peak:.0f} MB "
          f"(bound {bound} MB)")
    sys.exit(0 if all(fast) and tree_peak < bound else 1)


if __name__ == "__main__":
    main()
