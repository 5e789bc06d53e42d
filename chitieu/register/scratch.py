"""Scratch folders for reading an upload (a document, a draft) or writing a PDF: named after the process that made
them, so that a later start can remove those a killed process left behind without touching a running one's.

    chitieu-<kind>-<pid>-<random>   in the system's temporary folder
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

NAME = re.compile(r"chitieu-[a-z]+-(\d+)-")


def scratch_folder(kind: str) -> tempfile.TemporaryDirectory[str]:
    """A temporary folder for ``kind`` ("upload", "draft", "pdf"), removed when the ``with`` block ends."""
    return tempfile.TemporaryDirectory(prefix=f"chitieu-{kind}-{os.getpid()}-")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def clean_scratch() -> int:
    """Remove the scratch folders of processes that are gone (killed mid-upload); returns how many."""
    removed = 0
    for path in Path(tempfile.gettempdir()).glob("chitieu-*-*-*"):
        found = NAME.match(path.name)
        if found is None or not path.is_dir() or _alive(int(found.group(1))):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed += 1
    return removed
