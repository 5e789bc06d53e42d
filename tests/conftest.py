"""Shared test helpers: where the shared corpus and gold live (beside the repository), if they are there."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "eval" / "gold"


class Clock:
    """The moment the server takes as now (``app.state.clock``); tests move it forward."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def corpus_files() -> list[Path]:
    files = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
    if not files:
        pytest.skip("../shared/corpus is not here")
    return files
