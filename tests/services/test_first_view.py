"""The first view's rows read at start-up without SQLAlchemy (``services.first_view``): the
same rows, in the same order, as the full services give; None whenever only the full open
can judge the file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from classgroup_desktop.core.roster import TeacherRole, class_sort_key
from classgroup_desktop.services import roster_edit
from classgroup_desktop.services.classes import create_class, list_classes, update_class
from classgroup_desktop.services.demo import ensure_demo_data
from classgroup_desktop.services.first_view import read_start_view
from classgroup_desktop.store.db import SCHEMA_HEAD, open_database
from classgroup_desktop.store.sqlite_file import SCHEMA_HEAD as LIGHT_SCHEMA_HEAD


@pytest.fixture(scope="module")
def school(tmp_path_factory) -> Path:
    """The demo school plus a student who left, a guardian-less student, an extra subject
    teacher and an archived class."""
    path = tmp_path_factory.mktemp("first-view") / "school.sqlite3"
    db = open_database(path)
    ensure_demo_data(db)
    name = min((c.name for c in list_classes(db)), key=class_sort_key)
    students = roster_edit.list_students(db, name)
    roster_edit.mark_student_left(db, students[3].id)
    roster_edit.add_student(db, name, "欧阳晓燕", student_no="99")
    roster_edit.set_teacher(db, name, "周明", "数学", TeacherRole.SUBJECT)
    create_class(db, "九年级(9)班")
    update_class(db, "九年级(9)班", archived=True)
    db.dispose()
    return path


def _full(path: Path, class_name: str):
    db = open_database(path)
    try:
        return (list_classes(db, include_archived=False),
                roster_edit.list_students(db, class_name, include_left=True),
                roster_edit.list_teachers(db, class_name))
    finally:
        db.dispose()


@pytest.mark.parametrize("pick", ["first", "last"])
def test_start_rows_equal_the_full_services_rows(school, pick):
    names = class_names(school)
    last_class = names[0] if pick == "first" else names[-1]
    start = read_start_view(school, last_class=last_class)
    assert start is not None
    classes, students, teachers = _full(school, last_class)
    assert start.class_name == last_class
    assert [(c.name, c.archived) for c in start.classes] == [(c.name, c.archived)
                                                              for c in classes]
    assert [(s.id, s.name, s.student_no, s.gender, s.active, s.left_at,
             tuple((g.id, g.name, g.relation, g.phone) for g in s.guardians))
            for s in start.students] == [
        (s.id, s.name, s.student_no, s.gender, s.active, s.left_at,
         tuple((g.id, g.name, g.relation, g.phone) for g in s.guardians)) for s in students]
    assert [(t.id, t.name, t.subject, t.role) for t in start.teachers] == [
        (t.id, t.name, t.subject, t.role) for t in teachers]


def class_names(path: Path) -> list[str]:
    db = open_database(path)
    try:
        return [c.name for c in list_classes(db, include_archived=False)]
    finally:
        db.dispose()


def test_the_first_class_in_school_order_when_the_last_class_is_gone(school):
    start = read_start_view(school, last_class="不存在的班")
    assert start is not None
    assert start.class_name == min((c.name for c in start.classes), key=class_sort_key)
    assert start.class_name == class_names(school)[0]  # the class switcher's first
    assert start.students


def test_archived_classes_are_left_out_as_the_class_switcher_does(school):
    start = read_start_view(school)
    assert start is not None and "九年级(9)班" not in [c.name for c in start.classes]


def test_a_database_without_classes_gives_the_welcome_page(tmp_path):
    open_database(tmp_path / "empty.sqlite3").dispose()
    start = read_start_view(tmp_path / "empty.sqlite3", last_class="三年级(2)班")
    assert start is not None and start.classes == () and start.class_name is None


def test_only_the_full_open_judges_a_new_foreign_damaged_or_older_file(tmp_path, school):
    assert read_start_view(tmp_path / "missing.sqlite3") is None
    (tmp_path / "note.sqlite3").write_text("not a database")
    assert read_start_view(tmp_path / "note.sqlite3") is None
    older = tmp_path / "older.sqlite3"
    older.write_bytes(school.read_bytes())
    with sqlite3.connect(older) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    assert read_start_view(older) is None
    altered = tmp_path / "altered.sqlite3"
    altered.write_bytes(school.read_bytes())
    with sqlite3.connect(altered) as conn:
        conn.execute("ALTER TABLE student DROP COLUMN gender")
    assert read_start_view(altered) is None
    assert read_start_view(db_url="postgresql+psycopg://u@127.0.0.1:1/x") is None


def test_reading_leaves_the_file_unchanged(school):
    before = school.read_bytes()
    assert read_start_view(school) is not None
    assert school.read_bytes() == before


def test_the_light_schema_head_is_the_one_the_store_opens_at():
    assert LIGHT_SCHEMA_HEAD == SCHEMA_HEAD


def test_reading_the_start_rows_loads_no_sqlalchemy(school):
    code = ("import sys\n"
            "from classgroup_desktop.services.first_view import read_start_view\n"
            f"start = read_start_view({str(school)!r})\n"
            "assert start is not None and start.students\n"
            "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'alembic'))))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    assert out.strip() == "[]"
