"""Correcting a committed document: its province (any of the 34 units, or the 63 before the 2025 merger), issuer,
type, term and plan year. A new province or term carries to the document's targets and actual values that followed
the document's (those a person set otherwise keep theirs), and their congress with them; one transaction, one
``Change`` row, the statuses refreshed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from chitieu.errors import ConflictError, InvalidValueError, NotFoundError
from chitieu.extract.lexicon import load_data
from chitieu.register.corrections.rules import (
    Actor,
    check_corrector,
    check_fields,
    check_version,
    log_correction,
    read_text,
)
from chitieu.register.db.models import Actual, Congress, Document, IssuingBody, Province, Target
from chitieu.register.db.session import transaction
from chitieu.register.db.workflow import TargetOwner
from chitieu.register.documents.linking import period_years
from chitieu.register.documents.provinces import find_province, seed_provinces
from chitieu.register.figures.status import refresh as refresh_status
from chitieu.register.figures.status import touched_by

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from chitieu.register.api import Register

DOCUMENT_FIELDS = ("province", "issuer", "doc_type", "term", "plan_year")
TERM = re.compile(r"(\d{4})-(\d{4})", re.ASCII)
WHAT = "văn kiện"


def document_types() -> dict[str, str]:
    """Type code -> its Vietnamese name (``extract/data/metadata.yaml`` ``doc_types``)."""
    return {code: entry["label"] for code, entry in load_data("metadata")["doc_types"].items()}


def province_names(register: Register) -> list[dict[str, Any]]:
    """Every province-level unit the register knows: the 34 current ones, then the 63 before 2025 that were merged
    (each with ``current``), by name. A register that has imported nothing gets them written first."""
    with transaction(register.factory) as session:
        seed_provinces(session)
        rows = session.execute(select(Province.name, Province.current)).all()
    return [{"name": name, "current": bool(current)} for name, current in sorted(rows, key=lambda r: (not r[1], r[0]))]


def document_record(register: Register, document_id: int) -> dict[str, Any]:
    """What the document page shows and edits (without the file's bytes) and its targets."""
    with register.factory() as session:
        document = _document(session, document_id)
        targets = session.execute(select(Target.id, Target.indicator_text, Target.breakdown, Target.period)
                                  .where(Target.document_id == document_id).order_by(Target.id)).all()
        return {"id": document.id, "name": document.name, "title": document.title, "number": document.number,
                "issued_on": document.issued_on.isoformat() if document.issued_on else None,
                "province": document.province.name if document.province else None,
                "issuer": document.issuer.name if document.issuer else None, "doc_type": document.doc_type,
                "term": document.term, "plan_year": document.plan_year, "version": document.version,
                "targets": [{"id": i, "indicator": text, "breakdown": b, "period": p} for i, text, b, p in targets]}


def _document(session: Session, document_id: int) -> Document:
    document = session.get(Document, document_id)
    if document is None:
        raise NotFoundError(f"Không có văn kiện số {document_id} trong sổ theo dõi.")
    return document


def correct_document(register: Register, actor: Actor, document_id: int, changes: dict[str, Any], *,
                     expected_version: int | None = None) -> dict[str, Any]:
    """Set the given fields (``DOCUMENT_FIELDS``; "" clears one). The account must be allowed to correct the
    document's province and the new one."""
    check_fields(changes, DOCUMENT_FIELDS, "văn kiện")
    with _document_race(document_id), transaction(register.factory) as session:
        document = _document(session, document_id)
        check_corrector(session, actor, document.province_id, WHAT)
        check_version(document.version, expected_version, f"Văn kiện số {document_id}")
        new = {name: _read(session, name, raw) for name, raw in changes.items()}
        if "province" in new:
            check_corrector(session, actor, new["province"].id if new["province"] else None, WHAT)
        changed = _apply(session, document, new)
        if changed:
            session.flush()
            log_correction(session, actor, "correct", "documents", document_id, changed)
        return {"id": document_id, "version": document.version, "changes": {k: list(v) for k, v in changed.items()}}


@contextmanager
def _document_race(document_id: int) -> Iterator[None]:
    """Two corrections of one document read at once: the later write finds another version and loses."""
    try:
        yield
    except StaleDataError as exc:
        raise ConflictError(f"Văn kiện số {document_id} vừa được người khác sửa; hãy tải lại trang.") from exc


def _read(session: Session, name: str, raw: Any) -> Any:
    text = str(raw).strip() if raw is not None else ""
    if name == "province":
        if not text:
            return None
        seed_provinces(session)
        province = find_province(session, text)
        if province is None:
            raise InvalidValueError(f"Tỉnh, thành phố: không có '{text[:60]}' trong 34 tỉnh, thành phố hiện nay "
                                    "và 63 tỉnh, thành phố trước năm 2025.")
        return province
    if name == "issuer":
        return read_text(raw, "Cơ quan ban hành", limit=200)
    if name == "doc_type":
        if not text:
            return None
        types = document_types()
        found = next((code for code, label in types.items() if text in (code, label)
                      or text.casefold() == label.casefold()), None)
        if found is None:
            raise InvalidValueError(f"Loại văn kiện '{text[:40]}' không có; dùng một trong: "
                                    f"{', '.join(types.values())}.")
        return found
    if name == "term":
        if not text:
            return None
        match = TERM.fullmatch(text)
        if match is None or not 0 < int(match.group(2)) - int(match.group(1)) <= 10:
            raise InvalidValueError(f"Nhiệm kỳ '{text[:20]}' không hợp lệ; viết như 2020-2025.")
        return text
    if not text:  # plan_year
        return None
    if not text.isascii() or not text.isdigit() or not 1945 <= int(text) <= 2100:
        raise InvalidValueError(f"Năm kế hoạch '{text[:20]}' không hợp lệ; viết một năm như 2026.")
    return int(text)


def _apply(session: Session, document: Document, new: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    changed: dict[str, tuple[Any, Any]] = {}
    old_province, old_term, old_congress = document.province_id, document.term, document.congress_id
    if "province" in new and new["province"] is not None and new["province"].id != old_province:
        changed["province"] = (document.province.name if document.province else None, new["province"].name)
        document.province_id = new["province"].id
    elif "province" in new and new["province"] is None and old_province is not None:
        changed["province"] = (document.province.name if document.province else None, None)
        document.province_id = None
    if "issuer" in new and new["issuer"] != (document.issuer.name if document.issuer else None):
        changed["issuer"] = (document.issuer.name if document.issuer else None, new["issuer"])
        document.issuer_id = _issuer(session, new["issuer"], document.province_id)
    for name in ("doc_type", "term", "plan_year"):
        if name in new and new[name] != getattr(document, name):
            changed[name] = (getattr(document, name), new[name])
            setattr(document, name, new[name])
    if "province" in changed or "term" in changed:
        document.congress_id = _congress(session, document.province_id, document.term)
        _carry(session, document, old_province, old_term, old_congress)
    return changed


def _issuer(session: Session, name: str | None, province_id: int | None) -> int | None:
    if name is None:
        return None
    issuer = session.scalar(select(IssuingBody).where(IssuingBody.name == name))
    if issuer is None:
        issuer = IssuingBody(name=name, province_id=province_id)
        session.add(issuer)
        session.flush()
    return issuer.id


def _congress(session: Session, province_id: int | None, term: str | None) -> int | None:
    start, end = period_years(term)
    if province_id is None or term is None or start is None or end is None:
        return None
    congress = session.scalar(select(Congress).where(Congress.province_id == province_id, Congress.term == term))
    if congress is None:
        congress = Congress(province_id=province_id, term=term, start_year=start, end_year=end)
        session.add(congress)
        session.flush()
    return congress.id


def _carry(session: Session, document: Document, old_province: int | None, old_term: str | None,
           old_congress: int | None) -> None:
    """The document's targets and values that followed its province, term and congress follow the new ones; a
    target that moves to another province loses its owner (an agency of the province it left)."""
    places: set[tuple[int | None, int | None]] = set()
    targets = list(session.scalars(select(Target).where(Target.document_id == document.id)))
    for target in targets:
        places.add((target.province_id, target.indicator_id))
        if target.province_id == old_province and old_province != document.province_id:
            target.province_id = document.province_id
            owner = session.get(TargetOwner, target.id)
            if owner is not None:  # an agency of the old province no longer reports it
                session.delete(owner)
        if old_term is not None and target.period == old_term and document.term is not None:
            target.period = document.term
            target.period_start, target.period_end = period_years(document.term)
        if target.congress_id == old_congress:
            target.congress_id = document.congress_id
        places.add((target.province_id, target.indicator_id))
    for actual in session.scalars(select(Actual).where(Actual.document_id == document.id,
                                                       Actual.province_id == old_province)):
        places.add((actual.province_id, actual.indicator_id))
        actual.province_id = document.province_id
        places.add((actual.province_id, actual.indicator_id))
    session.flush()
    refresh_status(session, touched_by(session, [t.id for t in targets], places))
