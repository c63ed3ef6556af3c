"""The CLI face of the log: add, void, list, verify (exit 3 when tampered), head, suggest,
selfcheck, fraudcheck, rules, message — Chinese messages, exit 2 on bad input."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import datetime

import pytest

from classgroup_desktop.cli.main import EXIT_BAD_INPUT, EXIT_TAMPERED, main
from classgroup_desktop.services.classes import create_class
from classgroup_desktop.store.db import open_database

CLASS = "三年级2班"


@pytest.fixture
def dbfile(tmp_path):
    path = tmp_path / "cli.sqlite3"
    db = open_database(path)
    create_class(db, CLASS)
    db.dispose()
    return str(path)


def run(dbfile, *args):
    return main(["--db", dbfile, *args])


def add(dbfile, *extra):
    return run(dbfile, "log", "add", "--class", CLASS, *extra)


def test_add_list_void_verify_head(dbfile, tmp_path, capsys):
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"png")
    assert (
        add(
            dbfile,
            "--member",
            "张三妈妈",
            "--kind",
            "reminder",
            "--rule",
            "入群-2",
            "--note",
            "改名",
            "--at",
            "2026-11-03",
            "--evidence",
            str(shot),
        )
        == 0
    )
    assert add(dbfile, "--member", "李四", "--kind", "清退", "--rule", "宗旨-3") == 0
    assert run(dbfile, "log", "void", "2", "--why", "记错了") == 0
    capsys.readouterr()
    assert run(dbfile, "log", "list", "--class", CLASS, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert [e["kind"] for e in data] == ["reminder", "clear-out", "void"]
    assert (
        data[0]["occurred_at"].startswith("2026-11-03")
        and data[0]["attachments"][0]["file_name"] == "shot.png"
    )
    assert data[1]["voided_by"] == 3
    assert run(dbfile, "log", "list", "--class", CLASS, "--month", "2026-11") == 0
    out = capsys.readouterr().out
    assert "#1  2026-11-03  提醒  张三妈妈  [入群-2]" in out
    assert run(dbfile, "log", "verify") == 0
    assert "未发现改动" in capsys.readouterr().out
    assert run(dbfile, "log", "head") == 0
    head = capsys.readouterr().out.strip()
    assert len(head) == 64 and head == data[-1]["entry_hash"]


def test_verify_exits_3_naming_the_tampered_entry(dbfile, capsys):
    add(
        dbfile,
        "--member",
        "张三妈妈",
        "--kind",
        "reminder",
        "--rule",
        "入群-2",
        "--at",
        "2026-11-03",
    )
    add(dbfile, "--member", "李四", "--kind", "reminder", "--rule", "家长-3")
    with sqlite3.connect(dbfile) as c:
        c.execute("UPDATE log_entry SET member_nickname = '王五' WHERE id = 1")
    capsys.readouterr()
    assert run(dbfile, "log", "verify") == EXIT_TAMPERED
    assert "第 1 条记录（2026-11-03 提醒 王五）被改动" in capsys.readouterr().err
    assert run(dbfile, "log", "verify", "--json") == EXIT_TAMPERED
    assert json.loads(capsys.readouterr().out)["first_bad_id"] == 1


def test_verify_exits_3_when_the_newest_entry_is_deleted_after_finalising(dbfile, capsys):
    add(dbfile, "--member", "张三妈妈", "--kind", "reminder", "--rule", "入群-2")
    add(dbfile, "--member", "李四", "--kind", "reminder", "--rule", "家长-3")
    assert run(dbfile, "log", "void", "2", "--why", "记错了") == 0
    month = datetime.now().strftime("%Y-%m")
    assert run(dbfile, "report", "--class", CLASS, "--month", month, "--finalise") == 0
    assert run(dbfile, "log", "verify") == 0
    with sqlite3.connect(dbfile) as c:
        c.execute("DELETE FROM log_entry WHERE id = (SELECT max(id) FROM log_entry)")
    capsys.readouterr()
    assert run(dbfile, "log", "verify") == EXIT_TAMPERED
    err = capsys.readouterr().err
    assert f"{CLASS} {month} 月报定稿时记录链末端为" in err and "定稿后有记录被删除" in err
    assert run(dbfile, "log", "verify", "--json") == EXIT_TAMPERED
    assert json.loads(capsys.readouterr().out)["ok"] is False


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--member", "张三", "--kind", "reminder", "--rule", "入群-9"], "入群-2"),
        (["--member", "张三", "--kind", "reminder"], "规则编号"),
        (["--member", "张三", "--kind", "note", "--evidence", "/nonexistent/x.png"], "x.png"),
        (["--member", "张三", "--kind", "shout"], "类型"),
        (["--member", "张三", "--kind", "note", "--at", "2999-01-01"], "将来"),
    ],
    ids=["unknown rule", "missing rule", "missing evidence", "unknown kind", "future date"],
)
def test_bad_input_exit_2_chinese_message_nothing_written(dbfile, capsys, args, words):
    assert add(dbfile, *args) == EXIT_BAD_INPUT
    assert words in capsys.readouterr().err
    run(dbfile, "log", "list", "--json")
    assert json.loads(capsys.readouterr().out) == []


def test_unknown_class_and_double_void(dbfile, capsys):
    assert run(dbfile, "log", "add", "--class", "九班", "--kind", "note") == EXIT_BAD_INPUT
    assert "九班" in capsys.readouterr().err
    add(dbfile, "--kind", "note", "--note", "x")
    assert run(dbfile, "log", "void", "1", "--why", "a") == 0
    assert run(dbfile, "log", "void", "1", "--why", "b") == EXIT_BAD_INPUT
    assert "已被" in capsys.readouterr().err


def test_suggest_shows_ladder_suggestion(dbfile, capsys):
    add(dbfile, "--member", "李四", "--kind", "reminder", "--rule", "家长-3")
    add(dbfile, "--member", "李四", "--kind", "reminder", "--rule", "家长-3")
    capsys.readouterr()
    assert run(dbfile, "log", "suggest", "--class", CLASS) == 0
    assert "建议清退 李四（家长-3）" in capsys.readouterr().out


def test_selfcheck_from_file_and_stdin(dbfile, tmp_path, capsys, monkeypatch):
    draft = tmp_path / "draft.txt"
    draft.write_text("本次考试第一名是王小明。", encoding="gb18030")
    assert run(dbfile, "selfcheck", str(draft)) == 0
    assert "第一名" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("请同学们复习第1单元。"))
    assert run(dbfile, "selfcheck", "-", "--json") == 0
    assert json.loads(capsys.readouterr().out) == {"ok": True, "warnings": []}
    assert run(dbfile, "selfcheck", str(tmp_path / "none.txt")) == EXIT_BAD_INPUT


def test_fraudcheck_json(dbfile, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("请扫码交材料费50元"))
    assert run(dbfile, "fraudcheck", "-", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and "电话" in data["warnings"][0]["message"]
    monkeypatch.setattr("sys.stdin", io.StringIO("x"))
    assert run(dbfile, "fraudcheck", "-", "--sender", "王老师") == EXIT_BAD_INPUT


def test_rules_and_message(dbfile, capsys):
    assert run(dbfile, "rules", "--json") == 0
    rules = json.loads(capsys.readouterr().out)
    assert len(rules) == 19 and rules[4]["code"] == "入群-2"
    assert run(dbfile, "rules") == 0
    assert "[教师-4]" in capsys.readouterr().out
    assert (
        run(
            dbfile, "message", "rename_reminder", "--member", "小明妈", "--suggestion", "王小明妈妈"
        )
        == 0
    )
    assert "@小明妈" in capsys.readouterr().out
