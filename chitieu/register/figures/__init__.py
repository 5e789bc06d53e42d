"""A target's figures and what is judged from them: actual values and the rules every entry obeys (``actuals``),
the assessment of a target (``assess``), the precomputed statuses (``status``), the checks of a term plan
(``plan``), the feasibility evidence of proposed targets (``feasibility``) and the pages' read-side queries
(``queries``)."""

from chitieu.register.figures.actuals import (
    approve_actual,
    list_pending,
    return_actual,
    submit_actual,
)
from chitieu.register.figures.assess import assess_target
from chitieu.register.figures.feasibility import Evidence, target_feasibility
from chitieu.register.figures.queries import choices, indicator_targets, target_record, target_view

__all__ = ["Evidence", "approve_actual", "assess_target", "choices", "indicator_targets", "list_pending",
           "return_actual", "submit_actual", "target_feasibility", "target_record", "target_view"]
