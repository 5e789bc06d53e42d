"""Plan checks: an inconsistent sample plan finds its known problems; a consistent one raises nothing."""

from __future__ import annotations

from chitieu.judge.checks import LevelTrack, PlanFigures, TermSeries, run_checks


def consistent_plan() -> PlanFigures:
    return PlanFigures(
        first_year=2021,
        last_year=2025,
        grdp_growth=(6.5, 7.0),
        sector_growth={"nông, lâm nghiệp, thủy sản": (3.0, 3.5), "công nghiệp - xây dựng": (9.0, 9.5),
                       "dịch vụ": (6.5, 7.0)},
        base_shares={"nông, lâm nghiệp, thủy sản": 30.0, "công nghiệp - xây dựng": 20.0, "dịch vụ": 50.0},
        target_shares={"nông, lâm nghiệp, thủy sản": (26.0, 27.0), "công nghiệp - xây dựng": (22.0, 23.0),
                       "dịch vụ": (50.0, 52.0)},
        population_growth=1.0,
        per_capita_base=40.0,
        per_capita_target=(60.0, 62.0),
        series=[
            TermSeries("diện tích trồng rừng", "average", (6000, 6000), 2021, 2025,
                       {2021: 6100, 2022: 6000, 2023: 6050}),
            TermSeries("tốc độ tăng trưởng GRDP", "rate", (6.5, 7.0), 2021, 2025, {2021: 6.6, 2022: 6.9}),
            TermSeries("tỷ lệ che phủ rừng", "level", (73.0, 73.0), 2021, 2025, {2025: 73.2}),
        ],
        levels=[LevelTrack("thu ngân sách", 1000, 2025, 800, 2023, achieved_rate=11.0)],
    )


def inconsistent_plan() -> PlanFigures:
    plan = consistent_plan()
    plan.target_shares = {"nông, lâm nghiệp, thủy sản": (20.0, 20.0), "công nghiệp - xây dựng": (25.0, 25.0),
                          "dịch vụ": (45.0, 45.0)}  # sums to 90
    plan.grdp_growth = (9.0, 9.5)  # sectors weighted give about 6.4 - 6.8
    plan.per_capita_target = (100.0, 100.0)  # 20%/yr asked
    plan.series = [
        TermSeries("diện tích trồng rừng", "total", (30000, 30000), 2021, 2025,
                   {2021: 5000, 2022: 5200, 2023: 4800, 2024: 5000, 2025: 5000}),
        TermSeries("tốc độ tăng trưởng GRDP", "rate", (9.0, 9.5), 2021, 2025, {2021: 2.0, 2022: 3.0, 2023: 4.0}),
        TermSeries("tỷ lệ che phủ rừng", "level", (73.0, 73.0), 2021, 2025, {2025: 72.0}),
    ]
    plan.levels = [LevelTrack("thu ngân sách", 2000, 2025, 800, 2023, achieved_rate=5.0)]
    return plan


def test_consistent_plan_raises_nothing():
    assert run_checks(consistent_plan()) == []


def test_inconsistent_plan_finds_known_problems():
    findings = run_checks(inconsistent_plan())
    codes = sorted(f.code for f in findings)
    assert codes == sorted([
        "shares_not_100",
        "sector_growth_below_total",
        "structure_inconsistent",  # 20/25/45 cannot follow from the sector rates either
        "structure_inconsistent",
        "structure_inconsistent",
        "per_capita_inconsistent",
        "annual_sum_below_term",
        "rate_cannot_reach_term",
        "level_below_term",
        "required_rate_out_of_reach",
    ]), [f.message for f in findings]
    for finding in findings:
        assert finding.message.endswith(".")
        assert finding.numbers


def test_messages_use_vietnamese_numbers():
    plan = inconsistent_plan()
    message = next(f.message for f in run_checks(plan) if f.code == "required_rate_out_of_reach")
    assert "2.000" in message and "58,1%/năm" in message


def test_short_term_series_needs_stretch():
    series = TermSeries("trồng rừng", "total", (30000, 30000), 2021, 2025, {2021: 4000, 2022: 4000})
    plan = PlanFigures(first_year=2021, last_year=2025, series=[series])
    (finding,) = run_checks(plan)
    assert finding.numbers["per_year_needed"] == 22000 / 3
