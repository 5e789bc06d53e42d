"""``chitieu serve --workers 2``: one listening socket per process, a killed process replaced, a clean stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port

CHITIEU = Path(sys.executable).with_name("chitieu")
# each test starts ``chitieu serve`` processes, which seed a register and import the samples: seconds each
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux")]


def _listeners(port: int) -> int:
    """Listening TCP sockets on ``port`` (IPv4), from the kernel's table."""
    lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(1 for line in lines if line.split()[1].endswith(f":{port:04X}") and line.split()[3] == "0A")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _until(condition: Callable[[], bool], seconds: float = 180) -> None:
    """Poll until ``condition`` holds; the deadline only bounds a hang (two workers start slowly on a busy machine)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def _answers(base: str) -> bool:
    try:
        return httpx.get(f"{base}/login", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def test_two_processes_each_listen_and_are_kept_running(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "CHITIEU_SECRET_KEY": "workers-test", "CHITIEU_ADMIN_PASSWORD": "mat-khau-thu"}
    server = subprocess.Popen([str(CHITIEU), "serve", "--workers", "2", "--port", str(port), "--db",
                               f"sqlite:///{tmp_path / 'chitieu.sqlite'}"], cwd=tmp_path, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _until(lambda: _listeners(port) == 2 and _answers(base))
        assert len(_children(server.pid)) >= 2

        workers = [c for c in _children(server.pid) if _listens(c, port)]
        os.kill(workers[0], signal.SIGKILL)
        _until(lambda: workers[0] not in _children(server.pid) and _listeners(port) == 2 and _answers(base))

        server.send_signal(signal.SIGTERM)
        server.wait(60)
        assert server.returncode == 0, server.stderr.read().decode() if server.stderr else ""
        assert _listeners(port) == 0
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
        server.communicate()


def _listens(pid: int, port: int) -> bool:
    """Whether process ``pid`` holds one of the listening sockets on ``port``."""
    inodes = {line.split()[9] for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
              if line.split()[1].endswith(f":{port:04X}") and line.split()[3] == "0A"}
    try:
        links = [os.readlink(f) for f in Path(f"/proc/{pid}/fd").iterdir()]
    except FileNotFoundError:
        return False
    return any(link == f"socket:[{inode}]" for link in links for inode in inodes)


def test_a_port_in_use_is_one_line_and_a_non_zero_exit(tmp_path):
    with __import__("socket").socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([str(CHITIEU), "serve", "--workers", "2", "--port", str(port), "--db",
                               f"sqlite:///{tmp_path / 'chitieu.sqlite'}"], cwd=tmp_path, capture_output=True,
                              text=True, timeout=120, env={**os.environ, "CHITIEU_SECRET_KEY": "x"}, check=False)
    assert done.returncode == 1
    assert "cổng có thể đang bị chương trình khác dùng" in done.stderr.strip().splitlines()[-1]
