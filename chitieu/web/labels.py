"""Vietnamese labels the pages need beyond ``chitieu.labels``: statuses, their groups, fields, vintages, actions.

Statuses are the judge's stable codes; the overview counts them in five groups (vượt, đạt, không đạt, đúng tiến
độ, có nguy cơ) plus "chưa đủ số liệu".
"""

from __future__ import annotations

from functools import cache
from typing import Any

from chitieu import labels as core_labels
from chitieu.register.documents import load_catalogue

STATUS = core_labels.STATUS
GROUPS: dict[str, str] = {
    "exceeded": "Vượt", "met": "Đạt", "not_met": "Không đạt", "on_track": "Đúng tiến độ",
    "at_risk": "Có nguy cơ", "not_available": "Chưa đủ số liệu",
}
GROUP_OF: dict[str, str] = {
    "exceeded": "exceeded", "met": "met", "target_achieved": "met", "not_met": "not_met",
    "on_track": "on_track", "above_range": "on_track", "acceleration_needed": "at_risk",
    "limited_progress": "at_risk", "deterioration": "at_risk", "below_range": "at_risk", "out_of_reach": "at_risk",
    "not_available": "not_available",
}
GROUP_COLOR = {"exceeded": "#1b7f3b", "met": "#4caf50", "not_met": "#c62828", "on_track": "#1f6fb2",
               "at_risk": "#ef8a17", "not_available": "#b0b7c0"}
VINTAGE = core_labels.VINTAGE
PERIOD = {"annual": "hằng năm"}
ROLE = {"admin": "Quản trị viên", "editor": "Biên tập viên", "viewer": "Người xem"}
ITEM_STATE = {"pending": "Chưa duyệt", "accepted": "Đã nhận", "corrected": "Đã sửa", "rejected": "Đã loại",
              "added": "Thêm mới"}
PENDING_STATE = {"pending": "Chờ duyệt", "approved": "Đã duyệt", "returned": "Bị trả lại"}
ACTION = {"insert": "Thêm", "update": "Sửa", "import": "Nạp văn kiện", "approve": "Duyệt", "return": "Trả lại",
          "stage": "Tải lên", "commit": "Ghi vào sổ", "accept": "Nhận", "reject": "Loại", "correct": "Sửa",
          "add": "Thêm", "reset": "Đặt lại", "discard": "Bỏ"}
TABLE = {"targets": "chỉ tiêu", "actuals": "số liệu thực hiện", "pending_actuals": "số liệu chờ duyệt",
         "target_owners": "cơ quan phụ trách", "documents": "văn kiện", "users": "tài khoản",
         "staged_items": "mục chờ duyệt", "staged_documents": "văn kiện chờ duyệt", "agencies": "cơ quan",
         "api_tokens": "mã truy cập API"}
METHOD = {"verdict": "so với chỉ tiêu của kỳ", "growth": "tăng trưởng bình quân", "progress": "tiến độ"}
BOUND = core_labels.BOUND
BOUND_SYMBOL = core_labels.BOUND_SYMBOL
KIND = core_labels.KIND
DIRECTION = core_labels.DIRECTION


def group_of(row: dict[str, Any]) -> str:
    """The overview group of an assessed target; a growth target with all years in counts by its verdict."""
    status = row.get("status") or "not_available"
    if status == "final":
        status = (row.get("working") or {}).get("verdict") or "not_available"
    return GROUP_OF.get(status, "not_available")


@cache
def fields() -> dict[str, str]:
    """Field code -> Vietnamese label, from the indicator catalogue."""
    return dict(load_catalogue()[0])


def field_label(code: str | None) -> str:
    if code is None:
        return "Chưa phân loại"
    return fields().get(code, code)


def label(table: dict[str, str], code: str | None) -> str:
    return core_labels.label(table, code)
