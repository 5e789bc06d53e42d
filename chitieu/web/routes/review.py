"""Uploading documents and reviewing what was extracted before anything reaches the register."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from chitieu.errors import AccessDeniedError, ChitieuError, LimitError
from chitieu.numbers import format_number
from chitieu.register import Register
from chitieu.register.accounts import Account, check_province_writer, check_staged_reviewer
from chitieu.register.documents import review
from chitieu.web.deps import Csrf, CurrentUser, RegisterDep, RowId, render
from chitieu.web.forms import read_optional, read_uploads
from chitieu.web.uploads import check_first, in_upload_slot, request_budget
from chitieu.web.views import forget_choices

router = APIRouter()

# The review page shows at most this much of a document (a page of tens of megabytes helps no one); the rest is
# summarised in one line, and the whole stays in staging (the API returns it).
REVIEW_LINES = 3_000
REVIEW_CHARACTERS = 1_000_000
REVIEW_LINE_CHARACTERS = 5_000
REVIEW_ITEMS = 500


def highlight(lines: list[str], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each line cut into pieces, the pieces that are an item's quote carrying the item's id and state."""
    by_line: dict[int, list[dict[str, Any]]] = {}
    for item in items:
        if item.get("line"):
            by_line.setdefault(int(item["line"]), []).append(item)
    out = []
    for number, text in enumerate(lines, 1):
        spans = []
        for item in by_line.get(number, []):
            quote = item.get("quote") or ""
            start = text.find(quote) if quote else -1
            if start < 0:
                start, quote = 0, text
            spans.append((start, start + len(quote), item))
        pieces: list[dict[str, Any]] = []
        position = 0
        for start, end, item in sorted(spans, key=lambda s: (s[0], -s[1])):
            if start < position:
                continue
            if start > position:
                pieces.append({"text": text[position:start]})
            pieces.append({"text": text[start:end], "item": item["id"], "state": item["state"]})
            position = end
        if position < len(text):
            pieces.append({"text": text[position:]})
        out.append({"number": number, "pieces": pieces, "marked": number in by_line})
    return out


def visible_staged(register: Register, user: Account) -> list[dict[str, Any]]:
    """The documents under review that ``user`` may review: those of his province (all, for a national account)."""
    out = []
    for row in review.staged_documents(register):
        try:
            check_staged_reviewer(register, user, row)
        except AccessDeniedError:
            continue
        out.append(row)
    return out


def stage_and_maybe_commit(register: Register, user: Account, name: str, data: bytes,
                           skip_review: bool, request: Request | None = None) -> dict[str, Any]:
    """Stage one upload (under the settings' budget when ``request`` is given); with ``skip_review`` commit it at
    once. Returns what the upload list shows. A file over a limit of the budget is refused (``LimitError``, 413):
    the files staged before it stay staged, nothing of it is stored."""
    budget = request_budget(request) if request is not None else None
    try:
        staged_id = review.stage_document(register, name, data, user.username, budget)
    except LimitError:
        raise
    except ChitieuError as exc:
        return {"name": name, "ok": False, "message": str(exc)}
    summary = review.staged_document(register, staged_id)
    try:
        check_province_writer(register, user, summary["province"])
    except AccessDeniedError:
        review.discard(register, staged_id, user.username)
        raise
    result = {"name": name, "ok": True, "id": staged_id, "item_count": summary["item_count"],
              "province": summary["province"], "message": summary["message"], "committed": False}
    if skip_review:
        outcome = review.commit(register, staged_id, user.username, force=True)
        forget_choices(register)
        result.update(committed=outcome.status != "failed", document_id=outcome.document_id,
                      message=outcome.message or result["message"], targets=outcome.targets)
    return result


@router.get("/upload")
def upload_page(request: Request, register: RegisterDep, user: CurrentUser) -> Response:
    check_province_writer(register, user, None)
    return render(request, "upload.html", staged=visible_staged(register, user))


@router.post("/upload", dependencies=[Csrf])
async def upload(request: Request, register: RegisterDep, user: CurrentUser,
                 files: Annotated[list[UploadFile], File()],
                 skip_review: Annotated[bool, Form()] = False) -> Response:
    uploads = await read_checked(request, register, user, files)
    return await in_upload_slot(request, _upload, request, register, user, uploads, skip_review)


async def read_checked(request: Request, register: Register, user: Account,
                       files: list[UploadFile]) -> list[tuple[str, bytes]]:
    """The files of a document upload, once the user may upload and each passed the budget's cheap checks."""
    await run_in_threadpool(check_province_writer, register, user, None)
    uploads = await run_in_threadpool(read_uploads, request, files)
    await check_first(request, uploads)
    return uploads


def _upload(request: Request, register: Register, user: Account, uploads: list[tuple[str, bytes]],
            skip_review: bool) -> Response:
    results = [stage_and_maybe_commit(register, user, name, data, skip_review, request) for name, data in uploads]
    if request.headers.get("HX-Request"):
        return render(request, "partials/upload_results.html", results=results)
    if len(results) == 1 and results[0]["ok"] and not results[0]["committed"]:
        return RedirectResponse(f"/review/{results[0]['id']}", status_code=303)
    return render(request, "upload.html", staged=visible_staged(register, user), results=results)


def shown_part(lines: list[str], items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]],
                                                                     str | None]:
    """What the review page shows of a document: its first lines (``REVIEW_LINES``, ``REVIEW_CHARACTERS`` in all,
    a line cut at ``REVIEW_LINE_CHARACTERS``) and items (``REVIEW_ITEMS``), with a line saying what was left out."""
    count = total = 0
    for text in lines:
        if count >= REVIEW_LINES or total >= REVIEW_CHARACTERS:
            break
        count += 1
        total += min(len(text), REVIEW_LINE_CHARACTERS)
    shown_items = items[:REVIEW_ITEMS]
    rows = highlight(lines[:count], shown_items)
    for row in rows:
        room = REVIEW_LINE_CHARACTERS
        kept = []
        for piece in row["pieces"]:
            if room <= 0:
                break
            if len(piece["text"]) > room:
                piece = {**piece, "text": piece["text"][:room] + "…"}
            room -= len(piece["text"])
            kept.append(piece)
        row["pieces"] = kept
    note = None
    if count < len(lines) or len(shown_items) < len(items):
        note = (f"Trang chỉ hiện {format_number(count)}/{format_number(len(lines))} dòng và "
                f"{format_number(len(shown_items))}/{format_number(len(items))} mục đầu của văn kiện; "
                "phần còn lại vẫn được giữ nguyên.")
    return rows, shown_items, note


@router.get("/review/{staged_id}")
def review_page(request: Request, register: RegisterDep, user: CurrentUser, staged_id: RowId) -> Response:
    staged = review.staged_document(register, staged_id)
    check_staged_reviewer(register, user, staged)
    rows, items, note = shown_part(staged["lines"], staged["item_list"])
    return render(request, "review.html", s=staged, lines=rows, items=items, cut=note)


def _fields(indicator: str, breakdown: str, value: str, value_max: str, bound: str, unit: str,
            period: str) -> dict[str, Any]:
    return {"indicator": indicator, "breakdown": breakdown, "value": read_optional(value),
            "value_max": read_optional(value_max), "bound": bound, "unit": unit, "period": period}


@router.post("/review/{staged_id}/items/{item_id}", dependencies=[Csrf])
def review_item(request: Request, register: RegisterDep, user: CurrentUser, staged_id: RowId, item_id: RowId,
                action: Annotated[str, Form()], indicator: Annotated[str, Form()] = "",
                breakdown: Annotated[str, Form()] = "", value: Annotated[str, Form()] = "",
                value_max: Annotated[str, Form()] = "", bound: Annotated[str, Form()] = "exact",
                unit: Annotated[str, Form()] = "", period: Annotated[str, Form()] = "") -> Response:
    staged = review.staged_document(register, staged_id)
    check_staged_reviewer(register, user, staged)
    changes = _fields(indicator, breakdown, value, value_max, bound, unit, period) if action == "correct" else None
    item = review.review_item(register, staged_id, item_id, action, user.username, changes)
    if request.headers.get("HX-Request"):
        return render(request, "partials/review_item.html", item=item, s=staged)
    return RedirectResponse(f"/review/{staged_id}#item-{item_id}", status_code=303)


@router.post("/review/{staged_id}/items", dependencies=[Csrf])
def add_item(request: Request, register: RegisterDep, user: CurrentUser, staged_id: RowId,
             quote: Annotated[str, Form()], line: Annotated[int, Form()], indicator: Annotated[str, Form()],
             kind: Annotated[str, Form()] = "target", breakdown: Annotated[str, Form()] = "",
             value: Annotated[str, Form()] = "", value_max: Annotated[str, Form()] = "",
             bound: Annotated[str, Form()] = "exact", unit: Annotated[str, Form()] = "",
             period: Annotated[str, Form()] = "", direction: Annotated[str, Form()] = "",
             main: Annotated[bool, Form()] = False) -> Response:
    staged = review.staged_document(register, staged_id)
    check_staged_reviewer(register, user, staged)
    review.add_item(register, staged_id, user.username, quote=quote, line=line, kind=kind, main=main,
                    direction=direction, **_fields(indicator, breakdown, value, value_max, bound, unit, period))
    return RedirectResponse(f"/review/{staged_id}", status_code=303)


@router.post("/review/{staged_id}/discard", dependencies=[Csrf])
def discard(request: Request, register: RegisterDep, user: CurrentUser, staged_id: RowId) -> Response:
    staged = review.staged_document(register, staged_id)
    check_staged_reviewer(register, user, staged)
    review.discard(register, staged_id, user.username)
    request.session["flash"] = f"Đã bỏ {staged['name']}; không có gì được ghi vào sổ."
    return RedirectResponse("/upload", status_code=303)


@router.post("/review/{staged_id}/commit", dependencies=[Csrf])
def commit(request: Request, register: RegisterDep, user: CurrentUser, staged_id: RowId,
           force: Annotated[bool, Form()] = False) -> Response:
    staged = review.staged_document(register, staged_id)
    check_staged_reviewer(register, user, staged)
    outcome = review.commit(register, staged_id, user.username, force=force)
    forget_choices(register)
    if outcome.status == "failed":
        raise ChitieuError(outcome.message or "Không ghi được văn kiện vào sổ.")
    request.session["flash"] = (f"Đã ghi {staged['name']} vào sổ: {outcome.targets} chỉ tiêu, "
                                f"{outcome.results} kết quả." if outcome.status == "imported"
                                else f"{staged['name']} đã có trong sổ; không ghi thêm.")
    province = staged["province"] or ""
    return RedirectResponse(f"/targets?province={province}" if province else "/targets", status_code=303)
