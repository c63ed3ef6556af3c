"""The first screen's data, read with the standard library's ``sqlite3`` alone.

At start-up the window is shown at once and the database opens on a worker. Opening it the
full way (SQLAlchemy's core and ORM, the mapper set-up, the schema checks) costs ~0.25 s
before the first row can be shown. This module reads what the first screen shows — the class
list and the roster of one class (students with guardians, teachers) — straight from a sound
SQLite file already at ``SCHEMA_HEAD``, read-only; the full path takes over right after.

It answers None whenever it cannot vouch for the file (missing, damaged, another program's, an
older or newer schema, a server database, a column not where it should be): the full path then
decides and says what is wrong. The rows are the ones ``services.classes.list_classes`` and
``services.roster_edit.list_students`` / ``list_teachers`` give, in the same order; a test keeps
them equal.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from classgroup_desktop.store.sqlite_file import SCHEMA_HEAD, connect_read_only, probe


@dataclass(frozen=True, slots=True)
class ClassLine:
    name: str
    archived: bool


@dataclass(frozen=True, slots=True)
class GuardianLine:
    id: int
    name: str | None
    relation: str | None
    phone: str | None


@dataclass(frozen=True, slots=True)
class StudentLine:
    id: int
    name: str
    student_no: str | None
    gender: str | None
    active: bool
    guardians: tuple[GuardianLine, ...]
    left_at: datetime | None


@dataclass(frozen=True, slots=True)
class TeacherLine:
    id: int  # teacher id
    name: str
    subject: str | None
    role: str  # core.roster.TeacherRole value


@dataclass(frozen=True, slots=True)
class FirstView:
    """The class list (by name) and, for ``class_name``, its roster."""

    classes: tuple[ClassLine, ...]
    class_name: str | None
    students: tuple[StudentLine, ...] = ()
    teachers: tuple[TeacherLine, ...] = ()


def _datetime(value: object) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def read_classes(conn: sqlite3.Connection, *, include_archived: bool) -> list[ClassLine]:
    sql = "SELECT name, archived FROM class_group"
    if not include_archived:
        sql += " WHERE archived = 0"
    sql += " ORDER BY name"
    return [ClassLine(name, bool(archived)) for name, archived in conn.execute(sql)]


def read_roster(conn: sqlite3.Connection, class_name: str
                ) -> tuple[tuple[StudentLine, ...], tuple[TeacherLine, ...]]:
    """Every student of the class (left ones too) by id, guardians by id; teachers by role id."""
    row = conn.execute("SELECT id FROM class_group WHERE name = ?", (class_name,)).fetchone()
    if row is None:
        return (), ()
    class_id = row[0]
    guardians: dict[int, list[GuardianLine]] = {}
    for gid, student_id, name, relation, phone in conn.execute(
            "SELECT g.id, g.student_id, g.name, g.relation, g.phone FROM guardian g"
            " JOIN student s ON s.id = g.student_id WHERE s.class_id = ? ORDER BY g.id",
            (class_id,)):
        guardians.setdefault(student_id, []).append(GuardianLine(gid, name, relation, phone))
    students = tuple(
        StudentLine(sid, name, student_no, gender, bool(active),
                    tuple(guardians.get(sid, ())), _datetime(left_at))
        for sid, name, student_no, gender, active, left_at in conn.execute(
            "SELECT id, name, student_no, gender, active, left_at FROM student"
            " WHERE class_id = ? ORDER BY id", (class_id,)))
    teachers = tuple(
        TeacherLine(tid, name, role_subject or subject, role)
        for tid, name, subject, role, role_subject in conn.execute(
            "SELECT t.id, t.name, t.subject, r.role, r.subject FROM teacher_role r"
            " JOIN teacher t ON t.id = r.teacher_id WHERE r.class_id = ? ORDER BY r.id",
            (class_id,)))
    return students, teachers


def read_first_view(path: Path, choose: Callable[[list[str]], str | None], *,
                    include_archived: bool = False) -> FirstView | None:
    """The first screen's data from the SQLite file at ``path``, or None (see the module).

    ``choose(names)`` picks the class to show from the class names (or None for none).
    """
    state = probe(path)
    if (not state.exists or state.not_sqlite or state.corrupt or state.foreign
            or state.revision != SCHEMA_HEAD):
        return None
    try:
        conn = connect_read_only(path)
    except sqlite3.Error:
        return None
    try:
        classes = read_classes(conn, include_archived=include_archived)
        chosen = choose([c.name for c in classes])
        if chosen is None:
            return FirstView(tuple(classes), None)
        students, teachers = read_roster(conn, chosen)
        return FirstView(tuple(classes), chosen, students, teachers)
    except sqlite3.Error:
        return None  # a column or table not where this version expects it: the full path says
    finally:
        conn.close()
