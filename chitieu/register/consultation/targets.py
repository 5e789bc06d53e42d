"""The targets a consultation puts to the organisations: the reviewed ones when the same file went through review
(``chitieu.register.documents.review``: accepted, corrected and added items, and those not reviewed yet as they
were extracted; rejected ones left out), else those extracted from the draft.
From either, the draft's main list ("chỉ tiêu chủ yếu") when it has one, with every target a reviewer added."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from chitieu.extract import Item, Kind
from chitieu.register.db.workflow import StagedDocument
from chitieu.register.documents.review import KEPT


def _main(targets: Sequence[Item], added: Sequence[bool]) -> list[Item]:
    if not any(item.main for item in targets):
        return list(targets)
    return [item for item, by_hand in zip(targets, added, strict=True) if item.main or by_hand]


def reviewed_targets(session: Session, content_hash: str) -> list[Item] | None:
    """The reviewed targets of the latest upload of the same file whose review has begun; None when there is none
    (the file was never uploaded for review, was discarded, or none of its items is reviewed yet)."""
    staged = session.scalars(select(StagedDocument).where(StagedDocument.content_hash == content_hash,
                                                          StagedDocument.state != "discarded")
                             .order_by(StagedDocument.id.desc()))
    for upload in staged:
        if all(item.state == "pending" for item in upload.items):
            continue
        kept = [(Item.from_dict(item.data), item.state == "added") for item in upload.items
                if item.state in KEPT or item.state == "pending"]
        kept = [(item, by_hand) for item, by_hand in kept if item.kind is Kind.TARGET]
        return _main([item for item, _ in kept], [by_hand for _, by_hand in kept])
    return None


def consulted_targets(session: Session, content_hash: str, extracted: Sequence[Item]) -> tuple[list[Item], bool]:
    """The targets to consult on, and whether they are the reviewed ones; ``extracted``: the draft's items."""
    reviewed = reviewed_targets(session, content_hash)
    if reviewed is not None:
        return reviewed, True
    targets = [item for item in extracted if item.kind is Kind.TARGET]
    return _main(targets, [False] * len(targets)), False
