"""The sample documents and their hand-made expected items: quotes are exact, fields follow the schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chitieu.extract.item import Bound, Direction, Kind, Verdict
from chitieu.extract.metadata import extract_metadata
from chitieu.intake.document import Document
from chitieu.samples import expected_path, sample_paths

FIELDS = {
    "doc",
    "kind",
    "indicator",
    "breakdown",
    "value",
    "value_max",
    "bound",
    "direction",
    "unit",
    "period",
    "target_value",
    "verdict",
    "quote",
    "line",
    "main",
}
PERIOD_FORMS = ("annual",)
SAMPLES = sample_paths()


def _items(sample: Path) -> list[dict[str, Any]]:
    lines = expected_path(sample).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _period_ok(period: str | None) -> bool:
    if period is None or period in PERIOD_FORMS:
        return True
    parts = period.split("-")
    return all(p.isdigit() and len(p) == 4 for p in parts) and len(parts) in (1, 2)


def test_there_are_three_samples_with_expectations() -> None:
    assert len(SAMPLES) == 3
    assert all(expected_path(p).exists() for p in SAMPLES)
    assert not any(p.name.endswith(".jsonl") for p in SAMPLES)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_expected_items_follow_the_schema(sample: Path) -> None:
    items = _items(sample)
    assert items
    for item in items:
        assert set(item) == FIELDS, item["quote"]
        assert item["doc"] == sample.stem
        kind = Kind(item["kind"])
        Bound(item["bound"])
        assert item["direction"] is None or Direction(item["direction"])
        assert isinstance(item["indicator"], str) and item["indicator"]
        assert isinstance(item["main"], bool)
        assert _period_ok(item["period"]), item["period"]
        assert item["value"] is None or isinstance(item["value"], float)
        if item["bound"] == "range":
            assert item["value_max"] is not None and item["value_max"] > item["value"]
        else:
            assert item["value_max"] is None
        assert (item["value"] is None) == (item["bound"] == "qualitative")
        if kind is Kind.TARGET:
            assert item["target_value"] is None and item["verdict"] is None
        elif item["verdict"] is not None:
            Verdict(item["verdict"])


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_quote_is_exact_at_its_line(sample: Path) -> None:
    lines = sample.read_text(encoding="utf-8").split("\n")
    for item in _items(sample):
        quote = item["quote"]
        assert 15 <= len(quote) <= 300, quote
        assert 1 <= item["line"] <= len(lines)
        assert quote in lines[item["line"] - 1], (item["line"], quote)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_no_item_is_listed_twice(sample: Path) -> None:
    keys = [(i["kind"], i["indicator"], i["breakdown"], i["value"], i["period"], i["quote"]) for i in _items(sample)]
    assert len(keys) == len(set(keys))


EXPECTED_METADATA = {
    "lang-son-bao-cao-chinh-tri-2020": {
        "issuer": "Tỉnh ủy Lạng Sơn",
        "province": "Lạng Sơn",
        "number": "512-BC/TU",
        "date": "2020-09-20",
        "doc_type": "bao_cao_chinh_tri",
        "congress": "XVII",
        "term": "2020-2025",
        "plan_year": None,
    },
    "lang-son-nghi-quyet-nhiem-vu-2024": {
        "issuer": "Tỉnh ủy Lạng Sơn",
        "province": "Lạng Sơn",
        "number": "28-NQ/TU",
        "date": "2023-12-12",
        "doc_type": "nghi_quyet",
        "congress": "XVII",
        "term": "2020-2025",
        "plan_year": 2024,
    },
    "ha-tinh-nghi-quyet-kinh-te-xa-hoi-2024": {
        "issuer": "Hội đồng nhân dân tỉnh Hà Tĩnh",
        "province": "Hà Tĩnh",
        "number": "97/NQ-HĐND",
        "date": "2023-12-08",
        "doc_type": "nghi_quyet",
        "congress": None,
        "term": None,
        "plan_year": 2024,
    },
}


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_sample_metadata(sample: Path) -> None:
    meta = extract_metadata(Document.from_text(sample.read_text(encoding="utf-8"), sample.stem))
    expected = EXPECTED_METADATA[sample.stem]
    assert {key: getattr(meta, key) for key in expected} == expected


def _key(item: dict[str, Any]) -> tuple[Any, ...]:
    return item["kind"], item["line"], item["value"], item["value_max"]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_extraction_matches_the_expected_items(sample: Path) -> None:
    """Extraction of each sample finds its hand-made items (matched by kind, line and value) with the same fields."""
    from chitieu import extract, read_document

    got = [item.to_dict() for item in extract(read_document(sample)).items]
    expected = _items(sample)
    by_key = {_key(item): item for item in got}
    matched = [(item, by_key[_key(item)]) for item in expected if _key(item) in by_key]
    recall, precision = len(matched) / len(expected), len(matched) / len(got)
    assert recall >= 0.95 and precision >= 0.95, (recall, precision)
    for field in ("bound", "unit", "period", "direction", "verdict"):
        wrong = [(want["line"], want[field], have[field]) for want, have in matched if want[field] != have[field]]
        assert len(wrong) <= 0.05 * len(matched), (field, wrong)
