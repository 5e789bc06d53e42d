"""The yearly progress report of a province: summary counts, the targets at risk with the reason and the forecast,
charts of key indicators against their targets, then the year's appendix table. As .docx, or .pdf through
LibreOffice (``pdf.py``).

The term targets are those of the congress term that holds the year; each is assessed by ``register.assess``
(verdict, growth or progress), so the report says what the register's method says, with its numbers.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from docx.shared import Cm
from sqlalchemy import select

from chitieu.errors import NotFoundError
from chitieu.labels import needs_attention
from chitieu.register import Register
from chitieu.register.db import Congress, Target
from chitieu.register.documents import find_province, predecessors
from chitieu.register.figures import assess_target
from chitieu.report.appendix import Appendix, build_appendix, term_targets
from chitieu.report.docx import (
    add_appendix_table,
    heading,
    keep_rows_whole,
    landscape_section,
    new_document,
    repeat_header,
    save,
    section_title,
    set_widths,
)
from chitieu.report.wording import format_span, format_target, format_value, status_label, text, wording

MAX_CHARTS = 6
CHART_COLUMNS = 2


@dataclass(slots=True)
class RiskItem:
    target_id: int
    indicator: str
    target: str
    latest: str  # "6,1 (2024)"
    status: str  # label
    reason: str
    forecast: str


@dataclass(slots=True)
class Series:
    indicator: str
    unit: str | None
    years: list[int]
    values: list[float]
    target_low: float
    target_high: float | None
    target_year: int | None


@dataclass(slots=True)
class ProgressReport:
    province: str
    year: int
    term: str | None
    counts: dict[str, int]  # status label -> targets
    at_risk: list[RiskItem]
    series: list[Series]
    appendix: Appendix
    year_counts: dict[str, int] = field(default_factory=dict)  # status label -> targets of the year's plan


def build_progress(register: Register, province: str, year: int) -> ProgressReport:
    """Everything the progress report of ``province`` for ``year`` shows, read from the register."""
    appendix = build_appendix(register, province, year=year)
    with register.factory() as session:
        row = find_province(session, province)
        if row is None:
            raise NotFoundError(f"Không có tỉnh, thành phố '{province}' trong sổ theo dõi.")
        ids = [p.id for p in predecessors(session, row)]
        congress = session.scalar(select(Congress).where(Congress.province_id.in_(ids), Congress.start_year < year,
                                                         Congress.end_year >= year).order_by(Congress.start_year))
        term = congress.term if congress else None
        targets: list[Target] = term_targets(session, ids, term) if term else []
        rows = [(t, assess_target(session, t)) for t in targets]
    counts = Counter(status_label(r["status"]) for _, r in rows)
    at_risk = [_risk(t, r) for t, r in rows if needs_attention(r["status"])]
    series = [s for s in (_series(t, r) for t, r in rows) if s is not None][:MAX_CHARTS]
    year_counts = Counter(status_label(r.comparison_code) for r in appendix.rows if not r.heading)
    return ProgressReport(appendix.province, year, term, dict(counts), at_risk, series, appendix, dict(year_counts))


def _risk(target: Target, row: dict[str, Any]) -> RiskItem:
    assessment = row["working"]
    working = assessment.get("working", {}) if isinstance(assessment, dict) else {}
    reason_code = assessment.get("reason") if row["method"] in ("progress", "growth") else "verdict"
    reasons = wording()["reasons"]
    forecast = ""
    if working.get("projected_value") is not None and target.period_end:
        forecast = text("progress", "forecast_value", year=target.period_end,
                        value=format_value(round(working["projected_value"], 1)) + _unit_suffix(target.unit))
    required = working.get("rate_still_required")
    rate = required * 100 if required is not None else working.get("required_for_low")
    if rate is not None:
        phrase = text("progress", "forecast_rate", rate=format_value(round(rate, 1)))
        forecast = f"{forecast}; {phrase}" if forecast else phrase
    latest = ""
    if row["actual"] is not None:
        latest = f"{format_value(row['actual'])} ({row['actual_period']})" if row["actual_period"] else ""
    return RiskItem(target.id, _name(target), format_target(target.bound, target.value, target.value_max)
                    + _unit_suffix(target.unit), latest, status_label(row["status"]),
                    str(reasons.get(reason_code, reason_code or "")), forecast)


def _unit_suffix(unit: str | None) -> str:
    """ " tỷ đồng" after a number; "%" and "%/năm" written close up."""
    if not unit:
        return ""
    return unit if unit.startswith("%") else f" {unit}"


def _name(target: Target) -> str:
    return f"{target.indicator_text} - {target.breakdown}" if target.breakdown else target.indicator_text


def _series(target: Target, row: dict[str, Any]) -> Series | None:
    """The yearly figures of a term target that has them, for a chart."""
    if target.value is None or row["method"] not in ("progress", "growth"):
        return None
    inputs = row["working"].get("inputs", {})
    points = dict(inputs.get("observations") or [])
    points.update({int(y): v for y, v in (inputs.get("yearly_rates") or {}).items()})
    if inputs.get("baseline_year") is not None and inputs.get("baseline_value") is not None:
        points.setdefault(int(inputs["baseline_year"]), inputs["baseline_value"])
    if not points:
        return None
    years = sorted(points)
    return Series(_name(target), target.unit, years, [points[y] for y in years], target.value, target.value_max,
                  target.period_end)


def charts_png(series: list[Series]) -> bytes:
    """Small charts, one per indicator: yearly figures against the target (a line, or a band for a range)."""
    from matplotlib.figure import Figure  # here, so that importing chitieu.report stays light
    from matplotlib.ticker import FuncFormatter

    rows = (len(series) + CHART_COLUMNS - 1) // CHART_COLUMNS
    figure = Figure(figsize=(10, 3.3 * rows), dpi=150)
    formatter = FuncFormatter(lambda value, _position: format_value(round(value, 2)))
    for index, item in enumerate(series, 1):
        axes = figure.add_subplot(rows, CHART_COLUMNS, index)
        axes.plot(item.years, item.values, color="#2f5f8f", marker="o", linewidth=2,
                  label=text("progress", "chart_actual"))
        axes.set_xticks(item.years + ([item.target_year] if item.target_year not in item.years else []))
        if item.target_high is not None:
            axes.axhspan(item.target_low, item.target_high, color="#d9534f", alpha=0.25,
                         label=f"{text('progress', 'chart_target')} {format_span(item.target_low, item.target_high)}")
        else:
            axes.axhline(item.target_low, color="#d9534f", linewidth=2,
                         label=f"{text('progress', 'chart_target')} {format_value(item.target_low)}")
        if item.target_year is not None:
            axes.plot([item.target_year], [item.target_high or item.target_low], marker="*", markersize=12,
                      color="#c0392b", linestyle="none")
        for year, value in zip(item.years, item.values, strict=True):
            axes.annotate(format_value(round(value, 2)), (year, value), textcoords="offset points", xytext=(0, 6),
                          ha="center", fontsize=8)
        unit = f" ({item.unit})" if item.unit else ""
        axes.set_title(_wrap(item.indicator + unit), fontsize=10)
        axes.yaxis.set_major_formatter(formatter)
        axes.legend(fontsize=8, loc="best")
        axes.margins(y=0.15)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _wrap(words: str, width: int = 48) -> str:
    lines, current = [], ""
    for word in words.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    return "\n".join(lines[:3])


def progress_docx(report: ProgressReport) -> bytes:
    """The progress report as the bytes of a .docx document: A4 portrait, the appendix table in landscape."""
    document = new_document(landscape=False)
    heading(document, text("titles", "progress", year=report.year), size=14)
    heading(document, text("titles", "subtitle", province=report.province), size=12, bold=False, italic=True)
    section_title(document, f"I. {text('progress', 'summary')}")
    labels = sorted(set(report.counts) | set(report.year_counts),
                    key=lambda label: -(report.counts.get(label, 0) + report.year_counts.get(label, 0)))
    summary = document.add_table(rows=2 + len(labels), cols=3)
    summary.style = "Table Grid"
    header = (text("columns", "status"), text("progress", "term_targets", term=(report.term or "").replace("-", " - ")),
              text("progress", "year_targets", year=report.year))
    for column, words in enumerate(header):
        summary.cell(0, column).text = words
    for index, label in enumerate([*labels, text("progress", "total")], 1):
        summary.cell(index, 0).text = label
        term_count = report.counts.get(label, 0) if index <= len(labels) else sum(report.counts.values())
        year_count = report.year_counts.get(label, 0) if index <= len(labels) else sum(report.year_counts.values())
        summary.cell(index, 1).text = format_value(term_count)
        summary.cell(index, 2).text = format_value(year_count)
    set_widths(summary, (7.0, 5.0, 5.0))
    repeat_header(summary, 1)
    section_title(document, f"II. {text('progress', 'at_risk')}")
    if report.at_risk:
        headers = (text("columns", "indicator"), text("columns", "target"), text("columns", "year_result"),
                   text("columns", "status"), text("progress", "reason"), text("progress", "forecast"))
        table = document.add_table(rows=1 + len(report.at_risk), cols=len(headers))
        table.style = "Table Grid"
        for column, words in enumerate(headers):
            table.cell(0, column).text = words
        for index, item in enumerate(report.at_risk, 1):
            for column, words in enumerate((item.indicator, item.target, item.latest, item.status, item.reason,
                                            item.forecast)):
                table.cell(index, column).text = words
        set_widths(table, (4.4, 2.2, 2.0, 2.2, 3.1, 3.1))
        keep_rows_whole(table)
        repeat_header(table, 1)
    else:
        document.add_paragraph(text("progress", "none_at_risk"))
    if report.series:
        section_title(document, f"III. {text('progress', 'charts')}")
        document.add_picture(io.BytesIO(charts_png(report.series)), width=Cm(17))
    landscape_section(document)
    heading(document, report.appendix.title)
    add_appendix_table(document, report.appendix)
    for table in document.tables[:2]:
        for row in table.rows[:1]:
            for cell in row.cells:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    return save(document)
