"""Schema upgrades keep every row; opening an older database upgrades it in place."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import inspect, text

from classgroup_desktop.store.db import (
    SCHEMA_HEAD,
    create_db_engine,
    current_revision,
    head_revision,
    open_database,
    upgrade,
)


def _fill_first_revision(engine) -> None:
    now = datetime(2026, 9, 1, 8, 0)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO class_group (id, name, grade, school_year, wechat_group_name,"
                " archived, created_at) VALUES (1, '三年级(2)班', '三年级', '2026-2027',"
                " '三(2)班家校群', 0, :now)"
            ),
            {"now": now},
        )
        for i, name in enumerate(["张三", "欧阳娜娜", "张伟", "张伟"], start=1):
            conn.execute(
                text(
                    "INSERT INTO student (id, class_id, name, student_no, gender, active,"
                    " created_at) VALUES (:id, 1, :name, :no, '男', 1, :now)"
                ),
                {"id": i, "name": name, "no": f"2026{i:02d}", "now": now},
            )
            conn.execute(
                text(
                    "INSERT INTO guardian (student_id, name, relation, phone)"
                    " VALUES (:id, :g, '妈妈', '13800138000')"
                ),
                {"id": i, "g": f"{name}家长"},
            )
        conn.execute(text("INSERT INTO teacher (id, name, subject) VALUES (1, '李建国', '数学')"))
        conn.execute(
            text(
                "INSERT INTO teacher_role (class_id, teacher_id, role, subject)"
                " VALUES (1, 1, 'head', '数学')"
            )
        )


def test_first_revision_rows_survive_upgrade_to_head(tmp_path):
    path = tmp_path / "old.sqlite3"
    engine = create_db_engine(f"sqlite:///{path}")
    upgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    _fill_first_revision(engine)
    engine.dispose()

    db = open_database(path)  # opening an older database upgrades it in place
    try:
        assert current_revision(db.engine) == head_revision()
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM class_group")).scalar() == 1
            names = [r[0] for r in conn.execute(text("SELECT name FROM student ORDER BY id"))]
            assert names == ["张三", "欧阳娜娜", "张伟", "张伟"]
            assert conn.execute(text("SELECT count(*) FROM guardian")).scalar() == 4
            assert conn.execute(text("SELECT role FROM teacher_role")).scalar() == "head"
            policy = conn.execute(text("SELECT naming_policy FROM class_group")).scalar()
            assert policy is None
        assert "log_entry" in inspect(db.engine).get_table_names()
    finally:
        db.dispose()


def test_sqlite_runs_with_foreign_keys_and_wal(tmp_path):
    db = open_database(tmp_path / "fk.sqlite3")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_env_variable_chooses_database_file(tmp_path, monkeypatch):
    target = tmp_path / "from_env.sqlite3"
    monkeypatch.setenv("CLASSGROUP_DB", str(target))
    db = open_database()
    try:
        assert db.url.endswith("from_env.sqlite3")
        assert target.exists()
    finally:
        db.dispose()


def test_database_url_is_accepted(tmp_path):
    url = f"sqlite:///{tmp_path / 'by_url.sqlite3'}"
    db = open_database(db_url=url)
    try:
        assert current_revision(db.engine) == head_revision()
    finally:
        db.dispose()


def test_schema_head_constant_matches_the_newest_migration():
    # open_database skips Alembic when a database is at SCHEMA_HEAD: it must be the real head.
    assert SCHEMA_HEAD == head_revision()


def test_reopening_an_up_to_date_database_keeps_it_at_head(tmp_path):
    path = tmp_path / "twice.sqlite3"
    open_database(path).dispose()
    db = open_database(path)
    try:
        assert current_revision(db.engine) == SCHEMA_HEAD
    finally:
        db.dispose()


def test_migrated_schema_matches_the_models(tmp_path):
    """Every revision (0004's received packages included) creates what the models declare."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from classgroup_desktop.store.models import Base

    db = open_database(tmp_path / "schema.sqlite3")
    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    db.dispose()
