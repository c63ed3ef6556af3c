"""群聊巡查: saved chat reviews and their flagged messages (never the unflagged ones).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat_review",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("class_id", sa.Integer, sa.ForeignKey("class_group.id"), nullable=False),
        sa.Column("saved_at", sa.DateTime, nullable=False),
        sa.Column("period_start", sa.DateTime),
        sa.Column("period_end", sa.DateTime),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("message_count", sa.Integer, nullable=False),
        sa.Column("flagged_count", sa.Integer, nullable=False),
        sa.Column("by_rule", sa.JSON),
        sa.Column("events", sa.JSON),
        sa.Column("joined", sa.JSON),
        sa.Column("pending_closed", sa.JSON),
    )
    op.create_index("ix_chat_review_class_id", "chat_review", ["class_id"])
    op.create_index("ix_chat_review_saved_at", "chat_review", ["saved_at"])
    op.create_table(
        "chat_flagged_message",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("chat_review.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("sent_at", sa.DateTime),
        sa.Column("sender", sa.String(500)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("identity", sa.JSON),
        sa.Column("flags", sa.JSON),
    )
    op.create_index("ix_chat_flagged_message_review_id", "chat_flagged_message", ["review_id"])


def downgrade() -> None:
    op.drop_table("chat_flagged_message")
    op.drop_table("chat_review")
