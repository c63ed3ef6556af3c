"""Opening the database: one engine per app, schema created or upgraded in one transaction.

``open_database`` is the only way the app gets an engine. It resolves where the data lives
(``store.location``). For a SQLite file it first looks at the file read-only
(``store.sqlite_file.probe``) and refuses, without changing a byte, a file that is not ours, is
damaged, or comes from a newer version of the app. Only then does it create or upgrade the
schema: on a connection where pysqlite's own transaction handling is switched off and an
explicit ``BEGIN IMMEDIATE`` wraps every ``CREATE``/``ALTER`` (SQLAlchemy's documented recipe
for transactional DDL on pysqlite), so a process killed half-way leaves the file as it was.
An existing database is backed up before it is upgraded. PostgreSQL has transactional DDL of
its own.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from classgroup_desktop.core.db_errors import (
    CorruptDatabaseError,
    NewerDatabaseError,
    NotOurDatabaseError,
    ReadOnlyDatabaseError,
    SchemaAlteredError,
)
from classgroup_desktop.store.faults import open_server_engine, translate_db_error
from classgroup_desktop.store.location import resolve_url, sqlite_path
from classgroup_desktop.store.sqlite_file import (
    SCHEMA_HEAD,
    FileState,
    connect_read_only,
    probe,
)

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Tables every revision of ours has: a file with these and an unknown revision is from a newer
# version of the app, not from another program.
OUR_TABLES = frozenset({"alembic_version", "class_group", "student"})


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _read_only_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def create_db_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout on every connect."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _read_only_engine(url: str, path: Path) -> Engine:
    engine = create_engine(url, creator=lambda: connect_read_only(path))
    event.listen(engine, "connect", _read_only_pragmas)
    return engine


def _schema_engine(url: str) -> Engine:
    """A SQLite engine for schema changes: every DDL statement inside one real transaction.

    pysqlite (before Python 3.12's ``autocommit``) begins transactions only before DML and runs
    ``CREATE TABLE`` in autocommit, so a migration killed half-way left half a schema. With
    ``isolation_level = None`` the driver emits no BEGIN/COMMIT of its own, and the ``begin``
    event emits ``BEGIN IMMEDIATE`` (SQLAlchemy's pysqlite "transactional DDL" recipe).
    Foreign keys are off while tables are rebuilt (SQLite's documented procedure for schema
    changes); ``PRAGMA foreign_key_check`` runs before the commit instead.
    """
    engine = create_engine(url, poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=OFF")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

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


def known_revisions() -> set[str]:
    """Every revision id this version of the app has a migration for."""
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _run_alembic(conn, revision: str) -> None:
    from alembic import command

    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, revision)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` in one transaction (kept data, SQLite or PostgreSQL):
    either every migration step is in the file afterwards, or none is."""
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if engine.dialect.name != "sqlite" or path is None:
        with engine.begin() as conn:
            _run_alembic(conn, revision)
        return
    schema = _schema_engine(f"sqlite:///{path}")
    try:
        with schema.begin() as conn:
            _run_alembic(conn, revision)
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"migration to {revision} broke foreign keys: {broken[:3]}")
    finally:
        schema.dispose()


@dataclass
class Database:
    """The app's single engine plus a session factory; use ``session()`` per use case.

    ``before_first_write`` callbacks run once, before the first write session of this process
    (the daily backup hangs here); ``changed`` says whether anything was written since.
    """

    engine: Engine
    url: str
    created: bool = False
    read_only: bool = False
    before_first_write: list[Callable[[Database], object]] = field(default_factory=list)
    changed: bool = False

    def __post_init__(self) -> None:
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        self._write_lock = threading.Lock()
        self._writing_started = False

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for a server database."""
        return sqlite_path(self.url)

    def _first_write(self) -> None:
        with self._write_lock:
            if self._writing_started:
                return
            self._writing_started = True
        for hook in self.before_first_write:
            hook(self)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on any exception.

        Database faults (disk full, read-only file, damaged page) come out as the matching
        ``DatabaseFaultError``; nothing of the unit of work is kept.
        """
        self._first_write()
        with self._faults_as_user_errors(), self._factory() as s, s.begin():
            yield s
        self.changed = True

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (nothing is committed)."""
        with self._faults_as_user_errors(), self._factory() as s:
            yield s

    @contextmanager
    def _faults_as_user_errors(self) -> Iterator[None]:
        """Database faults (disk full, read-only, damaged page …) raised inside come out as the
        matching ``DatabaseFaultError``; anything else passes unchanged."""
        try:
            yield
        except Exception as exc:  # noqa: BLE001 - database faults become user errors
            fault = translate_db_error(exc, self.location)
            if fault is None:
                raise
            raise fault from exc

    def dispose(self) -> None:
        self.engine.dispose()

    @property
    def location(self) -> str:
        return self.url.removeprefix("sqlite:///")


def check_ours(state: FileState, *, location: str | None = None) -> None:
    """Refuse a SQLite file that is not a database of this app at a revision it knows."""
    where = location or str(state.path)
    if state.not_sqlite:
        raise NotOurDatabaseError(where, not_sqlite=True)
    if state.corrupt:
        raise CorruptDatabaseError(where)
    if state.foreign:
        raise NotOurDatabaseError(where)
    if "alembic_version" in state.tables and state.revision is None and len(state.tables) > 1:
        raise NotOurDatabaseError(where)
    revision = state.revision
    if revision is not None and revision != SCHEMA_HEAD and revision not in known_revisions():
        if OUR_TABLES <= state.tables:
            raise NewerDatabaseError(where, revision)
        raise NotOurDatabaseError(where)


def check_columns(state: FileState, location: str) -> None:
    """At the newest revision every table of ours that is there has all its columns (a table
    that is missing altogether is left to the command that needs it, e.g. ``log verify``)."""
    from classgroup_desktop.store.models import Base

    for table in Base.metadata.sorted_tables:
        have = state.columns.get(table.name)
        if have is None:
            continue
        for column in table.columns:
            if column.name not in have:
                raise SchemaAlteredError(location, table.name, column.name)


def _open_sqlite(url: str, path: Path, *, migrate: bool) -> Database:
    state = probe(path)
    location = str(path)
    check_ours(state, location=location)
    if state.revision == SCHEMA_HEAD:
        check_columns(state, location)
    needs_upgrade = migrate and state.revision != SCHEMA_HEAD
    if not state.writable:
        if needs_upgrade or not state.exists:
            raise ReadOnlyDatabaseError(location, folder=not state.folder_writable)
        return Database(engine=_read_only_engine(url, path), url=url, read_only=True)
    if needs_upgrade:
        if state.revision is not None:
            from classgroup_desktop.store.backup import take_backup

            take_backup(path, "upgrade")  # before an upgrade touches an existing database
        try:
            upgrade(create_db_engine(url))
        except Exception as exc:  # noqa: BLE001 - database faults become user errors
            fault = translate_db_error(exc, location)
            if fault is None:
                raise
            raise fault from exc
    return Database(engine=create_db_engine(url), url=url, created=state.empty)


def open_database(db_path: str | os.PathLike[str] | None = None, db_url: str | None = None, *,
                  demo: bool = False, migrate: bool = True) -> Database:
    """Open (creating or upgrading as needed) the app's database.

    Raises a ``DatabaseFaultError`` (a ``UserError``) for every fault a user can meet: a file
    of another program (left untouched), a damaged file, a newer schema, a read-only file
    that needs an upgrade, a bad URL, a missing driver, a server that cannot be reached.
    """
    url = resolve_url(db_path, db_url, demo=demo)
    path = sqlite_path(url)
    if path is not None:
        return _open_sqlite(url, path, migrate=migrate)
    if url.startswith("sqlite"):  # in memory
        engine = create_db_engine(url)
    else:
        engine = open_server_engine(url)
    if migrate:
        try:
            revision = current_revision(engine)
            if revision is not None and revision != SCHEMA_HEAD \
                    and revision not in known_revisions():
                raise NewerDatabaseError(engine.url.render_as_string(), revision)
            if revision != SCHEMA_HEAD:
                upgrade(engine)
        except NewerDatabaseError:
            engine.dispose()
            raise
        except Exception as exc:  # noqa: BLE001 - surfaced to the user in Chinese
            engine.dispose()
            fault = translate_db_error(exc, url)
            if fault is None:
                raise
            raise fault from exc
    return Database(engine=engine, url=url)
