"""Web workflow: agencies, users, API tokens, target owners, staged documents and items, pending actual values.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def _fk(table: str, column: str, other: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{other}.id"], name=op.f(f"fk_{table}_{column}_{other}"))


def upgrade() -> None:
    op.create_table(
        "agencies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("province_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _fk("agencies", "province_id", "provinces"),
        _pk("agencies"),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=True),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("province_id", sa.Integer(), nullable=True),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _fk("users", "province_id", "provinces"),
        _fk("users", "agency_id", "agencies"),
        _pk("users"),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        _fk("api_tokens", "user_id", "users"),
        _pk("api_tokens"),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_user_id"), ["user_id"], unique=False)
    op.create_table(
        "target_owners",
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("assigned_by", sa.String(length=120), nullable=False),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        _fk("target_owners", "target_id", "targets"),
        _fk("target_owners", "agency_id", "agencies"),
        sa.PrimaryKeyConstraint("target_id", name=op.f("pk_target_owners")),
    )
    with op.batch_alter_table("target_owners", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_target_owners_agency_id"), ["agency_id"], unique=False)
    op.create_table(
        "staged_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("metadata_json", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("uploaded_by", sa.String(length=120), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        _fk("staged_documents", "document_id", "documents"),
        _pk("staged_documents"),
    )
    with op.batch_alter_table("staged_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staged_documents_content_hash"), ["content_hash"], unique=False)
    op.create_table(
        "staged_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staged_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("original", sa.JSON(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("reviewed_by", sa.String(length=120), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        _fk("staged_items", "staged_id", "staged_documents"),
        _pk("staged_items"),
    )
    with op.batch_alter_table("staged_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staged_items_staged_id"), ["staged_id"], unique=False)
    op.create_table(
        "pending_actuals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("period", sa.String(length=9), nullable=False),
        sa.Column("vintage", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("submitted_by", sa.String(length=120), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("reviewed_by", sa.String(length=120), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.Column("actual_id", sa.Integer(), nullable=True),
        _fk("pending_actuals", "target_id", "targets"),
        _fk("pending_actuals", "actual_id", "actuals"),
        _pk("pending_actuals"),
    )
    with op.batch_alter_table("pending_actuals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pending_actuals_target_id"), ["target_id"], unique=False)


def downgrade() -> None:
    for table, index in (("pending_actuals", "target_id"), ("staged_items", "staged_id"),
                         ("staged_documents", "content_hash"), ("target_owners", "agency_id"),
                         ("api_tokens", "user_id")):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_{index}"))
    for table in ("pending_actuals", "staged_items", "staged_documents", "target_owners", "api_tokens", "users",
                  "agencies"):
        op.drop_table(table)
