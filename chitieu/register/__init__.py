"""The register: documents, targets, actual values and their history in SQLite or PostgreSQL.

One subpackage per concern, each naming in its ``__init__`` what the outer layers (report, web, cli) may use:
``db`` (tables, sessions, migrations, backup), ``documents`` (import, review, catalogue, linking, provinces),
``figures`` (actual values and their rules, assessment, statuses, plan checks, page queries), ``accounts``
(users, agencies, permissions, tokens, throttling), ``corrections`` (people correcting committed documents,
targets and values) and ``consultation``. ``Register`` (``api.py``) is the one
object the register's own reads and writes go through (import, lists, assessment, plan checks, a named person's
value); the services that act for a signed-in ``Account`` are free functions taking a ``Register``."""

from chitieu.register.api import Register, open_register
from chitieu.register.documents.importer import ImportOutcome
from chitieu.register.scratch import clean_scratch, scratch_folder

__all__ = ["ImportOutcome", "Register", "clean_scratch", "open_register", "scratch_folder"]
