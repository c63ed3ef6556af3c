"""Opening a database never harms it: a foreign file is left byte for byte, a newer one is
refused, set-up and upgrades are all-or-nothing, and an upgrade is preceded by a backup."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic import op
from sqlalchemy import create_engine, text

from classgroup_desktop.cli.main import main
from classgroup_desktop.core.db_errors import NewerDatabaseError, NotOurDatabaseError
from classgroup_desktop.store.db import SCHEMA_HEAD, current_revision, open_database, upgrade
from tests.helpers.kill_trials import build_first_revision, run_trials


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


@pytest.mark.parametrize("schema", [
    pytest.param("create table student(id int)", id="a table whose name clashes with ours"),
    pytest.param("create table notes(id int, body text); insert into notes values (1, 'x')",
                 id="another program's tables, no clash"),
])
def test_foreign_sqlite_file_is_refused_and_left_byte_identical(tmp_path, capsys, schema):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.executescript(schema)
    conn.close()
    before = _digest(path)

    assert main(["--db", str(path), "classes"]) == 2
    err = capsys.readouterr().err
    assert "这不是班级群管家的数据库（里面已有别的数据）：请换一个文件" in err
    assert "Traceback" not in err
    assert _digest(path) == before
    assert not Path(f"{path}-wal").exists()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # not switched to WAL
    conn.close()


def test_file_that_is_not_sqlite_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("家长会通知\n", encoding="utf-8")
    with pytest.raises(NotOurDatabaseError, match="不是 SQLite"):
        open_database(path)
    assert path.read_text(encoding="utf-8") == "家长会通知\n"


def test_database_from_a_newer_version_is_refused_with_exit_2(tmp_path, capsys):
    path = tmp_path / "newer.sqlite3"
    open_database(path).dispose()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0099_future'")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(NewerDatabaseError):
        open_database(path)
    assert main(["--db", str(path), "classes"]) == 2
    err = capsys.readouterr().err
    assert "这个数据库来自更新版本的班级群管家，请先升级软件" in err
    assert _digest(path) == before


class _Boom(Exception):
    pass


def _fail_on_table(monkeypatch, name: str) -> None:
    """Make the migration step that creates table ``name`` fail (as a kill would stop it)."""
    real = op.create_table

    def create_table(table_name, *args, **kwargs):
        if table_name == name:
            raise _Boom(table_name)
        return real(table_name, *args, **kwargs)

    monkeypatch.setattr(op, "create_table", create_table)


def test_creation_interrupted_half_way_leaves_no_half_schema(tmp_path, monkeypatch):
    path = tmp_path / "new.sqlite3"
    _fail_on_table(monkeypatch, "teacher")  # after class_group, student, guardian
    with pytest.raises(_Boom):
        open_database(path)
    assert _tables(path) == set()
    monkeypatch.undo()
    db = open_database(path)  # the next start simply creates the database
    try:
        assert current_revision(db.engine) == SCHEMA_HEAD
    finally:
        db.dispose()


def test_upgrade_interrupted_half_way_leaves_the_old_revision_whole(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite3"
    build_first_revision(path, classes=3, students=30)
    tables_before = _tables(path)
    _fail_on_table(monkeypatch, "log_entry")  # after the class_group rebuild and five tables
    with pytest.raises(_Boom):
        open_database(path)
    assert _tables(path) == tables_before
    engine = create_engine(f"sqlite:///{path}")
    try:
        assert current_revision(engine) == "0001"
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM student")).scalar() == 30
            columns = [r[1] for r in conn.execute(text("PRAGMA table_info(class_group)"))]
            assert "naming_policy" not in columns
    finally:
        engine.dispose()
    monkeypatch.undo()
    db = open_database(path)
    try:
        assert current_revision(db.engine) == SCHEMA_HEAD
    finally:
        db.dispose()


def test_upgrade_takes_a_backup_of_the_old_database_first(tmp_path):
    path = tmp_path / "school.sqlite3"
    build_first_revision(path, classes=2, students=10)
    open_database(path).dispose()
    backups = list((tmp_path / "backups").glob("school-*-upgrade.sqlite3"))
    assert len(backups) == 1
    conn = sqlite3.connect(backups[0])
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        assert conn.execute("SELECT count(*) FROM student").fetchone()[0] == 10
    finally:
        conn.close()


def test_upgrade_on_sqlite_is_one_transaction_for_every_step(tmp_path):
    # Each step alone used to commit its DDL as it went; now 0001 and 0002 land together.
    path = tmp_path / "steps.sqlite3"
    upgrade(create_engine(f"sqlite:///{path}"))
    assert current_revision(create_engine(f"sqlite:///{path}")) == SCHEMA_HEAD


@pytest.mark.parametrize("upgrading", [False, True], ids=["creating", "upgrading 0001"])
def test_killed_at_random_moments_no_file_is_bricked(tmp_path, upgrading):
    outcomes = run_trials(tmp_path, trials=2, upgrade=upgrading, classes=10, students=300)
    assert [o.error for o in outcomes if not o.opened] == []
    assert all(o.rows_ok for o in outcomes)


@pytest.mark.slow
@pytest.mark.parametrize("upgrading", [False, True], ids=["creating", "upgrading 0001"])
def test_killed_at_30_random_moments_no_file_is_bricked(tmp_path, upgrading):
    outcomes = run_trials(tmp_path, trials=30, upgrade=upgrading)
    bricked = [o.error for o in outcomes if not o.opened]
    lost = [o for o in outcomes if o.opened and not o.rows_ok]
    print(f"30 kills: {sum(o.killed for o in outcomes)} mid-work, {len(bricked)} bricked,"
          f" {len(lost)} lost rows")
    assert bricked == [] and lost == []


def test_database_with_a_renamed_column_is_refused_with_exit_2(tmp_path, capsys):
    path = tmp_path / "altered.sqlite3"
    open_database(path).dispose()
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE student RENAME COLUMN name TO full_name")
    conn.commit()
    conn.close()
    assert main(["--db", str(path), "roster", "--class", "一班"]) == 2
    err = capsys.readouterr().err
    assert "表 student 缺少列 name" in err and "Traceback" not in err
