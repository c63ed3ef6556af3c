"""backup, backups and restore from the command line."""

from __future__ import annotations

import json
import sqlite3

from classgroup_desktop.cli.main import main


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_backup_backups_restore_round_trip(tmp_path, capsys):
    db = str(tmp_path / "school.sqlite3")
    assert _run(capsys, "--db", db, "class-create", "一班")[0] == 0
    code, out, _ = _run(capsys, "--db", db, "backup", "--json")
    assert code == 0
    taken = json.loads(out)
    assert (taken["classes"], taken["log_entries"], taken["reason"]) == (1, 0, "manual")
    assert _run(capsys, "--db", db, "class-create", "二班")[0] == 0

    code, out, _ = _run(capsys, "--db", db, "backups", "--json")
    listed = json.loads(out)["backups"]
    assert [b["path"] for b in listed] == [taken["path"]]
    assert set(listed[0]) >= {"taken_at", "size", "classes", "log_entries"}

    code, out, _ = _run(capsys, "--db", db, "restore", taken["path"])
    assert code == 0 and "恢复前的状态已备份到" in out
    code, out, _ = _run(capsys, "--db", db, "classes", "--json")
    assert [c["class"] for c in json.loads(out)] == ["一班"]
    code, out, _ = _run(capsys, "--db", db, "backups")
    assert "恢复前" in out and "2 个班级" in out


def test_backup_to_a_chosen_file(tmp_path, capsys):
    db = str(tmp_path / "school.sqlite3")
    _run(capsys, "--db", db, "class-create", "一班")
    target = tmp_path / "u盘" / "备份.sqlite3"
    code, out, _ = _run(capsys, "--db", db, "backup", "--to", str(target))
    assert code == 0 and "1 个班级" in out
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT name FROM class_group").fetchall() == [("一班",)]
    conn.close()


def test_restore_from_a_file_that_is_not_ours_is_exit_2(tmp_path, capsys):
    db = str(tmp_path / "school.sqlite3")
    _run(capsys, "--db", db, "class-create", "一班")
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("create table notes(x)")
    conn.close()
    code, _, err = _run(capsys, "--db", db, "restore", str(other))
    assert code == 2 and "不是班级群管家的数据库" in err
    code, _, err = _run(capsys, "--db", db, "restore", str(tmp_path / "missing.sqlite3"))
    assert code == 2


def test_backup_commands_on_a_server_database_point_to_pg_dump(capsys):
    for argv in (["backup"], ["backups"], ["restore", "x.sqlite3"]):
        code, _, err = _run(capsys, "--db-url", "postgresql+psycopg://t@db.school/s", *argv)
        assert code == 2 and "pg_dump" in err


def test_damaged_database_cli_names_the_backup_and_the_restore_command(tmp_path, capsys):
    db = tmp_path / "school.sqlite3"
    _run(capsys, "--db", str(db), "class-create", "一班")
    _, out, _ = _run(capsys, "--db", str(db), "backup", "--json")
    backup = json.loads(out)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='class_group'").fetchone()
    conn.close()
    with open(db, "r+b") as fh:
        fh.seek((root[0] - 1) * 4096)
        fh.write(b"\xff" * 100)
    code, _, err = _run(capsys, "--db", str(db), "classes")
    assert code == 2
    assert "数据库文件已损坏，最近的完好备份是" in err and backup["path"] in err
    assert "restore" in err
