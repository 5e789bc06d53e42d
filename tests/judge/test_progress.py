"""The progress method: a worked case for every band and edge rule."""

from __future__ import annotations

import pytest

from chitieu.judge.progress import assess_progress, cagr

# id, baseline_year, baseline_value, observations, target_value, target_year, direction, status
CASES = [
    # required: 100 -> 150 over 5 years = 8.45%/yr
    ("on-track", 2020, 100, [(2021, 108), (2023, 127)], 150, 2025, "up", "on_track"),
    ("acceleration", 2020, 100, [(2023, 118)], 150, 2025, "up", "acceleration_needed"),
    ("limited", 2020, 100, [(2023, 110)], 150, 2025, "up", "limited_progress"),
    ("deterioration", 2020, 100, [(2023, 95)], 150, 2025, "up", "deterioration"),
    ("achieved", 2020, 100, [(2024, 151)], 150, 2025, "up", "target_achieved"),
    # down: poverty rate 10% -> 5%; required -12.9%/yr
    ("down-on-track", 2020, 10, [(2023, 6.5)], 5, 2025, "down", "on_track"),
    ("down-deterioration", 2020, 10, [(2023, 11)], 5, 2025, "down", "deterioration"),
    ("down-achieved", 2020, 10, [(2024, 4.8)], 5, 2025, "down", "target_achieved"),
    # without a target: fixed rates 1.5% / 0.5%
    ("no-target-on-track", 2020, 100, [(2022, 104)], None, None, "up", "on_track"),
    ("no-target-acceleration", 2020, 100, [(2022, 101.5)], None, None, "up", "acceleration_needed"),
    ("no-target-limited", 2020, 100, [(2022, 100.4)], None, None, "up", "limited_progress"),
    ("no-target-down-improving", 2020, 100, [(2022, 96)], None, None, "down", "on_track"),
    ("no-target-deterioration", 2020, 100, [(2022, 98)], None, None, "up", "deterioration"),
    # too little data
    ("no-baseline", None, None, [(2022, 98)], 120, 2025, "up", "not_available"),
    ("no-later-observation", 2020, 100, [(2019, 90), (2020, 100)], 120, 2025, "up", "not_available"),
    ("zero-value", 2020, 0, [(2022, 5)], 10, 2025, "up", "not_available"),
    ("target-before-baseline", 2020, 100, [(2022, 105)], 120, 2019, "up", "not_available"),
]


@pytest.mark.parametrize(("by", "bv", "obs", "tv", "ty", "direction", "expected"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_progress_table(by, bv, obs, tv, ty, direction, expected):
    progress = assess_progress(by, bv, obs, tv, ty, direction)
    assert progress.status == expected, progress
    assert progress.inputs["target_value"] == tv


def test_intermediate_numbers():
    progress = assess_progress(2020, 100, [(2023, 118)], 150, 2025, "up")
    w = progress.working
    assert w["cagr_observed"] == pytest.approx(1.18 ** (1 / 3) - 1)
    assert w["cagr_required"] == pytest.approx(1.5 ** (1 / 5) - 1)
    assert w["ratio"] == pytest.approx(w["cagr_observed"] / w["cagr_required"])
    assert w["projected_value"] == pytest.approx(118 * (1 + w["cagr_observed"]) ** 2)
    assert w["rate_still_required"] == pytest.approx((150 / 118) ** 0.5 - 1)
    assert 0.6 <= w["ratio"] < 0.95


def test_band_edges_are_inclusive_at_the_lower_end():
    # ratio exactly 0.95: observed growth chosen so that observed/required == 0.95
    required = cagr(100, 150, 5)
    latest = 100 * (1 + 0.95 * required) ** 3
    assert assess_progress(2020, 100, [(2023, latest)], 150, 2025).status == "on_track"


def test_cagr_needs_years():
    with pytest.raises(ValueError):
        cagr(1, 2, 0)
