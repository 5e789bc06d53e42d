"""A server killed mid-upload leaves its scratch folder behind; the next start removes it, and never a folder of a
process still running."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import pytest
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

from chitieu.register import scratch_folder
from chitieu.web.app import create_app

from .conftest import SecuredSite


def test_start_removes_what_a_killed_upload_left(secured: SecuredSite, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    killed = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    killed.kill()
    killed.wait()  # gone: its folder is an orphan
    orphan = tmp_path / f"chitieu-upload-{killed.pid}-abc"
    (orphan / "x").mkdir(parents=True)
    (orphan / "x" / "van-kien.pdf").write_bytes(b"%PDF-1.4")
    with scratch_folder("upload") as live:  # this process's, in use
        with TestClient(create_app(register=secured.site.register, settings=secured.site.app.state.settings)):
            pass  # the lifespan ran
        assert Path(live).is_dir()
    assert not orphan.exists()
    assert str(os.getpid()) in Path(live).name
