"""Idempotent import: a file's content hash decides whether it is new; each document is one transaction.

Reading and extraction run before the transaction opens; the document, its targets, its results, their status
rows and the history entry are written together or not at all. ``import_reviewed`` writes items a person has
corrected through the same path (``_write``). After the write, results are attached to the targets they
judge and annual targets to their term targets (``linking.attach``) in the same transaction. A target the register
already holds, stated again (a report's appendix, the congress's announcement), becomes one more source of that
target (``restatements.restate``), so importing in any order gives the same targets.

A target or result read from a table row keeps the row's cells as written (``cells``: the unit "Bác sỹ" before
it was normalised, a target or result in words), and a result its cell (``table_cell``, "bảng 2, dòng 5, cột 4").
The cells come with the item (``Item.source``, set once by the table reader), also through review; an item a
person corrected, whose own cell says something else, keeps none.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from chitieu.datafiles import WORDS, datafile
from chitieu.errors import ChitieuError, InputError
from chitieu.extract import Extraction, Item, Kind, TableSource, extract, why_empty
from chitieu.extract.metadata import extract_metadata
from chitieu.extract.quantity import parse_cell
from chitieu.intake import read_document
from chitieu.register.db.models import (
    Actual,
    Change,
    Congress,
    Document,
    IssuingBody,
    Province,
    Target,
    TargetSource,
)
from chitieu.register.db.session import transaction
from chitieu.register.documents.catalogue import link_indicator
from chitieu.register.documents.linking import attach, indicator_ids, period_years
from chitieu.register.documents.provinces import find_province, seed_provinces
from chitieu.register.documents.restatements import restate, source_of
from chitieu.register.figures.status import refresh as refresh_status
from chitieu.register.figures.status import touched_by

IMPORTED = "imported"
UNCHANGED = "unchanged"
FAILED = "failed"
TABLE_CELL = "bảng {table}, dòng {row}, cột {column}"  # where a result stands, counted as a reader counts


@dataclass(slots=True)
class ImportOutcome:
    path: str
    status: str  # imported / unchanged / failed
    document_id: int | None = None
    targets: int = 0
    results: int = 0
    attached: int = 0
    message: str = ""
    restated: int = 0  # targets read that restate a target of the register (each became one more source of it)


ProgressHook = Callable[[int, int, ImportOutcome], None]


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def import_documents(
    factory: sessionmaker[Session],
    paths: Iterable[str | Path],
    on_progress: ProgressHook | None = None,
    actor: str = "chitieu",
) -> list[ImportOutcome]:
    """Import every file; a file already in the register (same bytes) changes nothing.

    A file that cannot be read or extracted is reported as ``failed`` with its Vietnamese message and leaves
    nothing behind; the others go on. ``on_progress(done, total, outcome)`` is called after each file.
    """
    files = [Path(p) for p in paths]
    outcomes = []
    _seed(factory)
    for number, path in enumerate(files, 1):
        try:
            outcome = _import_one(factory, path, actor)
        except ChitieuError as exc:
            outcome = ImportOutcome(str(path), FAILED, message=str(exc))
        outcomes.append(outcome)
        if on_progress is not None:
            on_progress(number, len(files), outcome)
    return outcomes


def import_reviewed(factory: sessionmaker[Session], name: str, data: bytes, extraction: Extraction,
                    actor: str) -> ImportOutcome:
    """Write a document with exactly the items a person reviewed (no reading, no extraction again).

    Same rules as ``import_documents``: bytes already in the register change nothing (``unchanged``); the
    document, its items, the links they make and the history entry are one transaction.
    """
    _seed(factory)
    source = Source(name=name, path=None, data=data, source_format=Path(name).suffix.lstrip(".").lower() or None)
    return _write(factory, source, extraction, actor, reviewed=True)


@dataclass(frozen=True, slots=True)
class Source:
    """The file a document came from: its name, where it was read (None for an upload) and its bytes."""

    name: str
    path: str | None
    data: bytes
    source_format: str | None

    @property
    def digest(self) -> str:
        return content_hash(self.data)


def _seed(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        if session.scalar(select(Province.id).limit(1)) is None:
            seed_provinces(session)


def _known(factory: sessionmaker[Session], digest: str) -> int | None:
    with factory() as session:
        return session.scalar(select(Document.id).where(Document.content_hash == digest))


def _import_one(factory: sessionmaker[Session], path: Path, actor: str) -> ImportOutcome:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, exc.strerror or "không mở được tệp") from exc
    known = _known(factory, content_hash(data))
    if known is not None:
        return ImportOutcome(str(path), UNCHANGED, document_id=known)
    document = read_document(path)
    metadata = extract_metadata(document)
    extraction = extract(document, metadata)
    source = Source(name=path.name, path=str(path.resolve()), data=data, source_format=document.source_format)
    outcome = _write(factory, source, extraction, actor, label=str(path))
    if not extraction.items and not outcome.message:
        outcome = replace(outcome, message=f"Không trích được mục nào: {why_empty(document)}")
    return outcome


def _write(factory: sessionmaker[Session], source: Source, extraction: Extraction, actor: str, *,
           label: str | None = None, reviewed: bool = False) -> ImportOutcome:
    """The one writing path: document, targets, results, links, status rows and history in one transaction."""
    label = label or source.name
    digest = source.digest
    known = _known(factory, digest)
    if known is not None:
        return ImportOutcome(label, UNCHANGED, document_id=known)
    try:
        with transaction(factory) as session:
            row = _document_row(session, source, digest, extraction)
            session.add(row)
            session.flush()
            ids = indicator_ids(session)
            targets, restated = restate(session, row, [_target_row(row, item, ids) for item in extraction.targets])
            results = [_actual_row(row, item, ids) for item in extraction.results]
            session.add_all(results)
            session.flush()
            attached = attach(session, {row.province_id} if row.province_id else set())
            places = {(a.province_id, a.indicator_id) for a in results}
            refresh_status(session, touched_by(session, [t.id for t in targets], places))
            data = {"path": source.path or source.name, "hash": digest, "targets": len(extraction.targets),
                    "results": len(results), "restated": restated}
            if reviewed:
                data["reviewed"] = True
            session.add(Change(actor=actor, action="import", table_name="documents", row_id=row.id, data=data))
            return ImportOutcome(label, IMPORTED, row.id, len(extraction.targets), len(results), attached,
                                 restated=restated)
    except IntegrityError:
        known = _known(factory, digest)  # someone imported the same bytes meanwhile
        if known is None:
            raise
        return ImportOutcome(label, UNCHANGED, document_id=known)


def _document_row(session: Session, source: Source, digest: str, extraction: Extraction) -> Document:
    meta = extraction.metadata
    province = find_province(session, meta.province)
    issuer = None
    if meta.issuer:
        issuer = session.scalar(select(IssuingBody).where(IssuingBody.name == meta.issuer))
        if issuer is None:
            issuer = IssuingBody(name=meta.issuer, province_id=province.id if province else None)
            session.add(issuer)
    congress = None
    years = period_years(meta.term)
    if province is not None and meta.term and years[0] is not None and years[1] is not None:
        congress = session.scalar(select(Congress).where(Congress.province_id == province.id,
                                                         Congress.term == meta.term))
        if congress is None:
            congress = Congress(province_id=province.id, ordinal=meta.congress, term=meta.term,
                                start_year=years[0], end_year=years[1])
            session.add(congress)
        elif congress.ordinal is None:
            congress.ordinal = meta.congress
    issued = None
    if meta.date:
        try:
            issued = date.fromisoformat(meta.date)
        except ValueError:
            issued = None
    return Document(
        content_hash=digest, name=source.name, source_path=source.path, source_format=source.source_format,
        source_bytes=source.data, doc_type=meta.doc_type, number=meta.number, issued_on=issued, title=meta.title,
        issuer=issuer, province=province, congress=congress, term=meta.term, plan_year=meta.plan_year,
        metadata_json=meta.to_dict(), item_count=len(extraction.items),
    )


def _link(item: Item, ids: dict[str, int]) -> tuple[int | None, float | None]:
    link = link_indicator(item.indicator, item.breakdown, item.unit)
    if link is None:
        return None, None
    return ids.get(link.code), round(link.score, 1)


def _table_source(item: Item) -> TableSource | None:
    """The table row an item was read from, or None for running text and for an item whose own cell says something
    else (a person corrected it): its cells no longer describe it."""
    if item.source is None:
        return None
    quantity = parse_cell(item.source.cells.result if item.kind is Kind.RESULT else item.source.cells.next_target)
    return item.source if (quantity.value if quantity else None) == item.value else None


def _table_cell(source: TableSource, role: str) -> str | None:
    column = source.cells.column(role)
    return None if column is None else TABLE_CELL.format(table=source.table, row=source.row, column=column)


def _target_row(document: Document, item: Item, ids: dict[str, int]) -> tuple[Target, TargetSource]:
    """The target an item states, and the item as its source (``restate`` decides whether the target is new)."""
    indicator_id, score = _link(item, ids)
    table_row = _table_source(item)
    start, end = period_years(item.period)
    target = Target(
        document_id=document.id, province_id=document.province_id, congress_id=document.congress_id,
        indicator_id=indicator_id, link_score=score, indicator_text=item.indicator, breakdown=item.breakdown,
        value=item.value, value_max=item.value_max, bound=item.bound.value,
        direction=item.direction.value if item.direction else None, unit=item.unit, period=item.period,
        period_start=start, period_end=end, quote=item.quote, line=item.line, main=item.main, section=item.section,
        cells=table_row.cells.written() if table_row else None,
    )
    return target, source_of(target, _table_cell(table_row, "next_target") if table_row else None)


def _actual_row(document: Document, item: Item, ids: dict[str, int]) -> Actual:
    indicator_id, _ = _link(item, ids)
    table_row = _table_source(item)
    return Actual(
        province_id=document.province_id, indicator_id=indicator_id, indicator_text=item.indicator,
        breakdown=item.breakdown, value=item.value, value_max=item.value_max, bound=item.bound.value,
        direction=item.direction.value if item.direction else None, unit=item.unit, period=item.period,
        vintage="estimate" if _is_estimate(item.quote) else "final", as_of=document.issued_on,
        stated_target=item.target_value, stated_verdict=item.verdict.value if item.verdict else None,
        source_kind="document", document_id=document.id, line=item.line, quote=item.quote,
        cells=table_row.cells.written() if table_row else None,
        table_cell=_table_cell(table_row, "result") if table_row else None,
    )


_VINTAGES = datafile(__file__, "vintages", {"estimate": WORDS})


@cache
def _estimate_words() -> tuple[str, ...]:
    return tuple(w.lower() for w in _VINTAGES.load()["estimate"])


def _is_estimate(quote: str) -> bool:
    """The document reports an estimate ("ước đạt"), not the final figure (data/vintages.yaml)."""
    folded = quote.lower()
    return any(word in folded for word in _estimate_words())
