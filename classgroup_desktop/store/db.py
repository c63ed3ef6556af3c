"""Opening the database: one engine per app, schema upgraded in place by Alembic.

``open_database`` is the only way the app gets an engine. It resolves where the data lives
(``--db-url``, ``--db PATH``, ``$CLASSGROUP_DB``, else a SQLite file in the per-user data folder),
turns on WAL and foreign keys for SQLite, and runs every pending migration before returning.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from classgroup_desktop.core.errors import UserError, os_error_text

if TYPE_CHECKING:
    from alembic.config import Config

APP_NAME = "ClassGroupDesktop"
DB_ENV = "CLASSGROUP_DB"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# The newest migration's revision id. Opening a database already at this revision skips Alembic
# entirely (it costs ~0.1 s of imports at start-up); a test keeps it equal to Alembic's head.
SCHEMA_HEAD = "0003"


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
                demo: bool = False) -> str:
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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            f"无法创建数据库所在的文件夹“{path.parent}”：{os_error_text(exc)}。请换一个位置。"
        ) from exc
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def create_db_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout on every connect."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """Alembic's head revision, read from the migration scripts."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` in one transaction (kept data, SQLite or PostgreSQL)."""
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


@dataclass
class Database:
    """The app's single engine plus a session factory; use ``session()`` per use case."""

    engine: Engine
    url: str

    def __post_init__(self) -> None:
        self._factory = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on any exception."""
        with self._factory() as s, s.begin():
            yield s

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (nothing is committed)."""
        with self._factory() as s:
            yield s

    def dispose(self) -> None:
        self.engine.dispose()

    @property
    def location(self) -> str:
        return self.url.removeprefix("sqlite:///")


def open_database(db_path: str | os.PathLike[str] | None = None, db_url: str | None = None, *,
                  demo: bool = False, migrate: bool = True) -> Database:
    """Open (creating or upgrading as needed) the app's database."""
    url = resolve_url(db_path, db_url, demo=demo)
    engine = create_db_engine(url)
    if migrate:
        try:
            if current_revision(engine) != SCHEMA_HEAD:
                upgrade(engine)
        except Exception as exc:  # noqa: BLE001 - surfaced to the user in Chinese
            engine.dispose()
            from sqlalchemy.exc import DatabaseError

            if isinstance(exc, DatabaseError):
                raise UserError(
                    f"无法打开数据库“{url}”：它不是本软件的数据库或已损坏。"
                    "请检查路径，或从备份恢复。"
                ) from exc
            raise
    return Database(engine=engine, url=url)
