"""Roster import: read a school's spreadsheet and bring the stored classes in line with it.

One import is one transaction. Re-importing an updated roster adds new students, updates changed
ones, marks students missing from the file as left (``active=False``, ``left_at``) and reactivates
returning ones — a student row is never deleted, so audits and log entries keep their history.
A dry run executes exactly the same code and rolls back, so its report cannot differ from the
real import's.

The roster-editing use cases for the GUI live in ``services/roster_edit.py`` and are re-exported
here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.orm import Session

from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.core.roster import ParsedClass, Student, Teacher
from classgroup_desktop.io.roster_fields import class_key
from classgroup_desktop.io.roster_reader import (
    Overrides,
    RosterReadResult,
    RosterWarning,
    read_roster,
)
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "class": self.class_name,
            "students": self.students,
            "guardians": self.guardians,
            "teachers": self.teachers,
            "added": len(self.added),
            "updated": len(self.updated),
            "left": len(self.left),
        }


@dataclass(frozen=True, slots=True)
class ImportReport:
    """The result of ``import_roster``; ``to_dict()`` is the CLI's JSON."""

    file_name: str
    classes: tuple[ClassImportReport, ...]
    warnings: tuple[RosterWarning, ...]
    dry_run: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "classes": [c.to_dict() for c in self.classes],
            "warnings": [w.to_dict() for w in self.warnings],
        }


def import_roster(
    db: Database,
    path: str | Path,
    *,
    class_name: str | None = None,
    dry_run: bool = False,
    mapping_overrides: Overrides | None = None,
    now: datetime | None = None,
) -> ImportReport:
    """Import the roster file at ``path`` in one transaction and report what changed.

    ``class_name`` names the class when the file has neither a 班级 column nor class-named
    sheets (or picks one class out of a school-wide file). ``dry_run`` reports without writing.
    Raises BadInputError (Chinese message naming the file) for anything unreadable; the database
    is then untouched.
    """
    result = read_roster(path, mapping_overrides, class_name)
    return apply_roster(db, result, dry_run=dry_run, now=now)


def apply_roster(
    db: Database, result: RosterReadResult, *, dry_run: bool = False, now: datetime | None = None
) -> ImportReport:
    """Write an already-read roster (the import wizard reads once, previews, then applies)."""
    if any(c.class_name is None for c in result.classes):
        raise BadInputError(
            "无法确定这些学生属于哪个班级：表格没有“班级”列，工作表名称和标题里也没有班级名。"
            "请指定班级（命令行用 --class 班级名，界面中在导入时选择班级）。",
            file=result.file_name,
        )
    now = now or datetime.now()
    if not dry_run:
        from classgroup_desktop.services.backup import backup_before_import

        backup_before_import(db)
    with db.read() if dry_run else db.session() as session:
        importer = _Importer(session, result, now)
        reports = importer.run()
        if dry_run:
            session.rollback()
    return ImportReport(
        file_name=result.file_name,
        classes=tuple(reports),
        warnings=(*result.warnings, *importer.warnings),
        dry_run=dry_run,
    )


GuardianKey = tuple[str | None, str | None, str | None]


@dataclass
class _Existing:
    id: int
    name: str
    student_no: str | None
    gender: str | None
    active: bool
    guardians: list[GuardianKey] = field(default_factory=list)


@dataclass
class _Writes:
    """Every student change of one import, gathered across classes and written in bulk."""

    inserts: list[dict[str, Any]] = field(default_factory=list)
    insert_guardians: list[list[GuardianKey]] = field(default_factory=list)  # per insert
    updates: list[dict[str, Any]] = field(default_factory=list)  # {"id": ..., changed fields}
    replace_guardians: dict[int, list[GuardianKey]] = field(default_factory=dict)
    left_ids: list[int] = field(default_factory=list)


@dataclass
class _Tally:
    """What one class's import changes, in the words of its report."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    reactivated: list[str] = field(default_factory=list)
    guardians: int = 0


def _label(name: str, student_no: str | None, duplicated: set[str]) -> str:
    """How a student is named in the report; same-name students get their 学号."""
    return f"{name}（学号 {student_no}）" if name in duplicated and student_no else name


class _Importer:
    """One import's work inside one session: few queries, bulk writes."""

    def __init__(self, session: Session, result: RosterReadResult, now: datetime) -> None:
        self.s = session
        self.result = result
        self.now = now
        self.warnings: list[RosterWarning] = []  # found while matching, after the file's own

    def run(self) -> list[ClassImportReport]:
        """Plan every class against what is stored, write it all in bulk, report per class."""
        class_rows, created = self._class_rows()
        existing = self._existing_students([r.id for r in class_rows.values()])
        writes = _Writes()
        tallies: list[tuple[ParsedClass, _Tally]] = []
        for pc in self.result.classes:
            row = class_rows[class_key(pc.class_name or "")]
            tallies.append((pc, self._plan_class(row.id, pc, existing.get(row.id, []), writes)))
        self._write_students(writes)
        teacher_counts = self._apply_teachers(class_rows)
        reports = []
        for pc, tally in tallies:
            row = class_rows[class_key(pc.class_name or "")]
            reports.append(
                ClassImportReport(
                    class_name=row.name,
                    students=len(pc.students),
                    guardians=tally.guardians,
                    teachers=teacher_counts.get(row.id, 0),
                    added=tuple(tally.added),
                    updated=tuple(tally.updated),
                    left=tuple(tally.left),
                    reactivated=tuple(tally.reactivated),
                    created=row.id in created,
                )
            )
        return reports

    # -- classes --------------------------------------------------------------------------

    def _class_rows(self) -> tuple[dict[str, ClassGroupRow], set[int]]:
        by_key = {class_key(r.name): r for r in self.s.scalars(select(ClassGroupRow))}
        wanted: dict[str, ClassGroupRow] = {}
        new_rows = []
        for pc in self.result.classes:
            key = class_key(pc.class_name or "")
            if key in wanted:
                continue
            row = by_key.get(key)
            if row is None:
                row = ClassGroupRow(name=pc.class_name, created_at=self.now, archived=False)
                self.s.add(row)
                new_rows.append(row)
            wanted[key] = row
        if new_rows:
            self.s.flush()
        return wanted, {r.id for r in new_rows}

    # -- students -------------------------------------------------------------------------

    def _existing_students(self, class_ids: list[int]) -> dict[int, list[_Existing]]:
        found: dict[int, list[_Existing]] = defaultdict(list)
        if not class_ids:
            return found
        by_id: dict[int, _Existing] = {}
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
            ex = _Existing(sid, name, no, gender, active)
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

    def _plan_class(
        self, class_id: int, pc: ParsedClass, existing: list[_Existing], writes: _Writes
    ) -> _Tally:
        """Add this class's changes to ``writes``; return what they mean for its report."""
        not_renamed: list[tuple[Student, _Existing]] = []
        by_order: list[tuple[int, _Existing]] = []
        matches = _match_students(pc.students, existing, not_renamed, by_order)
        for name in dict.fromkeys(pc.students[i].name for i, _ in by_order):
            # the n-th 张伟 of the file, so the teacher can find the row
            nth = [i for i, st in enumerate(pc.students) if st.name == name]
            pairs = "；".join(
                f"表中第 {nth.index(i) + 1} 个（{_who(g.name for g in pc.students[i].guardians)}）"
                f"→ 原有的（{_who((g[0] for g in ex.guardians), ex.student_no)}）"
                for i, ex in by_order
                if pc.students[i].name == name
            )
            self.warnings.append(
                RosterWarning(
                    pc.class_name or "",
                    None,
                    f"同名学生“{name}”无法按学号区分，已按顺序对应；请核对：{pairs}。",
                )
            )
        for st, old in not_renamed:
            self.warnings.append(
                RosterWarning(
                    pc.class_name or "",
                    None,
                    f"学号 {st.student_no} 原为“{old.name}”，现为“{st.name}”："
                    f"按新学生处理，{old.name}标记为离班；如是改名请在花名册中手动修改。",
                )
            )
        duplicated = _repeated(st.name for st in pc.students) | _repeated(e.name for e in existing)
        tally = _Tally()
        for index, st in enumerate(pc.students):
            new_guardians: list[GuardianKey] = [(g.name, g.relation, g.phone) for g in st.guardians]
            ex = matches.get(index)
            if ex is None:
                writes.inserts.append(
                    {
                        "class_id": class_id,
                        "name": st.name,
                        "student_no": st.student_no,
                        "gender": st.gender,
                        "active": True,
                        "left_at": None,
                        "created_at": self.now,
                    }
                )
                writes.insert_guardians.append(new_guardians)
                tally.added.append(_label(st.name, st.student_no, duplicated))
                tally.guardians += len(new_guardians)
                continue
            changes: dict[str, Any] = {}
            if st.name != ex.name:
                changes["name"] = st.name
            if st.student_no is not None and st.student_no != ex.student_no:
                changes["student_no"] = st.student_no
            if st.gender is not None and st.gender != ex.gender:
                changes["gender"] = st.gender
            if not ex.active:
                changes["active"] = True
                changes["left_at"] = None
                tally.reactivated.append(_label(st.name, st.student_no, duplicated))
            guardians_changed = (
                self.result.has_guardians
                and bool(new_guardians)  # a row without guardians never wipes stored ones
                and sorted(new_guardians, key=repr) != sorted(ex.guardians, key=repr)
            )
            if guardians_changed:
                writes.replace_guardians[ex.id] = new_guardians
                tally.guardians += len(new_guardians)
            else:
                tally.guardians += len(ex.guardians)
            if changes:
                writes.updates.append({"id": ex.id, **changes})
            if changes or guardians_changed:
                tally.updated.append(_label(st.name, st.student_no or ex.student_no, duplicated))
        matched_ids = {ex.id for ex in matches.values()}
        for ex in existing:
            if ex.active and ex.id not in matched_ids:
                writes.left_ids.append(ex.id)
                tally.left.append(_label(ex.name, ex.student_no, duplicated))
        return tally

    def _write_students(self, writes: _Writes) -> None:
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
            _bulk_insert(
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
        _bulk_insert(self.s, table, names, [tuple(d[n] for n in names) for d in inserts])
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

    def _apply_teachers(self, class_rows: dict[str, ClassGroupRow]) -> dict[int, int]:
        class_ids = [r.id for r in class_rows.values()]
        roles: dict[int, dict[int, TeacherRoleRow]] = defaultdict(dict)
        for role in self.s.scalars(
            select(TeacherRoleRow).where(TeacherRoleRow.class_id.in_(class_ids))
        ):
            roles[role.class_id][role.teacher_id] = role
        if any(pc.teachers for pc in self.result.classes):
            teachers: dict[str, TeacherRow] = {}
            for t in self.s.scalars(select(TeacherRow).order_by(TeacherRow.id)):
                teachers.setdefault(t.name, t)
            for pc in self.result.classes:
                if not pc.teachers:
                    continue
                class_id = class_rows[class_key(pc.class_name or "")].id
                listed: set[int] = set()
                for teacher in pc.teachers:
                    row = _upsert_teacher(self.s, teachers, teacher)
                    listed.add(row.id)
                    existing = roles[class_id].get(row.id)
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
                for teacher_id in list(roles[class_id]):
                    if teacher_id not in listed:
                        self.s.delete(roles[class_id].pop(teacher_id))
            self.s.flush()
        return {cid: len(r) for cid, r in roles.items()}


_PLACEHOLDER = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def _bulk_insert(
    s: Session, table: Table, names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT many rows (tuples in ``names`` order) with one DBAPI ``executemany``.

    SQLAlchemy's Core executemany spends ~10 µs per row building parameters, which for a
    school-wide roster costs more than reading the file; here values go through their column
    type's bind processor only where it has one (datetime/bool → what the driver stores) and
    straight to the driver. Dialects with other parameter styles take the Core path.
    """
    conn = s.connection()
    dialect = conn.dialect
    mark = _PLACEHOLDER.get(dialect.paramstyle)
    if mark is None:
        s.execute(insert(table), [dict(zip(names, row, strict=True)) for row in rows])
        return
    processors = [
        (i, proc)
        for i, n in enumerate(names)
        if (proc := table.c[n].type.dialect_impl(dialect).bind_processor(dialect))
    ]
    params: Sequence[Sequence[Any]] = rows
    if processors:
        converted = []
        for row in rows:
            values = list(row)
            for i, proc in processors:
                if values[i] is not None:
                    values[i] = proc(values[i])
            converted.append(values)
        params = converted
    quote = dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {dialect.identifier_preparer.format_table(table)} "
        f"({', '.join(quote(n) for n in names)}) VALUES ({', '.join([mark] * len(names))})"
    )
    conn.exec_driver_sql(sql, [tuple(p) for p in params])


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


def _names_overlap(a: str, b: str) -> bool:
    """Whether two spellings could be one student's name corrected (张三→张叁, 王一→王一一):
    they share a character. 张三 → 赵六 under the same 学号 is another student."""
    return bool(set(a.replace(" ", "")) & set(b.replace(" ", "")))


def _match_students(
    parsed: list[Student],
    existing: list[_Existing],
    not_renamed: list[tuple[Student, _Existing]] | None = None,
    by_order: list[tuple[int, _Existing]] | None = None,
) -> dict[int, _Existing]:
    """Pair file students with stored ones: same 学号 and name; then same name where the name is
    unique on both sides (学号 changed); then same 学号 alone (name corrected) when the names
    share a character. Same 学号 with a wholly different name is a new student (the 学号 was
    given again); such pairs are appended to ``not_renamed`` for a warning. Same-name students
    left over (no 学号 to tell them apart) are paired by ``_match_same_names``; names paired
    only by their order are appended to ``by_order`` (file index, stored) for a warning."""
    matches: dict[int, _Existing] = {}
    if not existing:
        return matches
    used: set[int] = set()

    def unmatched(items: Iterable[tuple[int, Student]]) -> list[tuple[int, Student]]:
        return [(i, st) for i, st in items if i not in matches]

    by_no_name: dict[tuple[str, str], list[_Existing]] = defaultdict(list)
    for ex in existing:
        if ex.student_no:
            by_no_name[(ex.student_no, ex.name)].append(ex)
    for i, st in enumerate(parsed):
        if st.student_no:
            cands = [e for e in by_no_name.get((st.student_no, st.name), []) if e.id not in used]
            if cands:
                matches[i] = cands[0]
                used.add(cands[0].id)
    # by name, when unique on both sides; prefer active students over long-gone namesakes
    rest = unmatched(enumerate(parsed))
    parsed_names = defaultdict(list)
    for i, st in rest:
        parsed_names[st.name].append(i)
    ex_names: dict[str, list[_Existing]] = defaultdict(list)
    for ex in existing:
        if ex.id not in used:
            ex_names[ex.name].append(ex)
    for name, indexes in parsed_names.items():
        cands = ex_names.get(name, [])
        if len(indexes) == 1 and cands:
            active = [c for c in cands if c.active]
            pick = active if active else cands
            if len(pick) == 1 or (not active and len(cands) >= 1):
                chosen = pick[-1]
                matches[indexes[0]] = chosen
                used.add(chosen.id)
    # by 学号 alone: a corrected spelling of the name
    by_no: dict[str, list[_Existing]] = defaultdict(list)
    for ex in existing:
        if ex.student_no and ex.id not in used and ex.active:
            by_no[ex.student_no].append(ex)
    for i, st in unmatched(enumerate(parsed)):
        cands = [e for e in by_no.get(st.student_no or "", []) if e.id not in used]
        if len(cands) == 1 and not any(p.name == cands[0].name for p in parsed):
            if not _names_overlap(st.name, cands[0].name):
                if not_renamed is not None:
                    not_renamed.append((st, cands[0]))
                continue
            matches[i] = cands[0]
            used.add(cands[0].id)
    _match_same_names(parsed, existing, matches, used, by_order)
    return matches


def _phones(guardians: Iterable[GuardianKey]) -> set[str]:
    return {p for _n, _r, p in guardians if p}


def _guardian_names(guardians: Iterable[GuardianKey]) -> set[str]:
    return {n for n, _r, _p in guardians if n}


def _match_same_names(
    parsed: list[Student],
    existing: list[_Existing],
    matches: dict[int, _Existing],
    used: set[int],
    by_order: list[tuple[int, _Existing]] | None,
) -> None:
    """Pair the same-name students the earlier passes left (two 张伟 and no 学号 to decide).

    A file row whose guardian phones (then guardian names) point at exactly one stored
    namesake, and no other file row points at that one, is that student. If the rest still
    cannot be told apart but their number is unchanged and 学号 cannot decide (one side has
    none), they are paired in file/stored order and listed in ``by_order`` — marking
    them left and adding them again would detach their history.
    """
    rows_by_name: dict[str, list[int]] = defaultdict(list)
    for i, st in enumerate(parsed):
        if i not in matches:
            rows_by_name[st.name].append(i)
    for name, indexes in rows_by_name.items():
        cands = [e for e in existing if e.name == name and e.id not in used]
        if not cands or (len(indexes) == 1 and len(cands) == 1):
            continue  # the unique-name pass already decided this pair (or chose not to)
        for key in (_phones, _guardian_names):
            claims: dict[int, list[int]] = defaultdict(list)  # stored id -> file rows
            picks: dict[int, _Existing] = {}
            for i in indexes:
                mine = key((g.name, g.relation, g.phone) for g in parsed[i].guardians)
                hits = [e for e in cands if mine & key(e.guardians)]
                if len(hits) == 1:
                    picks[i] = hits[0]
                    claims[hits[0].id].append(i)
            for i, ex in picks.items():
                if len(claims[ex.id]) == 1:
                    matches[i] = ex
                    used.add(ex.id)
            indexes = [i for i in indexes if i not in matches]
            cands = [e for e in cands if e.id not in used]
        active = [e for e in cands if e.active]
        no_student_no = all(not parsed[i].student_no for i in indexes) or all(
            not e.student_no for e in active
        )
        if indexes and len(indexes) == len(active) and no_student_no:
            for i, ex in zip(indexes, active, strict=True):
                matches[i] = ex
                used.add(ex.id)
                if by_order is not None:
                    by_order.append((i, ex))


def _who(guardian_names: Iterable[str | None], student_no: str | None = None) -> str:
    """A same-name student as a teacher recognises them: 学号 and guardian names, no phones."""
    names = [n for n in guardian_names if n]
    parts = [f"学号 {student_no}"] if student_no else []
    parts.append("家长 " + "、".join(names) if names else "无家长信息")
    return "，".join(parts)


def _repeated(names: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    repeated: set[str] = set()
    for name in names:
        (repeated if name in seen else seen).add(name)
    return repeated


def _chunks(items: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


__all__ = ["ClassImportReport", "ImportReport", "apply_roster", "import_roster"]
