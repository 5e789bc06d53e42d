"""Actual values: an editor enters one, the province's administrator approves it or sends it back with a note.

No save silently overwrites another: the target page sends the versions of the entries it showed (``seen``,
"period|vintage|version;..."), the API a ``version`` (0: none shown). A save is refused with 409 when the entry of
that period and vintage changed since, when someone else's value for it is already waiting for approval, and an
approval is refused when the entry changed after the value was sent.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from chitieu.errors import AccessDeniedError, ConflictError
from chitieu.register import Register
from chitieu.register.accounts import Account, check_can_edit
from chitieu.register.figures import (
    approve_actual,
    changed_since_sent,
    list_pending,
    return_actual,
    submit_actual,
    target_record,
)
from chitieu.web.deps import Csrf, CurrentUser, RegisterDep, RowId, render
from chitieu.web.forms import TEMPLATE_SUFFIXES, check_upload, read_value, read_version, safe_name
from chitieu.web.uploads import check_first, in_upload_slot, request_budget
from chitieu.web.views import filter_choices

router = APIRouter()


def _read_seen(text: str) -> dict[tuple[str, str], int]:
    out = {}
    for part in text.split(";"):
        if "|" not in part:
            continue
        period, _, rest = part.partition("|")
        vintage, _, version = rest.partition("|")
        out[(period, vintage)] = read_version(version) or 0
    return out


def _entry(record: dict[str, Any], period: str, vintage: str) -> dict[str, Any] | None:
    return next((a for a in record["actuals"] if a["source_kind"] == "person" and a["period"] == period
                 and a["vintage"] == vintage), None)


def check_fresh(register: Register, user: Account, target_id: int, period: str, vintage: str,
                expected: int | None) -> None:
    """``ConflictError`` when the entry changed since the page showed version ``expected`` (0: none), or when
    another person's value for the same period and vintage is waiting for approval."""
    period = period.strip()
    record = target_record(register, target_id)
    entry = _entry(record, period, vintage)
    current = entry["version"] if entry else 0
    if expected is not None and expected != current:
        who = f" bởi {entry['entered_by']}" if entry else ""
        raise ConflictError(f"Số liệu kỳ {period} của chỉ tiêu số {target_id} đã được sửa{who} sau khi bạn mở trang; "
                            "hãy tải lại trang để xem số mới rồi nhập lại nếu cần.")
    waiting = [p for p in list_pending(register, None, target_id=target_id, states=("pending",))
               if p["period"] == period and p["vintage"] == vintage and p["submitted_by"] != user.username]
    if waiting:
        raise ConflictError(f"{waiting[0]['submitted_by']} đã gửi số liệu kỳ {period} của chỉ tiêu số {target_id} "
                            "và đang chờ duyệt; hãy đợi duyệt xong rồi tải lại trang.")


def check_approver(user: Account) -> None:
    """Only an administrator approves or returns values; said before anything about the value itself."""
    if not user.is_admin:
        raise AccessDeniedError("Chỉ quản trị viên được duyệt hoặc trả lại số liệu.")


def check_approvable(register: Register, user: Account, pending_id: int) -> None:
    """``ConflictError`` when the entry a pending value would write changed after the value was sent."""
    check_approver(user)
    row = next((p for p in list_pending(register, user, states=("pending",)) if p["id"] == pending_id), None)
    if row is None:
        return  # not visible to this account or already handled: ``approve_actual`` says which
    actor = changed_since_sent(register, pending_id)
    if actor is not None:
        raise ConflictError(f"Số liệu kỳ {row['period']} của chỉ tiêu số {row['target_id']} đã được "
                            f"{actor} sửa sau khi số liệu này được gửi; hãy trả lại để người gửi xem "
                            "số mới và nhập lại.")


@router.post("/targets/{target_id}/actuals", dependencies=[Csrf])
def enter_actual(request: Request, register: RegisterDep, user: CurrentUser, target_id: RowId,
                 value: Annotated[str, Form()], period: Annotated[str, Form()],
                 vintage: Annotated[str, Form()] = "final", note: Annotated[str, Form()] = "",
                 seen: Annotated[str | None, Form()] = None) -> Response:
    number = read_value(value)
    check_can_edit(register, user, target_id)
    expected = _read_seen(seen).get((period.strip(), vintage), 0) if seen is not None else None
    check_fresh(register, user, target_id, period, vintage, expected)
    submit_actual(register, user, target_id, number, period, vintage=vintage, note=note.strip() or None,
                  expected_version=expected)
    request.session["flash"] = ("Đã ghi số liệu vào sổ." if user.is_admin
                                else "Đã gửi số liệu; đang chờ quản trị viên duyệt.")
    return RedirectResponse(f"/targets/{target_id}", status_code=303)


@router.get("/approvals")
def approvals_page(request: Request, register: RegisterDep, user: CurrentUser) -> Response:
    rows = list_pending(register, user, states=("pending",) if user.is_admin else ("pending", "returned"))
    return render(request, "approvals.html", rows=rows, provinces=filter_choices(register)["provinces"])


@router.post("/approvals/{pending_id}/approve", dependencies=[Csrf])
def approve(request: Request, register: RegisterDep, user: CurrentUser, pending_id: RowId) -> Response:
    check_approvable(register, user, pending_id)
    approve_actual(register, user, pending_id)
    request.session["flash"] = "Đã duyệt số liệu và ghi vào sổ."
    return RedirectResponse("/approvals", status_code=303)


@router.post("/approvals/{pending_id}/return", dependencies=[Csrf])
def send_back(request: Request, register: RegisterDep, user: CurrentUser, pending_id: RowId,
              note: Annotated[str, Form()] = "") -> Response:
    check_approver(user)
    return_actual(register, user, pending_id, note)
    request.session["flash"] = "Đã trả lại số liệu kèm ghi chú."
    return RedirectResponse("/approvals", status_code=303)


@router.get("/actuals/template.xlsx")
def entry_template(register: RegisterDep, user: CurrentUser, province: str, year: int | None = None,
                   term: str | None = None) -> Response:
    """The Excel template for entering many values at once (``chitieu.report.template``)."""
    from chitieu.report.template import DEFAULT_NAME, template_xlsx
    from chitieu.web.exports import XLSX_TYPE

    data = template_xlsx(register, province, term=term or None, year=year)
    disposition = f'attachment; filename="{DEFAULT_NAME}"'
    return Response(data, media_type=XLSX_TYPE, headers={"Content-Disposition": disposition})


@router.post("/actuals/template", dependencies=[Csrf])
async def upload_template(request: Request, register: RegisterDep, user: CurrentUser,
                          file: Annotated[UploadFile, File()]) -> Response:
    """A filled template: every cell is checked, then every entry is sent (and waits for approval) or none is. The
    workbook is read under the settings' budget (rows, cells, expanded size; time and memory in its own process)."""
    if not user.can_write:
        raise AccessDeniedError("Tài khoản chỉ được xem, không được nhập số liệu.")
    name, data = await run_in_threadpool(_read_file, request, file)
    await check_first(request, [(name, data)])
    return await in_upload_slot(request, _upload_template, request, register, user, name, data)


def _read_file(request: Request, file: UploadFile) -> tuple[str, bytes]:
    name = safe_name(file.filename, "bieu-nhap-so-lieu.xlsx")
    max_bytes = request.app.state.settings.max_upload_bytes
    check_upload(name, file.size or 0, max_bytes, TEMPLATE_SUFFIXES)
    data = file.file.read(max_bytes + 1)
    check_upload(name, len(data), max_bytes, TEMPLATE_SUFFIXES)
    return name, data


def _upload_template(request: Request, register: Register, user: Account, name: str, data: bytes) -> Response:
    from chitieu.report.template import read_template

    entries = read_template(data, register, name, request_budget(request))
    refused = []
    for entry in entries:
        try:
            check_can_edit(register, user, entry.target_id)
        except AccessDeniedError:
            refused.append(f"ô {entry.cell} (chỉ tiêu số {entry.target_id})")
    if refused:
        raise AccessDeniedError(f"Tài khoản {user.username} không được nhập số liệu ở: {', '.join(refused)}.")
    for entry in entries:
        submit_actual(register, user, entry.target_id, entry.value, entry.period, note=entry.note)
    request.session["flash"] = (f"Đã ghi {len(entries)} số liệu từ biểu Excel." if user.is_admin
                                else f"Đã gửi {len(entries)} số liệu từ biểu Excel; đang chờ duyệt.")
    return RedirectResponse("/approvals", status_code=303)
