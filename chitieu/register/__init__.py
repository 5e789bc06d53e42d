"""The register: documents, targets, actual values and their history in SQLite or PostgreSQL."""

from chitieu.register.api import Register, open_register
from chitieu.register.catalogue import link_indicator, load_catalogue
from chitieu.register.importer import ImportOutcome, import_documents
from chitieu.register.plan import plan_findings

__all__ = ["ImportOutcome", "Register", "import_documents", "link_indicator", "load_catalogue", "open_register",
           "plan_findings"]
