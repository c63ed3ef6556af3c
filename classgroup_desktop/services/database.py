"""Opening the app's database for the GUI and the CLI: the path checked, faults told apart,
a damaged file answered with the newest good backup, and the daily backup armed."""

from __future__ import annotations

import os

from classgroup_desktop.core.db_errors import CorruptDatabaseError
from classgroup_desktop.io.regular_file import require_regular_file
from classgroup_desktop.services.backup import daily_backup, offer_backup
from classgroup_desktop.store.db import Database, open_database
from classgroup_desktop.store.location import resolve_url, sqlite_path


def database_url(db_path: str | os.PathLike[str] | None = None, db_url: str | None = None, *,
                 demo: bool = False) -> str:
    """Where the database is (see ``store.location.resolve_url``)."""
    return resolve_url(db_path, db_url, demo=demo)


def open_app_database(db_path: str | os.PathLike[str] | None = None,
                      db_url: str | None = None, *, demo: bool = False) -> Database:
    """The database the app works on, with automatic daily backups.

    Raises a ``DatabaseFaultError`` for a database that cannot be used; a damaged SQLite file
    raises ``CorruptDatabaseError`` naming the newest good backup.
    """
    url = resolve_url(db_path, db_url, demo=demo)
    path = sqlite_path(url)
    if path is not None and os.path.lexists(path):
        require_regular_file(path, "数据库文件")
    try:
        db = open_database(db_url=url)
    except CorruptDatabaseError as exc:
        raise offer_backup(exc) from exc
    db.before_first_write.append(daily_backup)
    return db
