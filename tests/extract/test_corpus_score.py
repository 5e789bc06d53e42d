"""Extraction quality on every annotated set, scored by the shared scorer (the evaluation contract) against gold.

The bars: the corpus all-items F1 ≥ 0.97 and main-list recall ≥ 0.97; the real-world pages of other provinces
F1 ≥ 0.93; the documents collected for development keep their measured level. Bound, unit and period ≥ 0.95,
direction ≥ 0.90 on the first two. Every quote is an exact substring of its line.
"""

import importlib.util
import json
from pathlib import Path

import pytest

from chitieu.extract import extract
from chitieu.intake import read_document
from tests.conftest import CORPUS, GOLD, REPO, SHARED

pytestmark = pytest.mark.corpus

DEV = REPO / "tests" / "corpus" / "dev"


def _scorer():
    path = SHARED / "eval" / "score.py"
    if not path.is_file():
        pytest.skip("../shared/eval/score.py is not here")
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _score(texts: Path, gold: Path, tmp_path: Path) -> dict:
    stems = sorted(p.stem for p in gold.glob("*.jsonl") if (texts / f"{p.stem}.txt").is_file())
    if not stems:
        pytest.skip(f"no annotated documents in {texts}")
    scorer = _scorer()
    predictions = tmp_path / "pred.jsonl"
    with predictions.open("w", encoding="utf-8") as handle:
        for stem in stems:
            document = read_document(texts / f"{stem}.txt")
            for item in extract(document).items:
                record = item.to_dict()
                assert item.quote in document.text, record
                assert document.lines[item.line - 1].raw.find(item.quote.split("\n")[0]) >= 0, record
                assert 15 <= len(item.quote) <= 300 or item.value is not None, record
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return scorer.score(gold, predictions, stems)


def _fields_meet_the_bar(fields: dict) -> None:
    assert fields["bound"] >= 0.95 and fields["unit"] >= 0.95 and fields["period"] >= 0.95, fields
    assert fields["direction"] >= 0.90, fields


def test_corpus_meets_the_bar(tmp_path):
    result = _score(CORPUS, GOLD, tmp_path)
    assert result["overall"]["all"]["f1"] >= 0.97, result["overall"]
    assert result["main_recall"] >= 0.97
    _fields_meet_the_bar(result["fields"])
    # The corpus gold also gives a verdict where the document writes only a target beside the result ("(Mục tiêu:
    # Tăng 10%/năm)"); the schema, the real-world gold and our annotators give the verdict the document states, and
    # extraction does too (the register judges the rest): 0.84 when this was written.
    assert result["fields"]["verdict"] >= 0.80


def test_real_world_pages_meet_the_bar(tmp_path):
    result = _score(CORPUS / "realworld", GOLD / "realworld", tmp_path)
    assert result["overall"]["all"]["f1"] >= 0.93, result["overall"]
    _fields_meet_the_bar(result["fields"])
    assert result["fields"]["verdict"] >= 0.95


def test_collected_documents_keep_their_level(tmp_path):
    """The documents collected for development (131 pages of 47 provinces, mostly news excerpts and reports):
    measured at all F1 0.919 when this was written; a change that loses more than a few items fails here."""
    result = _score(DEV, DEV / "gold", tmp_path)
    assert result["overall"]["all"]["f1"] >= 0.905, result["overall"]
    assert result["fields"]["bound"] >= 0.95 and result["fields"]["unit"] >= 0.95, result["fields"]
    assert result["fields"]["verdict"] >= 0.88, result["fields"]
