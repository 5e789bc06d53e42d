"""The register: documents, targets, actual values and their history in SQLite or PostgreSQL.

One subpackage per concern, each naming in its ``__init__`` what the outer layers (report, web, cli) may use:
``db`` (tables, sessions, migrations, backup), ``documents`` (import, review, catalogue, linking, provinces),
``figures`` (actual values and their rules, assessment, statuses, plan checks, page queries), ``accounts``
(users, agencies, permissions, tokens, throttling) and ``consultation``. ``Register`` (``api.py``) is the one
object every write goes through."""

from chitieu.register.api import Register, open_register
from chitieu.register.documents.catalogue import link_indicator, load_catalogue
from chitieu.register.documents.importer import ImportOutcome, import_documents
from chitieu.register.figures.plan import plan_findings
from chitieu.register.scratch import clean_scratch, scratch_folder

__all__ = ["ImportOutcome", "Register", "clean_scratch", "import_documents", "link_indicator", "load_catalogue",
           "open_register", "plan_findings", "scratch_folder"]
