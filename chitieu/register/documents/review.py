"""Uploaded documents wait in staging until a person has reviewed what was extracted from them.

``stage_document`` reads and extracts a file and keeps its bytes, canonical lines and items (state ``pending``).
Each item is then accepted, corrected or rejected, and items the extractor missed are added from a selected
quote. ``commit`` hands the reviewed items (accepted, corrected, added) to ``Register.import_reviewed``, which
writes the document in one transaction with the register's history rule; with ``force`` it commits items still
pending too (the user chose to skip review).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, defer, selectinload

from chitieu.errors import ChitieuError, ConflictError, InputError, InvalidValueError, NotFoundError
from chitieu.extract import (
    Bound,
    Direction,
    Extraction,
    Item,
    Kind,
    Metadata,
    extract,
    extract_metadata,
    why_empty,
)
from chitieu.intake import Budget, read_document, run_bounded
from chitieu.intake import Document as Text
from chitieu.numbers import check_value
from chitieu.register.db.models import Change, Document, utcnow
from chitieu.register.db.session import transaction
from chitieu.register.db.workflow import StagedDocument, StagedItem
from chitieu.register.documents.catalogue import link_indicator, load_catalogue
from chitieu.register.documents.importer import ImportOutcome, content_hash
from chitieu.register.documents.provinces import find_province
from chitieu.register.figures.feasibility import items_feasibility
from chitieu.register.scratch import scratch_folder

if TYPE_CHECKING:
    from chitieu.register.api import Register

MAX_TEXT = 2000  # an indicator, a breakdown or a unit is a phrase, not a page
EDITABLE = ("indicator", "breakdown", "value", "value_max", "bound", "unit", "period", "direction")
KEPT = ("accepted", "corrected", "added")
EVIDENCE_FIELDS = ("kind", "indicator", "breakdown", "value", "value_max", "bound", "direction", "unit", "period")


def read_and_extract(path: Path) -> tuple[Text, Metadata, Extraction]:
    """Read a file and extract its metadata and items: the whole conversion, run under an upload's budget."""
    document = read_document(path)
    metadata = extract_metadata(document)
    return document, metadata, extract(document, metadata)


def stage_document(register: Register, name: str, data: bytes, actor: str, budget: Budget | None = None) -> int:
    """Read and extract an uploaded file into staging; return the staged document's id. With ``budget`` the
    conversion runs under it (in a separate process when ``budget.isolated``); nothing is stored when it fails."""
    name = Path(name).name or "tai-lieu.txt"
    if not data:
        raise InputError(name, "tệp rỗng")
    with scratch_folder("upload") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        document, metadata, extraction = run_bounded(read_and_extract, path, path=path, budget=budget)
    with transaction(register.factory) as session:
        staged = StagedDocument(name=name, content=data, content_hash=content_hash(data),
                                lines=[line.text for line in document.lines], metadata_json=metadata.to_dict(),
                                state="review", uploaded_by=actor)
        known = session.scalar(select(Document.id).where(Document.content_hash == staged.content_hash))
        if known is not None:
            staged.message = f"Tệp này đã có trong sổ theo dõi (văn kiện số {known})."
        elif not extraction.items:
            staged.message = f"Không trích được mục nào: {why_empty(document)}"
        session.add(staged)
        for position, item in enumerate(extraction.items):
            data_dict = item.to_dict()
            staged.items.append(StagedItem(position=position, state="pending", original=data_dict, data=data_dict))
        session.flush()
        session.add(Change(actor=actor, action="stage", table_name="staged_documents", row_id=staged.id,
                           data={"name": name, "items": len(extraction.items)}))
        return staged.id


def staged_documents(register: Register, states: tuple[str, ...] = ("review", "failed")) -> list[dict[str, Any]]:
    with register.factory() as session:
        rows = session.scalars(select(StagedDocument).where(StagedDocument.state.in_(states))
                               .options(defer(StagedDocument.content), selectinload(StagedDocument.items))
                               .order_by(StagedDocument.id.desc()))
        return [_summary(row) for row in rows]


def _summary(row: StagedDocument) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for item in row.items:
        counts[item.state] = counts.get(item.state, 0) + 1
    meta = row.metadata_json or {}
    return {"id": row.id, "name": row.name, "state": row.state, "message": row.message,
            "uploaded_by": row.uploaded_by, "uploaded_at": row.uploaded_at.isoformat(timespec="seconds"),
            "province": meta.get("province"), "term": meta.get("term"), "title": meta.get("title"),
            "document_id": row.document_id, "counts": counts, "item_count": len(row.items)}


def staged_document(register: Register, staged_id: int) -> dict[str, Any]:
    """A staged document with its lines and items, for the review screen."""
    with register.factory() as session:
        row = _staged(session, staged_id)
        out = _summary(row)
        out["lines"] = list(row.lines)
        out["metadata"] = dict(row.metadata_json or {})
        out["item_list"] = [{"id": i.id, "position": i.position, "state": i.state, "original": i.original,
                             **i.data} for i in row.items]
        _add_evidence(session, out)
        return out


def _add_evidence(session: Session, staged: dict[str, Any]) -> None:
    """Each target of the draft under review gets its feasibility evidence (``evidence``), from the draft's own
    results and the register's, as if it were written as it stands (rejected items left out)."""
    meta = staged["metadata"]
    province = find_province(session, meta.get("province"))
    kept = [i for i in staged["item_list"] if i["state"] != "rejected"]
    items = [SimpleNamespace(**{key: i.get(key) for key in EVIDENCE_FIELDS}) for i in kept]
    for evidence in items_feasibility(session, province.id if province else None, items, meta.get("term"),
                                      meta.get("plan_year")):
        kept[evidence.key]["evidence"] = evidence.to_dict()


def _staged(session: Any, staged_id: int) -> StagedDocument:
    row = session.get(StagedDocument, staged_id)
    if row is None:
        raise NotFoundError(f"Không có văn kiện chờ duyệt số {staged_id}.")
    return row


def _open_item(session: Any, staged_id: int, item_id: int) -> StagedItem:
    item = session.get(StagedItem, item_id)
    if item is None or item.staged_id != staged_id:
        raise NotFoundError(f"Không có mục số {item_id} trong văn kiện chờ duyệt số {staged_id}.")
    if item.staged.state in ("committed", "discarded"):
        raise ConflictError("Văn kiện này đã được ghi vào sổ hoặc đã bị bỏ; không sửa được nữa.")
    return item


def _clean(changes: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in EDITABLE:
        if key not in changes:
            continue
        value = changes[key]
        if isinstance(value, str):
            value = value.strip() or None
        if key in ("value", "value_max"):
            out[key] = None if value is None else check_value(value, "Giá trị của chỉ tiêu")
            continue
        if value is not None and not isinstance(value, str):
            raise InvalidValueError(f"Trường '{key}' phải là chữ, không phải {type(value).__name__}.")
        if value is not None and len(value) > MAX_TEXT:
            raise InvalidValueError(f"Trường '{key}' dài quá {MAX_TEXT} ký tự.")
        out[key] = value
    if "bound" in out and out["bound"] not in {b.value for b in Bound}:
        raise ChitieuError(f"Dạng chỉ tiêu '{out['bound']}' không hợp lệ.")
    if "direction" in out and out["direction"] not in {None, *(d.value for d in Direction)}:
        raise ChitieuError(f"Chiều '{out['direction']}' không hợp lệ.")
    if "indicator" in out and not out["indicator"]:
        raise ChitieuError("Tên chỉ tiêu không được để trống.")
    return out


def review_item(register: Register, staged_id: int, item_id: int, action: str, actor: str,
                changes: dict[str, Any] | None = None) -> dict[str, Any]:
    """Accept, reject or correct (with ``changes``) one extracted item; return it as now stored, with its
    feasibility evidence (``evidence``) when it is a target."""
    if action not in ("accept", "reject", "correct", "reset"):
        raise ChitieuError(f"Thao tác '{action}' không hợp lệ.")
    with transaction(register.factory) as session:
        item = _open_item(session, staged_id, item_id)
        if action == "correct":
            item.data = {**item.data, **_clean(changes or {})}
            item.state = "corrected" if item.state != "added" else "added"
        elif action == "reset":
            item.data, item.state = dict(item.original), "pending"
        else:
            item.state = "accepted" if action == "accept" else "rejected"
        item.reviewed_by, item.reviewed_at = actor, utcnow()
        session.add(Change(actor=actor, action=action, table_name="staged_items", row_id=item.id,
                           data={"staged_id": staged_id, "state": item.state}))
        session.flush()
        stored = {"id": item.id, "position": item.position, "state": item.state, "original": item.original,
                  **item.data}
        staged = _staged(session, staged_id)
        document = {"metadata": dict(staged.metadata_json or {}),
                    "item_list": [stored if i.id == item.id else {"id": i.id, "state": i.state, **i.data}
                                  for i in staged.items]}
        _add_evidence(session, document)  # a corrected value is judged again at once
        return stored


def add_item(register: Register, staged_id: int, actor: str, *, quote: str, line: int, kind: str = "target",
             main: bool = False, **fields: Any) -> int:
    """Add a target (or result) the extractor missed, from text the reviewer selected on ``line``. A target
    without a direction takes its catalogue indicator's (when its wording names one); ``main`` makes it one of the
    document's main targets, judged and reported in the appendix."""
    if kind not in {k.value for k in Kind}:
        raise ChitieuError(f"Loại mục '{kind}' không hợp lệ.")
    with transaction(register.factory) as session:
        staged = _staged(session, staged_id)
        if staged.state == "committed":
            raise ConflictError("Văn kiện này đã được ghi vào sổ; không thêm được nữa.")
        quote = " ".join(quote.split())
        if not quote:
            raise ChitieuError("Hãy bôi đen đoạn văn bản chứa chỉ tiêu trước khi thêm.")
        if not 1 <= line <= len(staged.lines):
            raise ChitieuError(f"Dòng {line} không có trong văn kiện.")
        data = {"doc": Path(staged.name).stem, "kind": kind, "indicator": None, "value": None, "bound": "exact",
                "quote": quote, "line": line, "breakdown": None, "value_max": None, "direction": None, "unit": None,
                "period": _default_period(staged.metadata_json or {}), "target_value": None, "verdict": None,
                "main": False,
                "section": ""}
        data.update(_clean(fields))
        if not data["indicator"]:
            raise ChitieuError("Tên chỉ tiêu không được để trống.")
        if kind == "target":
            data["main"] = bool(main)
            if data["direction"] is None:
                data["direction"] = catalogue_direction(str(data["indicator"]), _text(data["breakdown"]),
                                                        _text(data["unit"]))
        position = max((i.position for i in staged.items), default=-1) + 1
        item = StagedItem(position=position, state="added", original={}, data=data, reviewed_by=actor,
                          reviewed_at=utcnow())
        staged.items.append(item)
        session.flush()
        session.add(Change(actor=actor, action="add", table_name="staged_items", row_id=item.id,
                           data={"staged_id": staged_id, "indicator": data["indicator"]}))
        return item.id


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def catalogue_direction(indicator: str, breakdown: str | None, unit: str | None) -> str | None:
    """The direction of the catalogue indicator a wording names, or None when it names none or has none."""
    link = link_indicator(indicator, breakdown, unit)
    if link is None:
        return None
    return next((ind.direction for ind in load_catalogue()[1] if ind.code == link.code), None)


def reviewed_extraction(register: Register, staged_id: int, force: bool = False) -> tuple[str, bytes, Extraction]:
    """The staged document's name, bytes and the extraction made of its reviewed items."""
    with register.factory() as session:
        staged = _staged(session, staged_id)
        if staged.state == "committed":
            raise ConflictError(f"Văn kiện {staged.name} đã được ghi vào sổ.")
        if staged.state == "discarded":
            raise ConflictError(f"Văn kiện {staged.name} đã bị bỏ; hãy tải lên lại nếu cần.")
        pending = [i for i in staged.items if i.state == "pending"]
        if pending and not force:
            raise ChitieuError(f"Còn {len(pending)} mục chưa duyệt; hãy duyệt hết, hoặc chọn ghi không cần duyệt.")
        kept = [Item.from_dict(i.data) for i in staged.items if i.state in KEPT or (force and i.state == "pending")]
        meta = dict(staged.metadata_json or {})
        metadata = Metadata(**{k: v for k, v in meta.items() if k in Metadata.__dataclass_fields__})
        return staged.name, bytes(staged.content), Extraction(metadata, kept)


def commit(register: Register, staged_id: int, actor: str, force: bool = False) -> ImportOutcome:
    """Write the reviewed document to the register (``Register.import_reviewed``) and close its staging."""
    name, data, extraction = reviewed_extraction(register, staged_id, force)
    outcome = register.import_reviewed(name, data, extraction, actor)
    with transaction(register.factory) as session:
        staged = _staged(session, staged_id)
        if outcome.status == "failed":
            staged.message = outcome.message
        else:
            staged.state, staged.document_id = "committed", outcome.document_id
            staged.message = None
        session.add(Change(actor=actor, action="commit", table_name="staged_documents", row_id=staged_id,
                           data={"status": outcome.status, "document_id": outcome.document_id,
                                 "targets": outcome.targets, "results": outcome.results}))
    return outcome


def discard(register: Register, staged_id: int, actor: str) -> None:
    """Drop an uploaded document that will not be committed (it stays in staging, marked ``discarded``)."""
    with transaction(register.factory) as session:
        staged = _staged(session, staged_id)
        if staged.state == "committed":
            raise ConflictError(f"Văn kiện {staged.name} đã được ghi vào sổ; không bỏ được.")
        staged.state = "discarded"
        session.add(Change(actor=actor, action="discard", table_name="staged_documents", row_id=staged_id,
                           data={"name": staged.name}))


def _default_period(metadata: dict[str, Any]) -> str | None:
    """The period of an item a person adds: the year the document plans for (a yearly resolution's targets are
    that year's, so they reach that year's appendix), else its term."""
    plan_year = metadata.get("plan_year")
    return str(plan_year) if plan_year else metadata.get("term")
