from pathlib import Path

import pytest
import yaml

from chitieu.extract import extract
from chitieu.extract.item import Metadata
from chitieu.intake import Document

FIXTURES = Path(__file__).parents[1] / "fixtures" / "extract"
CASES = [
    (path.stem, case)
    for path in sorted(FIXTURES.glob("*.yaml"))
    for case in yaml.safe_load(path.read_text(encoding="utf-8"))
]


@pytest.mark.parametrize(("kind", "case"), CASES, ids=[f"{kind}-{case['id']}" for kind, case in CASES])
def test_cases(kind, case):
    document = Document.from_text(case["doc"], case["id"])
    items = extract(document, Metadata(doc=case["id"])).items
    assert len(items) == case["count"], [(i.kind.value, i.value, i.indicator) for i in items]
    default_kind = {"targets": "target", "results": "result"}.get(kind)  # other files name each item's kind
    assert len(case["expect"]) == case["count"]
    for item, expected in zip(items, case["expect"], strict=True):
        assert item.kind.value == expected.get("kind", default_kind), item
        for field, value in expected.items():
            actual = getattr(item, field)
            actual = actual.value if hasattr(actual, "value") and not isinstance(actual, (int, float)) else actual
            assert actual == value, (field, item)
        assert item.quote in document.text
        assert document.lines[item.line - 1].raw.find(item.quote) >= 0
