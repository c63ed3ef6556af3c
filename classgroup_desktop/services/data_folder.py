"""The per-user data folder (database, backups, logs), found without loading the ORM: the crash
log must still be writable when the error came from the database layer itself."""

from __future__ import annotations

from pathlib import Path

from classgroup_desktop.store.location import data_dir


def app_data_dir() -> Path:
    """The app's data folder (``$CLASSGROUP_HOME`` overrides it), created on demand."""
    return data_dir()
