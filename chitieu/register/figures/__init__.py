"""A target's figures and what is judged from them: actual values and the rules every entry obeys (``actuals``),
the assessment of a target (``assess``), the precomputed statuses (``status``), the checks of a term plan
(``plan``), the feasibility evidence of proposed targets (``feasibility``) and the pages' read-side queries
(``queries``)."""

from chitieu.register.figures.actuals import (
    Entry,
    Outcome,
    approve_actual,
    approve_many,
    list_pending,
    resend_actual,
    return_actual,
    return_many,
    submit_actual,
    submit_entries,
)
from chitieu.register.figures.assess import assess_target
from chitieu.register.figures.feasibility import Evidence, target_feasibility
from chitieu.register.figures.queries import choices, indicator_targets, target_record, target_view

__all__ = ["Entry", "Evidence", "Outcome", "approve_actual", "approve_many", "assess_target", "choices",
           "indicator_targets", "list_pending", "resend_actual", "return_actual", "return_many", "submit_actual",
           "submit_entries", "target_feasibility", "target_record", "target_view"]
