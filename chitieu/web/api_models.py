"""What each ``/api`` route answers, for the OpenAPI description (``/api/openapi.json``).

The routes return the register's plain values; these models only describe them. Every route is declared with
``response_model_exclude_unset``, so a key appears in the answer exactly when the register gave it (a field that
defaults to ``None`` here is one some answers leave out), and ``extra="allow"`` keeps a key the register adds before
its line is written here. Numbers are ``int | float`` and moments are written with ``isoformat()``: an answer is the
same JSON it was before these models.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

Number = int | float
Moment = Annotated[datetime, PlainSerializer(lambda moment: moment.isoformat(), return_type=str, when_used="json")]


class Answer(BaseModel):
    model_config = ConfigDict(extra="allow")


class Me(Answer):
    id: int
    username: str
    role: str = Field(description="vai trò: admin (quản trị), editor (biên tập), viewer (chỉ xem)")
    full_name: str | None = None
    province_id: int | None = None
    province: str | None = None
    agency_id: int | None = None
    agency: str | None = None
    session_epoch: int = 0
    active: bool = True


class Owner(Answer):
    id: int
    name: str


class TargetStatus(Answer):
    """A target judged: its wording, its figure and its status (``working`` holds the method's inputs and steps)."""

    id: int
    indicator: str
    breakdown: str | None = None
    catalogue: str | None = None
    field: str | None = None
    province: str | None = None
    province_now: str | None = Field(default=None, description="tỉnh, thành phố hiện nay (sau sắp xếp năm 2025)")
    period: str | None = None
    target: str | None = Field(default=None, description="mục tiêu như văn kiện ghi, kèm đơn vị")
    target_value: Number | None = None
    target_max: Number | None = None
    unit: str | None = None
    status: str = Field(description="mã đánh giá: exceeded, met, on_track, at_risk, not_met, not_available, ...")
    group: str | None = Field(default=None, description="nhóm đánh giá trên trang tổng quan")
    method: str | None = None
    actual: Number | None = None
    actual_period: str | None = None
    vintage: str | None = None
    version: int | None = None
    working: dict[str, Any] | None = None
    explanation: str | None = Field(default=None, description="why the target has its status, one Vietnamese sentence")
    owner: Owner | None = None


class TargetPage(Answer):
    total: int
    page: int
    limit: int
    targets: list[TargetStatus]


class DocumentRef(Answer):
    id: int
    name: str | None = None
    title: str | None = None
    number: str | None = None


class ActualRecord(Answer):
    id: int
    period: str
    value: Number | None = None
    value_max: Number | None = None
    vintage: str | None = None
    source_kind: str | None = None
    entered_by: str | None = None
    note: str | None = None
    quote: str | None = None
    line: int | None = None
    document: str | None = None
    as_of: date | None = None
    version: int | None = None


class ChangeRecord(Answer):
    id: int
    at: str
    actor: str
    action: str
    table: str
    row_id: int | None = None
    data: dict[str, Any] | None = None


class SourceRecord(Answer):
    """Một lần văn kiện nêu chỉ tiêu: văn kiện, dòng hoặc ô bảng, trích dẫn và số liệu như văn kiện ghi."""

    id: int
    document: DocumentRef
    line: int | None = None
    table_cell: str | None = Field(default=None, description="ô của bảng: \"bảng 2, dòng 5, cột 4\"")
    quote: str | None = None
    value: Number | None = None
    value_max: Number | None = None
    bound: str
    unit: str | None = None
    figure: str = Field(description="số liệu như người đọc: \"≥ 90%\"")
    where: str = Field(description="văn kiện và vị trí")
    chosen: bool = Field(description="người dùng đã chọn số liệu của nguồn này")


class Decision(Answer):
    source_id: int
    by: str | None = None
    at: str | None = None


class TargetRecord(Answer):
    """A target's page: its assessment, source, every statement of it, figures over time, owner and newest changes."""

    assessment: TargetStatus
    id: int
    quote: str | None = None
    line: int | None = None
    section: str | None = None
    document: DocumentRef | None = None
    value: Number | None = None
    value_max: Number | None = None
    bound: str | None = None
    unit: str | None = None
    direction: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    baseline_value: Number | None = None
    baseline_year: int | None = None
    province_id: int | None = None
    owner: Owner | None = None
    actuals: list[ActualRecord] = []
    sources: list[SourceRecord] = []
    conflict: list[list[int]] = Field(default=[], description="các cặp nguồn mâu thuẫn chưa được chọn")
    disagree: bool = Field(default=False, description="các nguồn nêu số liệu khác nhau (kể cả đã chọn)")
    decision: Decision | None = None
    history: list[ChangeRecord] = []
    history_total: int | None = None


class Conflict(Answer):
    """Một chỉ tiêu mà các văn kiện nêu với số liệu khác nhau, chưa ai chọn số liệu đúng."""

    target_id: int
    version: int
    province: str | None = None
    indicator: str
    breakdown: str | None = None
    period: str | None = None
    sources: list[SourceRecord]
    conflict: list[list[int]]
    disagree: bool
    decision: Decision | None = None


class Decided(Answer):
    id: int
    version: int
    source_id: int
    changes: dict[str, list[Any]] = Field(description="trường -> [giá trị cũ, giá trị mới]")


class Submitted(Answer):
    pending_id: int
    state: str = Field(description="approved (quản trị viên nhập: ghi ngay) hoặc pending (chờ duyệt)")


class Corrected(Answer):
    """Một chỉ tiêu, số liệu hoặc văn kiện đã sửa: phiên bản mới và các trường đã đổi, mỗi trường [cũ, mới]."""

    id: int
    version: int
    target_id: int | None = None
    changes: dict[str, list[Any]] = Field(description="trường -> [giá trị cũ, giá trị mới]")


class Deleted(Answer):
    id: int
    deleted: bool
    target_id: int | None = None
    actuals: int | None = Field(default=None, description="số số liệu thực hiện bị xoá cùng chỉ tiêu")


class OwnerSet(Answer):
    target_id: int
    agency_id: int


class Overview(Answer):
    counts: dict[str, dict[str, int]] = Field(description="lĩnh vực -> nhóm đánh giá -> số chỉ tiêu")
    totals: dict[str, int]
    total: int
    attention: list[TargetStatus]


class Agency(Answer):
    id: int
    name: str
    province: str | None = None


class Pending(Answer):
    id: int
    target_id: int
    indicator: str | None = None
    period: str
    value: Number | None = None
    unit: str | None = None
    vintage: str | None = None
    note: str | None = None
    state: str = Field(description="pending, approved, returned hoặc resent")
    province: str | None = None
    breakdown: str | None = None
    target: str | None = Field(default=None, description="mục tiêu của chỉ tiêu, kèm đơn vị")
    target_period: str | None = Field(default=None, description="kỳ của chỉ tiêu")
    period_warning: bool | None = Field(default=None, description="kỳ của số liệu nằm ngoài kỳ của chỉ tiêu")
    submitted_by: str | None = None
    submitted_at: str | None = None
    reviewed_by: str | None = None
    review_note: str | None = None


class StateChange(Answer):
    id: int
    state: str


class Outcome(Answer):
    """Một số liệu của một lần duyệt hoặc trả lại nhiều số: đã xử lý, hoặc bị từ chối kèm lý do."""

    id: int
    done: bool
    reason: str = ""


class Uploaded(Answer):
    """One uploaded file: staged for review (``id``), committed at once, or refused (``ok`` false, ``message``)."""

    name: str
    ok: bool
    id: int | None = None
    item_count: int | None = None
    province: str | None = None
    message: str | None = None
    committed: bool | None = None
    document_id: int | None = None
    targets: int | None = None


class Staged(Answer):
    """A document under review."""

    id: int
    name: str
    state: str
    message: str | None = None
    uploaded_by: str | None = None
    uploaded_at: str | None = None
    province: str | None = None
    term: str | None = None
    title: str | None = None
    document_id: int | None = None
    counts: dict[str, int] = Field(description="trạng thái rà soát -> số mục")
    item_count: int


class Baseline(Answer):
    """What the last term left for a target (``judge.feasibility.Baseline``)."""

    year: int | None = None
    value: Number | None = Field(default=None, description="the result in the base year (a level)")
    rate: Number | None = Field(default=None, description="the last term's average: a rate (%/năm) or an amount")
    period: str | None = Field(default=None, description="the period of rate: 2015-2020, or a year")
    source: str | None = Field(default=None, description="the document that reported it")


class Feasibility(Answer):
    """A target's feasibility evidence (``register.figures.Evidence``, docs/methods.md "Feasibility")."""

    id: int = Field(description="the target's id (a position among the draft's targets for a draft)")
    indicator: str
    breakdown: str | None = None
    target: str = Field(description="the target as written: ≥ 8%/năm")
    kind: str | None = Field(default=None, description="rate, flow or level; none when the method does not read it")
    baseline: Baseline | None = None
    level: str = Field(description="out_of_reach, challenging, feasible or not_available")
    label: str = Field(description="the level in Vietnamese")
    note: str = Field(description="the note in Vietnamese, with the plan checks about the indicator")
    required: Number | None = Field(default=None, description="the pace the target requires each year")
    achieved: Number | None = Field(default=None, description="the pace achieved (last term, or the province's years)")
    measure: str | None = Field(default=None, description="rate (%/năm), points (điểm %/năm) or amount")


class StagedItem(Answer):
    """An item read from a staged document (the fields of ``chitieu extract --format jsonl``) and its review state."""

    id: int
    position: int | None = None
    state: str = Field(description="trạng thái rà soát: pending, accepted, rejected, corrected, added")
    kind: str | None = None
    indicator: str | None = None
    breakdown: str | None = None
    value: Number | None = None
    value_max: Number | None = None
    bound: str | None = None
    direction: str | None = None
    unit: str | None = None
    period: str | None = None
    target_value: str | None = None
    verdict: str | None = None
    quote: str | None = None
    line: int | None = None
    main: bool | None = None
    doc: str | None = None
    section: str | None = None
    original: dict[str, Any] | None = Field(default=None, description="mục như đã đọc được, trước khi sửa")
    evidence: Feasibility | None = Field(default=None, description="căn cứ đánh giá tính khả thi của chỉ tiêu")


class StagedDocumentAnswer(Staged):
    lines: list[str]
    metadata: dict[str, Any]
    item_list: list[StagedItem]


class NewItem(Answer):
    id: int


class Imported(Answer):
    path: str
    status: str = Field(description="imported (đã nhập), unchanged (đã có), failed (lỗi)")
    document_id: int | None = None
    targets: int = 0
    results: int = 0
    attached: int = 0
    message: str = ""


class Consultation(Answer):
    id: int
    title: str
    issuer: str | None = None
    deadline: Moment
    versions: int
    version_name: str
    targets: int
    invited: int
    submitted: int = Field(description="số ý kiến đã gửi cho phiên bản mới nhất")


class Attributed(Answer):
    organisation: str
    text: str
    line: int | None = None


class Proposal(Answer):
    organisation: str
    code: str
    value: Number | None = None
    reason: str | None = None


class TargetSummary(Answer):
    id: int
    position: int
    section_path: str
    indicator: str
    breakdown: str | None = None
    value: Number | None = None
    value_max: Number | None = None
    unit: str | None = None
    bound: str
    line: int
    quote: str
    responded: int = 0
    counts: dict[str, int] = Field(description="ý kiến (đồng ý, ...) -> số tổ chức")
    proposals: list[Proposal] = []
    comments: list[Attributed] = []
    evidence: Feasibility | None = Field(default=None, description="căn cứ khả thi mà các tổ chức đã xem")


class SectionSummary(Answer):
    id: int
    position: int
    level: int
    marker: str | None = None
    title: str
    path: str
    line: int
    questions: list[str] = []
    responded: int = 0
    comments: list[Attributed] = []


class InviteeStatus(Answer):
    id: int
    name: str
    state: str = Field(description="submitted (đã gửi), draft (đang soạn), none (chưa có)")
    submitted_at: Moment | None = None


class Consolidation(Answer):
    """The comments on one version of a draft, consolidated as the summary page shows them."""

    consultation_id: int
    title: str
    issuer: str | None = None
    version: int
    version_name: str
    deadline: Moment
    as_of: Moment
    invitees: list[InviteeStatus]
    sections: list[SectionSummary]
    targets: list[TargetSummary]
    general: list[Attributed] = []
    general_questions: list[str] = []


class Invitation(Answer):
    consultation_id: int
    title: str
    issuer: str | None = None
    deadline: Moment
    organisation: str
    version: int
    state: str = Field(description='submitted, draft, or "" when nothing is saved yet')
