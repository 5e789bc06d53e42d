"""People correcting what extraction decided, after commit: a document's province, issuer, type, term and year
(``documents``); a target's every field, deleting it; correcting or deleting an actual value (``targets``); deciding
which of a target's disagreeing sources holds (``conflicts``). Each
is versioned (a stale edit is a ``ConflictError``), permitted by ``rules``, and recorded in the ``changes`` table."""

from chitieu.register.corrections.conflicts import decide_conflict
from chitieu.register.corrections.documents import (
    DOCUMENT_FIELDS,
    correct_document,
    document_record,
    document_types,
    province_names,
)
from chitieu.register.corrections.targets import (
    ACTUAL_FIELDS,
    TARGET_FIELDS,
    correct_actual,
    correct_target,
    correction_rights,
    delete_actual,
    delete_target,
)

__all__ = ["ACTUAL_FIELDS", "DOCUMENT_FIELDS", "TARGET_FIELDS", "correct_actual", "correct_document",
           "correct_target", "correction_rights", "decide_conflict", "delete_actual", "delete_target",
           "document_record", "document_types", "province_names"]
