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


@pytest.fixture
def db(tmp_path) -> Database:
    database = open_database(tmp_path / "test.sqlite3")
    yield database
    database.dispose()
