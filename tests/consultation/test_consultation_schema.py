"""Migration 0004 goes down and up again, on SQLite and on PostgreSQL; a consultation works on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import inspect

from chitieu.register.consultation import add_version, consolidate, create_consultation, diff_versions
from chitieu.register.db import current_revision
from chitieu.register.db.session import alembic_config
from tests.consultation.conftest import DEADLINE, DRAFT, OPENED
from tests.consultation.test_consultation import ORGS, _respond

TABLES = {"consultations", "consultation_versions", "consultation_sections", "consultation_targets",
          "consultation_questions", "consultation_invitees", "consultation_responses", "consultation_comments",
          "consultation_judgements"}


def _down_and_up(register) -> None:
    config = alembic_config(register.engine)
    command.downgrade(config, "0003")
    assert current_revision(register.engine) == "0003"
    assert not TABLES & set(inspect(register.engine).get_table_names())
    command.upgrade(config, "heads")  # other branches may wait for the lead to chain them
    assert set(inspect(register.engine).get_table_names()) >= TABLES


def test_migration_down_and_up_on_sqlite(register):
    _down_and_up(register)


@pytest.mark.postgres
def test_consultation_on_postgres(postgres_register):
    register = postgres_register
    created = create_consultation(register, "Báo cáo chính trị", "du-thao.txt", DRAFT.encode(), deadline=DEADLINE,
                                  invitees=ORGS, now=OPENED)
    _respond(register, created)
    report = consolidate(register, created.consultation_id, now=DEADLINE)
    assert [(t.responded, t.proposed_median) for t in report.targets] == [(4, 8), (3, 1150), (2, None), (1, None)]
    add_version(register, created.consultation_id, "lan-2.txt", DRAFT.replace("đạt 62%", "đạt 60%").encode(),
                now=DEADLINE + timedelta(days=1))
    assert [(c.kind, c.old.value, c.new.value) for c in diff_versions(register, created.consultation_id).changes] == [
        ("changed", 62, 60)]
    register.engine.dispose()
    _down_and_up(register)
