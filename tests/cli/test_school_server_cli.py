"""``school-server setup|add-teacher|add-supervisor`` on a real PostgreSQL (issue 17)."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import create_engine, text

from classgroup_desktop.cli.main import main


def test_setup_and_logins_from_the_cli(pg_url, capsys):
    login = f"li_{uuid.uuid4().hex[:8]}"
    try:
        assert main(["--db-url", pg_url, "school-server", "setup", "--json"]) == 0
        setup = json.loads(capsys.readouterr().out)
        assert {"class_group", "student", "guardian", "log_entry"} <= set(
            setup["row_level_security"])
        code = main(["--db-url", pg_url, "school-server", "add-teacher", login, "--name",
                     "李建国", "--classes", "三年级(2)班，三年级(3)班", "--json"])
        assert code == 0
        added = json.loads(capsys.readouterr().out)
        assert added["classes"] == ["三年级(2)班", "三年级(3)班"]
        assert main(["--db-url", pg_url, "school-server", "add-teacher", "Bad Name",
                     "--name", "x", "--classes", "三年级(2)班"]) == 2
        assert "登录名" in capsys.readouterr().err
    finally:
        engine = create_engine(pg_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                            {"r": login}).first():
                conn.exec_driver_sql(f'DROP OWNED BY "{login}"')
                conn.exec_driver_sql(f'DROP ROLE "{login}"')
        engine.dispose()


def test_setup_on_a_sqlite_file_says_it_needs_the_server(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "x.db"), "school-server", "setup"]) == 2
    assert "PostgreSQL" in capsys.readouterr().err
