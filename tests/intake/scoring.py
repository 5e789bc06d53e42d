"""Compare extraction across formats, and score text from another reader against the gold (tests, bench/)."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

from rapidfuzz import fuzz, process

from chitieu.extract import Item, extract
from chitieu.intake.document import Document

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "eval" / "gold"


def key(item: Item) -> tuple[Any, ...]:
    return (item.value, item.value_max, item.unit, str(item.bound))


def agreement(reference: list[Item], items: list[Item]) -> float:
    """Share of items that agree on (value, unit, bound), counted one to one, over the larger list."""
    a, b = Counter(map(key, reference)), Counter(map(key, items))
    larger = max(sum(a.values()), sum(b.values()))
    return sum((a & b).values()) / larger if larger else 1.0


def extract_text(text: str, stem: str) -> list[Item]:
    return extract(Document.from_text(text, stem)).items


def relocate(items: list[Item], text: str, original: str) -> list[dict[str, Any]]:
    """Items as scorer records, each line moved to the most similar line of the original text."""
    lines = text.split("\n")
    originals = original.split("\n")
    choices = {number: line for number, line in enumerate(originals, 1) if line.strip()}
    records = []
    for item in items:
        record = item.to_dict()
        source = lines[item.line - 1] if 0 < item.line <= len(lines) else item.quote
        probe = item.quote if len(item.quote) >= 15 else source
        match = process.extractOne(probe, choices, scorer=fuzz.partial_ratio)
        if match:
            record["line"] = match[2]
        records.append(record)
    return records


def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("chitieu_eval_score", SHARED / "eval" / "score.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def f1(scorer: ModuleType, predictions: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """All-items precision, recall and F1 of ``predictions`` (stem -> records) against the gold."""
    tp = n_pred = n_gold = 0
    for stem, records in predictions.items():
        gold = scorer.load_jsonl(GOLD / f"{stem}.jsonl")
        tp += len(scorer.match(gold, records))
        n_pred += len(records)
        n_gold += len(gold)
    return scorer.prf(tp, n_pred, n_gold)
