"""Verdicts: a table of worked cases for every bound and edge rule, and agreement with the gold verdicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chitieu.extract.quantity import parse_cell
from chitieu.judge.verdict import judge

GOLD = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "gold"

CASES = [
    # id, actual, target, bound, direction, target_max, expected status
    ("min-reached", 80, 80, "min", None, None, "met"),
    ("min-beyond", 85, 80, "min", None, None, "exceeded"),
    ("min-short", 79.9, 80, "min", None, None, "not_met"),
    ("gt-equal-is-met", 90, 90, "gt", "up", None, "met"),
    ("gt-beyond", 40, 39, "gt", "up", None, "exceeded"),
    ("max-under", 15, 18, "max", None, None, "exceeded"),
    ("max-equal", 18, 18, "max", None, None, "met"),
    ("max-over", 18.5, 18, "max", None, None, "not_met"),
    ("lt-under", 17, 18, "lt", "down", None, "exceeded"),
    ("exact-up-tiny-surplus-is-met", 6501, 6500, "exact", "up", None, "met"),
    ("exact-up-surplus", 72.9, 72, "exact", "up", None, "exceeded"),
    ("exact-up-short", 97.29, 98, "exact", "up", None, "not_met"),
    ("exact-down-lower", 28.2, 31, "exact", "down", None, "exceeded"),
    ("exact-down-higher", 32, 31, "exact", "down", None, "not_met"),
    ("exact-hold-equal", 1.0, 1.0, "exact", "hold", None, "met"),
    ("exact-hold-off", 1.2, 1.0, "exact", "hold", None, "not_met"),
    ("exact-no-direction-equal", 1.0, 1.0, "exact", None, None, "met"),
    ("exact-no-direction-off", 1.3, 1.0, "exact", None, None, "not_available"),
    ("range-inside", 2.46, 2, "range", "up", 2.5, "met"),
    ("range-above-up", 7.5, 6.5, "range", "up", 7.0, "exceeded"),
    ("range-below-up", 6.0, 6.5, "range", "up", 7.0, "not_met"),
    ("range-below-down", 1.5, 2, "range", "down", 3, "exceeded"),
    ("range-above-down", 3.5, 2, "range", "down", 3, "not_met"),
    ("range-hold-outside", 3.5, 2, "range", "hold", 3, "not_met"),
    ("range-reversed-ends", 2.2, 2.5, "range", "up", 2, "met"),
    ("zero-target-down-zero", 0, 0, "max", None, None, "met"),
    ("zero-target-up-positive", 1, 0, "min", None, None, "exceeded"),
    ("qualitative", 5, 5, "qualitative", None, None, "not_available"),
    ("no-actual", None, 5, "min", None, None, "not_available"),
]


@pytest.mark.parametrize(("actual", "target", "bound", "direction", "target_max", "expected"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_verdict_table(actual, target, bound, direction, target_max, expected):
    decision = judge(actual, target, bound, direction, target_max)
    assert decision.status == expected, decision
    assert decision.inputs["actual"] == actual


def test_working_is_returned():
    decision = judge(72.9, 72, "exact", "up")
    assert decision.working["good_side"] == "up"
    assert decision.working["relative_surplus"] == pytest.approx(0.9 / 72)
    assert decision.reason == "beyond_target"


def test_unknown_bound_is_a_bug():
    with pytest.raises(ValueError):
        judge(1, 1, "about")


def gold_results() -> list[dict]:
    rows = [json.loads(line) for path in sorted(GOLD.glob("*.jsonl")) for line in path.read_text("utf-8").splitlines()]
    return [r for r in rows if r["kind"] == "result" and r["verdict"] and r["target_value"] is not None]


@pytest.mark.corpus
def test_agrees_with_gold_verdicts():
    rows = gold_results() if GOLD.is_dir() else []
    if not rows:
        pytest.skip("../shared/eval/gold is not here")
    disagreements = []
    for row in rows:
        stated = parse_cell(row["target_value"])
        if stated is None:
            disagreements.append((row["target_value"], "target not parsed"))
            continue
        decision = judge(row["value"], stated.value, stated.bound.value, row["direction"], stated.value_max)
        if decision.status != row["verdict"]:
            disagreements.append((row["doc"], row["line"], row["target_value"], row["value"], row["verdict"],
                                  decision.status, decision.reason))
    agreement = 1 - len(disagreements) / len(rows)
    print(f"verdict agreement {len(rows) - len(disagreements)}/{len(rows)} = {agreement:.3f}")
    assert agreement >= 0.95, disagreements
