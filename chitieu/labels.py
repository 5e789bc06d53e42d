"""Vietnamese labels for the stable codes chitieu uses, kept in one place for the CLI, web and exports."""

from __future__ import annotations

KIND = {"target": "Chỉ tiêu", "result": "Kết quả"}
BOUND = {
    "min": "từ … trở lên",
    "gt": "trên",
    "max": "không quá",
    "lt": "dưới",
    "range": "khoảng",
    "exact": "bằng",
    "qualitative": "định tính",
}
BOUND_SYMBOL = {"min": "≥ ", "gt": "> ", "max": "≤ ", "lt": "< ", "range": "", "exact": "", "qualitative": ""}
DIRECTION = {"up": "càng cao càng tốt", "down": "càng thấp càng tốt", "hold": "duy trì"}
VERDICT = {"exceeded": "Vượt", "met": "Đạt", "not_met": "Không đạt"}
STATUS = {
    **VERDICT,
    "not_available": "Chưa đủ số liệu",
    "target_achieved": "Đã đạt mục tiêu",
    "on_track": "Đúng tiến độ",
    "acceleration_needed": "Cần đẩy nhanh",
    "limited_progress": "Tiến triển hạn chế",
    "deterioration": "Đi xuống",
    "below_range": "Dưới khoảng mục tiêu",
    "above_range": "Trên khoảng mục tiêu",
    "out_of_reach": "Khó đạt",
    "final": "Đã đủ các năm",
}
VINTAGE = {"plan": "kế hoạch", "estimate": "ước thực hiện", "final": "thực hiện", "revision": "điều chỉnh"}
PERIOD = {"annual": "hằng năm"}


def label(table: dict[str, str], code: str | None) -> str:
    """The label of a code, or the code itself when it has none; empty for None."""
    if code is None:
        return ""
    return table.get(code, code)
