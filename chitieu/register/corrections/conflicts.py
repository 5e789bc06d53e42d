"""A person deciding which of a target's disagreeing sources holds (``documents/conflicts.py`` lists them).

``decide_conflict`` marks the source whose figures hold (who, when), gives the target its value, range end,
comparator and unit, writes one ``Change`` row (``decide``, each field ``[old, new]``) and
refreshes the target's status, in one transaction, for the pages, ``/api`` and ``chitieu target decide`` alike.
A decision stays when the same documents are imported again, and when a restatement that agrees with the chosen
figure is added; a new source that disagrees with it opens the conflict again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm.attributes import flag_modified

from chitieu.errors import InvalidValueError
from chitieu.register.accounts.permissions import _target
from chitieu.register.corrections.rules import Actor, check_corrector, check_version, log_correction, name_of
from chitieu.register.db.models import TargetSource, utcnow
from chitieu.register.db.session import transaction
from chitieu.register.documents.conflicts import where_stated
from chitieu.register.documents.restatements import FIGURE, disagreeing
from chitieu.register.figures.actuals import conflicts_as_409
from chitieu.register.figures.status import refresh as refresh_status

if TYPE_CHECKING:
    from chitieu.register.api import Register


def decide_conflict(register: Register, actor: Actor, target_id: int, source_id: int, *,
                    expected_version: int | None = None) -> dict[str, Any]:
    """The figures of source ``source_id`` hold for the target: who may correct the target decides, on the version
    they saw. Returns the target's id, new version and the fields that changed, each ``[old, new]``."""
    with conflicts_as_409(target_id), transaction(register.factory) as session:
        target = _target(session, target_id)
        check_corrector(session, actor, target.province_id, "chỉ tiêu")
        check_version(target.version, expected_version, f"Chỉ tiêu số {target_id}")
        sources: Sequence[TargetSource] = target.sources
        chosen = next((s for s in sources if s.id == source_id), None)
        if chosen is None:
            raise InvalidValueError(f"Nguồn: chỉ tiêu số {target_id} không có nguồn số {source_id}.")
        if not disagreeing(sources):
            raise InvalidValueError(f"Nguồn: các nguồn của chỉ tiêu số {target_id} không mâu thuẫn, không cần chọn.")
        now = utcnow()
        for source in sources:
            source.chosen_by, source.chosen_at = (name_of(actor), now) if source is chosen else (None, None)
        changed = {name: (getattr(target, name), getattr(chosen, name)) for name in FIGURE
                   if getattr(target, name) != getattr(chosen, name)}
        for name, (_old, new) in changed.items():
            setattr(target, name, new)
        flag_modified(target, "value")  # a new version even when the target held the chosen figures already
        session.flush()
        log_correction(session, actor, "decide", "targets", target_id, changed, source_id=source_id,
                       quote=chosen.quote, where=where_stated(chosen))
        refresh_status(session, [target_id])
        return {"id": target_id, "version": target.version, "source_id": source_id,
                "changes": {k: list(v) for k, v in changed.items()}}
