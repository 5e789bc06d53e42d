"""Consistency and feasibility checks on a plan's target set, each finding with a Vietnamese explanation.

Plain values in (``PlanFigures``), findings out; tolerances are named below and written down in
docs/methods.md ("Checks"). Rates are percent per year as written ("6,5" is 6.5%/năm); shares are percent.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from chitieu.judge.growth import average_rate, required_average
from chitieu.judge.progress import cagr
from chitieu.numbers import format_number

SHARE_SUM_TOLERANCE = 0.5  # points away from 100 that rounding can explain
GROWTH_TOLERANCE = 0.5  # points between total growth and the share-weighted sector growth (product taxes)
STRUCTURE_TOLERANCE = 2.0  # points between a target share and the share the sector growth rates lead to
PER_CAPITA_TOLERANCE = 2.0  # points/year between the per-capita growth asked and what growth, prices, people give
DEFLATOR = 3.5  # %/year price growth assumed to turn real GRDP growth into current-price per-capita growth
ANNUAL_STRETCH = 1.5  # a remaining year may need at most this times the best year so far
RATE_GAP = 2.0  # points a required rate may exceed the achieved rate before it is called out of reach
RATE_RATIO = 2.0  # ... and times the achieved rate

Span = tuple[float, float]  # low, high (equal for a single value)


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    message: str  # Vietnamese, one or two sentences a planner can act on
    numbers: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class TermSeries:
    """A term target and the yearly figures under it (annual targets or actuals).

    ``kind``: "total" (a sum over the term), "average" (a yearly average), "rate" (an average growth rate,
    %/năm) or "level" (a value to reach by the last year).
    """

    indicator: str
    kind: str
    term: Span
    first_year: int
    last_year: int
    yearly: dict[int, float] = field(default_factory=dict)


@dataclass(slots=True)
class LevelTrack:
    """A level target and where the indicator stands: for the required-rate check."""

    indicator: str
    target: float
    target_year: int
    latest: float
    latest_year: int
    achieved_rate: float  # %/year achieved so far (compound)
    direction: str = "up"


@dataclass(slots=True)
class PlanFigures:
    first_year: int  # the term's first plan year (2021 for 2020-2025)
    last_year: int
    grdp_growth: Span | None = None
    sector_growth: dict[str, Span] = field(default_factory=dict)
    base_shares: dict[str, float] = field(default_factory=dict)  # sector shares in the base year
    target_shares: dict[str, Span] = field(default_factory=dict)  # sector shares to reach by the last year
    population_growth: float | None = None
    per_capita_base: float | None = None  # current prices, in the base year (first_year - 1)
    per_capita_target: Span | None = None
    deflator: float = DEFLATOR
    series: list[TermSeries] = field(default_factory=list)
    levels: list[LevelTrack] = field(default_factory=list)


def run_checks(plan: PlanFigures) -> list[Finding]:
    """Every check that the plan has figures for."""
    findings = check_share_sum(plan.target_shares, "cuối kỳ") + check_share_sum(
        {k: (v, v) for k, v in plan.base_shares.items()}, "năm gốc"
    )
    findings += check_sector_growth(plan)
    findings += check_structure(plan)
    findings += check_per_capita(plan)
    for series in plan.series:
        findings += check_series(series)
    for track in plan.levels:
        findings += check_required_rate(track)
    return findings


def _n(value: float, decimals: int = 1) -> str:
    return format_number(round(value, decimals))


def _span(span: Span) -> str:
    return _n(span[0]) if span[0] == span[1] else f"{_n(span[0])} - {_n(span[1])}"


def check_share_sum(shares: dict[str, Span], when: str) -> list[Finding]:
    """Sector shares (economic structure) must be able to sum to 100%."""
    if len(shares) < 2:
        return []
    low, high = sum(s[0] for s in shares.values()), sum(s[1] for s in shares.values())
    if low - SHARE_SUM_TOLERANCE <= 100 <= high + SHARE_SUM_TOLERANCE:
        return []
    parts = "; ".join(f"{name} {_span(span)}%" for name, span in shares.items())
    total = _n(low) if low == high else f"{_n(low)} - {_n(high)}"
    return [Finding(
        "shares_not_100",
        f"Cơ cấu kinh tế {when} cộng lại được {total}%, không phải 100% ({parts}). "
        "Cần sửa tỷ trọng các khu vực (hoặc ghi rõ phần thuế sản phẩm) để tổng bằng 100%.",
        {"low": low, "high": high, "shares": shares},
    )]


def _weights(plan: PlanFigures) -> tuple[dict[str, float], str]:
    shares = plan.base_shares or {k: (v[0] + v[1]) / 2 for k, v in plan.target_shares.items()}
    source = "base" if plan.base_shares else "target"
    common = {k: v for k, v in shares.items() if k in plan.sector_growth}
    total = sum(common.values())
    return ({k: v / total for k, v in common.items()} if total else {}), source


def check_sector_growth(plan: PlanFigures) -> list[Finding]:
    """Total GRDP growth should be close to the sector growth rates weighted by the sector shares."""
    if plan.grdp_growth is None or len(plan.sector_growth) < 2:
        return []
    weights, source = _weights(plan)
    if len(weights) < 2:
        return []
    low = sum(w * plan.sector_growth[k][0] for k, w in weights.items())
    high = sum(w * plan.sector_growth[k][1] for k, w in weights.items())
    goal_low, goal_high = plan.grdp_growth
    numbers = {"implied_low": low, "implied_high": high, "weights": weights, "weights_from": source}
    if high + GROWTH_TOLERANCE < goal_low:
        return [Finding(
            "sector_growth_below_total",
            f"Các khu vực tăng {_n(low)} - {_n(high)}%/năm (bình quân theo tỷ trọng) không đủ cho mục tiêu GRDP "
            f"tăng {_span(plan.grdp_growth)}%/năm. Cần nâng chỉ tiêu tăng trưởng của khu vực có tỷ trọng lớn "
            "hoặc hạ mục tiêu tăng trưởng chung.",
            numbers,
        )]
    if low - GROWTH_TOLERANCE > goal_high:
        return [Finding(
            "sector_growth_above_total",
            f"Các khu vực tăng {_n(low)} - {_n(high)}%/năm (bình quân theo tỷ trọng), cao hơn mục tiêu GRDP "
            f"tăng {_span(plan.grdp_growth)}%/năm. Cần thống nhất lại chỉ tiêu tăng trưởng chung và từng khu vực.",
            numbers,
        )]
    return []


def check_structure(plan: PlanFigures) -> list[Finding]:
    """Base shares grown at the sector rates should land near the target shares."""
    common = [k for k in plan.target_shares if k in plan.base_shares and k in plan.sector_growth]
    if len(common) < 2 or len(common) != len(plan.base_shares):
        return []
    years = plan.last_year - plan.first_year + 1
    grown = {k: plan.base_shares[k] * (1 + sum(plan.sector_growth[k]) / 200) ** years for k in common}
    total = sum(grown.values())
    findings = []
    for k in common:
        implied = grown[k] / total * 100
        low, high = plan.target_shares[k]
        if implied < low - STRUCTURE_TOLERANCE or implied > high + STRUCTURE_TOLERANCE:
            findings.append(Finding(
                "structure_inconsistent",
                f"Với tốc độ tăng các khu vực đã đặt, tỷ trọng {k} năm {plan.last_year} sẽ vào khoảng {_n(implied)}%, "
                f"khác mục tiêu {_span(plan.target_shares[k])}%. Cần điều chỉnh tỷ trọng mục tiêu hoặc tốc độ tăng "
                "của khu vực này (tỷ trọng tính theo giá so sánh).",
                {"sector": k, "implied_share": implied, "target": plan.target_shares[k]},
            ))
    return findings


def check_per_capita(plan: PlanFigures) -> list[Finding]:
    """The per-capita target should follow from GRDP growth, population growth and price growth."""
    if None in (plan.grdp_growth, plan.population_growth, plan.per_capita_base, plan.per_capita_target):
        return []
    assert plan.grdp_growth and plan.per_capita_target and plan.per_capita_base and plan.population_growth is not None
    years = plan.last_year - plan.first_year + 1
    asked = [cagr(plan.per_capita_base, value, years) * 100 for value in plan.per_capita_target]
    given = [((1 + g / 100) * (1 + plan.deflator / 100) / (1 + plan.population_growth / 100) - 1) * 100
             for g in plan.grdp_growth]
    numbers = {"asked_rate": asked, "given_rate": given, "deflator": plan.deflator, "years": years}
    if asked[0] > given[1] + PER_CAPITA_TOLERANCE or asked[1] < given[0] - PER_CAPITA_TOLERANCE:
        too = "cao" if asked[0] > given[1] else "thấp"
        return [Finding(
            "per_capita_inconsistent",
            f"GRDP bình quân đầu người mục tiêu {_span(plan.per_capita_target)} triệu đồng cần tăng khoảng "
            f"{_n(asked[0])}%/năm (giá hiện hành), trong khi GRDP tăng {_span(plan.grdp_growth)}%/năm, dân số tăng "
            f"{_n(plan.population_growth)}%/năm và giá tăng khoảng {_n(plan.deflator)}%/năm chỉ cho khoảng "
            f"{_n(given[0])} - {_n(given[1])}%/năm. Mục tiêu đầu người đang quá {too} so với mục tiêu tăng trưởng.",
            numbers,
        )]
    return []


def check_series(series: TermSeries) -> list[Finding]:
    """Yearly figures must be able to add up to the term target."""
    years = series.last_year - series.first_year + 1
    known = {y: v for y, v in series.yearly.items() if series.first_year <= y <= series.last_year}
    if not known:
        return []
    remaining = years - len(known)
    low = series.term[0]
    name = series.indicator
    values = list(known.values())
    if series.kind == "level":
        last = known.get(series.last_year)
        if last is not None and last < low:
            return [Finding("level_below_term", f"Chỉ tiêu {name} năm {series.last_year} đặt {_n(last, 2)}, thấp hơn "
                            f"mục tiêu cả nhiệm kỳ {_span(series.term)}. Cần nâng chỉ tiêu năm cuối.",
                            {"last": last})]
        return []
    if series.kind == "rate":
        if remaining == 0:
            average = average_rate(values)
            if average < low:
                return [Finding("rate_cannot_reach_term", f"Các năm đặt {name} bình quân {_n(average)}%/năm, "
                                f"không đạt mục tiêu nhiệm kỳ {_span(series.term)}%/năm. Cần nâng chỉ tiêu các năm.",
                                {"average": average})]
            return []
        required = required_average(values, low, years)
        assert required is not None
        if required > max(values) + RATE_GAP:
            return [Finding("rate_cannot_reach_term", f"Để {name} bình quân đạt {_span(series.term)}%/năm, "
                            f"{remaining} năm còn lại phải tăng {_n(required)}%/năm, cao hơn nhiều so với mức cao nhất "
                            f"đã có ({_n(max(values))}%/năm). Cần đánh giá lại tính khả thi của mục tiêu nhiệm kỳ.",
                            {"required": required, "best": max(values)})]
        return []
    total_needed = low * years if series.kind == "average" else low
    done = sum(values)
    per_year = (total_needed - done) / remaining if remaining else None
    numbers = {"done": done, "total_needed": total_needed, "per_year_needed": per_year, "remaining": remaining}
    if remaining == 0 and done < total_needed:
        return [Finding("annual_sum_below_term", f"Cộng các năm, {name} được {_n(done, 2)}, chưa bằng mục tiêu "
                        f"nhiệm kỳ {_n(total_needed, 2)}. Cần nâng chỉ tiêu năm hoặc điều chỉnh mục tiêu nhiệm kỳ.",
                        numbers)]
    if per_year is not None and per_year > ANNUAL_STRETCH * max(values):
        return [Finding("annual_sum_below_term", f"Để đạt mục tiêu nhiệm kỳ về {name}, {remaining} năm còn lại mỗi "
                        f"năm cần {_n(per_year, 2)}, gấp hơn {_n(ANNUAL_STRETCH)} lần mức cao nhất một năm đã có "
                        f"({_n(max(values), 2)}). Cần bổ sung nguồn lực hoặc điều chỉnh mục tiêu.", numbers)]
    return []


def check_required_rate(track: LevelTrack) -> list[Finding]:
    """A level target whose required yearly rate from the latest actual is far beyond the rate achieved."""
    years = track.target_year - track.latest_year
    if years <= 0 or track.latest <= 0 or track.target <= 0:
        return []
    required = cagr(track.latest, track.target, years) * 100
    achieved = track.achieved_rate
    sign = -1 if track.direction == "down" else 1
    required_d, achieved_d = sign * required, sign * achieved
    numbers = {"required_rate": required, "achieved_rate": achieved, "years_left": years}
    if required_d > achieved_d + RATE_GAP and required_d > RATE_RATIO * max(achieved_d, 0):
        verb = "tăng" if sign > 0 else "giảm"
        return [Finding(
            "required_rate_out_of_reach",
            f"Để {track.indicator} đạt {_n(track.target, 2)} vào năm {track.target_year} (hiện {_n(track.latest, 2)} "
            f"năm {track.latest_year}) cần {verb} {_n(abs(required))}%/năm, trong khi thời gian qua chỉ {verb} "
            f"{_n(abs(achieved))}%/năm. Cần giải pháp đột phá hoặc điều chỉnh mục tiêu.",
            numbers,
        )]
    return []
