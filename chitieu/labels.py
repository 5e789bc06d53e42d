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
PERIOD = {"annual": "hằng năm"}


def label(table: dict[str, str], code: str | None) -> str:
    """The label of a code, or the code itself when it has none; empty for None."""
    if code is None:
        return ""
    return table.get(code, code)
