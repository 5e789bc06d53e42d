"""The appendix "Biểu tổng hợp kết quả thực hiện các mục tiêu, chỉ tiêu chủ yếu" on the web: choose a province and a
term or year, see it as a table, download it as .xlsx, .docx or .pdf (``chitieu.report``; PDF through LibreOffice).
Any signed-in account may read it, as every other report and export."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import Response

from chitieu.errors import ChitieuError, NotFoundError
from chitieu.report import Appendix, appendix_docx, appendix_periods, appendix_xlsx, build_appendix, to_pdf
from chitieu.web.deps import CurrentUser, RegisterDep, render
from chitieu.web.exports import XLSX_TYPE, attachment
from chitieu.web.views import filter_choices

router = APIRouter()

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TERM = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")
YEAR = re.compile(r"^\d{4}$")
MAX_NUMBER = 40  # characters of a report number ("125/BC-UBND")


def _appendix(register: RegisterDep, province: str, period: str, number: str | None) -> Appendix:
    """The appendix asked for; a period written neither as "2020-2025" nor as "2024" is one Vietnamese line."""
    period = period.strip()
    if len(number or "") > MAX_NUMBER:
        raise ChitieuError(f"Số báo cáo dài quá {MAX_NUMBER} ký tự; hãy viết như 125/BC-UBND.")
    if TERM.match(period):
        return build_appendix(register, province, term=period.replace(" ", ""), report_number=number or None)
    if YEAR.match(period):
        return build_appendix(register, province, year=int(period), report_number=number or None)
    raise ChitieuError(f"Kỳ '{period[:20]}' không hợp lệ; chọn một nhiệm kỳ (2020-2025) hoặc một năm (2024).")


@router.get("/appendix")
def appendix_page(request: Request, register: RegisterDep, user: CurrentUser, province: str | None = None,
                  period: str | None = None, number: str | None = None) -> Response:
    options = filter_choices(register)
    appendix = _appendix(register, province, period, number) if province and period else None
    return render(request, "appendix.html", appendix=appendix, provinces=options["provinces"],
                  periods=appendix_periods(register), province=province or user.province or "", period=period or "",
                  number=number or "")


@router.get("/appendix.{fmt}")
def appendix_file(register: RegisterDep, user: CurrentUser, fmt: str, province: str, period: str,
                  number: str | None = None) -> Response:
    if fmt not in ("xlsx", "docx", "pdf"):
        raise NotFoundError(f"Không có định dạng '{fmt[:10]}' cho biểu; dùng xlsx, docx hoặc pdf.")
    appendix = _appendix(register, province, period, number)
    if appendix.empty:
        raise ChitieuError(appendix.empty_reason)
    headers = {"Content-Disposition": attachment(f"phu-luc-{appendix.province}-{appendix.period}.{fmt}")}
    if fmt == "xlsx":
        return Response(appendix_xlsx(appendix), media_type=XLSX_TYPE, headers=headers)
    data = appendix_docx(appendix)
    if fmt == "pdf":
        return Response(to_pdf(data, ".docx"), media_type="application/pdf", headers=headers)
    return Response(data, media_type=DOCX_TYPE, headers=headers)
