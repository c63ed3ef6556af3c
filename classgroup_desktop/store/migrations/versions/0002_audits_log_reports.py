"""Settings, naming policy per class, audits, identity confirmations, log, final reports.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("class_group") as batch:
        batch.add_column(sa.Column("naming_policy", sa.JSON, nullable=True))

    op.create_table(
        "setting",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.JSON),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("class_id", sa.Integer, sa.ForeignKey("class_group.id"), nullable=False),
        sa.Column("taken_at", sa.DateTime, nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("ok", sa.Integer, nullable=False),
        sa.Column("rename", sa.Integer, nullable=False),
        sa.Column("unknown", sa.Integer, nullable=False),
        sa.Column("findings", sa.JSON),
    )
    op.create_index("ix_audit_class_id", "audit", ["class_id"])
    op.create_index("ix_audit_taken_at", "audit", ["taken_at"])
    op.create_table(
        "audit_member",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("audit_id", sa.Integer, sa.ForeignKey("audit.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("nickname", sa.String(500), nullable=False),
        sa.Column("normalized", sa.String(500), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("identity", sa.JSON),
        sa.Column("suggestion", sa.String(200)),
        sa.Column("flags", sa.JSON),
        sa.Column("reason", sa.Text),
    )
    op.create_index("ix_audit_member_audit_id", "audit_member", ["audit_id"])
    op.create_table(
        "identity_confirmation",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("class_id", sa.Integer, sa.ForeignKey("class_group.id"), nullable=False),
        sa.Column("nickname_key", sa.String(500), nullable=False),
        sa.Column("nickname", sa.String(500), nullable=False),
        sa.Column("confirmed_as", sa.String(200), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("confirmed_by", sa.String(100)),
        sa.Column("confirmed_at", sa.DateTime, nullable=False),
        sa.Column("revoked_at", sa.DateTime),
    )
    op.create_index("ix_identity_confirmation_class_id", "identity_confirmation", ["class_id"])
    op.create_index(
        "ix_identity_confirmation_nickname_key", "identity_confirmation", ["nickname_key"]
    )
    op.create_table(
        "attachment",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "log_entry",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("class_id", sa.Integer, sa.ForeignKey("class_group.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("member_nickname", sa.String(500)),
        sa.Column("member_identity", sa.JSON),
        sa.Column("rule_code", sa.String(20)),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("occurred_at", sa.DateTime, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("recorded_by", sa.String(100)),
        sa.Column("voids_entry_id", sa.Integer, sa.ForeignKey("log_entry.id")),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("entry_hash", sa.String(64), nullable=False, unique=True),
    )
    op.create_index("ix_log_entry_class_id", "log_entry", ["class_id"])
    op.create_index("ix_log_entry_occurred_at", "log_entry", ["occurred_at"])
    op.create_table(
        "log_attachment",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("log_entry.id"), nullable=False),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("attachment.sha256"), nullable=False),
        sa.Column("file_name", sa.String(300), nullable=False),
    )
    op.create_index("ix_log_attachment_entry_id", "log_attachment", ["entry_id"])
    op.create_table(
        "final_report",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("scope", sa.String(120), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("finalised_at", sa.DateTime, nullable=False),
        sa.Column("finalised_by", sa.String(100)),
        sa.Column("snapshot", sa.JSON, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("scope", "month"),
    )


def downgrade() -> None:
    for table in (
        "final_report",
        "log_attachment",
        "log_entry",
        "attachment",
        "identity_confirmation",
        "audit_member",
        "audit",
        "setting",
    ):
        op.drop_table(table)
    with op.batch_alter_table("class_group") as batch:
        batch.drop_column("naming_policy")
