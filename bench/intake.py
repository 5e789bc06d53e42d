"""Time chitieu's readers against markitdown on the same generated .docx and .pdf; score each tool's text.

Usage: .venv/bin/python bench/intake.py [--repeat N]   (needs ../shared/corpus, soffice and the "bench" extra)

For every corpus document a .docx (appendix as a real Word table) and a .pdf (LibreOffice) are built, then
converted by chitieu and by markitdown. Printed: seconds per tool, the ratio markitdown/chitieu, and the
all-items F1 of extraction from each tool's text against the gold (lines moved back to the .txt's lines).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from chitieu.intake.docx import docx_to_text  # noqa: E402
from chitieu.intake.pdf import pdf_to_text  # noqa: E402
from tests.intake.corpus_files import docx_to_pdf, text_to_docx  # noqa: E402
from tests.intake.scoring import CORPUS, extract_text, f1, load_scorer, relocate  # noqa: E402


def _timed(convert: Callable[[Path], str], path: Path, repeat: int) -> tuple[float, str]:
    times, text = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        text = convert(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times), text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    try:
        from markitdown import MarkItDown
    except ImportError:
        sys.exit("markitdown is missing: pip install 'markitdown[docx,pdf]' (the bench extra)")
    markitdown = MarkItDown()

    def other(path: Path) -> str:
        return markitdown.convert(str(path)).text_content

    sources = sorted(CORPUS.glob("*.txt"))
    if not sources:
        sys.exit(f"no corpus at {CORPUS}")
    scorer = load_scorer()
    readers = {".docx": docx_to_text, ".pdf": pdf_to_text}
    totals: dict[tuple[str, str], float] = {}
    predictions: dict[tuple[str, str], dict] = {}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        print(f"{'document':28} {'fmt':5} {'chitieu s':>10} {'markitdown s':>13} {'ratio':>6}")
        for source in sources:
            original = source.read_text(encoding="utf-8")
            docx_path = text_to_docx(original, tmp / f"{source.stem}.docx")
            files = {".docx": docx_path, ".pdf": docx_to_pdf(docx_path, tmp)}
            for suffix, path in files.items():
                ours, our_text = _timed(readers[suffix], path, args.repeat)
                theirs, their_text = _timed(other, path, args.repeat)
                print(f"{source.stem:28} {suffix:5} {ours:10.3f} {theirs:13.3f} {theirs / ours:6.2f}")
                for tool, seconds, text in (("chitieu", ours, our_text), ("markitdown", theirs, their_text)):
                    totals[(tool, suffix)] = totals.get((tool, suffix), 0.0) + seconds
                    items = extract_text(text, source.stem)
                    predictions.setdefault((tool, suffix), {})[source.stem] = relocate(items, text, original)
    print()
    print(f"{'fmt':5} {'tool':11} {'total s':>8} {'P':>6} {'R':>6} {'F1':>6}")
    for (tool, suffix), seconds in sorted(totals.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        result = f1(scorer, predictions[(tool, suffix)])
        scores = f"{result['precision']:6.3f} {result['recall']:6.3f} {result['f1']:6.3f}"
        print(f"{suffix:5} {tool:11} {seconds:8.2f} {scores}")
    for suffix in (".docx", ".pdf"):
        ratio = totals[("markitdown", suffix)] / totals[("chitieu", suffix)]
        print(f"{suffix}: markitdown takes {ratio:.2f}x chitieu's time")


if __name__ == "__main__":
    main()
