"""Automatic backups: when they are taken, what they hold, rotation, restore."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest

from classgroup_desktop.core.db_errors import CorruptDatabaseError, NotSqliteError
from classgroup_desktop.core.errors import UserError
from classgroup_desktop.services.backup import (
    backup_now,
    backup_on_exit,
    daily_backup,
    list_backups,
    restore,
)
from classgroup_desktop.services.classes import create_class, list_classes
from classgroup_desktop.services.database import open_app_database
from classgroup_desktop.store import backup as store_backup
from classgroup_desktop.store.db import Database, open_database


@pytest.fixture
def school(tmp_path) -> Database:
    db = open_app_database(tmp_path / "school.sqlite3")
    create_class(db, "一班")
    yield db
    db.dispose()


def test_first_write_of_the_day_takes_a_backup_of_the_state_before_it(school, tmp_path):
    school.dispose()
    db = open_app_database(tmp_path / "school.sqlite3")  # a later start, same day
    try:
        create_class(db, "二班")
        create_class(db, "三班")
        backups = list_backups(db)
        assert [b.reason for b in backups] == ["daily"]
        assert backups[0].classes == 1  # taken before 二班 was written
    finally:
        db.dispose()


def test_a_new_empty_database_is_not_backed_up(tmp_path):
    db = open_app_database(tmp_path / "fresh.sqlite3")
    try:
        create_class(db, "一班")
        assert list_backups(db) == []
    finally:
        db.dispose()


def test_daily_backup_only_once_a_day(school):
    assert daily_backup(school, now=datetime.now()) is not None
    assert daily_backup(school, now=datetime.now()) is None


def test_backup_is_made_with_the_backup_api_and_checked(school):
    info = backup_now(school)
    conn = sqlite3.connect(info.path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT name FROM class_group").fetchall() == [("一班",)]
    finally:
        conn.close()
    assert (info.classes, info.log_entries, info.reason) == (1, 0, "manual")


def test_backup_on_exit_only_after_changes(tmp_path, school):
    school.dispose()
    db = open_app_database(tmp_path / "school.sqlite3")
    try:
        assert backup_on_exit(db) is None
        create_class(db, "二班")
        assert backup_on_exit(db).reason == "exit"
    finally:
        db.dispose()


def test_rotation_keeps_ten_newest_plus_weekly(school):
    now = datetime(2026, 12, 3, 16, 20)
    for days in range(40):
        store_backup.take_backup(school.path, "daily", now=now - timedelta(days=40 - days))
    times = [b.taken_at for b in list_backups(school)]
    # Daily backups from 24 Oct to 2 Dec: the 10 newest (from 23 Nov), plus the newest of each
    # older week still inside the eight weeks (the weeks of 19 Oct, 26 Oct, 2, 9 and 16 Nov).
    assert times[:10] == [now - timedelta(days=d) for d in range(1, 11)]
    assert [t.day for t in times[10:]] == [22, 15, 8, 1, 25]


def test_restore_brings_back_the_backup_and_keeps_the_current_state(school):
    first = backup_now(school)
    create_class(school, "二班")
    before = restore(school, first.path)
    assert [c.name for c in list_classes(school)] == ["一班"]
    assert before is not None and before.classes == 2 and before.reason == "restore"


def test_restore_refuses_a_file_that_is_not_ours(school, tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("create table notes(x)")
    conn.close()
    with pytest.raises(UserError, match="不是班级群管家的数据库"):
        restore(school, other)
    assert [c.name for c in list_classes(school)] == ["一班"]


def test_a_damaged_database_names_its_newest_good_backup(school, tmp_path):
    good = backup_now(school)
    path = school.path
    school.dispose()
    _damage(path)
    with pytest.raises(CorruptDatabaseError) as caught:
        open_app_database(path)
    exc = caught.value
    assert exc.backup == good.path
    assert f"最近的完好备份是 {good.taken_at.month}月{good.taken_at.day}日" in exc.message
    restore(path, exc.backup)
    db = open_app_database(path)
    try:
        assert [c.name for c in list_classes(db)] == ["一班"]
    finally:
        db.dispose()


def test_server_database_says_pg_dump_owns_backups():
    db = Database(engine=None, url="postgresql+psycopg://u@server/school")  # type: ignore[arg-type]
    with pytest.raises(NotSqliteError, match="pg_dump"):
        list_backups(db)


def _damage(path) -> None:
    """Overwrite the root page of class_group: SQLite reports the file as malformed."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='class_group'").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(path, "r+b") as fh:
        fh.seek((root - 1) * size)
        fh.write(b"\xff" * 200)


def test_damaged_database_without_backups_says_so(tmp_path):
    path = tmp_path / "lonely.sqlite3"
    db = open_database(path)
    create_class(db, "一班")
    db.dispose()
    _damage(path)
    with pytest.raises(CorruptDatabaseError, match="没有找到完好的备份"):
        open_app_database(path)


def test_half_written_copy_of_a_killed_backup_is_never_listed_and_is_cleared(school):
    import os
    import time

    folder = school.path.parent / "backups"
    folder.mkdir(exist_ok=True)
    part = folder / ".school-20261201-080000-daily.sqlite3.part"
    part.write_bytes(b"SQLite format 3\x00half")
    old = time.time() - 2 * 3600
    os.utime(part, (old, old))
    assert list_backups(school) == []
    backup_now(school)
    assert not part.exists()
