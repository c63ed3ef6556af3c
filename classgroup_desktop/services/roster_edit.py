"""Roster editing by hand (the GUI's roster tab): list, add, edit, mark left; guardians; teachers.

Every function is one transaction and returns plain frozen dataclasses. Input is validated the
same way the importer validates file cells (a name must look like a person's name, a phone must
be a mobile or landline number) and rejected with a Chinese BadInputError.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from classgroup_desktop.core.errors import BadInputError, NotFoundError
from classgroup_desktop.core.roster import TeacherRole
from classgroup_desktop.io.roster_fields import (
    clean_gender,
    clean_name,
    looks_like_person_name,
)
from classgroup_desktop.io.spreadsheet import is_valid_phone, phone_text
from classgroup_desktop.services.classes import find_class
from classgroup_desktop.services.text_limits import check_text
from classgroup_desktop.store.db import Database
from classgroup_desktop.store.models import (
    GuardianRow,
    StudentRow,
    TeacherRoleRow,
    TeacherRow,
)


@dataclass(frozen=True, slots=True)
class GuardianInfo:
    id: int
    name: str | None
    relation: str | None
    phone: str | None


@dataclass(frozen=True, slots=True)
class StudentInfo:
    id: int
    name: str
    student_no: str | None
    gender: str | None
    active: bool
    guardians: tuple[GuardianInfo, ...] = ()
    left_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class TeacherInfo:
    id: int  # teacher id
    name: str
    subject: str | None
    role: TeacherRole


_UNSET: object = object()


def _student_info(row: StudentRow) -> StudentInfo:
    return StudentInfo(
        id=row.id,
        name=row.name,
        student_no=row.student_no,
        gender=row.gender,
        active=row.active,
        guardians=tuple(GuardianInfo(g.id, g.name, g.relation, g.phone) for g in row.guardians),
        left_at=row.left_at,
    )


def _valid_name(value: str | None, what: str = "学生姓名") -> str:
    name = clean_name(value or "")
    if not name:
        raise BadInputError(f"{what}不能为空。")
    check_text(name, StudentRow.name, what)  # the name columns share one limit
    if not looks_like_person_name(name):
        raise BadInputError(
            f"“{name}”不像{what}：应为 2-6 个汉字（少数民族姓名可用“·”分隔）或英文姓名。"
            "请修改后再保存。"
        )
    return name


def _valid_phone(value: str | None) -> str | None:
    if value is None or not str(value).strip():
        return None
    phone = phone_text(value) or ""
    if not is_valid_phone(phone):
        raise BadInputError(
            f"电话“{value}”格式不对：手机号应为 1 开头的 11 位数字，固定电话如 0571-88886666。"
        )
    return phone


def _valid_gender(value: str | None) -> str | None:
    if value is None or not str(value).strip():
        return None
    gender = clean_gender(value)
    if gender is None:
        raise BadInputError(f"性别“{value}”无法识别，请填“男”或“女”。")
    return gender


def _student(s: Session, student_id: int) -> StudentRow:
    row = s.get(StudentRow, student_id, options=[selectinload(StudentRow.guardians)])
    if row is None:
        raise NotFoundError(
            f"找不到编号为 {student_id} 的学生，可能已被其他窗口修改。请刷新后重试。"
        )
    return row


def list_students(db: Database, class_name: str, include_left: bool = False) -> list[StudentInfo]:
    """The class's students (active ones, or all with ``include_left``) with guardians, in
    roster order (学号 as imported, then insertion order)."""
    with db.read() as s:
        klass = find_class(s, class_name)
        query = (
            select(StudentRow)
            .where(StudentRow.class_id == klass.id)
            .options(selectinload(StudentRow.guardians))
            .order_by(StudentRow.id)
        )
        if not include_left:
            query = query.where(StudentRow.active.is_(True))
        return [_student_info(r) for r in s.scalars(query)]


def list_teachers(db: Database, class_name: str) -> list[TeacherInfo]:
    """The class's teachers, head teacher first."""
    with db.read() as s:
        klass = find_class(s, class_name)
        roles = s.scalars(
            select(TeacherRoleRow)
            .where(TeacherRoleRow.class_id == klass.id)
            .options(selectinload(TeacherRoleRow.teacher))
            .order_by(TeacherRoleRow.id)
        ).all()
        infos = [
            TeacherInfo(
                r.teacher.id, r.teacher.name, r.subject or r.teacher.subject, TeacherRole(r.role)
            )
            for r in roles
        ]
    return sorted(infos, key=lambda t: t.role is not TeacherRole.HEAD)


def add_student(
    db: Database,
    class_name: str,
    name: str,
    *,
    student_no: str | None = None,
    gender: str | None = None,
) -> StudentInfo:
    """Add one student to the class by hand."""
    clean = _valid_name(name)
    gender = _valid_gender(gender)
    check_text((student_no or "").strip() or None, StudentRow.student_no, "学号")
    with db.session() as s:
        klass = find_class(s, class_name)
        row = StudentRow(
            class_id=klass.id,
            name=clean,
            student_no=(student_no or "").strip() or None,
            gender=gender,
            active=True,
            created_at=datetime.now(),
        )
        s.add(row)
        s.flush()
        return StudentInfo(row.id, row.name, row.student_no, row.gender, True, ())


def update_student(db: Database, student_id: int, **fields: str | None) -> StudentInfo:
    """Change a student's ``name``, ``student_no`` or ``gender``."""
    unknown = set(fields) - {"name", "student_no", "gender"}
    if unknown:
        raise ValueError(f"unknown student fields: {sorted(unknown)}")
    with db.session() as s:
        row = _student(s, student_id)
        if "name" in fields:
            row.name = _valid_name(fields["name"])
        if "student_no" in fields:
            row.student_no = check_text(
                (fields["student_no"] or "").strip() or None, StudentRow.student_no, "学号"
            )
        if "gender" in fields:
            row.gender = _valid_gender(fields["gender"])
        s.flush()
        return _student_info(row)


def mark_student_left(db: Database, student_id: int, *, left: bool = True) -> StudentInfo:
    """Mark a student as having left the class (kept with their history); ``left=False`` undoes."""
    with db.session() as s:
        row = _student(s, student_id)
        row.active = not left
        row.left_at = datetime.now() if left else None
        s.flush()
        return _student_info(row)


def add_guardian(
    db: Database,
    student_id: int,
    *,
    name: str | None = None,
    relation: str | None = None,
    phone: str | None = None,
) -> GuardianInfo:
    """Add a guardian (at least a name or a phone) to a student."""
    gname = _valid_name(name, "家长姓名") if name and name.strip() else None
    gphone = _valid_phone(phone)
    relation = check_text((relation or "").strip() or None, GuardianRow.relation, "家长关系")
    if gname is None and gphone is None:
        raise BadInputError("请至少填写家长姓名或电话。")
    with db.session() as s:
        student = _student(s, student_id)
        row = GuardianRow(
            student_id=student.id,
            name=gname,
            relation=relation,
            phone=gphone,
        )
        s.add(row)
        s.flush()
        return GuardianInfo(row.id, row.name, row.relation, row.phone)


def update_guardian(db: Database, guardian_id: int, **fields: str | None) -> GuardianInfo:
    """Change a guardian's ``name``, ``relation`` or ``phone``."""
    unknown = set(fields) - {"name", "relation", "phone"}
    if unknown:
        raise ValueError(f"unknown guardian fields: {sorted(unknown)}")
    with db.session() as s:
        row = s.get(GuardianRow, guardian_id)
        if row is None:
            raise NotFoundError(f"找不到编号为 {guardian_id} 的家长记录，请刷新后重试。")
        if "name" in fields:
            value = fields["name"]
            row.name = _valid_name(value, "家长姓名") if value and value.strip() else None
        if "relation" in fields:
            row.relation = check_text(
                (fields["relation"] or "").strip() or None, GuardianRow.relation, "家长关系"
            )
        if "phone" in fields:
            row.phone = _valid_phone(fields["phone"])
        if row.name is None and row.phone is None:
            raise BadInputError("家长姓名和电话不能都为空。")
        return GuardianInfo(row.id, row.name, row.relation, row.phone)


def remove_guardian(db: Database, guardian_id: int) -> None:
    """Delete a guardian entry (a guardian is contact data, not history)."""
    with db.session() as s:
        row = s.get(GuardianRow, guardian_id)
        if row is None:
            raise NotFoundError(f"找不到编号为 {guardian_id} 的家长记录，请刷新后重试。")
        s.delete(row)


def set_teacher(
    db: Database,
    class_name: str,
    name: str,
    subject: str | None = None,
    role: TeacherRole | str = TeacherRole.SUBJECT,
) -> TeacherInfo:
    """Give a teacher (found by name school-wide, created if new) a role in the class.

    Making someone head teacher turns the class's previous head teacher into a subject teacher.
    """
    clean = _valid_name(name, "教师姓名")
    role = TeacherRole(role)
    subject = check_text((subject or "").strip() or None, TeacherRoleRow.subject, "任教科目")
    with db.session() as s:
        klass = find_class(s, class_name)
        teacher = s.scalar(
            select(TeacherRow).where(TeacherRow.name == clean).order_by(TeacherRow.id)
        )
        if teacher is None:
            teacher = TeacherRow(name=clean, subject=subject)
            s.add(teacher)
            s.flush()
        elif subject and not teacher.subject:
            teacher.subject = subject
        roles = s.scalars(select(TeacherRoleRow).where(TeacherRoleRow.class_id == klass.id)).all()
        if role is TeacherRole.HEAD:
            for other in roles:
                if other.role == TeacherRole.HEAD.value and other.teacher_id != teacher.id:
                    other.role = TeacherRole.SUBJECT.value
        mine = next((r for r in roles if r.teacher_id == teacher.id), None)
        if mine is None:
            mine = TeacherRoleRow(class_id=klass.id, teacher_id=teacher.id, role=role.value)
            s.add(mine)
        mine.role = role.value
        if subject:
            mine.subject = subject
        s.flush()
        return TeacherInfo(teacher.id, teacher.name, mine.subject or teacher.subject, role)


def remove_teacher_role(db: Database, class_name: str, name: str) -> None:
    """Remove a teacher's role in the class (the teacher stays known to the school)."""
    with db.session() as s:
        klass = find_class(s, class_name)
        role = s.scalar(
            select(TeacherRoleRow)
            .join(TeacherRow, TeacherRow.id == TeacherRoleRow.teacher_id)
            .where(TeacherRoleRow.class_id == klass.id, TeacherRow.name == clean_name(name))
        )
        if role is None:
            raise NotFoundError(f"班级“{klass.name}”中没有教师“{name}”。")
        s.delete(role)
