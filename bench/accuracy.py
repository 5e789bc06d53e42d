"""Extraction accuracy on every annotated set: F1, precision and recall for targets and results, and field accuracy.

Sets: the four corpus documents (../shared/corpus), the real-world pages (../shared/corpus/realworld), the
documents collected for development (tests/corpus/dev) and those set aside before any rule was written, used only
here (tests/corpus/heldout). Each set is also scored by kind of document (``sources*.yaml`` beside its texts).
Matching and scores are those of the evaluation contract, ``../shared/eval/score.py``: a predicted item matches a
gold one with the same kind and values starting within two lines. Usage: python bench/accuracy.py [--missed N]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from types import ModuleType

import yaml

from chitieu.extract import extract
from chitieu.intake import read_document

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SETS = {
    "corpus": (SHARED / "corpus", SHARED / "eval" / "gold"),
    "realworld": (SHARED / "corpus" / "realworld", SHARED / "eval" / "gold" / "realworld"),
    "dev": (ROOT / "tests" / "corpus" / "dev", ROOT / "tests" / "corpus" / "dev" / "gold"),
    "heldout": (ROOT / "tests" / "corpus" / "heldout", ROOT / "tests" / "corpus" / "heldout" / "gold"),
}


def _scorer() -> ModuleType:
    path = SHARED / "eval" / "score.py"
    if not path.exists():
        sys.exit(f"the evaluation scorer is missing: {path}")
    spec = importlib.util.spec_from_file_location("chitieu_eval_score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _kinds(texts: Path) -> dict[str, str]:
    """Document stem -> kind, from the set's ``sources*.yaml`` (the shared sets have none: "page")."""
    kinds: dict[str, str] = {}
    for path in sorted(texts.glob("sources*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            kinds[str(entry["stem"])] = str(entry.get("kind") or "other")
    return kinds


def _predict(texts: Path, stems: list[str], out: Path) -> float:
    """Extract every document into ``out`` (one JSONL file per document); the seconds it took."""
    started = time.perf_counter()
    for stem in stems:
        items = extract(read_document(texts / f"{stem}.txt")).items
        lines = [json.dumps(item.to_dict(), ensure_ascii=False) for item in items]
        (out / f"{stem}.jsonl").write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    return time.perf_counter() - started


def _line(label: str, result: dict) -> str:
    o = result["overall"]
    t, r, a = o["target"], o["result"], o["all"]
    fields = " ".join(f"{k}={v:.2f}" for k, v in result["fields"].items())
    main = result["main_recall"]
    return (
        f"  {label:22} all F1={a['f1']:.3f} P={a['precision']:.3f} R={a['recall']:.3f} ({a['tp']}/{a['gold']})"
        f" | targets F1={t['f1']:.3f} P={t['precision']:.3f} R={t['recall']:.3f}"
        f" | results F1={r['f1']:.3f} P={r['precision']:.3f} R={r['recall']:.3f}"
        f" | main R={'-' if main is None else f'{main:.3f}'} | {fields}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--missed", type=int, default=0, help="list this many missed gold items per set")
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated sets to score")
    args = parser.parse_args()
    scorer = _scorer()
    for name in args.sets.split(","):
        texts, gold = SETS[name]
        stems = sorted(p.stem for p in gold.glob("*.jsonl") if (texts / f"{p.stem}.txt").exists())
        if not stems:
            print(f"{name}: no annotated documents in {gold}")
            continue
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder)
            seconds = _predict(texts, stems, out)
            size = sum((texts / f"{stem}.txt").stat().st_size for stem in stems)
            print(f"{name}: {len(stems)} documents, {size / 1e3:.0f} kB, extracted in {seconds:.2f} s")
            result = scorer.score(gold, out, stems)
            print(_line("all documents", result))
            by_kind: dict[str, list[str]] = defaultdict(list)
            kinds = _kinds(texts)
            for stem in stems:
                by_kind[kinds.get(stem, "page")].append(stem)
            if len(by_kind) > 1:
                for kind, members in sorted(by_kind.items()):
                    print(_line(f"{kind} ({len(members)})", scorer.score(gold, out, members)))
            for miss in result["missed"][: args.missed]:
                print(f"    missed {miss['doc']}:{miss['line']} {miss['kind']} {miss['value']} {miss['indicator']}")


if __name__ == "__main__":
    main()
