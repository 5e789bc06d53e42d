"""Growth-rate targets and vintages."""

from __future__ import annotations

from datetime import date

import pytest

from chitieu.judge.growth import assess_growth, average_rate, required_average
from chitieu.judge.vintage import choose_vintage


def test_average_is_compound():
    assert average_rate([6, 8]) == pytest.approx(((1.06 * 1.08) ** 0.5 - 1) * 100)
    assert average_rate([5, 5, 5]) == pytest.approx(5)


def test_required_average_reaches_goal():
    rates = [5.0, 6.0]
    need = required_average(rates, 6.5, 5)
    assert need is not None
    assert average_rate([*rates, need, need, need]) == pytest.approx(6.5)
    assert required_average([6, 6, 6, 6, 6], 6, 5) is None


# id, yearly rates, low, high, status
CASES = [
    ("inside", {2021: 6.8, 2022: 6.7}, 6.5, 7.0, "on_track"),
    ("below", {2021: 5.0, 2022: 6.0}, 6.5, 7.0, "below_range"),
    ("above", {2021: 8.0, 2022: 8.5}, 6.5, 7.0, "above_range"),
    ("out-of-reach", {2021: 1.0, 2022: 1.5, 2023: 2.0, 2024: 2.0}, 6.5, 7.0, "out_of_reach"),
    ("final", {2021: 6.8, 2022: 6.7, 2023: 6.6, 2024: 6.9, 2025: 7.0}, 6.5, 7.0, "final"),
    ("none", {2019: 6.0}, 6.5, 7.0, "not_available"),
]


@pytest.mark.parametrize(("rates", "low", "high", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_growth_table(rates, low, high, expected):
    result = assess_growth(rates, low, high, 2021, 2025)
    assert result.status == expected, result


def test_final_carries_verdict_and_required_rates():
    final = assess_growth({2021: 6.8, 2022: 6.7, 2023: 6.6, 2024: 6.9, 2025: 7.0}, 6.5, 7.0, 2021, 2025)
    assert final.working["verdict"] == "met"
    below = assess_growth({2021: 5.0, 2022: 6.0}, 6.5, 7.0, 2021, 2025)
    assert below.working["required_for_low"] == pytest.approx(required_average([5.0, 6.0], 6.5, 5))
    assert below.working["required_for_low"] > 6.5


VINTAGE_CASES = [
    ("latest-date", [("estimate", date(2024, 12, 1), "e"), ("final", date(2025, 6, 1), "f")], "f", "latest_date"),
    ("same-date-later-stage", [("final", date(2025, 6, 1), "f"), ("revision", date(2025, 6, 1), "r")], "r",
     "later_stage"),
    ("estimate-after-final-date", [("final", date(2024, 1, 1), "f"), ("estimate", date(2024, 3, 1), "e")], "e",
     "latest_date"),
    ("plan-never-judged", [("plan", date(2025, 1, 1), "p"), ("estimate", date(2024, 12, 1), "e")], "e", "only_one"),
    ("only-plan", [("plan", date(2025, 1, 1), "p")], None, "only_plan"),
    ("nothing", [], None, "none"),
]


@pytest.mark.parametrize(("records", "chosen", "reason"), [c[1:] for c in VINTAGE_CASES],
                         ids=[c[0] for c in VINTAGE_CASES])
def test_vintage_choice(records, chosen, reason):
    choice = choose_vintage(records)
    assert (choice.chosen, choice.reason) == (chosen, reason)


def test_unknown_vintage_is_a_bug():
    with pytest.raises(ValueError):
        choose_vintage([("guess", None, 1)])
