"""What reading tables from word positions costs: PDF reading with and without the unruled-table finder.

Usage: .venv/bin/python bench/pdf_tables.py [--repeat N] [--only STEM]   (needs ../shared/corpus and soffice)

For every corpus document a .docx is printed to PDF by LibreOffice twice, with ruled and with borderless tables.
Each PDF is read with the finder on and off (CPU seconds, median of N), and the items extracted are counted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from chitieu.extract import extract  # noqa: E402
from chitieu.intake import pdf_tables  # noqa: E402
from chitieu.intake.document import Document  # noqa: E402
from chitieu.intake.pdf import pdf_to_text  # noqa: E402
from tests.intake.corpus_files import docx_to_pdf, text_to_docx  # noqa: E402
from tests.intake.scoring import CORPUS, extract_text  # noqa: E402


def _read(path: Path, finder: bool, repeat: int) -> tuple[float, str]:
    real = pdf_tables.UnruledTables.find
    if not finder:
        pdf_tables.UnruledTables.find = lambda self, page: []  # type: ignore[method-assign]
    try:
        times, text = [], ""
        for _ in range(repeat):
            start = time.process_time()
            text = pdf_to_text(path)
            times.append(time.process_time() - start)
        return statistics.median(times), text
    finally:
        pdf_tables.UnruledTables.find = real  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", help="one corpus document, by file stem")
    args = parser.parse_args()
    sources = [s for s in sorted(CORPUS.glob("*.txt")) if not args.only or s.stem == args.only]
    if not sources:
        sys.exit(f"no corpus at {CORPUS}")
    print(f"{'document':22} {'tables':10} {'off s':>7} {'on s':>7} {'cost':>6} {'items off':>9} {'on':>4} {'txt':>4}")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        for source in sources:
            text = source.read_text(encoding="utf-8")
            reference = len(extract_text(text, source.stem))
            for kind, borders in (("ruled", True), ("borderless", False)):
                docx_path = text_to_docx(text, tmp / f"{source.stem}-{kind}.docx", borders=borders)
                pdf = docx_to_pdf(docx_path, tmp)
                off, off_text = _read(pdf, False, args.repeat)
                on, on_text = _read(pdf, True, args.repeat)
                counts = [len(extract(Document.from_text(t, source.stem)).items) for t in (off_text, on_text)]
                print(f"{source.stem:22} {kind:10} {off:7.2f} {on:7.2f} {(on - off) / off:+6.1%} "
                      f"{counts[0]:9} {counts[1]:4} {reference:4}")


if __name__ == "__main__":
    main()
