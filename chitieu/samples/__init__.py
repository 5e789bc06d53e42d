"""Our own sample plan documents, written for the demo and the tests (not taken from real documents).

Each ``<name>.md`` has a hand-made ``<name>.expected.jsonl`` next to it listing every target and result it
contains, in the evaluation schema (``doc``, ``kind``, ``indicator``, ... ``quote``, ``line``, ``main``).
"""

from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).parent
EXPECTED_SUFFIX = ".expected.jsonl"


def sample_paths() -> list[Path]:
    """The sample documents, sorted by name (not their expected files)."""
    return sorted(p for p in SAMPLES.iterdir() if p.suffix in {".md", ".txt"} and p.is_file())


def expected_path(sample: Path) -> Path:
    """The hand-made expected items of a sample document."""
    return sample.with_name(sample.stem + EXPECTED_SUFFIX)
