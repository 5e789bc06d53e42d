"""The real server for crash tests: ``uvicorn --factory chitieu.web.app:create_app`` in a subprocess, and signed-in
``httpx`` clients for it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx

SECRET = "crash-test-secret"


def start_server(url: str, folder: Path, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    """uvicorn serving the register at ``url``; returns once the server answers."""
    env = {**os.environ, "CHITIEU_DATABASE_URL": url, "CHITIEU_SECRET_KEY": SECRET}
    log = folder / "server.log"
    with log.open("ab") as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "chitieu.web.app:create_app", "--host", "127.0.0.1",
             "--port", str(port), "--workers", str(workers), "--log-level", "warning"],
            cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=errors, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server ended: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("the server did not start")


def signed_in(base: str, username: str, password: str) -> tuple[httpx.Client, str]:
    """A client signed in as ``username`` and its CSRF token."""
    client = httpx.Client(base_url=base, timeout=30)
    try:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        assert token
        response = client.post("/login", data={"username": username, "password": password, "csrf_token": token[1]})
        assert response.status_code == 303 and response.headers["location"] == "/", response.text[:300]
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text)  # signing in renews it
        assert token
    except BaseException:
        client.close()
        raise
    return client, token[1]
