"""One Vietnamese sentence saying why a target has its status, from the assessment's working."""

from __future__ import annotations

from typing import Any

from chitieu.labels import STATUS, VINTAGE, label
from chitieu.numbers import format_number


def _pct(value: float | None) -> str:
    return "" if value is None else f"{format_number(round(value * 100, 2))}%"


def _n(value: Any) -> str:
    return format_number(round(value, 2)) if isinstance(value, int | float) else str(value or "")


def reason(row: dict[str, Any]) -> str:
    working = row.get("working") or {}
    status = label(STATUS, row.get("status"))
    method = row.get("method")
    if method == "verdict":
        return (f"Số {label(VINTAGE, row.get('vintage'))} kỳ {row.get('actual_period')} là {_n(row.get('actual'))}, "
                f"so với mục tiêu {row.get('target')}: {status.lower()}.")
    if method == "growth":
        so_far, need = working.get("average_so_far"), working.get("required_for_low")
        text = f"Tăng bình quân {working.get('years_in')} năm đã có là {_n(so_far)}%"
        if need is not None:
            text += f"; các năm còn lại cần bình quân {_n(need)}%/năm để đạt mức thấp của mục tiêu"
        return f"{text}: {status.lower()}."
    if method == "progress":
        text = f"Tốc độ thay đổi bình quân từ năm gốc là {_pct(working.get('cagr_observed'))}/năm"
        if working.get("cagr_required") is not None:
            text += f", cần {_pct(working.get('cagr_required'))}/năm để đạt mục tiêu"
        if working.get("projected_value") is not None:
            text += f"; giữ nhịp này sẽ đạt khoảng {_n(working['projected_value'])} vào cuối kỳ"
        return f"{text}: {status.lower()}."
    return (f"Chưa có số liệu thực hiện của kỳ {row.get('period') or ''} (hoặc số năm gốc và các năm sau) "
            f"để đánh giá chỉ tiêu này.")
