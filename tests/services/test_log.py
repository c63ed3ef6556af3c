"""The log service on a real SQLite file: append, void, verify; tampering by hand is caught;
bad input writes nothing; concurrent writers keep one chain; templates; demo history."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from classgroup_desktop.core.errors import BadInputError, ConflictError, NotFoundError
from classgroup_desktop.core.logchain import GENESIS_HASH
from classgroup_desktop.services import demo, log, log_chain, messages, text_checks
from classgroup_desktop.services.classes import create_class
from classgroup_desktop.services.settings import MESSAGE_TEMPLATES, TEACHER_NAME, set_setting
from classgroup_desktop.store.db import open_database
from classgroup_desktop.store.models import AttachmentRow, AuditMemberRow, AuditRow, LogEntryRow

CLASS = "三年级2班"


@pytest.fixture
def cdb(db):
    create_class(db, CLASS)
    return db


class _RawConnection:
    """What someone editing the database file by hand can do: plain SQL, no app, no foreign keys
    (off by default on a raw SQLite connection; switched off on PostgreSQL, as its owner can)."""

    def __init__(self, conn) -> None:
        self._conn = conn
        self._postgres = conn.dialect.name == "postgresql"
        if self._postgres:
            conn.exec_driver_sql("SET session_replication_role = replica")

    def execute(self, sql: str, params: tuple = ()):
        if self._postgres:
            sql = sql.replace("?", "%s")
        return self._conn.exec_driver_sql(sql, tuple(params))


@contextmanager
def _raw(db):
    if db.url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(db.location) as conn:
            yield conn
        conn.close()
        return
    with db.engine.begin() as conn:
        yield _RawConnection(conn)


def _second_handle(db):
    """Another process's handle on the same database (alembic is not thread-safe: no migrate)."""
    if db.url.startswith("sqlite"):
        return open_database(db.location, migrate=False)
    return open_database(db_url=db.url, migrate=False)


def _history(db, tmp_path) -> list[int]:
    shot = tmp_path / "截图.png"
    shot.write_bytes(b"\x89PNG fake screenshot")
    ids = [
        log.add_entry(
            db,
            CLASS,
            "reminder",
            member="张三妈妈",
            rule="入群-2",
            occurred_at=date.today() - timedelta(days=3),
            evidence=[shot],
        ).id,
        log.add_entry(db, CLASS, "reminder", member="李四", rule="家长-3", note="发广告").id,
        log.add_entry(db, CLASS, "clear-out", member="陌生人", rule="入群-1").id,
        log.add_entry(db, CLASS, "note", note="重申群规").id,
    ]
    return ids


def _count(db) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(LogEntryRow))


def test_entries_chain_from_genesis_and_head_is_last_hash(cdb, tmp_path):
    assert log_chain.chain_head(cdb) == GENESIS_HASH
    ids = _history(cdb, tmp_path)
    entries = log.list_entries(cdb, CLASS)
    assert sorted(e.id for e in entries) == ids
    first = log.get_entry(cdb, ids[0])
    assert first.prev_hash == GENESIS_HASH
    assert log.get_entry(cdb, ids[1]).prev_hash == first.entry_hash
    assert log_chain.chain_head(cdb) == log.get_entry(cdb, ids[-1]).entry_hash
    report = log_chain.verify_chain(cdb)
    assert report.ok and report.checked == 4 and report.head == log_chain.chain_head(cdb)


def test_recorded_by_comes_from_settings(cdb):
    set_setting(cdb, TEACHER_NAME, "李建国")
    assert log.add_entry(cdb, CLASS, "note", note="x").recorded_by == "李建国"


def test_evidence_stored_once_by_sha256(cdb, tmp_path):
    f = tmp_path / "a.png"
    f.write_bytes(b"same bytes")
    g = tmp_path / "b.png"
    g.write_bytes(b"same bytes")
    e1 = log.add_entry(cdb, CLASS, "note", evidence=[f])
    e2 = log.add_entry(cdb, CLASS, "note", evidence=[g])
    assert e1.attachments[0].sha256 == e2.attachments[0].sha256
    with cdb.read() as s:
        assert s.scalar(select(func.count()).select_from(AttachmentRow)) == 1
    assert log.attachment_content(cdb, e1.attachments[0].sha256) == b"same bytes"


# --- tampering by hand ------------------------------------------------------------------


def test_edited_field_is_caught_naming_the_entry(cdb, tmp_path):
    ids = _history(cdb, tmp_path)
    with _raw(cdb) as c:
        c.execute("UPDATE log_entry SET description = '没有发广告' WHERE id = ?", (ids[1],))
    report = log_chain.verify_chain(cdb)
    assert not report.ok and report.first_bad_id == ids[1]
    assert f"第 {ids[1]} 条记录" in report.message and "提醒 李四" in report.message


def test_edited_rule_code_is_caught(cdb, tmp_path):
    ids = _history(cdb, tmp_path)
    with _raw(cdb) as c:
        c.execute("UPDATE log_entry SET rule_code = '宗旨-3' WHERE id = ?", (ids[2],))
    assert log_chain.verify_chain(cdb).first_bad_id == ids[2]


def test_deleted_row_is_caught(cdb, tmp_path):
    ids = _history(cdb, tmp_path)
    with _raw(cdb) as c:
        c.execute("DELETE FROM log_entry WHERE id = ?", (ids[1],))
    report = log_chain.verify_chain(cdb)
    assert not report.ok and report.first_bad_id == ids[2] and "删除" in report.message


def test_two_rows_swapped_are_caught(cdb, tmp_path):
    ids = _history(cdb, tmp_path)
    with _raw(cdb) as c:
        c.execute("UPDATE log_entry SET id = -1 WHERE id = ?", (ids[1],))
        c.execute("UPDATE log_entry SET id = ? WHERE id = ?", (ids[1], ids[2]))
        c.execute("UPDATE log_entry SET id = ? WHERE id = -1", (ids[2],))
    report = log_chain.verify_chain(cdb)
    assert not report.ok and report.first_bad_id == ids[1]


def test_altered_attachment_is_caught(cdb, tmp_path):
    ids = _history(cdb, tmp_path)
    with _raw(cdb) as c:
        c.execute("UPDATE attachment SET content = ?", (b"doctored",))
    report = log_chain.verify_chain(cdb)
    assert not report.ok and report.first_bad_id == ids[0] and "截图.png" in report.message


def test_removed_attachment_link_is_caught(cdb, tmp_path):
    ids = _history(cdb, tmp_path)
    with _raw(cdb) as c:
        c.execute("DELETE FROM log_attachment")
    assert log_chain.verify_chain(cdb).first_bad_id == ids[0]


def test_deleted_last_entry_is_caught_against_printed_head(cdb, tmp_path):
    ids = _history(cdb, tmp_path)
    printed = log_chain.chain_head(cdb)
    with _raw(cdb) as c:
        c.execute("DELETE FROM log_entry WHERE id = ?", (ids[-1],))
    assert log_chain.verify_chain(cdb).ok  # the chain alone cannot see a cut tail …
    assert not log_chain.verify_chain(cdb, expected_head=printed).ok  # … the printed head can


def _finalise(db, class_name: str | None = CLASS, month: str | None = None) -> None:
    from classgroup_desktop.services.report import finalise_report

    finalise_report(db, class_name, month or f"{date.today():%Y-%m}", by="李建国")


def _delete_newest(db) -> None:
    with _raw(db) as c:
        c.execute("DELETE FROM log_entry WHERE id = (SELECT max(id) FROM log_entry)")


@pytest.mark.parametrize("scope", [CLASS, None], ids=["class report", "school summary"])
def test_tail_deleted_after_a_finalised_report_is_caught(cdb, tmp_path, scope):
    _history(cdb, tmp_path)
    _finalise(cdb, scope)
    assert log_chain.verify_chain(cdb).ok
    _delete_newest(cdb)
    report = log_chain.verify_chain(cdb)
    assert not report.ok and report.first_bad_id is None
    month = f"{date.today():%Y-%m}"
    label = f"{CLASS} {month} 月报" if scope else f"{month} 学校汇总"
    assert report.message.startswith(f"{label}定稿时记录链末端为 ")
    assert "该记录已不在链中：定稿后有记录被删除" in report.message


def test_deleted_void_after_a_finalised_report_is_caught(cdb, tmp_path):
    # Deleting the void would silently make the voided entry count again.
    ids = _history(cdb, tmp_path)
    log.void_entry(cdb, ids[1], "记错了人")
    _finalise(cdb)
    _delete_newest(cdb)
    assert log.get_entry(cdb, ids[1]).voided_by is None
    assert not log_chain.verify_chain(cdb).ok


def test_entries_after_the_last_finalised_report_are_the_documented_limit(cdb, tmp_path):
    _history(cdb, tmp_path)
    _finalise(cdb)
    log.add_entry(cdb, CLASS, "note", note="定稿后的记录")
    printed = log_chain.chain_head(cdb)
    _delete_newest(cdb)
    # newer than every stored head: not detectable inside the file …
    assert log_chain.verify_chain(cdb).ok
    # … a printed head still catches it
    assert not log_chain.verify_chain(cdb, expected_head=printed).ok


def test_report_finalised_on_an_empty_log_pins_the_genesis_head(cdb, tmp_path):
    _finalise(cdb)
    _history(cdb, tmp_path)
    assert log_chain.verify_chain(cdb).ok


def test_deleted_middle_rows_are_named_by_number(cdb, tmp_path):
    ids = _history(cdb, tmp_path)
    with _raw(cdb) as c:
        c.execute("DELETE FROM log_entry WHERE id IN (?, ?)", (ids[1], ids[2]))
    report = log_chain.verify_chain(cdb)
    assert report.first_bad_id == ids[3]
    assert report.message.startswith(f"第 {ids[1]}–{ids[2]} 条记录缺失")


# --- void -------------------------------------------------------------------------------


def test_void_is_a_new_entry_and_keeps_the_chain_valid(cdb, tmp_path):
    ids = _history(cdb, tmp_path)
    v = log.void_entry(cdb, ids[1], "记错了人")
    assert v.kind == "void" and v.voids_entry_id == ids[1] and v.description == "记错了人"
    assert v.member == "李四"
    old = log.get_entry(cdb, ids[1])
    assert old.voided_by == v.id and old.description == "发广告"
    assert log_chain.verify_chain(cdb).ok


def test_voiding_twice_is_a_conflict(cdb, tmp_path):
    ids = _history(cdb, tmp_path)
    v = log.void_entry(cdb, ids[0], "重复")
    with pytest.raises(ConflictError):
        log.void_entry(cdb, ids[0], "again")
    with pytest.raises(ConflictError):
        log.void_entry(cdb, v.id, "void of void")
    with pytest.raises(NotFoundError):
        log.void_entry(cdb, 999, "x")
    with pytest.raises(BadInputError):
        log.void_entry(cdb, ids[1], "  ")


def test_no_edit_or_delete_api():
    assert not [n for n in dir(log) if n.startswith(("edit", "delete", "update", "remove"))]


# --- bad input writes nothing ------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        (dict(class_name="五年级9班", kind="note"), NotFoundError, "五年级9班"),
        (
            dict(class_name=CLASS, kind="reminder", member="张三", rule="入群-9"),
            NotFoundError,
            "入群-2",
        ),
        (dict(class_name=CLASS, kind="reminder", member="张三"), BadInputError, "规则编号"),
        (dict(class_name=CLASS, kind="clear-out", rule="入群-1"), BadInputError, "群成员"),
        (dict(class_name=CLASS, kind="shout", member="张三"), BadInputError, "类型"),
        (dict(class_name=CLASS, kind="void", member="张三"), BadInputError, "作废"),
        (
            dict(class_name=CLASS, kind="note", occurred_at=date.today() + timedelta(days=2)),
            BadInputError,
            "将来",
        ),
        (
            dict(class_name=CLASS, kind="note", occurred_at="2026-13-45"),
            BadInputError,
            "YYYY-MM-DD",
        ),
    ],
    ids=[
        "unknown class",
        "unknown rule code",
        "reminder without rule",
        "clear-out without member",
        "unknown kind",
        "void through add",
        "future date",
        "bad date",
    ],
)
def test_bad_input_is_a_clear_message_and_nothing_is_written(cdb, kwargs, error, words):
    with pytest.raises(error) as info:
        log.add_entry(cdb, **kwargs)
    assert words in info.value.full_message
    assert _count(cdb) == 0


def test_missing_evidence_file_names_it_and_writes_nothing(cdb, tmp_path):
    ok = tmp_path / "ok.png"
    ok.write_bytes(b"x")
    with pytest.raises(BadInputError) as info:
        log.add_entry(cdb, CLASS, "note", evidence=[ok, tmp_path / "missing.png"])
    assert "missing.png" in info.value.full_message
    assert _count(cdb) == 0
    with cdb.read() as s:
        assert s.scalar(select(func.count()).select_from(AttachmentRow)) == 0


def test_past_date_accepted_and_month_filter(cdb):
    e = log.add_entry(cdb, CLASS, "note", occurred_at="2026-10-03")
    assert e.occurred_at == datetime(2026, 10, 3)
    assert [x.id for x in log.list_entries(cdb, CLASS, "2026-10")] == [e.id]
    assert log.list_entries(cdb, CLASS, "2026-09") == []
    with pytest.raises(BadInputError):
        log.list_entries(cdb, CLASS, "十月")


def test_identity_defaults_to_latest_audit(cdb):
    with cdb.session() as s:
        audit = AuditRow(
            class_id=1, taken_at=datetime.now(), source="t", total=1, ok=1, rename=0, unknown=0
        )
        s.add(audit)
        s.flush()
        s.add(
            AuditMemberRow(
                audit_id=audit.id,
                position=1,
                nickname="张三妈妈",
                normalized="张三妈妈",
                status="ok",
                identity={"kind": "parent", "students": ["张三"]},
            )
        )
    e = log.add_entry(cdb, CLASS, "reminder", member="张三妈妈", rule="宗旨-2")
    assert e.identity == {"kind": "parent", "students": ["张三"]}
    assert log_chain.verify_chain(cdb).ok


# --- the sender of a message, judged in the group (防诈骗检查) -------------------------------


def _class_with_audit(db, members: list[str] | None) -> str:
    """A class with a roster (head teacher 李建国, maths 王芳) and, unless None, a saved audit."""
    from classgroup_desktop.store.models import (
        ClassGroupRow,
        StudentRow,
        TeacherRoleRow,
        TeacherRow,
    )

    name = "三年级(2)班"
    t0 = datetime(2026, 3, 2, 20, 0)
    with db.session() as s:
        cls = ClassGroupRow(name=name, created_at=t0, archived=False)
        s.add(cls)
        s.flush()
        for i, n in enumerate(["张三", "李四", "高梓萱"], start=1):
            s.add(
                StudentRow(
                    class_id=cls.id, name=n, student_no=f"{i:02d}", active=True, created_at=t0
                )
            )
        for tname, role, subject in (("李建国", "head", "语文"), ("王芳", "subject", "数学")):
            teacher = TeacherRow(name=tname, subject=subject)
            s.add(teacher)
            s.flush()
            s.add(
                TeacherRoleRow(class_id=cls.id, teacher_id=teacher.id, role=role, subject=subject)
            )
    if members is not None:
        _save_audit(db, name, members, datetime(2026, 3, 3, 20, 0))
    return name


def _save_audit(db, class_name: str, members: list[str], when: datetime) -> None:
    from classgroup_desktop.core.naming import MemberInput
    from classgroup_desktop.services.audit import run_check

    run_check(db, class_name, [MemberInput(m) for m in members], source="t", save=True, now=when)


GROUP = ["李建国", "王芳", "张三妈妈", "李四爸爸", "高梓萱妈妈"]

SENDERS = [
    # (id, members of the latest audit or None, sender, impersonation?, words in the warning)
    (
        "full_name_with_title_while_teacher_present",
        GROUP,
        "李建国老师",
        True,
        ["不是群里已核实的李建国老师本人", "“李建国”"],
    ),
    ("bare_head_title_while_head_present", GROUP, "班主任", True, ["李建国老师本人"]),
    ("surname_title_while_teacher_present", GROUP, "李老师", True, ["李建国老师本人"]),
    ("subject_title_while_teacher_present", GROUP, "数学老师", True, ["王芳老师本人"]),
    ("lookalike_of_member_nickname", GROUP, "李建国.", True, ["李建国老师本人"]),
    ("no_teacher_with_that_surname", GROUP, "黄老师", True, ["自称老师"]),
    ("no_teacher_with_that_surname_no_audit", None, "黄老师", True, ["自称老师"]),
    ("the_teacher_herself", GROUP, "王芳", False, []),
    ("the_teacher_himself_outer_spaces", GROUP, " 李建国 ", False, []),
    ("a_parent_member", GROUP, "张三妈妈", False, []),
    ("teacher_title_when_teacher_not_in_group", ["张三妈妈", "李四爸爸"], "李建国老师", False, []),
    ("flagged_member_keeps_its_flag", GROUP + ["李老师"], "李老师", True, ["李建国老师本人"]),
    (
        "two_members_show_the_same_nickname",
        GROUP + ["李建国"],
        "李建国",
        True,
        ["2 位成员的昵称都是“李建国”"],
    ),
]


@pytest.mark.parametrize(
    ("members", "sender", "flagged", "words"), [c[1:] for c in SENDERS], ids=[c[0] for c in SENDERS]
)
def test_sender_is_judged_against_the_latest_audit(db, members, sender, flagged, words):
    name = _class_with_audit(db, members)
    warnings = text_checks.fraudcheck_message(
        db, "请各位家长扫码交材料费", sender=sender, class_name=name
    )
    categories = [w.category for w in warnings]
    if flagged:
        assert categories[0] == "impersonation" and len(warnings) == 2
        assert "冒充者" in warnings[0].message and "家长-5" in warnings[0].message
        for word in words:
            assert word in warnings[0].message
    else:
        assert "impersonation" not in categories and len(warnings) == 1


def test_sender_uses_only_the_latest_audit(db):
    name = _class_with_audit(db, ["张三妈妈"])
    # A later audit in which the head teacher is a member: 班主任 is an impostor from then on.
    _save_audit(db, name, GROUP, datetime(2026, 4, 1, 20, 0))
    verdict = text_checks.sender_verdict(db, name, "班主任")
    assert verdict is not None and "impersonation" in verdict["flags"]
    assert verdict["impersonates"] == "李建国" and verdict["genuine"] == "李建国"


# --- concurrency ------------------------------------------------------------------------


def test_concurrent_writers_keep_one_unbroken_chain(cdb):
    def writer(n: int) -> None:
        other = _second_handle(cdb)
        try:
            for i in range(8):
                log.add_entry(other, CLASS, "note", note=f"w{n}-{i}")
        finally:
            other.dispose()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert _count(cdb) == 24
    assert log_chain.verify_chain(cdb).ok


# --- templates --------------------------------------------------------------------------


def test_rename_reminder_single_and_multi(cdb):
    set_setting(cdb, TEACHER_NAME, "李建国")
    one = messages.rename_reminder_message(
        [
            {"nickname": "小明妈", "status": "rename", "suggestion": "王小明妈妈"},
            {"nickname": "张三爸爸", "status": "ok", "suggestion": None},
        ],
        cdb,
    )
    assert one == (
        "@小明妈 您好，根据《班级微信群管理》要求（入群-2），"
        "请将群昵称改为“王小明妈妈”。谢谢配合！——李建国"
    )
    multi = messages.rename_reminder_message(
        [
            {"nickname": "a", "status": "rename", "suggestion": "A妈妈"},
            {"nickname": "b", "status": "rename", "suggestion": "B爸爸"},
        ],
        cdb,
    )
    assert "@a 请改为“A妈妈”\n@b 请改为“B爸爸”" in multi and "入群-2" in multi
    assert messages.rename_reminder_message([], cdb) == ""


def test_conduct_reminder_cites_rule_title_and_text(cdb):
    text = messages.render_template("conduct_reminder", cdb, nickname="李四", rule_code="家长-3")
    assert "家长-3" in text and "不发广告" in text and "@李四" in text and "——班主任" in text


def test_teacher_edited_template_overrides_default(cdb):
    set_setting(cdb, MESSAGE_TEMPLATES, {"group_rules": "欢迎！{class_name} {missing}"})
    text = messages.render_template("group_rules", cdb, class_name=CLASS)
    assert text == f"欢迎！{CLASS} {{missing}}"
    with pytest.raises(NotFoundError):
        messages.render_template("no_such", cdb)


def test_saved_template_in_chinese_or_english_placeholders_renders_the_same(cdb):
    set_setting(cdb, TEACHER_NAME, "李建国")
    set_setting(cdb, MESSAGE_TEMPLATES, {
        "conduct_reminder": "@{nickname} {rule_code}（{rule_title}）——{teacher}",
        "clear_out_notice": "@{群昵称} {规则编号}（{规则名称}）——{班主任}",
    })
    old = messages.render_template("conduct_reminder", cdb, nickname="李四", rule_code="家长-3")
    new = messages.render_template("clear_out_notice", cdb, 群昵称="李四", 规则编号="家长-3")
    assert old == new and old.startswith("@李四 家长-3（") and old.endswith("——李建国")


# --- demo -------------------------------------------------------------------------------


def test_demo_seed_makes_a_valid_history_once(cdb):
    demo.seed_demo_log(cdb)
    entries = log.list_entries(cdb, CLASS)
    kinds = {e.kind for e in entries}
    assert {"reminder", "clear-out", "void", "note"} <= kinds
    assert log_chain.verify_chain(cdb).ok
    assert log.ladder_suggestions(cdb, CLASS)
    demo.seed_demo_log(cdb)
    assert len(log.list_entries(cdb, CLASS)) == len(entries)
