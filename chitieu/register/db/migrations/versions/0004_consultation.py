"""Consultation on draft documents: consultations, versions, sections, targets, questions, invitees, responses,
comments and judgements (``chitieu/register/consultation.py``).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_INDEXES = (("consultation_sections", "version_id"), ("consultation_targets", "version_id"),
            ("consultation_questions", "consultation_id"), ("consultation_responses", "version_id"),
            ("consultation_comments", "response_id"), ("consultation_judgements", "target_id"))


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def _fk(table: str, column: str, other: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{other}.id"], name=op.f(f"fk_{table}_{column}_{other}"))


def _uq(table: str, *columns: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns, name=op.f(f"uq_{table}_{columns[0]}"))


def upgrade() -> None:
    op.create_table(
        "consultations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("issuer", sa.String(length=200), nullable=True),
        sa.Column("deadline", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _pk("consultations"),
    )
    op.create_table(
        "consultation_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("source_format", sa.String(length=20), nullable=True),
        sa.Column("uploaded_by", sa.String(length=120), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        _fk("consultation_versions", "consultation_id", "consultations"),
        _pk("consultation_versions"),
        _uq("consultation_versions", "consultation_id", "number"),
    )
    op.create_table(
        "consultation_sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("marker", sa.String(length=40), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("end_line", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _fk("consultation_sections", "version_id", "consultation_versions"),
        _pk("consultation_sections"),
    )
    op.create_table(
        "consultation_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.Text(), nullable=False),
        sa.Column("breakdown", sa.Text(), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("value_max", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=40), nullable=True),
        sa.Column("bound", sa.String(length=12), nullable=False),
        sa.Column("period", sa.String(length=9), nullable=True),
        sa.Column("main", sa.Boolean(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        _fk("consultation_targets", "version_id", "consultation_versions"),
        _fk("consultation_targets", "section_id", "consultation_sections"),
        _pk("consultation_targets"),
    )
    op.create_table(
        "consultation_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("part", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        _fk("consultation_questions", "consultation_id", "consultations"),
        _pk("consultation_questions"),
    )
    op.create_table(
        "consultation_invitees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("invited_by", sa.String(length=120), nullable=False),
        sa.Column("invited_at", sa.DateTime(), nullable=False),
        _fk("consultation_invitees", "consultation_id", "consultations"),
        _fk("consultation_invitees", "user_id", "users"),
        _pk("consultation_invitees"),
        _uq("consultation_invitees", "consultation_id", "name"),
        _uq("consultation_invitees", "token_hash"),
    )
    op.create_table(
        "consultation_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invitee_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("submitted_by", sa.String(length=120), nullable=True),
        _fk("consultation_responses", "invitee_id", "consultation_invitees"),
        _fk("consultation_responses", "version_id", "consultation_versions"),
        _pk("consultation_responses"),
        _uq("consultation_responses", "invitee_id", "version_id"),
    )
    op.create_table(
        "consultation_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=True),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        _fk("consultation_comments", "response_id", "consultation_responses"),
        _fk("consultation_comments", "section_id", "consultation_sections"),
        _fk("consultation_comments", "target_id", "consultation_targets"),
        _pk("consultation_comments"),
    )
    op.create_table(
        "consultation_judgements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("proposed_value", sa.Float(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        _fk("consultation_judgements", "response_id", "consultation_responses"),
        _fk("consultation_judgements", "target_id", "consultation_targets"),
        _pk("consultation_judgements"),
        _uq("consultation_judgements", "response_id", "target_id"),
    )
    for table, column in _INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def downgrade() -> None:
    for table, column in _INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
    for table in ("consultation_judgements", "consultation_comments", "consultation_responses",
                  "consultation_invitees", "consultation_questions", "consultation_targets", "consultation_sections",
                  "consultation_versions", "consultations"):
        op.drop_table(table)
