"""Roster: class groups, students, guardians, teachers and their roles.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "class_group",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("grade", sa.String(50)),
        sa.Column("school_year", sa.String(20)),
        sa.Column("wechat_group_name", sa.String(200)),
        sa.Column("archived", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "student",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("class_id", sa.Integer, sa.ForeignKey("class_group.id"), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("student_no", sa.String(50)),
        sa.Column("gender", sa.String(10)),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("left_at", sa.DateTime),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_student_class_id", "student", ["class_id"])
    op.create_table(
        "guardian",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("student_id", sa.Integer, sa.ForeignKey("student.id"), nullable=False),
        sa.Column("name", sa.String(100)),
        sa.Column("relation", sa.String(20)),
        sa.Column("phone", sa.String(30)),
    )
    op.create_index("ix_guardian_student_id", "guardian", ["student_id"])
    op.create_table(
        "teacher",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("subject", sa.String(50)),
    )
    op.create_table(
        "teacher_role",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("class_id", sa.Integer, sa.ForeignKey("class_group.id"), nullable=False),
        sa.Column("teacher_id", sa.Integer, sa.ForeignKey("teacher.id"), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("subject", sa.String(50)),
        sa.UniqueConstraint("class_id", "teacher_id"),
    )
    op.create_index("ix_teacher_role_class_id", "teacher_role", ["class_id"])
    op.create_index("ix_teacher_role_teacher_id", "teacher_role", ["teacher_id"])


def downgrade() -> None:
    for table in ("teacher_role", "teacher", "guardian", "student", "class_group"):
        op.drop_table(table)
