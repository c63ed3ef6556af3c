"""SQLAlchemy 2.0 ORM models. Alembic (store/migrations) owns the schema; keep both in step.

Revision 0001 holds the roster; 0002 adds settings, audits, identity confirmations, the
append-only log with its attachments, and finalised reports; 0003 the saved chat reviews; 0004
the report packages a school's supervisor received from teachers.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


# --- roster (revision 0001) -------------------------------------------------------------


class ClassGroupRow(Base):
    __tablename__ = "class_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    grade: Mapped[str | None] = mapped_column(String(50))
    school_year: Mapped[str | None] = mapped_column(String(20))
    wechat_group_name: Mapped[str | None] = mapped_column(String(200))
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # revision 0002: per-class naming policy (None = the school's default)
    naming_policy: Mapped[dict | None] = mapped_column(JSON, nullable=True)

    students: Mapped[list[StudentRow]] = relationship(
        back_populates="class_group", order_by="StudentRow.id"
    )
    teacher_roles: Mapped[list[TeacherRoleRow]] = relationship(back_populates="class_group")


class StudentRow(Base):
    __tablename__ = "student"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("class_group.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    student_no: Mapped[str | None] = mapped_column(String(50))
    gender: Mapped[str | None] = mapped_column(String(10))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    left_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    class_group: Mapped[ClassGroupRow] = relationship(back_populates="students")
    guardians: Mapped[list[GuardianRow]] = relationship(
        back_populates="student", order_by="GuardianRow.id", cascade="all, delete-orphan"
    )


class GuardianRow(Base):
    __tablename__ = "guardian"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), index=True)
    name: Mapped[str | None] = mapped_column(String(100))
    relation: Mapped[str | None] = mapped_column(String(20))
    phone: Mapped[str | None] = mapped_column(String(30))

    student: Mapped[StudentRow] = relationship(back_populates="guardians")


class TeacherRow(Base):
    __tablename__ = "teacher"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    subject: Mapped[str | None] = mapped_column(String(50))


class TeacherRoleRow(Base):
    """A teacher's role in one class: 班主任 (head) or 任课老师 (subject)."""

    __tablename__ = "teacher_role"
    __table_args__ = (UniqueConstraint("class_id", "teacher_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("class_group.id"), index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))  # core.roster.TeacherRole value
    subject: Mapped[str | None] = mapped_column(String(50))

    class_group: Mapped[ClassGroupRow] = relationship(back_populates="teacher_roles")
    teacher: Mapped[TeacherRow] = relationship()


# --- settings, audits, log, reports (revision 0002) -------------------------------------


class SettingRow(Base):
    """School-wide settings as JSON values (school name, teacher name, policies, templates)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[dict | list | str | int | None] = mapped_column(JSON)


class AuditRow(Base):
    """One check of the group's member list at a point in time."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("class_group.id"), index=True)
    taken_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    source: Mapped[str] = mapped_column(String(200))
    total: Mapped[int] = mapped_column(Integer)
    ok: Mapped[int] = mapped_column(Integer)
    rename: Mapped[int] = mapped_column(Integer)
    unknown: Mapped[int] = mapped_column(Integer)
    findings: Mapped[dict | None] = mapped_column(JSON)  # class-level findings

    members: Mapped[list[AuditMemberRow]] = relationship(
        back_populates="audit", order_by="AuditMemberRow.position", cascade="all, delete-orphan"
    )


class AuditMemberRow(Base):
    __tablename__ = "audit_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    nickname: Mapped[str] = mapped_column(String(500))  # verbatim
    normalized: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20))
    identity: Mapped[dict | None] = mapped_column(JSON)
    suggestion: Mapped[str | None] = mapped_column(String(200))
    flags: Mapped[list | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)

    audit: Mapped[AuditRow] = relationship(back_populates="members")


class IdentityConfirmationRow(Base):
    """A teacher's by-hand confirmation of who a nickname is; applies until revoked."""

    __tablename__ = "identity_confirmation"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("class_group.id"), index=True)
    nickname_key: Mapped[str] = mapped_column(String(500), index=True)
    nickname: Mapped[str] = mapped_column(String(500))
    confirmed_as: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    confirmed_by: Mapped[str | None] = mapped_column(String(100))
    confirmed_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class AttachmentRow(Base):
    """Evidence content, stored once by SHA-256 and never modified."""

    __tablename__ = "attachment"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class LogEntryRow(Base):
    """Append-only event log entry, chained by hash to the previous entry of the database."""

    __tablename__ = "log_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("class_group.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    member_nickname: Mapped[str | None] = mapped_column(String(500))
    member_identity: Mapped[dict | None] = mapped_column(JSON)
    rule_code: Mapped[str | None] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text, default="")
    occurred_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str | None] = mapped_column(String(100))
    voids_entry_id: Mapped[int | None] = mapped_column(ForeignKey("log_entry.id"))
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)

    attachments: Mapped[list[LogAttachmentRow]] = relationship(
        back_populates="entry", order_by="LogAttachmentRow.id"
    )


class LogAttachmentRow(Base):
    __tablename__ = "log_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("log_entry.id"), index=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("attachment.sha256"))
    file_name: Mapped[str] = mapped_column(String(300))

    entry: Mapped[LogEntryRow] = relationship(back_populates="attachments")


class FinalReportRow(Base):
    """A finalised (定稿) monthly report: the data snapshot and its hash, reprinted as is."""

    __tablename__ = "final_report"
    __table_args__ = (UniqueConstraint("scope", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(120))  # "class:<id>" or "school"
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    finalised_at: Mapped[datetime] = mapped_column(DateTime)
    finalised_by: Mapped[str | None] = mapped_column(String(100))
    snapshot: Mapped[dict] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))


# --- chat reviews (revision 0003) ---------------------------------------------------------


class ChatReviewRow(Base):
    """One saved 群聊巡查: the period, counts, flags by rule and the system events.

    Only flagged messages are kept (``ChatFlaggedMessageRow``); unflagged messages are parents'
    private words and are never stored.
    """

    __tablename__ = "chat_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("class_group.id"), index=True)
    saved_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    period_start: Mapped[datetime | None] = mapped_column(DateTime)
    period_end: Mapped[datetime | None] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(200))
    message_count: Mapped[int] = mapped_column(Integer)
    flagged_count: Mapped[int] = mapped_column(Integer)
    by_rule: Mapped[dict | None] = mapped_column(JSON)
    events: Mapped[list | None] = mapped_column(JSON)  # [{type, actor, members, time, text}]
    joined: Mapped[list | None] = mapped_column(JSON)  # [{nickname, invited_by}]
    pending_closed: Mapped[list | None] = mapped_column(JSON)

    flagged: Mapped[list[ChatFlaggedMessageRow]] = relationship(
        back_populates="review", order_by="ChatFlaggedMessageRow.position",
        cascade="all, delete-orphan",
    )


class ChatFlaggedMessageRow(Base):
    __tablename__ = "chat_flagged_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("chat_review.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    sender: Mapped[str | None] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    identity: Mapped[dict | None] = mapped_column(JSON)
    flags: Mapped[list | None] = mapped_column(JSON)

    review: Mapped[ChatReviewRow] = relationship(back_populates="flagged")


# --- received report packages (revision 0004) ---------------------------------------------


class ReceivedPackageRow(Base):
    """A class's finalised month received as a report package (月报包) on the supervisor's side.

    One row per distinct package (``package_hash`` is the SHA-256 of the verified report JSON
    and the finalisation time): importing the same file again finds this row and adds nothing.
    A later finalisation of the same class and month sets ``superseded_by_id`` on the earlier row.
    """

    __tablename__ = "received_package"
    __table_args__ = (UniqueConstraint("package_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    package_hash: Mapped[str] = mapped_column(String(64))
    school: Mapped[str] = mapped_column(String(200))
    class_name: Mapped[str] = mapped_column(String(100), index=True)
    month: Mapped[str] = mapped_column(String(7), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    finalised_at: Mapped[str] = mapped_column(String(20))
    finalised_by: Mapped[str | None] = mapped_column(String(100))
    chain_head: Mapped[str] = mapped_column(String(64))
    app_version: Mapped[str] = mapped_column(String(50))
    file_name: Mapped[str] = mapped_column(String(300))
    received_at: Mapped[datetime] = mapped_column(DateTime)
    snapshot: Mapped[dict] = mapped_column(JSON)
    evidence_included: Mapped[bool] = mapped_column(Boolean, default=False)
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("received_package.id"))

    escalations: Mapped[list[ReceivedEscalationRow]] = relationship(
        back_populates="package", order_by="ReceivedEscalationRow.id",
        cascade="all, delete-orphan",
    )


class ReceivedEscalationRow(Base):
    """An escalation (上报) of a received package: the teacher's log entry, masked as printed."""

    __tablename__ = "received_escalation"

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("received_package.id"), index=True)
    entry_id: Mapped[int] = mapped_column(Integer)  # the id in the teacher's own log
    occurred_at: Mapped[str] = mapped_column(String(20))
    member: Mapped[str | None] = mapped_column(String(500))
    rule_code: Mapped[str | None] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[list | None] = mapped_column(JSON)  # [{file_name, sha256, included}]

    package: Mapped[ReceivedPackageRow] = relationship(back_populates="escalations")
