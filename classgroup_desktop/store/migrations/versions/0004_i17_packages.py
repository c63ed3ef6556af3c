"""Report packages received by the school's supervisor, and their escalations.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "received_package",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("package_hash", sa.String(64), nullable=False),
        sa.Column("school", sa.String(200), nullable=False),
        sa.Column("class_name", sa.String(100), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("finalised_at", sa.String(20), nullable=False),
        sa.Column("finalised_by", sa.String(100)),
        sa.Column("chain_head", sa.String(64), nullable=False),
        sa.Column("app_version", sa.String(50), nullable=False),
        sa.Column("file_name", sa.String(300), nullable=False),
        sa.Column("received_at", sa.DateTime, nullable=False),
        sa.Column("snapshot", sa.JSON, nullable=False),
        sa.Column("evidence_included", sa.Boolean, nullable=False),
        sa.Column("superseded_by_id", sa.Integer, sa.ForeignKey("received_package.id")),
        sa.UniqueConstraint("package_hash"),
    )
    op.create_index("ix_received_package_class_name", "received_package", ["class_name"])
    op.create_index("ix_received_package_month", "received_package", ["month"])
    op.create_table(
        "received_escalation",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("package_id", sa.Integer, sa.ForeignKey("received_package.id"),
                  nullable=False),
        sa.Column("entry_id", sa.Integer, nullable=False),
        sa.Column("occurred_at", sa.String(20), nullable=False),
        sa.Column("member", sa.String(500)),
        sa.Column("rule_code", sa.String(20)),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("evidence", sa.JSON),
    )
    op.create_index("ix_received_escalation_package_id", "received_escalation", ["package_id"])


def downgrade() -> None:
    op.drop_table("received_escalation")
    op.drop_table("received_package")
