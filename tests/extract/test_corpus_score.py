"""Extraction quality on the shared corpus, scored by the shared scorer against the gold annotations."""

import importlib.util
import json

import pytest

from chitieu.extract import extract
from chitieu.intake import read_document
from tests.conftest import GOLD, SHARED

pytestmark = pytest.mark.corpus


def _scorer():
    path = SHARED / "eval" / "score.py"
    if not path.is_file():
        pytest.skip("../shared/eval/score.py is not here")
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_corpus_meets_the_bar(corpus_files, tmp_path):
    scorer = _scorer()
    predictions = tmp_path / "pred.jsonl"
    with predictions.open("w", encoding="utf-8") as handle:
        for path in corpus_files:
            document = read_document(path)
            for item in extract(document).items:
                record = item.to_dict()
                assert item.quote in document.text, record
                assert document.lines[item.line - 1].raw.find(item.quote) >= 0, record
                assert 15 <= len(item.quote) <= 300 or item.value is not None, record
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    result = scorer.score(GOLD, predictions, [p.stem for p in corpus_files])
    assert result["overall"]["all"]["f1"] >= 0.95, result["overall"]
    assert result["main_recall"] >= 0.97
    fields = result["fields"]
    assert fields["bound"] >= 0.95 and fields["unit"] >= 0.95
    assert fields["direction"] >= 0.90
    assert fields["verdict"] >= 0.98
    assert fields["period"] >= 0.95
