"""Documents in the register: importing them (``importer``), staging an upload for review (``review``, used as a
namespace: ``review.stage_document``, ``review.commit``...), the indicator catalogue (``catalogue``,
``data/indicators.yaml``), links between results and targets (``linking``), a target's statements in several documents
(``restatements``) and those that disagree (``conflicts``), and provinces with the 2025 mergers
(``provinces``)."""

from chitieu.register.documents import review
from chitieu.register.documents.catalogue import fold, link_indicator, load_catalogue
from chitieu.register.documents.conflicts import list_conflicts, sources_of
from chitieu.register.documents.importer import ImportOutcome
from chitieu.register.documents.linking import period_years
from chitieu.register.documents.provinces import find_province, predecessors
from chitieu.register.documents.restatements import agree, open_conflict

__all__ = ["ImportOutcome", "agree", "find_province", "fold", "link_indicator", "list_conflicts", "load_catalogue",
           "open_conflict", "period_years", "predecessors", "review", "sources_of"]
