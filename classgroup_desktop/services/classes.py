"""Class groups: listing, lookup by name, create/rename/archive, and the roster as core sees it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from classgroup_desktop.core.errors import ConflictError, NotFoundError, UserError
from classgroup_desktop.core.roster import (
    ClassRoster,
    Guardian,
    Student,
    Teacher,
    TeacherRole,
    class_key,
    class_sort_key,
)
from classgroup_desktop.services.text_limits import check_text
from classgroup_desktop.store.db import Database
from classgroup_desktop.store.models import ClassGroupRow, StudentRow, TeacherRoleRow

# The editable details of a class, with the names messages give them.
_DETAIL_LABELS = {"grade": "年级", "school_year": "学年", "wechat_group_name": "微信群名称"}


def check_class_texts(name: str | None = None, **fields: str | None) -> None:
    """BadInputError if the class name or a detail is longer than its column holds."""
    check_text(name, ClassGroupRow.name, "班级名称")
    for key, value in fields.items():
        if key not in _DETAIL_LABELS:
            raise ValueError(key)
        check_text(value, getattr(ClassGroupRow, key), _DETAIL_LABELS[key])


@dataclass(frozen=True, slots=True)
class ClassSummary:
    id: int
    name: str
    grade: str | None
    school_year: str | None
    wechat_group_name: str | None
    archived: bool
    students: int  # active students
    head_teacher: str | None


def find_class(session: Session, name: str) -> ClassGroupRow:
    """The class group called ``name``: exact, else by ``class_key`` (spaces, bracket widths,
    case ignored, as the importer does); NotFoundError otherwise."""
    wanted = name.strip()
    row = session.scalar(select(ClassGroupRow).where(ClassGroupRow.name == wanted))
    if row is None:
        key = class_key(wanted)
        for candidate in session.scalars(select(ClassGroupRow)):
            if class_key(candidate.name) == key:
                return candidate
        raise NotFoundError(
            f"找不到班级“{wanted}”。请先导入该班花名册，或用 classes 命令查看已有班级。"
        )
    return row


def _refuse_taken(session: Session, name: str, *, but: int | None = None) -> None:
    """ConflictError if another class has this name, or a spelling of it (``class_key``:
    三年级(2)班 is 三(2)班) — a second class next to the first would split its history."""
    key = class_key(name)
    for row in session.scalars(select(ClassGroupRow).order_by(ClassGroupRow.id)):
        if row.id == but:
            continue
        if row.name == name:
            raise ConflictError(f"已有名为“{name}”的班级，请换一个名称。")
        if class_key(row.name) == key:
            raise ConflictError(
                f"已有班级“{row.name}”，与“{name}”是同一个班级（只是写法不同）。"
                "请直接使用该班级，或换一个名称。"
            )


def list_classes(db: Database, *, include_archived: bool = True) -> list[ClassSummary]:
    """Every class group, by name, with its active-student count and head teacher."""
    with db.read() as s:
        counts = dict(
            s.execute(
                select(StudentRow.class_id, func.count())
                .where(StudentRow.active.is_(True))
                .group_by(StudentRow.class_id)
            ).all()
        )
        heads: dict[int, str] = {}
        for role in s.scalars(
            select(TeacherRoleRow)
            .where(TeacherRoleRow.role == TeacherRole.HEAD.value)
            .options(selectinload(TeacherRoleRow.teacher))
        ):
            heads.setdefault(role.class_id, role.teacher.name)
        query = select(ClassGroupRow).order_by(ClassGroupRow.name)
        if not include_archived:
            query = query.where(ClassGroupRow.archived.is_(False))
        summaries = [
            ClassSummary(
                id=c.id,
                name=c.name,
                grade=c.grade,
                school_year=c.school_year,
                wechat_group_name=c.wechat_group_name,
                archived=c.archived,
                students=counts.get(c.id, 0),
                head_teacher=heads.get(c.id),
            )
            for c in s.scalars(query)
        ]
        return sorted(summaries, key=lambda c: class_sort_key(c.name))


def roster_of(session: Session, row: ClassGroupRow) -> ClassRoster:
    """The class's active students (with guardians) and teachers, as core shapes."""
    students = session.scalars(
        select(StudentRow)
        .where(StudentRow.class_id == row.id, StudentRow.active.is_(True))
        .options(selectinload(StudentRow.guardians))
        .order_by(StudentRow.id)
    ).all()
    roles = session.scalars(
        select(TeacherRoleRow)
        .where(TeacherRoleRow.class_id == row.id)
        .options(selectinload(TeacherRoleRow.teacher))
        .order_by(TeacherRoleRow.id)
    ).all()
    return ClassRoster(
        class_name=row.name,
        students=tuple(
            Student(
                name=st.name,
                student_no=st.student_no,
                gender=st.gender,
                guardians=tuple(Guardian(g.name, g.relation, g.phone) for g in st.guardians),
                active=st.active,
            )
            for st in students
        ),
        teachers=tuple(
            Teacher(
                name=r.teacher.name,
                subject=r.subject or r.teacher.subject,
                role=TeacherRole(r.role),
            )
            for r in roles
        ),
    )


def load_roster(db: Database, class_name: str) -> ClassRoster:
    """The roster of the class called ``class_name`` (NotFoundError if there is none)."""
    with db.read() as s:
        return roster_of(s, find_class(s, class_name))


def create_class(db: Database, name: str, **fields: str | None) -> ClassSummary:
    """A new, empty class group; ConflictError if the name is taken."""
    name = name.strip()
    if not name:
        raise UserError("班级名称不能为空。")
    check_class_texts(name, **fields)
    with db.session() as s:
        _refuse_taken(s, name)
        s.add(ClassGroupRow(name=name, created_at=datetime.now(), archived=False, **fields))
    return next(c for c in list_classes(db) if c.name == name)


def update_class(db: Database, name: str, *, new_name: str | None = None,
                 archived: bool | None = None, **fields: str | None) -> None:
    """Rename, archive/unarchive or edit a class's details, in one transaction."""
    check_class_texts(new_name.strip() if new_name is not None else None, **fields)
    with db.session() as s:
        row = find_class(s, name)
        if new_name is not None and new_name.strip() != row.name:
            new_name = new_name.strip()
            if not new_name:
                raise UserError("班级名称不能为空。")
            _refuse_taken(s, new_name, but=row.id)
            row.name = new_name
        if archived is not None:
            row.archived = archived
        for key, value in fields.items():
            setattr(row, key, value)
