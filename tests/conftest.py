"""Suite-wide fixtures: offscreen Qt, an isolated data folder, a fresh migrated database."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402

from classgroup_desktop.store.db import Database, open_database  # noqa: E402

NO_CJK_FONT = (
    "没有找到中文字体，界面和 PDF 月报会画成方框，测试无法判断结果。"
    "请先安装中文字体再运行测试"
    "（Debian/Ubuntu：apt-get install fonts-noto-cjk fonts-wqy-microhei）。"
)


def pytest_sessionstart(session):
    """Stop at once, with the fix, on a machine without CJK fonts (instead of 19 bare failures)."""
    if not sys.platform.startswith("linux") or not shutil.which("fc-list"):
        return  # Windows and macOS always ship Chinese fonts
    found = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True)
    if found.returncode == 0 and not found.stdout.strip():
        pytest.exit(NO_CJK_FONT, returncode=4)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Never touch the real per-user data folder or an inherited CLASSGROUP_DB."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CLASSGROUP_HOME", str(home))
    monkeypatch.delenv("CLASSGROUP_DB", raising=False)
    yield


# The PostgreSQL server the store and services tests also run against: a SQLAlchemy URL of a
# role that may create databases, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres.
# .ci/run starts a throwaway cluster and sets it; without it those tests run on SQLite only.
PG_URL_ENV = "CLASSGROUP_TEST_PG_URL"
BOTH_BACKENDS = ("tests/store/", "tests/services/")


def pg_admin_url() -> str | None:
    return os.environ.get(PG_URL_ENV) or None


def pytest_generate_tests(metafunc):
    """Store and services tests that use ``db`` run once per backend when a server is given."""
    if "db_backend" not in metafunc.fixturenames or not pg_admin_url():
        return
    path = metafunc.definition.path.as_posix()
    if any(part in path for part in BOTH_BACKENDS):
        metafunc.parametrize("db_backend", ["sqlite", "postgresql"])


@pytest.fixture
def db_backend() -> str:
    return "sqlite"


@pytest.fixture
def pg_url():
    """A fresh, empty PostgreSQL database for one test (dropped afterwards)."""
    admin = pg_admin_url()
    if admin is None:
        pytest.skip(f"没有 PostgreSQL 测试服务器：设置 {PG_URL_ENV}（.ci/run 会自动启动一个）")
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"cg_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture
def db(tmp_path, db_backend, request) -> Database:
    if db_backend == "postgresql":
        database = open_database(db_url=request.getfixturevalue("pg_url"))
    else:
        database = open_database(tmp_path / "test.sqlite3")
    yield database
    database.dispose()
