"""Handoff tickets: residents waiting for a person (desk or call-back).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 10:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import municipal_api.core.db

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "handoff_tickets",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("prefix", sa.String(length=4), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("conversation_id", sa.String(length=128), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("contact_phone", sa.String(length=40), nullable=True),
        sa.Column("reply_from", sa.String(length=40), nullable=True),
        sa.Column("created_at", municipal_api.core.db.UTCDateTime(), nullable=False),
        sa.Column("taken_at", municipal_api.core.db.UTCDateTime(), nullable=True),
        sa.Column("taken_by", sa.String(length=64), nullable=True),
        sa.Column("closed_at", municipal_api.core.db.UTCDateTime(), nullable=True),
        sa.Column("closed_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("day", "prefix", "sequence", name="uq_handoff_day_prefix_sequence"),
    )
    op.create_index("ix_handoff_status_created", "handoff_tickets", ["status", "created_at"], unique=False)
    op.create_index("uq_handoff_open_conversation", "handoff_tickets", ["conversation_id"], unique=True,
                    sqlite_where=sa.text("status != 'closed'"), postgresql_where=sa.text("status != 'closed'"))


def downgrade() -> None:
    op.drop_index("uq_handoff_open_conversation", table_name="handoff_tickets")
    op.drop_index("ix_handoff_status_created", table_name="handoff_tickets")
    op.drop_table("handoff_tickets")
