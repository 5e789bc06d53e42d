"""The register's storage: every table (``models`` the register's own, ``workflow`` accounts, staging, pending values
and failed sign-ins, ``status`` the precomputed statuses, ``consultation`` the consultations), engines and
sessions, the Alembic migrations (``migrations/``) and backup/restore of the whole database."""

from chitieu.register.db.backup import BackupInfo, backup_database, inspect_backup, restore_database
from chitieu.register.db.consultation import JUDGEMENTS
from chitieu.register.db.models import Actual, Congress, Document, Indicator, Target, TargetSource
from chitieu.register.db.session import current_revision, make_engine, upgrade

__all__ = ["JUDGEMENTS", "Actual", "BackupInfo", "Congress", "Document", "Indicator", "Target", "TargetSource",
           "backup_database", "current_revision", "inspect_backup", "make_engine", "restore_database", "upgrade"]
