"""Each database fault has its own message and exit 2 (never a traceback, never the generic
"不是本软件的数据库或已损坏"), and a damaged or foreign file is not made worse."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from classgroup_desktop.cli.main import main
from classgroup_desktop.core.db_errors import (
    ServerDatabaseMissingError,
    ServerLoginError,
    ServerUnreachableError,
)
from classgroup_desktop.services.classes import create_class
from classgroup_desktop.store import db as store_db
from classgroup_desktop.store.db import open_database
from classgroup_desktop.store.faults import translate_db_error

ROOT = Path(__file__).resolve().parents[2]
GENERIC = "不是本软件的数据库或已损坏"


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert GENERIC not in err
    return code, out, err


@pytest.fixture
def school(tmp_path) -> Path:
    path = tmp_path / "school.sqlite3"
    db = open_database(path)
    create_class(db, "一班")
    db.dispose()
    return path


def test_log_add_on_a_full_disk_says_the_disk_is_full(school, monkeypatch, capsys):
    def full_disk(dbapi_connection, record):
        real_pragmas(dbapi_connection, record)
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    real_pragmas = store_db._sqlite_pragmas
    monkeypatch.setattr(store_db, "_sqlite_pragmas", full_disk)
    code, _out, err = _run(capsys, "--db", str(school), "log", "add", "--class", "一班",
                           "--kind", "note", "--note", "情况说明" * 4000)
    assert code == 2
    assert "磁盘空间已满" in err and "数据库本身完好" in err
    monkeypatch.undo()
    code, out, _err = _run(capsys, "--db", str(school), "log", "list", "--json")
    assert code == 0 and "情况说明" not in out


@pytest.mark.parametrize("make", [
    pytest.param(lambda p: p.mkdir(), id="a folder"),
    pytest.param(lambda p: os.mkfifo(p), id="a FIFO"),
])
def test_db_path_that_is_not_a_regular_file_is_refused_at_once(tmp_path, capsys, make):
    target = tmp_path / "weird.sqlite3"
    make(target)
    code, _out, err = _run(capsys, "--db", str(target), "classes")
    assert code == 2 and "数据库文件" in err


def test_dev_null_as_database_is_refused(capsys):
    code, _out, err = _run(capsys, "--db", "/dev/null", "classes")
    assert code == 2 and "设备" in err


def test_bad_url_scheme_is_exit_2(capsys):
    code, _out, err = _run(capsys, "--db-url", "foo://server/school", "classes")
    assert code == 2 and "数据库地址“foo://server/school”无法识别" in err


@pytest.mark.skipif(importlib.util.find_spec("pg8000") is not None, reason="pg8000 installed")
def test_missing_driver_names_the_pip_package(capsys):
    code, _out, err = _run(capsys, "--db-url", "postgresql+pg8000://t@127.0.0.1/school",
                           "classes")
    assert code == 2 and 'pip install "pg8000"' in err


@pytest.mark.skipif(importlib.util.find_spec("psycopg") is None, reason="psycopg not installed")
def test_server_that_refuses_the_connection_is_named(capsys):
    # Port 1 on this machine: refused at once, no network involved.
    code, _out, err = _run(capsys, "--db-url", "postgresql+psycopg://t@127.0.0.1:1/school",
                           "classes")
    assert code == 2 and "无法连接数据库服务器“127.0.0.1:1”" in err


def _driver_error(message: str) -> Exception:
    cls = type("OperationalError", (Exception,), {"__module__": "psycopg"})
    return cls(message)


@pytest.mark.parametrize("message, kind", [
    ('connection failed: FATAL:  database "school" does not exist', ServerDatabaseMissingError),
    ('connection failed: FATAL:  password authentication failed for user "t"', ServerLoginError),
    ('connection failed: connection to server at "127.0.0.1", port 5432 failed: FATAL:  role'
     ' "t" does not exist', ServerLoginError),
    ('failed to resolve host "nosuch.invalid": [Errno -2] Name or service not known',
     ServerUnreachableError),
    ("connection failed: Connection refused", ServerUnreachableError),
])
def test_server_faults_are_told_apart(message, kind):
    fault = translate_db_error(_driver_error(message), "postgresql+psycopg://t@db.school/school")
    assert isinstance(fault, kind)
    assert "db.school" in fault.message


def _as_nobody(argv: list[str], home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "CLASSGROUP_HOME": str(home), "PYTHONPATH": str(ROOT)}
    extra = {"user": "nobody"} if os.geteuid() == 0 else {}
    return subprocess.run([sys.executable, "-m", "classgroup_desktop.cli.main", *argv],
                          capture_output=True, text=True, env=env, timeout=60, cwd="/",
                          **extra)


def _nobody_can_run_python() -> bool:
    if os.geteuid() != 0:
        return True
    try:
        subprocess.run([sys.executable, "-c", "pass"], user="nobody", check=True, timeout=30,
                       capture_output=True)
    except (OSError, subprocess.SubprocessError):
        return False
    return True


@pytest.mark.parametrize("file_ok, folder_ok", [(False, True), (True, False), (False, False)],
                         ids=["read-only file", "read-only folder", "both"])
def test_read_only_database_reads_and_refuses_writes(school, monkeypatch, capsys, file_ok,
                                                     folder_ok):
    # The permission bits as this process sees them (root sees every file as writable).
    from classgroup_desktop.store import sqlite_file

    monkeypatch.setattr(sqlite_file, "_writable", lambda path: (file_ok, folder_ok))
    before = school.read_bytes()
    code, out, _err = _run(capsys, "--db", str(school), "classes")
    assert code == 0 and "一班" in out
    code, _out, _err = _run(capsys, "--db", str(school), "log", "verify")
    assert code == 0
    code, _out, err = _run(capsys, "--db", str(school), "class-create", "二班")
    assert code == 2 and "只读" in err
    assert school.read_bytes() == before


@pytest.mark.skipif(not _nobody_can_run_python(), reason="needs an interpreter 'nobody' can run")
@pytest.mark.parametrize("folder_read_only", [False, True], ids=["read-only file",
                                                                   "read-only folder"])
def test_read_only_database_for_a_real_unprivileged_user(folder_read_only):
    # Root may write anything: the check runs as "nobody" when the suite runs as root.
    base = Path(tempfile.mkdtemp(prefix="classgroup-ro-"))
    try:
        os.chmod(base, 0o755)
        home = base / "home"
        home.mkdir(mode=0o777)
        os.chmod(home, 0o777)
        folder = base / "data"
        folder.mkdir()
        path = folder / "school.sqlite3"
        db = open_database(path)
        create_class(db, "一班")
        db.dispose()
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        for leftover in (f"{path}-wal", f"{path}-shm"):
            Path(leftover).unlink(missing_ok=True)
        os.chmod(path, 0o444)
        os.chmod(folder, 0o555 if folder_read_only else 0o777)
        before = path.read_bytes()

        listed = _as_nobody(["--db", str(path), "classes"], home)
        assert listed.returncode == 0, listed.stderr
        assert "一班" in listed.stdout
        wrote = _as_nobody(["--db", str(path), "class-create", "二班"], home)
        assert wrote.returncode == 2
        assert "只读" in wrote.stderr and "Traceback" not in wrote.stderr
        assert path.read_bytes() == before
    finally:
        for p in base.rglob("*"):
            if p.is_dir():
                os.chmod(p, 0o755)
        shutil.rmtree(base, ignore_errors=True)
