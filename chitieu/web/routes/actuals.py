"""Actual values: an editor enters one, the province's administrator approves it or sends it back with a note.

No save silently overwrites another: the target page sends the versions of the entries it showed (``seen``,
"period|vintage|version;..."), the API a ``version`` (0: none shown). The rules (a save refused with 409 when the
entry of that period and vintage changed since, or when someone else's value for it is already waiting for approval;
an approval refused when the entry changed after the value was sent) are the register's
(``chitieu.register.figures.actuals``), enforced alike for pages, API and CLI.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from chitieu.errors import AccessDeniedError, ChitieuError
from chitieu.register import Register
from chitieu.register.accounts import Account, list_agencies
from chitieu.register.figures import (
    Entry,
    approve_actual,
    approve_many,
    list_pending,
    resend_actual,
    return_actual,
    return_many,
    submit_actual,
    submit_entries,
)
from chitieu.web.deps import Csrf, CurrentUser, RegisterDep, RowId, render
from chitieu.web.forms import TEMPLATE_SUFFIXES, check_upload, read_row_id, read_version, safe_name
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


@router.post("/targets/{target_id}/actuals", dependencies=[Csrf])
def enter_actual(request: Request, register: RegisterDep, user: CurrentUser, target_id: RowId,
                 value: Annotated[str, Form()], period: Annotated[str, Form()],
                 vintage: Annotated[str, Form()] = "final", note: Annotated[str, Form()] = "",
                 seen: Annotated[str | None, Form()] = None) -> Response:
    expected = _read_seen(seen).get((period.strip(), vintage), 0) if seen is not None else None
    submit_actual(register, user, target_id, value, period, vintage=vintage, note=note.strip() or None,
                  expected_version=expected)
    request.session["flash"] = ("Đã ghi số liệu vào sổ." if user.is_admin
                                else "Đã gửi số liệu; đang chờ quản trị viên duyệt.")
    return RedirectResponse(f"/targets/{target_id}", status_code=303)


REFUSED_SHOWN = 20  # refusals kept in the session for the next page (a cookie holds about 4 KB)


@router.get("/approvals")
def approvals_page(request: Request, register: RegisterDep, user: CurrentUser) -> Response:
    rows = list_pending(register, user, states=("pending",) if user.is_admin else ("pending", "returned"))
    agencies = [] if user.agency_id is not None else list_agencies(register, user)
    return render(request, "approvals.html", rows=rows, provinces=filter_choices(register)["provinces"],
                  agencies=agencies, refused=request.session.pop("refused", None))


@router.post("/approvals/bulk", dependencies=[Csrf])
def approve_or_return_many(request: Request, register: RegisterDep, user: CurrentUser,
                           action: Annotated[str, Form()], ids: Annotated[list[str] | None, Form()] = None,
                           note: Annotated[str, Form()] = "") -> Response:
    """Approve or return every ticked value, each on its own (``figures.approve_many``/``return_many``)."""
    chosen = [read_row_id(i, "Số liệu đã chọn") for i in ids or []]
    if action == "approve":
        outcomes = approve_many(register, user, chosen)
        done_text = "Đã duyệt {n} số liệu và ghi vào sổ."
    elif action == "return":
        outcomes = return_many(register, user, chosen, note)
        done_text = "Đã trả lại {n} số liệu kèm ghi chú."
    else:
        raise ChitieuError(f"Thao tác '{action[:20]}' không hợp lệ; chọn Duyệt hoặc Trả lại.")
    refused = [f"Số liệu số {o.id}: {o.reason}" for o in outcomes if not o.done]
    request.session["flash"] = done_text.format(n=sum(o.done for o in outcomes))
    if refused:
        request.session["refused"] = refused[:REFUSED_SHOWN]
    return RedirectResponse("/approvals", status_code=303)


@router.post("/approvals/{pending_id}/resend", dependencies=[Csrf])
def resend(request: Request, register: RegisterDep, user: CurrentUser, pending_id: RowId,
           value: Annotated[str, Form()], period: Annotated[str, Form()],
           note: Annotated[str, Form()] = "") -> Response:
    """A returned value corrected by its sender (``figures.resend_actual``)."""
    resend_actual(register, user, pending_id, value, period, note=note.strip() or None)
    request.session["flash"] = ("Đã ghi số liệu đã sửa vào sổ." if user.is_admin
                                else "Đã gửi lại số liệu đã sửa; đang chờ quản trị viên duyệt.")
    return RedirectResponse("/approvals", status_code=303)


@router.post("/approvals/{pending_id}/approve", dependencies=[Csrf])
def approve(request: Request, register: RegisterDep, user: CurrentUser, pending_id: RowId) -> Response:
    approve_actual(register, user, pending_id)
    request.session["flash"] = "Đã duyệt số liệu và ghi vào sổ."
    return RedirectResponse("/approvals", status_code=303)


@router.post("/approvals/{pending_id}/return", dependencies=[Csrf])
def send_back(request: Request, register: RegisterDep, user: CurrentUser, pending_id: RowId,
              note: Annotated[str, Form()] = "") -> Response:
    return_actual(register, user, pending_id, note)
    request.session["flash"] = "Đã trả lại số liệu kèm ghi chú."
    return RedirectResponse("/approvals", status_code=303)


@router.get("/actuals/template.xlsx")
def entry_template(register: RegisterDep, user: CurrentUser, province: str, year: int | None = None,
                   term: str | None = None, agency: str | None = None) -> Response:
    """The Excel template for entering many values at once (``chitieu.report.template``): an agency's editor gets
    his agency's own; anyone else the whole province's, or one agency's (``agency``: its id)."""
    from chitieu.report.template import DEFAULT_NAME, template_xlsx
    from chitieu.web.exports import XLSX_TYPE

    agency_id = user.agency_id if user.agency_id is not None else (
        read_row_id(agency, "Cơ quan") if agency and agency.strip() else None)
    data = template_xlsx(register, province, term=term or None, year=year, agency_id=agency_id)
    disposition = f'attachment; filename="{DEFAULT_NAME}"'
    return Response(data, media_type=XLSX_TYPE, headers={"Content-Disposition": disposition})


@router.post("/actuals/template", dependencies=[Csrf])
async def upload_template(request: Request, register: RegisterDep, user: CurrentUser,
                          file: Annotated[UploadFile, File()]) -> Response:
    """A filled template: every cell is checked (a bad cell refuses the file), then each entry the sender may enter is
    sent (and waits for approval) and the others are listed with the reason (``figures.submit_entries``). The
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
    sent, refused = submit_entries(register, user, [Entry(e.target_id, e.value, e.period, e.note, e.cell)
                                                    for e in entries])
    request.session["flash"] = (f"Đã ghi {len(sent)} số liệu từ biểu Excel." if user.is_admin
                                else f"Đã gửi {len(sent)} số liệu từ biểu Excel; đang chờ duyệt.")
    if refused:
        request.session["refused"] = [f"Ô {entry.cell} (chỉ tiêu số {entry.target_id}): {reason}"
                                      for entry, reason in refused][:REFUSED_SHOWN]
    return RedirectResponse("/approvals", status_code=303)
