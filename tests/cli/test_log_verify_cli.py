"""``log verify`` on a database edited by hand: every row it cannot read back is a verdict
(exit 3 naming the entry), never a traceback; a missing table is 「记录表缺失」; a mistyped
``--head`` is bad input (exit 2); an intact chain says what it cannot prove."""

from __future__ import annotations

import json
import sqlite3

import pytest

from classgroup_desktop.cli.main import EXIT_BAD_INPUT, EXIT_OK, EXIT_TAMPERED, main
from classgroup_desktop.services.classes import create_class
from classgroup_desktop.store.db import open_database

CLASS = "三年级2班"


@pytest.fixture
def dbfile(tmp_path):
    path = tmp_path / "cli.sqlite3"
    db = open_database(path)
    create_class(db, CLASS)
    db.dispose()
    shot = tmp_path / "截图.png"
    shot.write_bytes(b"\x89PNG fake screenshot")
    base = ["--db", str(path), "log", "add", "--class", CLASS]
    assert main([*base, "--member", "张三妈妈", "--kind", "reminder", "--rule", "入群-2",
                 "--at", "2026-11-03", "--evidence", str(shot)]) == EXIT_OK
    assert main([*base, "--member", "李四", "--kind", "reminder", "--rule", "家长-3",
                 "--at", "2026-11-04", "--note", "发广告"]) == EXIT_OK
    assert main([*base, "--kind", "note", "--at", "2026-11-05", "--note", "重申群规"]) == EXIT_OK
    return str(path)


def verify(dbfile, *extra):
    return main(["--db", dbfile, "log", "verify", *extra])


def _sql(dbfile, statement: str, *params) -> None:
    with sqlite3.connect(dbfile) as c:
        c.execute(statement, params)
    c.close()


@pytest.mark.parametrize(
    ("statement", "params", "field"),
    [
        ("UPDATE log_entry SET description = ? WHERE id = 2", (b"\xe5\x8f\x91\xff",), "情况说明"),
        ("UPDATE log_entry SET occurred_at = 'not a date' WHERE id = 2", (), "发生时间"),
        ("UPDATE log_entry SET member_identity = '{bad json' WHERE id = 2", (), "成员身份"),
        ("UPDATE log_entry SET recorded_at = 12 WHERE id = 2", (), "记录时间"),
        ("UPDATE log_entry SET kind = ? WHERE id = 2", (b"reminder",), "类型"),
        ("UPDATE log_entry SET class_id = 'x' WHERE id = 2", (), "班级"),
    ],
    ids=[
        "description stored as a BLOB",
        "occurred_at not a date",
        "member identity broken JSON",
        "recorded_at a number",
        "kind stored as a BLOB",
        "class id as text",
    ],
)
def test_a_row_that_cannot_be_read_back_is_reported_as_altered(
    dbfile, capsys, statement, params, field
):
    _sql(dbfile, statement, *params)
    capsys.readouterr()
    assert verify(dbfile) == EXIT_TAMPERED
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert f"第 2 条记录被改动：其“{field}”一项的内容无法读取" in captured.err
    assert verify(dbfile, "--json") == EXIT_TAMPERED
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["first_bad_id"] == 2


def test_an_earlier_change_is_named_before_a_later_unreadable_row(dbfile, capsys):
    _sql(dbfile, "UPDATE log_entry SET description = '没发广告' WHERE id = 2")
    _sql(dbfile, "UPDATE log_entry SET occurred_at = 'not a date' WHERE id = 3")
    capsys.readouterr()
    assert verify(dbfile, "--json") == EXIT_TAMPERED
    assert json.loads(capsys.readouterr().out)["first_bad_id"] == 2


def test_evidence_content_stored_as_text_is_an_altered_attachment(dbfile, capsys):
    _sql(dbfile, "UPDATE attachment SET content = 'a screenshot, retyped as text'")
    capsys.readouterr()
    assert verify(dbfile) == EXIT_TAMPERED
    err = capsys.readouterr().err
    assert "第 1 条记录（2026-11-03 提醒 张三妈妈）的证据文件“截图.png”被改动或缺失" in err


def test_an_evidence_file_name_stored_as_a_blob_is_an_altered_entry(dbfile, capsys):
    _sql(dbfile, "UPDATE log_attachment SET file_name = ?", b"x.png")
    capsys.readouterr()
    assert verify(dbfile) == EXIT_TAMPERED
    assert "第 1 条记录被改动：其“证据文件名”一项" in capsys.readouterr().err


@pytest.mark.parametrize("table", ["log_entry", "log_attachment", "attachment", "final_report"])
def test_a_dropped_table_is_reported_missing(dbfile, capsys, table):
    _sql(dbfile, f"DROP TABLE {table}")
    capsys.readouterr()
    assert verify(dbfile) == EXIT_TAMPERED
    err = capsys.readouterr().err
    assert "记录表缺失" in err and f"（{table}）" in err and "Traceback" not in err


def test_a_dropped_column_is_refused_when_opened_and_missing_for_verify(dbfile, capsys):
    # Opening refuses a changed schema (exit 2, restore from a backup). A window that had the
    # database open before it was changed still gets a verdict from 验证记录链, not an SQL error.
    from classgroup_desktop.services.log_chain import verify_chain

    db = open_database(dbfile)
    try:
        _sql(dbfile, "ALTER TABLE log_entry DROP COLUMN recorded_by")
        db.engine.dispose()  # a fresh connection sees the new schema
        report = verify_chain(db)
    finally:
        db.dispose()
    assert not report.ok and "记录表缺失" in report.message and "recorded_by" in report.message
    capsys.readouterr()
    assert verify(dbfile) == EXIT_BAD_INPUT


def test_an_unreadable_finalised_report_is_reported(dbfile, capsys):
    assert main(["--db", dbfile, "report", "--class", CLASS, "--month", "2026-11",
                 "--finalise"]) == EXIT_OK
    _sql(dbfile, "UPDATE final_report SET snapshot = '{cut off'")
    capsys.readouterr()
    assert verify(dbfile) == EXIT_TAMPERED
    assert f"{CLASS} 2026-11 月报的定稿数据无法读取" in capsys.readouterr().err


@pytest.mark.parametrize("head", ["zzzz", "12ab", "g" * 64, "0" * 63], ids=lambda h: h[:6])
def test_a_malformed_head_is_bad_input_not_tampering(dbfile, capsys, head):
    capsys.readouterr()
    assert verify(dbfile, "--head", head) == EXIT_BAD_INPUT
    assert "链头" in capsys.readouterr().err


def test_a_head_copied_with_spaces_and_capitals_is_accepted(dbfile, capsys):
    main(["--db", dbfile, "log", "head"])
    head = capsys.readouterr().out.strip()
    spaced = " ".join(head[i : i + 8] for i in range(0, 64, 8)).upper()
    assert verify(dbfile, "--head", spaced) == EXIT_OK
    assert "打印之后新增的记录如被整条删除，需用更新的打印件核对" in capsys.readouterr().out


def test_intact_chain_after_a_finalised_report_says_what_it_cannot_prove(dbfile, capsys):
    assert main(["--db", dbfile, "report", "--class", CLASS, "--month", "2026-11",
                 "--finalise"]) == EXIT_OK
    assert main(["--db", dbfile, "log", "add", "--class", CLASS, "--kind", "note",
                 "--note", "定稿后的记录"]) == EXIT_OK
    capsys.readouterr()
    assert verify(dbfile) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith(
        "未发现改动；最后一次定稿（11月）之后新增的记录如被整条删除，需用打印件上的链头核对"
    )
    # the newest entry deleted: still undetectable from the file alone, and said so
    _sql(dbfile, "DELETE FROM log_entry WHERE id = (SELECT max(id) FROM log_entry)")
    assert verify(dbfile) == EXIT_OK
    assert "最后一次定稿（11月）之后新增的记录如被整条删除" in capsys.readouterr().out


def test_intact_chain_without_any_finalised_report_says_so(dbfile, capsys):
    capsys.readouterr()
    assert verify(dbfile) == EXIT_OK
    assert capsys.readouterr().out.startswith("未发现改动；还没有定稿的月报")
