"""Suite-wide fixtures: offscreen Qt, an isolated data folder, a fresh migrated database."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from classgroup_desktop.store.db import Database, open_database  # noqa: E402


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
