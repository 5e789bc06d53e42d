"""The progress method: a worked case for every band and edge rule."""

from __future__ import annotations

import pytest

from chitieu.judge.progress import assess_progress, cagr, limit_factor

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


# Near a natural limit (without a target): the fixed rates above 0 are scaled by C (Open SDG, a = 4.44).
# id, baseline_value, latest_value (two years later), limit, direction, status, C
LIMIT_CASES = [
    # coverage 98% -> 98.5%: +0.25%/yr; C = 1 - 0.98**4.44 = 0.0858, on-track rate 0.129%/yr
    ("near-maximum", 98.0, 98.5, 100.0, "up", "on_track", 1 - 0.98 ** 4.44),
    ("near-maximum-unscaled", 98.0, 98.5, None, "up", "limited_progress", 1.0),
    # 40% is far from 100%: C = 0.983 barely moves the rates (1.2%/yr stays acceleration_needed)
    ("far-from-maximum", 40.0, 40.0 * 1.012 ** 2, 100.0, "up", "acceleration_needed", 1 - 0.4 ** 4.44),
    # at the limit C = 0: holding it is on track, falling from it is deterioration
    ("at-maximum-held", 100.0, 100.0, 100.0, "up", "on_track", 0.0),
    ("at-maximum-falling", 100.0, 99.0, 100.0, "up", "deterioration", 0.0),
    # a minimum limit of 1 for a "down" indicator at 1.2: C = 1 - 0.8**4.44 = 0.629; -1.26%/yr is on track
    ("near-minimum", 1.2, 1.17, 1.0, "down", "on_track", 1 - 0.8 ** 4.44),
    ("near-minimum-unscaled", 1.2, 1.17, None, "down", "acceleration_needed", 1.0),
    ("twice-the-minimum", 2.5, 2.45, 1.0, "down", "acceleration_needed", 1.0),
    # a limit on the other side of the desired direction is not considered
    ("maximum-of-a-down-indicator", 98.0, 97.5, 100.0, "down", "limited_progress", 1.0),
    ("minimum-of-an-up-indicator", 1.2, 1.21, 1.0, "up", "limited_progress", 1.0),
]


@pytest.mark.parametrize(("base", "latest", "limit", "direction", "expected", "factor"),
                         [c[1:] for c in LIMIT_CASES], ids=[c[0] for c in LIMIT_CASES])
def test_progress_near_a_natural_limit(base, latest, limit, direction, expected, factor):
    progress = assess_progress(2020, base, [(2022, latest)], None, None, direction, limit=limit)
    assert progress.status == expected, progress
    assert progress.working["limit_factor"] == pytest.approx(factor)
    assert progress.working["on_track_rate"] == pytest.approx(0.015 * factor)
    assert progress.working["acceleration_rate"] == pytest.approx(0.005 * factor)
    assert progress.inputs["limit"] == limit


def test_limit_is_ignored_with_a_target():
    # 98 -> 98.2 towards 100: the ratio to the required rate decides, as without a limit
    with_limit = assess_progress(2020, 98, [(2022, 98.2)], 100, 2025, "up", limit=100)
    without = assess_progress(2020, 98, [(2022, 98.2)], 100, 2025, "up")
    assert with_limit.status == without.status == "limited_progress"
    assert with_limit.working == without.working


def test_limit_factor_is_symmetric_around_the_limit():
    # the same relative distance from a maximum and from a minimum gives the same factor
    assert limit_factor(90, 100, "up") == pytest.approx(limit_factor(110, 100, "down"))
    assert limit_factor(0.5, 0, "down") == 1.0  # a minimum of 0 never scales
