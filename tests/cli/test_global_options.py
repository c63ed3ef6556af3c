"""--db, --db-url and --demo are accepted before or after the command (issue 18)."""

from __future__ import annotations

import pytest
from helpers.roster_files import SIMPLE_HEADER, simple_rows, write_csv

from classgroup_desktop.cli.main import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def filled_db(tmp_path, capsys):
    db = str(tmp_path / "x.sqlite3")
    roster = write_csv(tmp_path / "三年级(2)班.csv", [SIMPLE_HEADER, *simple_rows(3)])
    code, _, err = run(capsys, "--db", db, "import-roster", str(roster), "--class", "三年级(2)班")
    assert code == 0, err
    return db


def test_db_after_the_command_opens_that_database(filled_db, capsys):
    code, out, err = run(capsys, "classes", "--db", filled_db)
    assert code == 0, err
    assert "三年级(2)班" in out


def test_db_after_a_nested_command_opens_that_database(filled_db, capsys):
    code, out, err = run(capsys, "log", "verify", "--db", filled_db, "--json")
    assert code == 0, err
    assert '"ok": true' in out


def test_db_before_the_command_is_not_overwritten_by_the_commands_default(filled_db, capsys):
    code, out, _ = run(capsys, "--db", filled_db, "classes")
    assert code == 0
    assert "三年级(2)班" in out


def test_demo_after_the_command_uses_the_demo_school(capsys):
    code, out, err = run(capsys, "classes", "--demo")
    assert code == 0, err
    assert "四年级(1)班" in out
