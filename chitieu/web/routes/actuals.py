"""Actual values: an editor enters one, the province's administrator approves it or sends it back with a note."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from chitieu.errors import AccessDeniedError
from chitieu.register.accounts import approve_actual, check_can_edit, list_pending, return_actual, submit_actual
from chitieu.web.deps import Csrf, CurrentUser, RegisterDep, render
from chitieu.web.forms import read_value
from chitieu.web.views import filter_choices

router = APIRouter()


@router.post("/targets/{target_id}/actuals", dependencies=[Csrf])
def enter_actual(request: Request, register: RegisterDep, user: CurrentUser, target_id: int,
                 value: Annotated[str, Form()], period: Annotated[str, Form()],
                 vintage: Annotated[str, Form()] = "final", note: Annotated[str, Form()] = "") -> Response:
    submit_actual(register, user, target_id, read_value(value), period, vintage=vintage, note=note.strip() or None)
    request.session["flash"] = ("Đã ghi số liệu vào sổ." if user.is_admin
                                else "Đã gửi số liệu; đang chờ quản trị viên duyệt.")
    return RedirectResponse(f"/targets/{target_id}", status_code=303)


@router.get("/approvals")
def approvals_page(request: Request, register: RegisterDep, user: CurrentUser) -> Response:
    rows = list_pending(register, user, states=("pending",) if user.is_admin else ("pending", "returned"))
    return render(request, "approvals.html", rows=rows, provinces=filter_choices(register)["provinces"])


@router.post("/approvals/{pending_id}/approve", dependencies=[Csrf])
def approve(request: Request, register: RegisterDep, user: CurrentUser, pending_id: int) -> Response:
    approve_actual(register, user, pending_id)
    request.session["flash"] = "Đã duyệt số liệu và ghi vào sổ."
    return RedirectResponse("/approvals", status_code=303)


@router.post("/approvals/{pending_id}/return", dependencies=[Csrf])
def send_back(request: Request, register: RegisterDep, user: CurrentUser, pending_id: int,
              note: Annotated[str, Form()] = "") -> Response:
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
    """A filled template: every cell is checked, then every entry is sent (and waits for approval) or none is."""
    from chitieu.report.template import read_template

    entries = read_template(await file.read(), register, file.filename or None)
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
