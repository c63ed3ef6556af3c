"""Roster import: read a school's spreadsheet and merge it into the stored classes.

One import is one transaction. Re-importing an updated roster adds new students, updates changed
ones, marks students missing from the file as left (``active=False``, ``left_at``) and reactivates
returning ones — a student row is never deleted, so audits and log entries keep their history.
A re-import is a merge: what the file does not say (a guardian's name, relation or second phone,
a gender) keeps its stored value, and every change is reported field by field
(``services/roster_plan.py`` decides what changes; this module loads and writes). A file that
would mark many active students as left is refused unless ``confirm_left`` is given. A class is
found by ``core.roster.class_key``: 三年级(2)班 in the file updates a stored 三(2)班.
A dry run executes exactly the same code and rolls back, so its report cannot differ from the
real import's.

Editing the roster by hand (the GUI's roster view) lives in ``services/roster_edit.py``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.orm import Session

from classgroup_desktop.core.errors import BadInputError, ConflictError
from classgroup_desktop.core.roster import ParsedClass, Teacher, TeacherRole, class_key
from classgroup_desktop.core.roster_merge import FieldChange
from classgroup_desktop.io.roster_reader import (
    Overrides,
    RosterReadResult,
    RosterWarning,
    read_roster,
)
from classgroup_desktop.services.roster_plan import (
    ClassPlan,
    Existing,
    Writes,
    file_fields,
    plan_class,
)
from classgroup_desktop.services.text_limits import check_text
from classgroup_desktop.store.bulk import bulk_insert
from classgroup_desktop.store.db import Database
from classgroup_desktop.store.models import (
    ClassGroupRow,
    GuardianRow,
    StudentRow,
    TeacherRoleRow,
    TeacherRow,
)


@dataclass(frozen=True, slots=True)
class ClassImportReport:
    """What an import did (or, in a dry run, would do) to one class."""

    class_name: str
    students: int  # active students after the import
    guardians: int  # their guardians
    teachers: int  # teachers with a role in the class
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    left: tuple[str, ...] = ()
    reactivated: tuple[str, ...] = ()  # also listed in ``updated``
    created: bool = False  # the class did not exist before
    file_class_name: str | None = None  # the file's spelling, when it differs (三年级(2)班)
    changes: tuple[FieldChange, ...] = ()  # field by field, students marked left first
    active_before: int = 0  # active students before the import
    left_needs_confirmation: bool = False  # many students would leave: asks for a yes

    def to_dict(self) -> dict[str, Any]:
        return {
            "class": self.class_name,
            "students": self.students,
            "guardians": self.guardians,
            "teachers": self.teachers,
            "added": len(self.added),
            "updated": len(self.updated),
            "left": len(self.left),
            "created": self.created,
            "left_needs_confirmation": self.left_needs_confirmation,
        }


@dataclass(frozen=True, slots=True)
class ImportReport:
    """The result of ``import_roster``; ``to_dict()`` is the CLI's JSON."""

    file_name: str
    classes: tuple[ClassImportReport, ...]
    warnings: tuple[RosterWarning, ...]
    dry_run: bool = False

    @property
    def changes(self) -> tuple[FieldChange, ...]:
        return tuple(c for klass in self.classes for c in klass.changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "classes": [c.to_dict() for c in self.classes],
            "warnings": [w.to_dict() for w in self.warnings],
            "changes": [c.to_dict() for c in self.changes],
        }


class MassLeaveError(ConflictError):
    """An import would mark many of a class's active students as left; it needs a yes."""


def import_roster(
    db: Database,
    path: str | Path,
    *,
    class_name: str | None = None,
    dry_run: bool = False,
    confirm_left: bool = False,
    mapping_overrides: Overrides | None = None,
    now: datetime | None = None,
) -> ImportReport:
    """Import the roster file at ``path`` in one transaction and report what changed.

    ``class_name`` names the class when the file has neither a 班级 column nor class-named
    sheets (or picks one class out of a school-wide file). ``dry_run`` reports without writing.
    Raises BadInputError (Chinese message naming the file) for anything unreadable, and
    MassLeaveError when more than a fifth of a class's active students (and at least 3) would be
    marked left without ``confirm_left``; the database is then untouched. A dry run never
    refuses: its report flags such a class (``left_needs_confirmation``).
    """
    result = read_roster(path, mapping_overrides, class_name)
    return apply_roster(db, result, dry_run=dry_run, confirm_left=confirm_left, now=now)


def apply_roster(
    db: Database,
    result: RosterReadResult,
    *,
    dry_run: bool = False,
    confirm_left: bool = False,
    now: datetime | None = None,
) -> ImportReport:
    """Write an already-read roster (the import wizard reads once, previews, then applies)."""
    if any(c.class_name is None for c in result.classes):
        raise BadInputError(
            "无法确定这些学生属于哪个班级：表格没有“班级”列，工作表名称和标题里也没有班级名。"
            "请指定班级（命令行用 --class 班级名，界面中在导入时选择班级）。",
            file=result.file_name,
        )
    _check_lengths(result)
    now = now or datetime.now()
    if not dry_run:
        from classgroup_desktop.services.backup import backup_before_import

        backup_before_import(db)
    with db.read() if dry_run else db.session() as session:
        importer = _Importer(session, result, now, refuse_mass_leave=not (dry_run or confirm_left))
        reports = importer.run()
        if dry_run:
            session.rollback()
    return ImportReport(
        file_name=result.file_name,
        classes=tuple(reports),
        warnings=(*result.warnings, *importer.warnings),
        dry_run=dry_run,
    )


def _check_lengths(result: RosterReadResult) -> None:
    """Every text the import would store fits its column (the same on SQLite and PostgreSQL);
    BadInputError naming the file, the class, the person and the field otherwise. Nothing is
    written then, so the preview shows the same error as the import."""
    f = result.file_name
    for c in result.classes:
        check_text(c.class_name, ClassGroupRow.name, "班级名称", file=f)
        in_class = f"班级“{c.class_name}”中"
        for st in c.students:
            who = f"{in_class}学生“{st.name[:20]}”的"
            check_text(st.name, StudentRow.name, "姓名", where=who, file=f)
            check_text(st.student_no, StudentRow.student_no, "学号", where=who, file=f)
            check_text(st.gender, StudentRow.gender, "性别", where=who, file=f)
            for g in st.guardians:
                check_text(g.name, GuardianRow.name, "家长姓名", where=who, file=f)
                check_text(g.relation, GuardianRow.relation, "家长关系", where=who, file=f)
                check_text(g.phone, GuardianRow.phone, "家长电话", where=who, file=f)
        for t in c.teachers:
            who = f"{in_class}教师“{t.name[:20]}”的"
            check_text(t.name, TeacherRow.name, "姓名", where=who, file=f)
            check_text(t.subject, TeacherRoleRow.subject, "任教科目", where=who, file=f)


def _mass_leave_message(name: str, plan: ClassPlan) -> str:
    shown = "、".join(plan.left[:10]) + ("等" if len(plan.left) > 10 else "")
    return (
        f"“{name}”现有在读学生 {plan.active_before} 人，这次导入会把其中 {len(plan.left)} 人"
        f"（超过五分之一）标记为离班：{shown}。这通常说明文件不完整（被截断、只导出了一部分）"
        "或选错了文件、选错了班级，因此没有导入，数据库未做任何修改。请先核对文件；"
        "确认这些学生确已离班后再导入（命令行加 --confirm-left，界面中在确认框里选“仍然导入”）。"
    )


class _Importer:
    """One import's work inside one session: few queries, bulk writes."""

    def __init__(
        self,
        session: Session,
        result: RosterReadResult,
        now: datetime,
        *,
        refuse_mass_leave: bool = True,
    ) -> None:
        self.s = session
        self.result = result
        self.now = now
        self.refuse_mass_leave = refuse_mass_leave
        self.warnings: list[RosterWarning] = []  # found while matching, after the file's own

    def run(self) -> list[ClassImportReport]:
        """Plan every class against what is stored, write it all in bulk, report per class."""
        class_rows, created = self._class_rows()
        existing = self._existing_students([r.id for r in class_rows.values()])
        writes = Writes()
        fields = file_fields(self.result)
        plans: list[tuple[ParsedClass, ClassGroupRow, ClassPlan]] = []
        for pc in self.result.classes:
            row = class_rows[class_key(pc.class_name or "")]
            plan = plan_class(
                row.id, row.name, pc, existing.get(row.id, []), writes, fields, self.now
            )
            self.warnings.extend(plan.warnings)
            plans.append((pc, row, plan))
        refused = [(row, plan) for _, row, plan in plans if plan.needs_leave_confirmation]
        if refused and self.refuse_mass_leave:
            raise MassLeaveError(
                "".join(_mass_leave_message(row.name, plan) for row, plan in refused),
                file=self.result.file_name,
            )
        self._write_students(writes)
        teacher_counts, teacher_changes = self._apply_teachers(class_rows)
        reports = []
        for pc, row, plan in plans:
            reports.append(
                ClassImportReport(
                    class_name=row.name,
                    students=len(pc.students),
                    guardians=plan.guardians,
                    teachers=teacher_counts.get(row.id, 0),
                    added=tuple(plan.added),
                    updated=tuple(plan.updated),
                    left=tuple(plan.left),
                    reactivated=tuple(plan.reactivated),
                    created=row.id in created,
                    file_class_name=pc.class_name if pc.class_name != row.name else None,
                    changes=(*plan.changes, *teacher_changes.pop(row.id, [])),
                    active_before=plan.active_before,
                    left_needs_confirmation=plan.needs_leave_confirmation,
                )
            )
        return reports

    # -- classes --------------------------------------------------------------------------

    def _class_rows(self) -> tuple[dict[str, ClassGroupRow], set[int]]:
        """The stored class for each class of the file, by ``class_key``; a class is created
        only for a key no stored class has. Of several stored classes with one key (made before
        keys were this wide), the one spelled as in the file wins, else the oldest."""
        by_key: dict[str, list[ClassGroupRow]] = defaultdict(list)
        for r in self.s.scalars(select(ClassGroupRow).order_by(ClassGroupRow.id)):
            by_key[class_key(r.name)].append(r)
        wanted: dict[str, ClassGroupRow] = {}
        new_rows = []
        for pc in self.result.classes:
            key = class_key(pc.class_name or "")
            if key in wanted:
                continue
            stored = by_key.get(key, [])
            row = next((r for r in stored if r.name == pc.class_name), None)
            if row is None and stored:
                row = next((r for r in stored if not r.archived), stored[0])
            if row is None:
                row = ClassGroupRow(name=pc.class_name, created_at=self.now, archived=False)
                self.s.add(row)
                new_rows.append(row)
            wanted[key] = row
        if new_rows:
            self.s.flush()
        return wanted, {r.id for r in new_rows}

    # -- students -------------------------------------------------------------------------

    def _existing_students(self, class_ids: list[int]) -> dict[int, list[Existing]]:
        found: dict[int, list[Existing]] = defaultdict(list)
        if not class_ids:
            return found
        by_id: dict[int, Existing] = {}
        for sid, cid, name, no, gender, active in self.s.execute(
            select(
                StudentRow.id,
                StudentRow.class_id,
                StudentRow.name,
                StudentRow.student_no,
                StudentRow.gender,
                StudentRow.active,
            )
            .where(StudentRow.class_id.in_(class_ids))
            .order_by(StudentRow.id)
        ):
            ex = Existing(sid, name, no, gender, active)
            by_id[sid] = ex
            found[cid].append(ex)
        if by_id:
            for sid, gname, rel, phone in self.s.execute(
                select(
                    GuardianRow.student_id,
                    GuardianRow.name,
                    GuardianRow.relation,
                    GuardianRow.phone,
                )
                .join(StudentRow, StudentRow.id == GuardianRow.student_id)
                .where(StudentRow.class_id.in_(class_ids))
                .order_by(GuardianRow.id)
            ):
                by_id[sid].guardians.append((gname, rel, phone))
        return found

    def _write_students(self, writes: Writes) -> None:
        inserts, updates, left_ids = writes.inserts, writes.updates, writes.left_ids
        replace_guardians = writes.replace_guardians
        # Plain executemany on the session's connection: the ORM's bulk path costs more than
        # the whole file read for a school-wide roster (see bench/bench_import.py).
        guardian_rows: list[tuple[int, str | None, str | None, str | None]] = []
        if inserts:
            ids = self._insert_students(inserts)
            for sid, guardians in zip(ids, writes.insert_guardians, strict=True):
                guardian_rows.extend((sid, n, r, p) for n, r, p in guardians)
        if updates:
            self.s.execute(update(StudentRow), updates)
        if replace_guardians:
            ids = list(replace_guardians)
            for chunk in _chunks(ids, 500):
                self.s.execute(delete(GuardianRow).where(GuardianRow.student_id.in_(chunk)))
            for sid, guardians in replace_guardians.items():
                guardian_rows.extend((sid, n, r, p) for n, r, p in guardians)
        if guardian_rows:
            bulk_insert(
                self.s,
                cast(Table, GuardianRow.__table__),
                ("student_id", "name", "relation", "phone"),
                guardian_rows,
            )
        for chunk in _chunks(left_ids, 500):
            self.s.execute(
                update(StudentRow)
                .where(StudentRow.id.in_(chunk))
                .values(active=False, left_at=self.now)
                .execution_options(synchronize_session=False)
            )

    def _insert_students(self, inserts: list[dict[str, Any]]) -> list[int]:
        """Insert new students in one executemany and return their ids in insertion order.

        RETURNING with guaranteed order makes SQLAlchemy insert row by row on SQLite (10x
        slower), so the ids are read back instead. Our rows are the ones above the previous
        highest id carrying this import's exact ``created_at`` in these classes; rows of one
        executemany get ascending ids in parameter order (SQLite rowid, PostgreSQL sequence),
        even if another writer interleaves. Should the read-back still not line up, our rows are
        removed again and inserted one by one.
        """
        table = cast(Table, StudentRow.__table__)
        before = self.s.scalar(select(func.max(StudentRow.id))) or 0
        names = list(inserts[0])
        bulk_insert(self.s, table, names, [tuple(d[n] for n in names) for d in inserts])
        ours = (
            StudentRow.id > before,
            StudentRow.created_at == self.now,
            StudentRow.class_id.in_({d["class_id"] for d in inserts}),
        )
        rows = self.s.execute(
            select(StudentRow.id, StudentRow.class_id, StudentRow.name)
            .where(*ours)
            .order_by(StudentRow.id)
        ).all()
        if len(rows) == len(inserts) and all(
            (r.class_id, r.name) == (d["class_id"], d["name"])
            for r, d in zip(rows, inserts, strict=True)
        ):
            return [r.id for r in rows]
        self.s.execute(delete(StudentRow).where(*ours))
        return [int(self.s.scalar(insert(table).returning(table.c.id), d)) for d in inserts]

    # -- teachers -------------------------------------------------------------------------

    def _apply_teachers(
        self, class_rows: dict[str, ClassGroupRow]
    ) -> tuple[dict[int, int], dict[int, list[FieldChange]]]:
        """Teachers' roles in the file's classes (only when the file lists teachers): counts per
        class, and each role added, changed or dropped as a change (a dropped role is a loss)."""
        class_ids = [r.id for r in class_rows.values()]
        roles: dict[int, dict[int, TeacherRoleRow]] = defaultdict(dict)
        changes: dict[int, list[FieldChange]] = defaultdict(list)
        for role in self.s.scalars(
            select(TeacherRoleRow).where(TeacherRoleRow.class_id.in_(class_ids))
        ):
            roles[role.class_id][role.teacher_id] = role
        if any(pc.teachers for pc in self.result.classes):
            teachers: dict[str, TeacherRow] = {}
            names: dict[int, str] = {}
            for t in self.s.scalars(select(TeacherRow).order_by(TeacherRow.id)):
                teachers.setdefault(t.name, t)
                names[t.id] = t.name
            for pc in self.result.classes:
                if not pc.teachers:
                    continue
                klass = class_rows[class_key(pc.class_name or "")]
                class_id = klass.id
                listed: set[int] = set()
                for teacher in pc.teachers:
                    row = _upsert_teacher(self.s, teachers, teacher)
                    listed.add(row.id)
                    existing = roles[class_id].get(row.id)
                    before = _role_text(existing) if existing is not None else None
                    if existing is None:
                        role = TeacherRoleRow(
                            class_id=class_id, teacher_id=row.id, role=teacher.role.value
                        )
                        self.s.add(role)
                        roles[class_id][row.id] = role
                    else:
                        role = existing
                    role.role = teacher.role.value
                    if teacher.subject:
                        role.subject = teacher.subject
                    if _role_text(role) != before:
                        changes[class_id].append(
                            FieldChange(
                                f"教师 {teacher.name}", "任教", before, _role_text(role),
                                False, klass.name,
                            )
                        )
                for teacher_id in list(roles[class_id]):
                    if teacher_id not in listed:
                        gone = roles[class_id].pop(teacher_id)
                        changes[class_id].append(
                            FieldChange(
                                f"教师 {names.get(teacher_id, '?')}", "任教", _role_text(gone),
                                None, True, klass.name,
                            )
                        )
                        self.s.delete(gone)
            self.s.flush()
        return {cid: len(r) for cid, r in roles.items()}, changes


def _role_text(role: TeacherRoleRow) -> str:
    """``语文 班主任`` — a teacher's role in a class as the import report shows it."""
    return " ".join(p for p in (role.subject, TeacherRole(role.role).label) if p)


def _upsert_teacher(s: Session, teachers: dict[str, TeacherRow], teacher: Teacher) -> TeacherRow:
    row = teachers.get(teacher.name)
    if row is None:
        row = TeacherRow(name=teacher.name, subject=teacher.subject)
        s.add(row)
        s.flush()
        teachers[teacher.name] = row
    elif teacher.subject and not row.subject:
        row.subject = teacher.subject
    return row


def _chunks(items: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


__all__ = [
    "ClassImportReport",
    "ImportReport",
    "MassLeaveError",
    "apply_roster",
    "import_roster",
]
