"""The member-check commands: check, audits, diff, confirm, confirmations."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import datetime

import pytest

from classgroup_desktop.cli.main import main
from classgroup_desktop.store.db import open_database
from classgroup_desktop.store.models import ClassGroupRow, StudentRow, TeacherRoleRow, TeacherRow

CLASS = "三年级(2)班"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def dbfile(tmp_path):
    path = tmp_path / "x.sqlite3"
    db = open_database(path)
    now = datetime(2026, 3, 1)
    with db.session() as s:
        cls = ClassGroupRow(name=CLASS, created_at=now, archived=False)
        s.add(cls)
        s.flush()
        for i, n in enumerate(["张三", "李四", "吴堃", "张伟", "张伟"], start=1):
            s.add(StudentRow(class_id=cls.id, name=n, student_no=f"{i:02d}", active=True,
                             created_at=now))
        t = TeacherRow(name="李建国", subject="语文")
        s.add(t)
        s.flush()
        s.add(TeacherRoleRow(class_id=cls.id, teacher_id=t.id, role="head", subject="语文"))
    db.dispose()
    return str(path)


@pytest.fixture
def members_file(tmp_path):
    path = tmp_path / "名单.txt"
    path.write_text("#接龙\n例 张三妈妈\n1. 张三妈妈\n2. 吴堃的妈妈\n3. 花开富贵\n4. 张三妈妈\n"
                    "5. 李建国\n6. 张伟妈妈\n7. 李四妈妈13800138000\n", encoding="utf-8")
    return str(path)


def test_check_json_shape(capsys, dbfile, members_file):
    code, out, err = run(capsys, "--db", dbfile, "check", "--class", CLASS, members_file,
                         "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["class"] == CLASS
    assert data["counts"] == {"ok": 3, "rename": 3, "unknown": 1}
    assert [m["nickname"] for m in data["members"]] == [
        "张三妈妈", "吴堃的妈妈", "花开富贵", "张三妈妈", "李建国", "张伟妈妈",
        "李四妈妈13800138000"]
    first = data["members"][0]
    assert {k: first[k] for k in ("nickname", "status", "identity", "suggestion", "flags")} == {
        "nickname": "张三妈妈", "status": "ok",
        "identity": {"kind": "parent", "teacher": None, "students": ["张三"], "relation": "妈妈"},
        "suggestion": None, "flags": ["duplicate"]}
    assert data["members"][1]["suggestion"] == "吴堃妈妈"
    assert data["members"][5]["flags"] == ["ambiguous"]
    assert data["students_without_guardian"] == ["张伟（04）", "张伟（05）"]
    assert isinstance(first["reason"], str) and first["reason"]


def test_check_human_output_masks_phones(capsys, dbfile, members_file):
    code, out, _ = run(capsys, "--db", dbfile, "check", "--class", CLASS, members_file)
    assert code == 0
    assert "合规 3，需改名 3，身份不明 1" in out
    assert "138****8000" in out and "13800138000" not in out
    assert "家长不在群里的学生" in out


def test_check_reads_standard_input(capsys, dbfile, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("张三妈妈\nLily\n"))
    code, out, err = run(capsys, "--db", dbfile, "check", "--class", CLASS, "-", "--json")
    assert code == 0, err
    assert json.loads(out)["counts"] == {"ok": 1, "rename": 0, "unknown": 1}


def test_save_then_audits_then_diff(capsys, dbfile, tmp_path):
    first = tmp_path / "a.txt"
    first.write_text("张三麻麻\n花开富贵\n吴堃的妈妈\n", encoding="utf-8")
    second = tmp_path / "b.txt"
    second.write_text("张三妈妈\n吴堃的妈妈\n李四爸爸\n", encoding="utf-8")
    code, out, _ = run(capsys, "--db", dbfile, "check", "--class", CLASS, str(first), "--save",
                       "--json")
    assert code == 0 and json.loads(out)["audit_id"] == 1
    code, out, _ = run(capsys, "--db", dbfile, "check", "--class", CLASS, str(second), "--save")
    assert code == 0 and "#2" in out
    code, out, _ = run(capsys, "--db", dbfile, "audits", "--class", CLASS, "--json")
    audits = json.loads(out)["audits"]
    assert [(a["id"], a["total"], a["source"]) for a in audits] == [
        (1, 3, "a.txt"), (2, 3, "b.txt")]
    code, out, _ = run(capsys, "--db", dbfile, "audits", "--class", CLASS, "--id", "1", "--json")
    assert [m["nickname"] for m in json.loads(out)["members"]] == ["张三麻麻", "花开富贵",
                                                                   "吴堃的妈妈"]
    code, out, _ = run(capsys, "--db", dbfile, "diff", "--class", CLASS, "--json")
    diff = json.loads(out)
    assert [m["nickname"] for m in diff["joined"]] == ["李四爸爸"]
    assert [m["nickname"] for m in diff["left"]] == ["花开富贵"]
    assert [(m["old_nickname"], m["new_nickname"]) for m in diff["renamed"]] == [
        ("张三麻麻", "张三妈妈")]
    assert [m["nickname"] for m in diff["still_noncompliant"]] == ["吴堃的妈妈"]
    code, out, _ = run(capsys, "--db", dbfile, "diff", "--class", CLASS, "--from", "1",
                       "--to", "2")
    assert code == 0 and "改了昵称（1）" in out and "张三麻麻 → 张三妈妈" in out


def test_confirm_and_revoke(capsys, dbfile):
    code, out, err = run(capsys, "--db", dbfile, "confirm", "--class", CLASS, "--nickname",
                         "Lily", "--as", "张三奶奶（接送）", "--why", "已电话核实",
                         "--by", "李建国")
    assert code == 0, err
    code, out, _ = run(capsys, "--db", dbfile, "confirmations", "--class", CLASS, "--json")
    [conf] = json.loads(out)["confirmations"]
    assert (conf["nickname"], conf["confirmed_as"], conf["confirmed_by"]) == (
        "Lily", "张三奶奶（接送）", "李建国")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stdin", io.StringIO("Lily\n"))
        code, out, _ = run(capsys, "--db", dbfile, "check", "--class", CLASS, "-", "--json")
    assert json.loads(out)["members"][0]["flags"] == ["confirmed"]
    code, out, _ = run(capsys, "--db", dbfile, "confirm", "--class", CLASS, "--nickname", "Lily",
                       "--revoke")
    assert code == 0 and "撤销" in out


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["check", "--class", CLASS], id="no member list"),
        pytest.param(["check", "--class", CLASS, "missing.txt"], id="missing file"),
        pytest.param(["check", "--class", "五年级(9)班", "LIST"], id="unknown class"),
        pytest.param(["check", "--class", CLASS, "EMPTY"], id="empty list"),
        pytest.param(["diff", "--class", CLASS], id="diff without audits"),
        pytest.param(["audits", "--class", CLASS, "--id", "42"], id="unknown audit"),
        pytest.param(["confirm", "--class", CLASS, "--nickname", "Lily"], id="confirm without as"),
        pytest.param(["confirm", "--class", CLASS, "--nickname", "Lily", "--revoke"],
                     id="revoke what was never confirmed"),
    ],
)
def test_bad_input_exits_2_with_chinese_message_and_saves_nothing(capsys, dbfile, tmp_path,
                                                                  members_file, argv):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    argv = [{"LIST": members_file, "EMPTY": str(empty)}.get(a, a) for a in argv]
    if argv[0] == "check":
        argv.append("--save")
    code, out, err = run(capsys, "--db", dbfile, *argv)
    assert code == 2
    assert err.startswith("错误：") or "命令用法有误" in err
    assert "Traceback" not in err
    with sqlite3.connect(dbfile) as conn:
        assert conn.execute("select count(*) from audit").fetchone()[0] == 0


def test_check_reminder_keeps_teachers_and_student_numbers_out_of_the_group_message(
        capsys, dbfile, tmp_path):
    members = tmp_path / "m.txt"
    members.write_text("李建国老师\n张伟妈妈\n李四妈妈13800138000\n", encoding="utf-8")
    code, out, err = run(capsys, "--db", dbfile, "check", "--class", CLASS, str(members),
                         "--reminder", "--json")
    assert code == 0, err
    reminder = json.loads(out)["reminder"]
    group = reminder["group"]
    assert "李建国" not in group and "请在孩子姓名后加上学号" in group and " 或 " not in group
    assert "13800138000" not in group and "138****8000" in group
    assert [t["teacher"] for t in reminder["teachers"]] == ["李建国"]
    code, out, err = run(capsys, "--db", dbfile, "check", "--class", CLASS, str(members),
                         "--reminder")
    parents, _, private = out.partition("私聊发给老师")
    assert "@李建国" not in parents and "李建国老师您好" in private
