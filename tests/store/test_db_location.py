"""Where the database lives: --db-url, --db, $CLASSGROUP_DB, the data folder — and the demo,
which never reads or writes the user's real database named in $CLASSGROUP_DB."""

from __future__ import annotations

import pytest

from classgroup_desktop.cli.main import main
from classgroup_desktop.services.classes import create_class, list_classes
from classgroup_desktop.store.db import open_database
from classgroup_desktop.store.location import DB_ENV, data_dir, resolve_url


@pytest.mark.parametrize(
    "db_path, db_url, env, demo, expected",
    [
        pytest.param(None, None, None, False, "DATA/classgroup.sqlite3", id="default file"),
        pytest.param(None, None, None, True, "DATA/demo.sqlite3", id="demo file"),
        pytest.param(None, None, "ENV", False, "ENV", id="environment"),
        pytest.param(None, None, "ENV", True, "DATA/demo.sqlite3", id="demo ignores environment"),
        pytest.param("PATH", None, "ENV", False, "PATH", id="path beats environment"),
        pytest.param("PATH", None, "ENV", True, "PATH", id="explicit path with demo"),
        pytest.param("PATH", "sqlite://", "ENV", True, "URL", id="url beats everything"),
    ],
)
def test_resolve_url_precedence(tmp_path, monkeypatch, db_path, db_url, env, demo, expected):
    real = tmp_path / "real.sqlite3"
    given = tmp_path / "given.sqlite3"
    if env:
        monkeypatch.setenv(DB_ENV, str(real))
    url = resolve_url(given if db_path else None, db_url, demo=demo)
    want = {
        "DATA/classgroup.sqlite3": f"sqlite:///{data_dir().resolve() / 'classgroup.sqlite3'}",
        "DATA/demo.sqlite3": f"sqlite:///{data_dir().resolve() / 'demo.sqlite3'}",
        "ENV": f"sqlite:///{real.resolve()}",
        "PATH": f"sqlite:///{given.resolve()}",
        "URL": "sqlite://",
    }[expected]
    assert url == want


def test_cli_demo_does_not_show_or_touch_the_real_database(tmp_path, monkeypatch, capsys):
    real = tmp_path / "realuser.sqlite3"
    db = open_database(real)
    create_class(db, "真实的班级")
    db.dispose()
    monkeypatch.setenv(DB_ENV, str(real))

    assert main(["--demo", "classes"]) == 0
    out = capsys.readouterr().out
    assert "真实的班级" not in out

    db = open_database(real)
    assert [c.name for c in list_classes(db)] == ["真实的班级"]  # no demo classes seeded into it
    db.dispose()
    assert (data_dir() / "demo.sqlite3").exists()
