"""Every write path checks text against its column's limit before writing, so SQLite behaves as
PostgreSQL does (which refuses an over-long VARCHAR with StringDataRightTruncation).

The ``strict_db`` fixture makes SQLite enforce every ``String(n)`` limit of the models with
triggers, as PostgreSQL does by itself (these tests run on both when a server is given): a
service that forgot to check fails here with the database's error instead of the Chinese
message naming the field and the limit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime

import pytest
from helpers.roster_files import SIMPLE_HEADER, simple_rows, write_xlsx
from sqlalchemy import String, func, select

from classgroup_desktop.cli.main import main
from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.core.naming import MemberInput
from classgroup_desktop.services import audit, classes, log, report, roster, roster_edit, settings
from classgroup_desktop.services.text_limits import limit_of
from classgroup_desktop.store.models import Base, ClassGroupRow, StudentRow

CLASS = "三年级2班"


def _enforce_lengths(db) -> None:
    """SQLite: triggers refusing any value longer than its String(n) column, on insert and
    update (PostgreSQL's VARCHAR(n) refuses by itself)."""
    if db.engine.dialect.name != "sqlite":
        return
    with sqlite3.connect(db.location) as c:
        for table in Base.metadata.sorted_tables:
            for col in table.columns:
                n = getattr(col.type, "length", None)
                if not isinstance(col.type, String) or not n:
                    continue
                for event in ("INSERT", "UPDATE"):
                    c.execute(
                        f"CREATE TRIGGER limit_{table.name}_{col.name}_{event.lower()} "
                        f"BEFORE {event} ON {table.name} "
                        f"WHEN length(NEW.{col.name}) > {n} "
                        f"BEGIN SELECT RAISE(ABORT, 'value too long for {table.name}.{col.name}'); "
                        "END"
                    )
    c.close()


@pytest.fixture
def strict_db(db):
    _enforce_lengths(db)
    classes.create_class(db, CLASS)
    roster_edit.add_student(db, CLASS, "王小明")
    return db


def _snapshot(db) -> tuple:
    """Every row of every table, to show a refused write changed nothing."""
    with db.engine.connect() as conn:
        return tuple(
            tuple(tuple(r) for r in conn.execute(t.select().order_by(*t.primary_key.columns)))
            for t in Base.metadata.sorted_tables
        )


def _student_id(db) -> int:
    with db.read() as s:
        return s.scalar(select(StudentRow.id).where(StudentRow.name == "王小明"))


def long(n: int) -> str:
    return "长" * n


Case = tuple[str, int, Callable]  # field named in the message, its limit, the write

CASES: dict[str, Case] = {
    "class create: name": ("班级名称", 100, lambda db: classes.create_class(db, long(101))),
    "class create: group name": (
        "微信群名称",
        200,
        lambda db: classes.create_class(db, "新班", wechat_group_name=long(201)),
    ),
    "class rename": (
        "班级名称",
        100,
        lambda db: classes.update_class(db, CLASS, new_name=long(101)),
    ),
    "class edit: school year": (
        "学年",
        20,
        lambda db: classes.update_class(db, CLASS, school_year="2026" * 6),
    ),
    "log add: member nickname": (
        "群昵称",
        500,
        lambda db: log.add_entry(db, CLASS, "reminder", member=long(501), rule="入群-2"),
    ),
    "log add: recorder": (
        "记录人姓名",
        100,
        lambda db: log.add_entry(db, CLASS, "note", note="x", recorded_by=long(101)),
    ),
    "audit save: nickname": (
        "第 2 个成员的群昵称",
        500,
        lambda db: audit.run_check(
            db, CLASS, [MemberInput("王小明妈妈"), MemberInput(long(501))], source="粘贴",
            save=True,
        ),
    ),
    "confirm: nickname": (
        "群昵称",
        500,
        lambda db: audit.confirm_identity(db, CLASS, long(501), "王小明奶奶", "电话核实"),
    ),
    "confirm: identity": (
        "确认的身份",
        200,
        lambda db: audit.confirm_identity(db, CLASS, "奶奶", long(201), "电话核实"),
    ),
    "confirm: by": (
        "确认人姓名",
        100,
        lambda db: audit.confirm_identity(db, CLASS, "奶奶", "王小明奶奶", "核实", by=long(101)),
    ),
    "settings: teacher name": (
        "教师姓名",
        100,
        lambda db: settings.set_settings(db, {settings.TEACHER_NAME: long(101)}),
    ),
    "finalise: by": (
        "定稿人姓名",
        100,
        lambda db: report.finalise_report(db, CLASS, "2026-03", by=long(101)),
    ),
    "roster edit: student number": (
        "学号",
        50,
        lambda db: roster_edit.add_student(db, CLASS, "李小红", student_no="1" * 51),
    ),
    "roster edit: relation": (
        "家长关系",
        20,
        lambda db: roster_edit.add_guardian(
            db, _student_id(db), relation=long(21), phone="13800138001"
        ),
    ),
    "roster edit: teacher subject": (
        "任教科目",
        50,
        lambda db: roster_edit.set_teacher(db, CLASS, "黄老师", subject=long(51)),
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_an_over_long_text_is_refused_naming_field_and_limit(strict_db, case):
    field, limit, write = CASES[case]
    before = _snapshot(strict_db)
    with pytest.raises(BadInputError) as err:
        write(strict_db)
    message = err.value.full_message
    assert field in message and f"最多 {limit} 个字" in message
    assert _snapshot(strict_db) == before


def test_values_at_the_limit_are_stored(strict_db):
    classes.create_class(strict_db, long(100), wechat_group_name=long(200))
    log.add_entry(strict_db, CLASS, "reminder", member=long(500), rule="入群-2")
    audit.confirm_identity(strict_db, CLASS, long(500), long(200), "核实", by=long(100))
    with strict_db.read() as s:
        assert s.scalar(select(func.count()).select_from(ClassGroupRow)) == 2


def test_audit_source_and_suggestions_composed_by_the_app_are_shortened_not_refused(strict_db):
    outcome = audit.run_check(
        strict_db, CLASS, [MemberInput("王小明妈妈")], source="截图：" + "、".join(
            f"屏幕截图{i:03d}.png" for i in range(40)
        ), save=True, now=datetime(2026, 3, 5),
    )
    source = audit.list_audits(strict_db, CLASS)[0].source
    assert outcome.audit_id and len(source) == 200 and source.endswith("…")


# --- roster import: every cell the import stores --------------------------------------------


def _roster(tmp_path, row_changes: dict[int, object], name="r.xlsx"):
    rows = simple_rows(3)
    for col, value in row_changes.items():
        rows[1][col] = value
    return write_xlsx(tmp_path / name, {"三年级2班": [SIMPLE_HEADER, *rows]})


@pytest.mark.parametrize(
    ("col", "value", "field", "limit"),
    [
        (0, "1" * 51, "学号", 50),
        (4, long(21), "家长关系", 20),
    ],
    ids=["student number", "relation"],
)
def test_roster_import_refuses_an_over_long_cell_naming_the_student(
    strict_db, tmp_path, col, value, field, limit
):
    path = _roster(tmp_path, {col: value})
    before = _snapshot(strict_db)
    for dry_run in (True, False):  # the preview says the same as the import
        with pytest.raises(BadInputError) as err:
            roster.import_roster(strict_db, path, dry_run=dry_run)
        message = err.value.full_message
        assert "r.xlsx" in message and "学生“" in message
        assert field in message and f"最多 {limit} 个字" in message
    assert _snapshot(strict_db) == before


def test_roster_import_refuses_an_over_long_class_name(strict_db, tmp_path):
    path = _roster(tmp_path, {})
    with pytest.raises(BadInputError, match="班级名称太长：最多 100 个字"):
        roster.import_roster(strict_db, path, class_name=long(101))


def test_the_limits_are_the_models_own():
    assert limit_of(ClassGroupRow.name) == ClassGroupRow.__table__.c.name.type.length == 100
    assert limit_of(StudentRow.created_at) is None


def test_cli_class_create_over_100_characters_is_exit_2(tmp_path, capsys):
    code = main(["--db", str(tmp_path / "x.sqlite3"), "class-create", long(101)])
    assert code == 2
    assert "班级名称太长：最多 100 个字" in capsys.readouterr().err
