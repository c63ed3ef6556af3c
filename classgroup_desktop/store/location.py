"""Where the data lives: ``--db-url``, ``--db PATH``, ``$CLASSGROUP_DB``, else the data folder.

No SQLAlchemy here: the desktop app asks where its database is (to find a copy of itself
already running on it) before the window is shown, and that must not pay for the ORM.
"""

from __future__ import annotations

import os
from pathlib import Path

from classgroup_desktop.core.errors import UserError, os_error_text

APP_NAME = "ClassGroupDesktop"
DB_ENV = "CLASSGROUP_DB"


def data_dir() -> Path:
    """The per-user data folder (created on demand); ``$CLASSGROUP_HOME`` overrides it."""
    override = os.environ.get("CLASSGROUP_HOME")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def resolve_url(db_path: str | os.PathLike[str] | None = None, db_url: str | None = None, *,
                demo: bool = False, create_folder: bool = True) -> str:
    """The SQLAlchemy URL to use, by precedence: URL, path, environment, default file.

    ``demo`` skips the environment: ``$CLASSGROUP_DB`` names the user's real database, and the
    demo (fictitious school, seeded on first use) must never be written into it. A path or URL
    given explicitly together with ``demo`` is still used.
    """
    if db_url:
        return db_url
    if db_path is None and not demo:
        db_path = os.environ.get(DB_ENV) or None
    if db_path is None:
        db_path = data_dir() / ("demo.sqlite3" if demo else "classgroup.sqlite3")
    path = Path(db_path).expanduser().resolve()
    from classgroup_desktop.store.network_drive import refuse_network_drive

    refuse_network_drive(path)
    if create_folder:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(
                f"无法创建数据库所在的文件夹“{path.parent}”：{os_error_text(exc)}。请换一个位置。"
            ) from exc
    return f"sqlite:///{path}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL; None for a server database or an in-memory one."""
    if not url.startswith("sqlite:///"):
        return None
    rest = url.removeprefix("sqlite:///")
    if not rest or rest == ":memory:":
        return None
    return Path(rest)
