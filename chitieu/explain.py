"""The sentence under a target's status: why it has that status, with its figures, as one finished Vietnamese
sentence for the target page, the API and the CLI.

It reads an assessment (``Register.assess``, ``register.figures.assess_target``): the method, the status, the
figure judged, the target as written and the method's working (``working["working"]``: the intermediate numbers
``judge`` returns). The sentences are in ``data/labels.yaml`` (``explain``), one per method and status; a figure
that is missing never shows as "None" or as a unit standing alone: the sentence for too little data is used instead.
"""

from __future__ import annotations

from typing import Any

from chitieu.labels import EXPLAIN, VINTAGE
from chitieu.numbers import format_number

_YEAR_DIGITS = 4


def explain(row: dict[str, Any]) -> str:
    """One Vietnamese sentence saying why the assessed target ``row`` has its status."""
    method, status = row.get("method"), row.get("status") or "not_available"
    assessment = row.get("working") or {}
    working = assessment.get("working") or {}
    inputs = assessment.get("inputs") or {}
    target = row.get("target") or ""
    sentence = None
    if method == "verdict":
        sentence = _verdict(row, status, target)
    elif method == "growth":
        sentence = _growth(row, status, target, inputs, working)
    elif method == "progress":
        sentence = _progress(row, status, target, inputs, working)
    if sentence is not None:
        return sentence
    if target in ("", "định tính") or row.get("bound") == "qualitative":
        return EXPLAIN["qualitative"]
    period = _period(row.get("period"))
    return EXPLAIN["missing"].format(period=period) if period else EXPLAIN["missing_no_period"]


def _verdict(row: dict[str, Any], status: str, target: str) -> str | None:
    actual, period = _figure(row.get("actual"), row.get("unit")), _period(row.get("actual_period"))
    if not actual or not period:
        return None
    vintage = VINTAGE.get(row.get("vintage") or "") or EXPLAIN["vintage_default"]
    key = f"verdict_{status}" if f"verdict_{status}" in EXPLAIN else "verdict_not_available"
    if (row.get("working") or {}).get("reason") == "no_direction":
        key = "verdict_no_direction"
    if status != "not_available" and not target:
        return None
    return EXPLAIN[key].format(vintage=vintage, period=period, actual=actual, target=target or "định tính")


def _growth(row: dict[str, Any], status: str, target: str, inputs: dict[str, Any],
            working: dict[str, Any]) -> str | None:
    first, last = inputs.get("first_year"), inputs.get("last_year")
    rates = {int(year): rate for year, rate in (inputs.get("yearly_rates") or {}).items()
             if first is not None and last is not None and first <= int(year) <= last}
    if first is None or last is None or not target:
        return None
    if not rates or working.get("average_so_far") is None:
        return EXPLAIN["growth_not_available"].format(years=_years(first, last), target=target)
    key = f"growth_{status}"
    if key not in EXPLAIN:
        return None
    required = working.get("required_for_low")
    if status in ("below_range", "out_of_reach") and required is None:
        return None
    return EXPLAIN[key].format(count=format_number(len(rates)), years=_years(min(rates), max(rates)),
                               average=_percent(working["average_so_far"]), target=target,
                               required=_percent(required), best=_percent(working.get("best_year_rate")))


def _progress(row: dict[str, Any], status: str, target: str, inputs: dict[str, Any],
              working: dict[str, Any]) -> str | None:
    unit = row.get("unit")
    base_year, base_value = inputs.get("baseline_year"), inputs.get("baseline_value")
    latest_year, latest_value = working.get("latest_year"), working.get("latest_value")
    target_year = inputs.get("target_year")
    if None in (base_year, base_value, latest_year, latest_value, target_year) or not target:
        return None
    start = EXPLAIN["figure_year"].format(year=base_year, value=_figure(base_value, unit))
    latest = EXPLAIN["figure_year"].format(year=latest_year, value=_figure(latest_value, unit))
    if status == "target_achieved":
        return EXPLAIN["progress_target_achieved"].format(latest_year=latest_year,
                                                          latest_value=_figure(latest_value, unit), target=target,
                                                          target_year=target_year)
    observed, required = working.get("cagr_observed"), working.get("cagr_required")
    key = f"progress_{status}"
    if status == "not_available" or observed is None or key not in EXPLAIN:
        return EXPLAIN["progress_not_available"].format(start=start, latest=latest, target=target)
    if required is None and status != "deterioration":
        return EXPLAIN["progress_not_available"].format(start=start, latest=latest, target=target)
    projected = working.get("projected_value")
    projection = ("" if projected is None else
                  EXPLAIN["projection"].format(value=_figure(projected, unit), year=target_year))
    return EXPLAIN[key].format(start=start, latest=latest, change=_change(observed), target=target,
                               target_year=target_year, required=_change_rate(required), projection=projection)


def _period(period: str | None) -> str:
    """ "2024" -> "năm 2024", "2021-2025" -> "giai đoạn 2021 - 2025", anything else as written; "" for none."""
    if not period:
        return ""
    start, _, end = period.partition("-")
    if start.isdigit() and len(start) == _YEAR_DIGITS and not end:
        return EXPLAIN["year"].format(year=start)
    if start.isdigit() and end.isdigit():
        return EXPLAIN["term"].format(start=start, end=end)
    return period


def _years(first: int, last: int) -> str:
    """(2021, 2024) -> "2021 - 2024"; (2021, 2021) -> "2021"."""
    return str(first) if first == last else f"{first} - {last}"


def _figure(value: Any, unit: str | None) -> str:
    """6.5, "%" -> "6,5%"; 47, "triệu đồng" -> "47 triệu đồng"; "" for no number."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return ""
    written = format_number(round(value, 2))
    if not unit:
        return written
    return f"{written}{unit}" if unit.startswith("%") else f"{written} {unit}"


def _percent(value: Any) -> str:
    """A rate already in percent: 6.649 -> "6,65%"."""
    return f"{format_number(round(value, 2))}%" if isinstance(value, int | float) else ""


def _change_rate(rate: Any) -> str:
    """A compound rate as a fraction, signed: 0.0123 -> "1,23%", -0.02 -> "-2%"."""
    return f"{format_number(round(rate * 100, 2))}%" if isinstance(rate, int | float) else ""


def _change(rate: float) -> str:
    """The observed yearly change in words: "tăng 1,23%", "giảm 2%", "không thay đổi"."""
    shown = round(rate * 100, 2)
    if shown == 0:
        return EXPLAIN["change_none"]
    return EXPLAIN["change_up" if shown > 0 else "change_down"].format(rate=f"{format_number(abs(shown))}%")
