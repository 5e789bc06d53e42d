"""The JSON API under ``/api``: what the pages do, for a token (``Authorization: Bearer <token>``).

The OpenAPI description is at ``/api/openapi.json``. Errors come back as ``{"detail": "<Vietnamese sentence>"}``
with the status code of the page (404, 403, 409, 400; 401 without a valid token).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from pydantic import BaseModel, Field

from chitieu.register import Register
from chitieu.register.accounts import (
    Account,
    check_province_writer,
    check_staged_reviewer,
    list_agencies,
    owners,
    set_owner,
)
from chitieu.register.consultation import check_consultation_staff, consolidate, invitations_for, list_consultations
from chitieu.register.corrections import correct_actual as fix_actual
from chitieu.register.corrections import correct_document as fix_document
from chitieu.register.corrections import correct_target as fix_target
from chitieu.register.corrections import decide_conflict, delete_actual, delete_target
from chitieu.register.documents import list_conflicts, review
from chitieu.register.figures import (
    approve_actual,
    approve_many,
    list_pending,
    resend_actual,
    return_actual,
    return_many,
    submit_actual,
    target_feasibility,
    target_record,
)
from chitieu.web import api_models as models
from chitieu.web.deps import MAX_ID, ApiUser, RegisterDep, RowId, now
from chitieu.web.routes.register_list import FiltersDep
from chitieu.web.routes.review import read_checked, stage_and_maybe_commit, visible_staged
from chitieu.web.uploads import in_upload_slot
from chitieu.web.views import compare, forget_choices, list_targets, overview

router = APIRouter(prefix="/api")  # summaries and tag in Vietnamese: data/web.yaml (``web.apidocs``)
AS_RETURNED: dict[str, Any] = {"response_model_exclude_unset": True}  # see api_models
# a value: a JSON number, or text written the Vietnamese way ("7,1") that the register reads (``numbers.read_value``)
FiniteOrText = Annotated[float, Field(allow_inf_nan=False)] | str


class ActualIn(BaseModel):
    value: FiniteOrText = Field(examples=["7,1", "1.250,5", 7.1],
                               description="Giá trị: một số JSON hoặc một chuỗi viết kiểu Việt Nam (7,1; 1.250,5)")
    period: str = Field(examples=["2024"], description="Kỳ của số liệu: một năm (2024) hoặc nhiệm kỳ (2020-2025), "
                        "trong kỳ của chỉ tiêu")
    vintage: str = Field(default="final", description="Loại số liệu: plan, estimate, final, revision")
    note: str | None = Field(default=None, description="Nguồn, ghi chú")
    version: int | None = Field(default=None, ge=0, description="Phiên bản số liệu đã xem (0: chưa có); "
                                "khác phiên bản hiện tại thì bị từ chối với mã 409")


Version = Field(default=None, ge=0, description="Phiên bản đã xem; khác phiên bản hiện tại thì bị từ chối với mã 409")


class TargetFix(BaseModel):
    """Chỉ gửi các trường cần sửa; chuỗi rỗng xoá một trường không bắt buộc."""

    version: int | None = Version
    indicator_text: str | None = Field(default=None, max_length=2000, description="Tên chỉ tiêu")
    indicator: str | None = Field(default=None, max_length=80, description="Mã chỉ tiêu trong danh mục (rỗng: bỏ gắn)")
    breakdown: str | None = Field(default=None, max_length=2000, description="Phân tổ")
    value: FiniteOrText | None = Field(default=None, description="Giá trị")
    value_max: FiniteOrText | None = Field(default=None, description="Giá trị lớn nhất của một khoảng")
    bound: str | None = Field(default=None, description="min, gt, max, lt, range, exact, qualitative")
    unit: str | None = Field(default=None, max_length=40, description="Đơn vị")
    period: str | None = Field(default=None, max_length=20, description="Kỳ: 2025, 2020-2025 hoặc annual")
    direction: str | None = Field(default=None, description="Chiều đánh giá: up, down, hold (rỗng: chưa rõ)")
    field: str | None = Field(default=None, description="Lĩnh vực (mã trong danh mục; rỗng: theo danh mục)")
    main: bool | None = Field(default=None, description="Chỉ tiêu chủ yếu (được đánh giá, vào phụ lục)")


class DecisionIn(BaseModel):
    version: int | None = Version
    source_id: int = Field(ge=1, le=MAX_ID, description="Số của nguồn có số liệu đúng")


class ActualFix(BaseModel):
    version: int | None = Version
    value: FiniteOrText | None = Field(default=None, description="Giá trị đúng")
    period: str | None = Field(default=None, max_length=20, description="Kỳ, trong kỳ của chỉ tiêu")
    vintage: str | None = Field(default=None, description="Loại số liệu: plan, estimate, final, revision")
    note: str | None = Field(default=None, max_length=2000, description="Ghi chú")


class DocumentFix(BaseModel):
    version: int | None = Version
    province: str | None = Field(default=None, max_length=100, description="Tỉnh, thành phố (34 hiện nay hoặc 63 "
                                 "trước năm 2025)")
    issuer: str | None = Field(default=None, max_length=200, description="Cơ quan ban hành")
    doc_type: str | None = Field(default=None, max_length=60, description="Loại văn kiện (mã hoặc tên)")
    term: str | None = Field(default=None, max_length=20, description="Nhiệm kỳ, như 2020-2025")
    plan_year: int | None = Field(default=None, ge=1945, le=2100, description="Năm kế hoạch")


def _fields(body: BaseModel) -> dict[str, Any]:
    """The fields the request sent, without the version."""
    return {k: v for k, v in body.model_dump(exclude_unset=True).items() if k != "version"}


class OwnerIn(BaseModel):
    agency_id: int = Field(ge=1, le=MAX_ID)


class NoteIn(BaseModel):
    note: str = Field(default="", description="Ghi chú; khi trả lại là lý do để cơ quan sửa")


class ManyIn(BaseModel):
    ids: list[int] = Field(min_length=1, max_length=1000, description="Số của các số liệu chờ duyệt")
    note: str = Field(default="", description="Lý do trả lại (khi trả lại)")


class ResendIn(BaseModel):
    value: FiniteOrText = Field(examples=["7,1"], description="Giá trị đã sửa")
    period: str = Field(examples=["2024"], description="Kỳ của số liệu")
    note: str | None = Field(default=None, description="Nguồn, ghi chú")


class ItemReview(BaseModel):
    action: str = Field(description="accept (nhận), reject (bỏ), correct (sửa) hoặc reset (đặt lại)")
    changes: dict[str, Any] | None = Field(default=None,
                                           description="các trường sửa: indicator, value, value_max, bound, unit, ...")


class ItemIn(BaseModel):
    quote: str
    line: int = Field(ge=1, le=MAX_ID)
    indicator: str
    kind: str = "target"
    breakdown: str | None = None
    value: float | None = Field(default=None, allow_inf_nan=False)
    value_max: float | None = Field(default=None, allow_inf_nan=False)
    bound: str = "exact"
    unit: str | None = None
    period: str | None = None
    direction: str | None = Field(default=None, description="up, down, hold; không gửi: theo danh mục")
    main: bool = Field(default=False, description="Chỉ tiêu chủ yếu (được đánh giá, vào phụ lục)")


class CommitIn(BaseModel):
    force: bool = False


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if not k.startswith("_")}


SeenVersion = Annotated[int | None, Query(ge=0, description="Phiên bản đã xem")]  # 409 when it is stale


@router.get("/me", response_model=models.Me, **AS_RETURNED)
def me(user: ApiUser) -> dict[str, Any]:
    return asdict(user)


@router.get("/targets", response_model=models.TargetPage, **AS_RETURNED)
def targets(register: RegisterDep, user: ApiUser, chosen: FiltersDep, limit: int = 50) -> dict[str, Any]:
    limit = max(1, min(limit, 1000))
    total, rows = list_targets(register, **chosen.query(), offset=(chosen.page - 1) * limit, limit=limit)
    owner = owners(register, [r["id"] for r in rows])
    return {"total": total, "page": chosen.page, "limit": limit,
            "targets": [{**_clean(r), "owner": owner.get(r["id"])} for r in rows]}


@router.get("/targets/{target_id}", response_model=models.TargetRecord, **AS_RETURNED)
def target(register: RegisterDep, user: ApiUser, target_id: RowId) -> dict[str, Any]:
    return {"assessment": register.assess(target_id), **target_record(register, target_id)}


@router.get("/targets/{target_id}/feasibility", response_model=models.Feasibility, **AS_RETURNED)
def feasibility(register: RegisterDep, user: ApiUser, target_id: RowId) -> dict[str, Any]:
    """The target's feasibility evidence: its baseline, the pace it requires and the pace achieved, its level."""
    return target_feasibility(register, target_id).to_dict()


@router.get("/feasibility", response_model=list[models.Feasibility], **AS_RETURNED)
def term_feasibility(register: RegisterDep, user: ApiUser, province: str, term: str) -> list[dict[str, Any]]:
    """The feasibility evidence of every target of a province's term documents, as ``chitieu check`` reads it."""
    return register.feasibility(province, term)


@router.post("/targets/{target_id}/actuals", status_code=201, response_model=models.Submitted, **AS_RETURNED)
def enter_actual(register: RegisterDep, user: ApiUser, target_id: RowId, body: ActualIn) -> dict[str, Any]:
    pending_id = submit_actual(register, user, target_id, body.value, body.period, vintage=body.vintage,
                               note=body.note, expected_version=body.version)
    return {"pending_id": pending_id, "state": "approved" if user.is_admin else "pending"}


@router.put("/targets/{target_id}/owner", response_model=models.OwnerSet, **AS_RETURNED)
def change_owner(register: RegisterDep, user: ApiUser, target_id: RowId, body: OwnerIn) -> dict[str, Any]:
    set_owner(register, target_id, body.agency_id, user)
    return {"target_id": target_id, "agency_id": body.agency_id}


@router.patch("/targets/{target_id}", response_model=models.Corrected, **AS_RETURNED)
def correct_target(register: RegisterDep, user: ApiUser, target_id: RowId, body: TargetFix) -> dict[str, Any]:
    done = fix_target(register, user, target_id, _fields(body), expected_version=body.version)
    forget_choices(register)
    return done


@router.post("/targets/{target_id}/decision", response_model=models.Decided, **AS_RETURNED)
def decide(register: RegisterDep, user: ApiUser, target_id: RowId, body: DecisionIn) -> dict[str, Any]:
    return decide_conflict(register, user, target_id, body.source_id, expected_version=body.version)


@router.get("/conflicts", response_model=list[models.Conflict], **AS_RETURNED)
def conflicts(register: RegisterDep, user: ApiUser, province: str | None = None,
              term: str | None = None) -> list[dict[str, Any]]:
    return list_conflicts(register, province, term)


@router.delete("/targets/{target_id}", response_model=models.Deleted, **AS_RETURNED)
def remove_target(register: RegisterDep, user: ApiUser, target_id: RowId,
                  version: SeenVersion = None) -> dict[str, Any]:
    done = delete_target(register, user, target_id, expected_version=version)
    forget_choices(register)
    return done


@router.patch("/actuals/{actual_id}", response_model=models.Corrected, **AS_RETURNED)
def correct_actual(register: RegisterDep, user: ApiUser, actual_id: RowId, body: ActualFix) -> dict[str, Any]:
    return fix_actual(register, user, actual_id, _fields(body), expected_version=body.version)


@router.delete("/actuals/{actual_id}", response_model=models.Deleted, **AS_RETURNED)
def remove_actual(register: RegisterDep, user: ApiUser, actual_id: RowId,
                  version: SeenVersion = None) -> dict[str, Any]:
    return delete_actual(register, user, actual_id, expected_version=version)


@router.patch("/documents/{document_id}", response_model=models.Corrected, **AS_RETURNED)
def correct_document(register: RegisterDep, user: ApiUser, document_id: RowId, body: DocumentFix) -> dict[str, Any]:
    done = fix_document(register, user, document_id, _fields(body), expected_version=body.version)
    forget_choices(register)
    return done


@router.get("/overview", response_model=models.Overview, **AS_RETURNED)
def overview_counts(register: RegisterDep, user: ApiUser, province: str | None = None,
                    term: str | None = None) -> dict[str, Any]:
    data = overview(register, province, term)
    return {**data, "attention": [_clean(r) for r in data["attention"]]}


@router.get("/compare", response_model=list[models.TargetStatus], **AS_RETURNED)
def compare_indicator(register: RegisterDep, user: ApiUser, indicator: str) -> list[dict[str, Any]]:
    return [_clean(r) for r in compare(register, indicator)]


@router.get("/agencies", response_model=list[models.Agency], **AS_RETURNED)
def agencies(register: RegisterDep, user: ApiUser) -> list[dict[str, Any]]:
    return list_agencies(register)


@router.get("/pending", response_model=list[models.Pending], **AS_RETURNED)
def pending(register: RegisterDep, user: ApiUser, state: str = "pending") -> list[dict[str, Any]]:
    return list_pending(register, user, states=(state,))


@router.post("/pending/approve", response_model=list[models.Outcome], **AS_RETURNED)
def approve_several(register: RegisterDep, user: ApiUser, body: ManyIn) -> list[dict[str, Any]]:
    return [asdict(o) for o in approve_many(register, user, body.ids)]


@router.post("/pending/return", response_model=list[models.Outcome], **AS_RETURNED)
def return_several(register: RegisterDep, user: ApiUser, body: ManyIn) -> list[dict[str, Any]]:
    return [asdict(o) for o in return_many(register, user, body.ids, body.note)]


@router.post("/pending/{pending_id}/resend", status_code=201, response_model=models.Submitted, **AS_RETURNED)
def resend(register: RegisterDep, user: ApiUser, pending_id: RowId, body: ResendIn) -> dict[str, Any]:
    new_id = resend_actual(register, user, pending_id, body.value, body.period, note=body.note)
    return {"pending_id": new_id, "state": "approved" if user.is_admin else "pending"}


@router.post("/pending/{pending_id}/approve", response_model=models.StateChange, **AS_RETURNED)
def approve(register: RegisterDep, user: ApiUser, pending_id: RowId, body: NoteIn | None = None) -> dict[str, Any]:
    approve_actual(register, user, pending_id, body.note or None if body else None)
    return {"id": pending_id, "state": "approved"}


@router.post("/pending/{pending_id}/return", response_model=models.StateChange, **AS_RETURNED)
def send_back(register: RegisterDep, user: ApiUser, pending_id: RowId, body: NoteIn) -> dict[str, Any]:
    return_actual(register, user, pending_id, body.note)
    return {"id": pending_id, "state": "returned"}


@router.post("/documents", status_code=201, response_model=list[models.Uploaded], **AS_RETURNED)
async def upload(request: Request, register: RegisterDep, user: ApiUser,
                 files: Annotated[list[UploadFile], File()],
                 skip_review: Annotated[bool, Form()] = False) -> list[dict[str, Any]]:
    uploads = await read_checked(request, register, user, files)
    return await in_upload_slot(request, _upload, request, register, user, uploads, skip_review)


def _upload(request: Request, register: Register, user: Account, uploads: list[tuple[str, bytes]],
            skip_review: bool) -> list[dict[str, Any]]:
    return [stage_and_maybe_commit(register, user, name, data, skip_review, request) for name, data in uploads]


@router.get("/staged", response_model=list[models.Staged], **AS_RETURNED)
def staged_list(register: RegisterDep, user: ApiUser) -> list[dict[str, Any]]:
    check_province_writer(register, user, None)
    return visible_staged(register, user)


@router.get("/staged/{staged_id}", response_model=models.StagedDocumentAnswer, **AS_RETURNED)
def staged(register: RegisterDep, user: ApiUser, staged_id: RowId) -> dict[str, Any]:
    document = review.staged_document(register, staged_id)
    check_staged_reviewer(register, user, document)
    return document


@router.post("/staged/{staged_id}/items/{item_id}", response_model=models.StagedItem, **AS_RETURNED)
def review_item(register: RegisterDep, user: ApiUser, staged_id: RowId, item_id: RowId,
                body: ItemReview) -> dict[str, Any]:
    check_staged_reviewer(register, user, review.staged_document(register, staged_id))
    return review.review_item(register, staged_id, item_id, body.action, user.username, body.changes)


@router.post("/staged/{staged_id}/items", status_code=201, response_model=models.NewItem, **AS_RETURNED)
def add_item(register: RegisterDep, user: ApiUser, staged_id: RowId, body: ItemIn) -> dict[str, Any]:
    check_staged_reviewer(register, user, review.staged_document(register, staged_id))
    fields = body.model_dump(exclude={"quote", "line", "kind", "main"})
    item_id = review.add_item(register, staged_id, user.username, quote=body.quote, line=body.line, kind=body.kind,
                              main=body.main, **fields)
    return {"id": item_id}


@router.post("/staged/{staged_id}/commit", response_model=models.Imported, **AS_RETURNED)
def commit(register: RegisterDep, user: ApiUser, staged_id: RowId, body: CommitIn) -> dict[str, Any]:
    check_staged_reviewer(register, user, review.staged_document(register, staged_id))
    outcome = review.commit(register, staged_id, user.username, force=body.force)
    forget_choices(register)
    return asdict(outcome)


@router.get("/consultations", response_model=list[models.Consultation], **AS_RETURNED)
def consultations(register: RegisterDep, user: ApiUser) -> list[dict[str, Any]]:
    """The consultations the account's province covers (staff: administrators and province editors)."""
    check_province_writer(register, user, None)
    return [asdict(row) for row in list_consultations(register, user)]


@router.get("/consultations/{consultation_id}", response_model=models.Consolidation, **AS_RETURNED)
def consultation(request: Request, register: RegisterDep, user: ApiUser, consultation_id: RowId,
                 version: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None) -> dict[str, Any]:
    """The consolidated comments on a version of the draft (the latest by default), as the summary page shows."""
    check_province_writer(register, user, None)
    check_consultation_staff(register, user, consultation_id)
    consolidation = consolidate(register, consultation_id, now=now(request), version=version)
    answer = asdict(consolidation)
    for row, target in zip(answer["targets"], consolidation.targets, strict=True):
        row["evidence"] = target.evidence.to_dict() if target.evidence else None
    return answer


@router.get("/invitations", response_model=list[models.Invitation], **AS_RETURNED)
def invitations(register: RegisterDep, user: ApiUser) -> list[dict[str, Any]]:
    """The consultations this account answers in for its organisation (the page "Góp ý dự thảo")."""
    return [asdict(row) for row in invitations_for(register, user.id)]
