"""Charts as inline SVG drawn on the server (no script, nothing fetched): a target against its figures over time,
stacked bars of statuses by field, and bars comparing one indicator across provinces and terms.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape
from typing import Any

from chitieu.labels import GROUPS
from chitieu.numbers import format_number
from chitieu.register.documents import period_years

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 36
GROUP_COLOR = {"exceeded": "#1b7f3b", "met": "#4caf50", "not_met": "#c62828", "on_track": "#1f6fb2",
               "at_risk": "#ef8a17", "not_available": "#b0b7c0"}  # the status groups of chitieu.labels


def _nice(value: float) -> str:
    return format_number(round(value, 2))


def _ticks(low: float, high: float, count: int = 6) -> list[float]:
    """Round tick values (1, 2 or 5 times a power of ten apart) covering ``low`` to ``high``."""
    span = (high - low) or abs(high) or 1.0
    raw = span / (count - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = [start]
    while ticks[-1] < high - 1e-9:
        ticks.append(ticks[-1] + step)
    return ticks


def _scale(low: float, high: float, size: float, reverse: bool = False) -> Callable[[float], float]:
    span = (high - low) or 1.0

    def place(value: float) -> float:
        share = (value - low) / span
        return size * (1 - share) if reverse else size * share

    return place


def target_chart(record: dict[str, Any], assessment: dict[str, Any]) -> str:
    """The target (a line, or a band for a range), the figures by year, and the forecast as a dashed line."""
    points: list[tuple[int, float, str]] = []
    for actual in record["actuals"]:
        start, end = period_years(actual["period"])
        if end is not None and actual["value"] is not None:
            points.append((end, actual["value"], actual["vintage"]))
    start, end = record["period_start"], record["period_end"]
    low, high = record["value"], record["value_max"]
    working = (assessment.get("working") or {}).get("working") or {}  # the method's intermediate numbers
    forecast: list[tuple[float, float]] = []
    yearly = sorted({year: value for year, value, _ in points}.items())
    if yearly and end is not None and yearly[-1][0] < end:
        projected = working.get("projected_value")
        if projected is None and len(yearly) >= 2:
            (x0, y0), (x1, y1) = yearly[-2], yearly[-1]
            projected = y1 + (y1 - y0) / (x1 - x0) * (end - x1) if x1 != x0 else None
        if projected is not None:
            forecast = [(yearly[-1][0], yearly[-1][1]), (end, projected)]
    years = [y for y, _, _ in points] + [y for y in (start, end) if y is not None] + [x for x, _ in forecast]
    values = [v for _, v, _ in points] + [v for v in (low, high) if v is not None] + [y for _, y in forecast]
    if not years or not values:
        return ('<svg class="chart" viewBox="0 0 640 80" role="img" aria-label="Chưa có số liệu">'
                '<text x="320" y="45" text-anchor="middle" class="muted">Chưa có số liệu để vẽ biểu đồ</text></svg>')
    x_low, x_high = min(years) - 1, max(years) + 1
    ticks = _ticks(min(0.0, min(values)), max(values) * 1.1 or 1.0)
    y_low, y_high = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    fx, fy = _scale(x_low, x_high, plot_w), _scale(y_low, y_high, plot_h, reverse=True)

    def px(year: float) -> float:
        return LEFT + fx(year)

    def py(value: float) -> float:
        return TOP + fy(value)

    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="Biểu đồ chỉ tiêu">']
    for value in ticks:
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{py(value):.1f}" y2="{py(value):.1f}" '
                     f'class="grid"/><text x="{LEFT - 6}" y="{py(value) + 4:.1f}" text-anchor="end" '
                     f'class="axis">{_nice(value)}</text>')
    for year in range(int(x_low) + 1, int(x_high)):
        parts.append(f'<text x="{px(year):.1f}" y="{HEIGHT - 12}" text-anchor="middle" class="axis">{year}</text>')
    t0, t1 = (start if start is not None else x_low + 0.5), (end if end is not None else x_high - 0.5)
    if t0 == t1:
        t0, t1 = t0 - 0.4, t1 + 0.4
    if low is not None and high is not None:
        top, bottom = py(max(low, high)), py(min(low, high))
        parts.append(f'<rect x="{px(t0):.1f}" y="{top:.1f}" width="{px(t1) - px(t0):.1f}" '
                     f'height="{max(bottom - top, 1):.1f}" class="band"><title>Khoảng chỉ tiêu: '
                     f'{_nice(low)} - {_nice(high)}</title></rect>')
    elif low is not None:
        parts.append(f'<line x1="{px(t0):.1f}" x2="{px(t1):.1f}" y1="{py(low):.1f}" y2="{py(low):.1f}" '
                     f'class="target"><title>Chỉ tiêu: {_nice(low)}</title></line>')
    if forecast:
        (a, b), (c, d) = forecast
        parts.append(f'<line x1="{px(a):.1f}" y1="{py(b):.1f}" x2="{px(c):.1f}" y2="{py(d):.1f}" class="forecast">'
                     f'<title>Dự báo {c}: {_nice(d)}</title></line>')
    if len(yearly) > 1:
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in yearly)
        parts.append(f'<polyline points="{path}" class="actual-line"/>')
    for year, value, vintage in points:
        css = "point estimate" if vintage == "estimate" else "point"
        parts.append(f'<circle cx="{px(year):.1f}" cy="{py(value):.1f}" r="5" class="{css}">'
                     f'<title>{year}: {_nice(value)}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def status_bars(counts: dict[str, dict[str, int]], field_labels: dict[str, str]) -> str:
    """One stacked horizontal bar per field, a segment per status group."""
    rows = [(field, groups) for field, groups in counts.items() if sum(groups.values())]
    if not rows:
        return '<p class="muted">Chưa có chỉ tiêu nào.</p>'
    label_w, bar_h, gap = 150, 22, 10
    width = 480
    height = len(rows) * (bar_h + gap) + 8
    most = max(sum(g.values()) for _, g in rows)
    scale = (width - label_w - 40) / most
    parts = [f'<svg class="chart bars" viewBox="0 0 {width} {height}" role="img" aria-label="Đánh giá theo lĩnh vực">']
    for index, (field, groups) in enumerate(rows):
        y = 4 + index * (bar_h + gap)
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" class="axis">'
                     f'{escape(field_labels.get(field, field))}</text>')
        x = float(label_w)
        for group in GROUPS:
            count = groups.get(group, 0)
            if not count:
                continue
            w = count * scale
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{GROUP_COLOR[group]}">'
                         f'<title>{GROUPS[group]}: {count}</title></rect>')
            if w > 18:
                parts.append(f'<text x="{x + w / 2:.1f}" y="{y + 15}" text-anchor="middle" class="bar-label">'
                             f'{count}</text>')
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 15}" class="axis">{sum(groups.values())}</text>')
    parts.append("</svg>")
    return "".join(parts)


def compare_bars(rows: list[dict[str, Any]]) -> str:
    """Target and latest figure side by side for each province and period."""
    rows = [r for r in rows if r.get("target_value") is not None or r.get("actual") is not None]
    if not rows:
        return '<p class="muted">Chưa có số liệu để so sánh.</p>'
    label_w, bar_h, gap = 130, 12, 14
    width = 420
    height = len(rows) * (2 * bar_h + gap) + 8
    most = max(max(r.get("target_value") or 0, r.get("actual") or 0) for r in rows) or 1.0
    scale = (width - label_w - 70) / most
    parts = [f'<svg class="chart bars" viewBox="0 0 {width} {height}" role="img" aria-label="So sánh">']
    for index, row in enumerate(rows):
        y = 4 + index * (2 * bar_h + gap)
        parts.append(f'<text x="{label_w - 8}" y="{y + bar_h + 4}" text-anchor="end" class="axis">'
                     f'{escape(row["province"] or "")} {escape(row["period"] or "")}</text>')
        for offset, key, css, name in ((0, "target_value", "bar-target", "Chỉ tiêu"),
                                       (bar_h, "actual", "bar-actual", "Thực hiện")):
            value = row.get(key)
            if value is None:
                continue
            w = max(value * scale, 1)
            parts.append(f'<rect x="{label_w}" y="{y + offset}" width="{w:.1f}" height="{bar_h - 1}" class="{css}">'
                         f'<title>{name}: {_nice(value)}</title></rect><text x="{label_w + w + 4:.1f}" '
                         f'y="{y + offset + 10}" class="axis">{_nice(value)}</text>')
    parts.append("</svg>")
    return "".join(parts)
