"""Exports of every view to Excel (.xlsx) and CSV, with the filters of the page they come from."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from chitieu.errors import AccessDeniedError, NotFoundError
from chitieu.labels import GROUPS, PENDING_STATE, VINTAGE, label, state_label
from chitieu.moments import shown_time
from chitieu.register.accounts import owners
from chitieu.register.figures import list_pending, target_record
from chitieu.web.deps import CurrentUser, RegisterDep
from chitieu.web.exports import XLSX_TYPE, attachment, to_csv, to_xlsx
from chitieu.web.routes.register_list import FiltersDep
from chitieu.web.views import compare, field_label, list_targets, overview

router = APIRouter()

TARGET_COLUMNS = [("id", "Số"), ("province", "Tỉnh, thành phố"), ("field_label", "Lĩnh vực"),
                  ("indicator", "Chỉ tiêu"), ("breakdown", "Chi tiết"), ("target", "Mục tiêu"), ("period", "Kỳ"),
                  ("actual", "Thực hiện"), ("actual_period", "Kỳ số liệu"), ("status_label", "Đánh giá"),
                  ("owner", "Cơ quan phụ trách")]
OVERVIEW_COLUMNS = [("field_label", "Lĩnh vực"), *((g, label) for g, label in GROUPS.items()), ("total", "Tổng")]
COMPARE_COLUMNS = [("province", "Tỉnh, thành phố"), ("period", "Kỳ"), ("indicator", "Chỉ tiêu"),
                   ("target_value", "Mục tiêu"), ("target_max", "Mục tiêu (cận trên)"), ("unit", "Đơn vị"),
                   ("actual", "Thực hiện"), ("actual_period", "Kỳ số liệu"), ("status_label", "Đánh giá")]
ACTUAL_COLUMNS = [("period", "Kỳ"), ("value", "Giá trị"), ("vintage_label", "Loại số liệu"),
                  ("source", "Nguồn"), ("entered_by", "Người nhập"), ("as_of", "Ngày"), ("note", "Ghi chú")]
PENDING_COLUMNS = [("id", "Số"), ("target_id", "Chỉ tiêu số"), ("indicator", "Chỉ tiêu"), ("value", "Giá trị"),
                   ("period", "Kỳ"), ("submitted_by", "Người gửi"), ("submitted_at", "Lúc gửi"),
                   ("state", "Trạng thái")]
EXPORT_LIMIT = 100_000


def _send(rows: list[dict[str, Any]], columns: list[tuple[str, str]], name: str, fmt: str, title: str) -> Response:
    if fmt == "csv":
        return Response(to_csv(rows, columns), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": attachment(f"{name}.csv")})
    if fmt == "xlsx":
        return Response(to_xlsx(rows, columns, title), media_type=XLSX_TYPE,
                        headers={"Content-Disposition": attachment(f"{name}.xlsx")})
    raise NotFoundError(f"Không có định dạng xuất '{fmt}'; dùng xlsx hoặc csv.")


@router.get("/export/targets.{fmt}")
def export_targets(register: RegisterDep, user: CurrentUser, chosen: FiltersDep, fmt: str) -> Response:
    _, rows = list_targets(register, **chosen.query(), offset=0, limit=EXPORT_LIMIT)
    owner = owners(register, [r["id"] for r in rows])
    for row in rows:
        row.update(field_label=field_label(row["field"]), status_label=state_label(row["status"]),
                   owner=(owner.get(row["id"]) or {}).get("name"))
    return _send(rows, TARGET_COLUMNS, "chi-tieu", fmt, "Chỉ tiêu")


@router.get("/export/overview.{fmt}")
def export_overview(register: RegisterDep, user: CurrentUser, fmt: str, province: str | None = None,
                    term: str | None = None) -> Response:
    data = overview(register, province or None, term or None)
    rows = [{"field_label": field_label(f or None), **groups, "total": sum(groups.values())}
            for f, groups in data["counts"].items()]
    return _send(rows, OVERVIEW_COLUMNS, "tong-quan", fmt, "Tổng quan")


@router.get("/export/compare.{fmt}")
def export_compare(register: RegisterDep, user: CurrentUser, fmt: str, indicator: str) -> Response:
    rows = compare(register, indicator)
    for row in rows:
        row["status_label"] = state_label(row["status"])
    return _send(rows, COMPARE_COLUMNS, f"so-sanh-{indicator}", fmt, "So sánh")


@router.get("/export/target-{target_id}.{fmt}")
def export_target(register: RegisterDep, user: CurrentUser, target_id: int, fmt: str) -> Response:
    record = target_record(register, target_id)
    rows = [{**a, "vintage_label": label(VINTAGE, a["vintage"]),
             "source": a["document"] or ("người nhập" if a["source_kind"] == "person" else "")}
            for a in record["actuals"]]
    return _send(rows, ACTUAL_COLUMNS, f"chi-tieu-{target_id}", fmt, f"Chỉ tiêu {target_id}")


@router.get("/export/approvals.{fmt}")
def export_approvals(register: RegisterDep, user: CurrentUser, fmt: str) -> Response:
    if not user.can_write:
        raise AccessDeniedError("Tài khoản chỉ xem không có danh sách số liệu chờ duyệt.")
    rows = [{**r, "submitted_at": shown_time(r["submitted_at"]), "state": label(PENDING_STATE, r["state"])}
            for r in list_pending(register, user)]
    return _send(rows, PENDING_COLUMNS, "cho-duyet", fmt, "Chờ duyệt")
