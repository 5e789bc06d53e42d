"""Fuzz the intake readers: mutated .txt, .docx, .pdf and .html files through ``chitieu.intake.read_document``.

Usage: .venv/bin/python bench/fuzz_intake.py [--seconds N] [--seed S] [--hang-after SECONDS] [--out FOLDER] [--budget]

Valid files are built at run time from the bundled samples (chitieu/samples/*.md): UTF-8, UTF-16 and TCVN3
text, a real Word .docx (python-docx, as tests/intake builds them), a hand-written PDF, a portal-like HTML page.
Each case is one of them mutated: bytes flipped, inserted, deleted, duplicated, spliced from another seed,
truncated, or replaced by "interesting" values; for .docx also a mutated part inside a well-formed zip, so the
XML readers are reached; and a few cases of random bytes behind a real format's magic number.

With ``--budget`` every case is read under an upload's default budget (``chitieu.intake.Budget``, as the web app
reads uploads, in the worker process here), Excel entry templates (.xlsx, read by
``chitieu.report.template.read_workbook``) join the formats, and the hostile files of issue 13
(``tests/intake/hostile_files.py``: a cell at A1048576, a 60-page scan, an inflated .docx) join the seeds; the
refusals are counted per limit.

A crash is any exception other than ``ChitieuError``, a worker that dies, or a case still running after
``--hang-after`` seconds. Cases run in a worker process (memory capped at 2 GB) that is replaced after a hang or
a death. Printed: cases tried per format, time, and each distinct crash (reader, exception, where) with the
file that shows it, kept in ``--out``.
"""

from __future__ import annotations

import argparse
import io
import logging
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
import traceback
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.intake.corpus_files import text_to_docx, text_to_html, text_to_legacy_bytes  # noqa: E402
from tests.intake.hostile_files import far_cell_template, filled_template, inflated_docx, scanned_pdf  # noqa: E402
from tests.intake.pdf_files import write_pdf  # noqa: E402

SAMPLES = REPO / "chitieu" / "samples"
INTERESTING = [b"\x00", b"\xff", b"\xff\xfe", b"\xef\xbb\xbf", b"%PDF-1.7", b"PK\x03\x04", b"<", b">", b"&#x0;",
               b"9" * 40, b"-1", b"4294967296", b"(", b")", b"<<", b">>", b"obj", b"endobj", b"stream", b"R",
               b"\r", b"\n\n\n", b"\t", "Đ".encode(), b"\xc3", b"<w:p>", b"</w:t>", b"&amp;", b"]]>"]
MEMORY_LIMIT = 2 * 1024**3


@dataclass(frozen=True, slots=True)
class Crash:
    suffix: str
    kind: str  # exception class, "hang" or "worker died"
    where: str  # the innermost frame: file:line function
    message: str


def seeds(folder: Path) -> dict[str, list[bytes]]:
    """Valid files of each format, built from the samples."""
    texts = [p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.md"))]
    out: dict[str, list[bytes]] = {".txt": [], ".docx": [], ".pdf": [], ".html": []}
    for number, text in enumerate(texts):
        out[".txt"] += [text.encode(), text.encode("utf-16"), text_to_legacy_bytes(text[:4000], "tcvn3")]
        out[".docx"].append(text_to_docx(text[:6000], folder / f"seed{number}.docx").read_bytes())
        out[".html"].append(text_to_html(text[:6000], folder / f"seed{number}.html").read_bytes())
        ascii_lines = [unicodedata.normalize("NFKD", line).encode("ascii", "ignore").decode()
                       for line in text.splitlines() if line.strip()][:80]
        pages = [[(72.0, 60.0 + 14 * (i % 50), line[:90]) for i, line in enumerate(ascii_lines[start:start + 50])]
                 for start in range(0, len(ascii_lines), 50)]
        out[".pdf"].append(write_pdf(folder / f"seed{number}.pdf", pages).read_bytes())
    return out


def hostile_seeds(folder: Path, out: dict[str, list[bytes]]) -> None:
    """Entry templates and the hostile files of issue 13 (for ``--budget``)."""
    out[".xlsx"] = [filled_template(folder / "bieu.xlsx").read_bytes(),
                    far_cell_template(folder / "xa.xlsx").read_bytes()]
    out[".pdf"].append(scanned_pdf(folder / "quet.pdf", 60).read_bytes())
    out[".docx"].append(inflated_docx(folder / "phinh.docx", megabytes=80).read_bytes())


def mutate(data: bytes, others: list[bytes], rng: random.Random) -> bytes:
    """One to eight byte-level edits."""
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        where = rng.randrange(len(buffer) + 1)
        choice = rng.randrange(7)
        if choice == 0 and buffer:  # flip bits
            where = min(where, len(buffer) - 1)
            buffer[where] ^= 1 << rng.randrange(8)
        elif choice == 1:  # insert random bytes
            buffer[where:where] = rng.randbytes(rng.randint(1, 32))
        elif choice == 2:  # delete a range
            del buffer[where:where + rng.randint(1, 256)]
        elif choice == 3:  # duplicate a chunk
            chunk = buffer[where:where + rng.randint(1, 512)]
            buffer[rng.randrange(len(buffer) + 1):0] = chunk
        elif choice == 4 and others:  # splice from another seed
            other = rng.choice(others)
            start = rng.randrange(len(other))
            buffer[where:where + rng.randint(0, 64)] = other[start:start + rng.randint(1, 512)]
        elif choice == 5:  # truncate
            del buffer[where:]
        else:  # an interesting value
            value = rng.choice(INTERESTING)
            buffer[where:where + rng.choice([0, len(value)])] = value
    return bytes(buffer)


def mutate_docx_part(data: bytes, rng: random.Random) -> bytes:
    """A well-formed zip whose parts (document.xml, styles, numbering, ...) are mutated."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    victims = set(rng.sample(names, k=min(len(names), rng.randint(1, 2))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            part = source.read(name)
            target.writestr(name, mutate(part, [], rng) if name in victims else part)
    return out.getvalue()


def case(suffix: str, pool: dict[str, list[bytes]], rng: random.Random) -> bytes:
    seed = rng.choice(pool[suffix])
    roll = rng.random()
    if roll < 0.05:
        return seed[: rng.randint(0, 16)] + rng.randbytes(rng.randint(0, 4096))
    if suffix in (".docx", ".xlsx") and roll < 0.6:
        return mutate_docx_part(seed, rng)
    return mutate(seed, [d for d in pool[suffix] if d is not seed], rng)


def worker(connection: Connection, budgeted: bool) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    logging.disable(logging.CRITICAL)  # pdfminer's warnings about broken files
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # and what C libraries print about them
    from chitieu.errors import ChitieuError, LimitError
    from chitieu.intake import Budget, read_document
    from chitieu.intake.budget import applied
    from chitieu.report.template import read_workbook

    budget = Budget(isolated=False) if budgeted else None
    while True:
        path = connection.recv()
        try:
            with applied(budget):
                if path.endswith(".xlsx"):
                    read_workbook(Path(path))
                else:
                    read_document(path)
            connection.send(None)
        except LimitError as exc:
            connection.send(exc.limit)
        except ChitieuError:
            connection.send(None)
        except BaseException as exc:  # anything else is what we are looking for
            frames = traceback.extract_tb(exc.__traceback__)
            ours = [f for f in frames if "/chitieu/" in f.filename]
            shown = [frames[-1], *[f for f in ours[-1:] if f is not frames[-1]]]  # where it broke, our caller
            where = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in shown)
            connection.send((type(exc).__name__, where, str(exc)[:200]))


class Runner:
    """A worker process that reads one file at a time; replaced when it hangs or dies."""

    def __init__(self, hang_after: float, budgeted: bool) -> None:
        self.hang_after = hang_after
        self.budgeted = budgeted
        self.context = multiprocessing.get_context("fork")
        self._start()

    def _start(self) -> None:
        self.parent, child = self.context.Pipe()
        self.process = self.context.Process(target=worker, args=(child, self.budgeted), daemon=True)
        self.process.start()

    def _restart(self) -> None:
        self.process.kill()
        self.process.join()
        self._start()

    def read(self, path: Path) -> tuple[str, str, str] | str | None:
        self.parent.send(str(path))
        if not self.parent.poll(self.hang_after):
            self._restart()
            return ("hang", f"> {self.hang_after:g} s", "")
        try:
            return self.parent.recv()
        except EOFError:
            code = self.process.exitcode
            self._restart()
            return ("worker died", f"exit code {code}", "")

    def close(self) -> None:
        self.process.kill()
        self.process.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--hang-after", type=float, default=20, help="seconds before a case counts as a hang")
    parser.add_argument("--out", type=Path, default=None, help="where crashing inputs are kept")
    parser.add_argument("--budget", action="store_true", help="read under an upload's budget, templates too")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = args.out or Path(tempfile.mkdtemp(prefix="chitieu-fuzz-"))
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        pool = seeds(folder)
        if args.budget:
            hostile_seeds(folder, pool)
        runner = Runner(args.hang_after, args.budget)
        tried: Counter[str] = Counter()
        refused: Counter[str] = Counter()
        crashes: dict[tuple[str, str, str], tuple[Crash, Path, int]] = {}
        started = time.monotonic()
        try:
            while time.monotonic() - started < args.seconds:
                suffix = rng.choice(sorted(pool))
                path = folder / f"case{suffix}"
                path.write_bytes(case(suffix, pool, rng))
                tried[suffix] += 1
                found = runner.read(path)
                if isinstance(found, str):
                    refused[found] += 1
                    continue
                if found is None:
                    continue
                crash = Crash(suffix, *found)
                key = (suffix, crash.kind, crash.where)
                if key in crashes:
                    first, kept, count = crashes[key]
                    crashes[key] = (first, kept, count + 1)
                    continue
                kept = out / f"crash-{len(crashes):03d}{suffix}"
                kept.write_bytes(path.read_bytes())
                crashes[key] = (crash, kept, 1)
        finally:
            runner.close()
        elapsed = time.monotonic() - started
    total = sum(tried.values())
    print(f"cases: {total} in {elapsed:.0f} s ({total / elapsed:.1f}/s); "
          + ", ".join(f"{suffix} {count}" for suffix, count in sorted(tried.items())))
    if args.budget:
        print("refused over a limit: " + (", ".join(f"{limit} {n}" for limit, n in sorted(refused.items())) or "none"))
    print(f"distinct crashes: {len(crashes)} ({sum(c for _, _, c in crashes.values())} cases)")
    for crash, kept, count in crashes.values():
        print(f"  {crash.suffix} {crash.kind} at {crash.where} x{count}: {crash.message} -> {kept}")


if __name__ == "__main__":
    main()
