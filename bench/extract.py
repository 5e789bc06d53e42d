"""Extraction speed and memory over the shared corpus replicated to a given size.

Prints documents/s, MB/s and peak RSS for one process and for --jobs workers, at two corpus sizes, so that
speed-up and flat memory can be read off. Usage: python bench/extract.py [--mb 100] [--jobs 2]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from chitieu.extract import extract
from chitieu.intake import read_document

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _one(path: str) -> int:
    return len(extract(read_document(path)).items)


def _replicate(folder: Path, megabytes: float) -> list[Path]:
    sources = sorted(CORPUS.glob("*.txt"))
    if not sources:
        sys.exit(f"no corpus at {CORPUS}")
    paths, size, copy = [], 0, 0
    while size < megabytes * 1e6:
        for source in sources:
            target = folder / f"{copy:05d}_{source.name}"
            shutil.copyfile(source, target)
            paths.append(target)
            size += target.stat().st_size
        copy += 1
    return paths


def _run(paths: list[Path], jobs: int) -> tuple[float, int]:
    start = time.perf_counter()
    names = [str(p) for p in paths]
    if jobs == 1:
        items = sum(_one(name) for name in names)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            items = sum(pool.map(_one, names, chunksize=8))
    return time.perf_counter() - start, items


def _peak_rss_mb(children: bool) -> float:
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100.0, help="corpus size to reach, in MB")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        paths = _replicate(Path(folder), args.mb)
        total_mb = sum(p.stat().st_size for p in paths) / 1e6
        quarter = paths[: max(1, len(paths) // 4)]
        quarter_mb = sum(p.stat().st_size for p in quarter) / 1e6
        seconds, _ = _run(quarter, 1)
        rss_quarter = _peak_rss_mb(children=False)
        print(
            f"1 process, {len(quarter)} documents, {quarter_mb:.1f} MB: {len(quarter) / seconds:.1f} documents/s, "
            f"{quarter_mb / seconds:.2f} MB/s, peak RSS {rss_quarter:.0f} MB"
        )
        seconds, items = _run(paths, 1)
        rss_full = _peak_rss_mb(children=False)
        print(
            f"1 process, {len(paths)} documents, {total_mb:.1f} MB: {len(paths) / seconds:.1f} documents/s, "
            f"{total_mb / seconds:.2f} MB/s, peak RSS {rss_full:.0f} MB, {items} items"
        )
        single = seconds
        seconds, _ = _run(paths, args.jobs)
        print(
            f"{args.jobs} processes, {total_mb:.1f} MB: {total_mb / seconds:.2f} MB/s, "
            f"speed-up {single / seconds:.2f}x, "
            f"peak RSS per worker {_peak_rss_mb(children=True):.0f} MB"
        )


if __name__ == "__main__":
    main()
