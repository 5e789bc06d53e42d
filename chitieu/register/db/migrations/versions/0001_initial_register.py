"""Initial register: provinces, bodies, congresses, documents, indicators, targets, actuals, changes.

Revision ID: 0001
Revises:
Create Date: 2025-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_SQLITE_GUARDS = [
    "CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes BEGIN SELECT RAISE(ABORT, 'append-only'); END",
    "CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes BEGIN SELECT RAISE(ABORT, 'append-only'); END",
]
_POSTGRES_GUARDS = [
    "CREATE FUNCTION changes_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'changes is append-only'; END $$",
    "CREATE TRIGGER changes_no_update BEFORE UPDATE OR DELETE ON changes "
    "FOR EACH ROW EXECUTE FUNCTION changes_append_only()",
]


def _guard_changes() -> None:
    """The history table refuses UPDATE and DELETE in the database itself."""
    dialect = op.get_bind().dialect.name
    for statement in _SQLITE_GUARDS if dialect == "sqlite" else _POSTGRES_GUARDS if dialect == "postgresql" else []:
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_changes")),
    )
    op.create_table(
        "indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=True),
        sa.Column("direction", sa.String(length=8), nullable=True),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicators")),
        sa.UniqueConstraint("code", name=op.f("uq_indicators_code")),
    )
    op.create_table(
        "provinces",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("official_name", sa.String(length=120), nullable=True),
        sa.Column("package_code", sa.Integer(), nullable=True),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("successor_id", sa.Integer(), nullable=True),
        sa.Column("merged_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["successor_id"], ["provinces.id"], name=op.f("fk_provinces_successor_id_provinces")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provinces")),
        sa.UniqueConstraint("name", name=op.f("uq_provinces_name")),
    )
    op.create_table(
        "congresses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("province_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.String(length=10), nullable=True),
        sa.Column("term", sa.String(length=9), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("end_year", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["province_id"], ["provinces.id"], name=op.f("fk_congresses_province_id_provinces")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_congresses")),
        sa.UniqueConstraint("province_id", "term", name="province_term"),
    )
    op.create_table(
        "issuing_bodies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("province_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["province_id"], ["provinces.id"], name=op.f("fk_issuing_bodies_province_id_provinces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issuing_bodies")),
        sa.UniqueConstraint("name", name=op.f("uq_issuing_bodies_name")),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("source_path", sa.Text(), nullable=True),
        sa.Column("source_format", sa.String(length=20), nullable=True),
        sa.Column("source_bytes", sa.LargeBinary(), nullable=False),
        sa.Column("doc_type", sa.String(length=40), nullable=True),
        sa.Column("number", sa.String(length=60), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("issuer_id", sa.Integer(), nullable=True),
        sa.Column("province_id", sa.Integer(), nullable=True),
        sa.Column("congress_id", sa.Integer(), nullable=True),
        sa.Column("term", sa.String(length=9), nullable=True),
        sa.Column("plan_year", sa.Integer(), nullable=True),
        sa.Column("metadata_json", sa.JSON(), nullable=False),
        sa.Column("item_count", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["congress_id"], ["congresses.id"], name=op.f("fk_documents_congress_id_congresses")),
        sa.ForeignKeyConstraint(
            ["issuer_id"], ["issuing_bodies.id"], name=op.f("fk_documents_issuer_id_issuing_bodies")
        ),
        sa.ForeignKeyConstraint(["province_id"], ["provinces.id"], name=op.f("fk_documents_province_id_provinces")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_documents_content_hash")),
    )
    op.create_table(
        "targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("province_id", sa.Integer(), nullable=True),
        sa.Column("congress_id", sa.Integer(), nullable=True),
        sa.Column("indicator_id", sa.Integer(), nullable=True),
        sa.Column("link_score", sa.Float(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("indicator_text", sa.Text(), nullable=False),
        sa.Column("breakdown", sa.Text(), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("value_max", sa.Float(), nullable=True),
        sa.Column("bound", sa.String(length=12), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=True),
        sa.Column("unit", sa.String(length=40), nullable=True),
        sa.Column("period", sa.String(length=9), nullable=True),
        sa.Column("period_start", sa.Integer(), nullable=True),
        sa.Column("period_end", sa.Integer(), nullable=True),
        sa.Column("baseline_value", sa.Float(), nullable=True),
        sa.Column("baseline_year", sa.Integer(), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("main", sa.Boolean(), nullable=False),
        sa.Column("section", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["congress_id"], ["congresses.id"], name=op.f("fk_targets_congress_id_congresses")),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name=op.f("fk_targets_document_id_documents")),
        sa.ForeignKeyConstraint(["indicator_id"], ["indicators.id"], name=op.f("fk_targets_indicator_id_indicators")),
        sa.ForeignKeyConstraint(["parent_id"], ["targets.id"], name=op.f("fk_targets_parent_id_targets")),
        sa.ForeignKeyConstraint(["province_id"], ["provinces.id"], name=op.f("fk_targets_province_id_provinces")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_targets")),
    )
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_targets_document_id"), ["document_id"], unique=False)
        batch_op.create_index("ix_targets_indicator_province", ["indicator_id", "province_id"], unique=False)
        batch_op.create_index("ix_targets_province_period", ["province_id", "period"], unique=False)

    op.create_table(
        "actuals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("province_id", sa.Integer(), nullable=True),
        sa.Column("indicator_id", sa.Integer(), nullable=True),
        sa.Column("indicator_text", sa.Text(), nullable=False),
        sa.Column("breakdown", sa.Text(), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("value_max", sa.Float(), nullable=True),
        sa.Column("bound", sa.String(length=12), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=True),
        sa.Column("unit", sa.String(length=40), nullable=True),
        sa.Column("period", sa.String(length=9), nullable=True),
        sa.Column("vintage", sa.String(length=10), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("stated_target", sa.Text(), nullable=True),
        sa.Column("stated_verdict", sa.String(length=10), nullable=True),
        sa.Column("source_kind", sa.String(length=10), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("table_cell", sa.String(length=40), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("entered_by", sa.String(length=120), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name=op.f("fk_actuals_document_id_documents")),
        sa.ForeignKeyConstraint(["indicator_id"], ["indicators.id"], name=op.f("fk_actuals_indicator_id_indicators")),
        sa.ForeignKeyConstraint(["province_id"], ["provinces.id"], name=op.f("fk_actuals_province_id_provinces")),
        sa.ForeignKeyConstraint(["target_id"], ["targets.id"], name=op.f("fk_actuals_target_id_targets")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actuals")),
    )
    with op.batch_alter_table("actuals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actuals_document_id"), ["document_id"], unique=False)
        batch_op.create_index("ix_actuals_target_period", ["target_id", "period"], unique=False)

    _guard_changes()


def downgrade() -> None:
    with op.batch_alter_table("actuals", schema=None) as batch_op:
        batch_op.drop_index("ix_actuals_target_period")
        batch_op.drop_index(batch_op.f("ix_actuals_document_id"))

    op.drop_table("actuals")
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.drop_index("ix_targets_province_period")
        batch_op.drop_index("ix_targets_indicator_province")
        batch_op.drop_index(batch_op.f("ix_targets_document_id"))

    op.drop_table("targets")
    op.drop_table("documents")
    op.drop_table("issuing_bodies")
    op.drop_table("congresses")
    op.drop_table("provinces")
    op.drop_table("indicators")
    op.drop_table("changes")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS changes_append_only()")
