"""Looking at a SQLite file before anything writes to it.

``probe`` opens the file read-only (SQLite's ``mode=ro``; ``immutable=1`` when even the
``-shm`` file cannot be created) and reports what it holds: whether it is SQLite at all,
``PRAGMA quick_check``, its tables and our Alembic revision. ``open_database`` decides on that
report, so a file of another program is refused without one byte of it changing, and a
damaged file is named as damaged instead of being "upgraded".
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"
# The newest migration's revision id. Opening a database already at this revision skips Alembic
# entirely (it costs ~0.1 s of imports at start-up); a test keeps it equal to Alembic's head.
# Here, not in ``store.db``, so the start-up reader (``store.first_view``) knows it without
# importing SQLAlchemy; ``store.db`` re-exports it.
SCHEMA_HEAD = "0004"


@dataclass(frozen=True)
class FileState:
    """What a SQLite file holds, read without changing it."""

    path: Path
    exists: bool = False
    not_sqlite: bool = False
    corrupt: bool = False
    tables: frozenset[str] = field(default_factory=frozenset)
    columns: dict[str, frozenset[str]] = field(default_factory=dict)
    revision: str | None = None
    file_writable: bool = True
    folder_writable: bool = True

    @property
    def empty(self) -> bool:
        """A new database: no file yet, a zero-byte file, or a SQLite file without tables."""
        return not self.exists or (not self.not_sqlite and not self.corrupt and not self.tables)

    @property
    def foreign(self) -> bool:
        """Tables of another program and none of our revision table."""
        return bool(self.tables) and "alembic_version" not in self.tables

    @property
    def writable(self) -> bool:
        return self.file_writable and self.folder_writable


def read_only_uri(path: Path, *, immutable: bool = False) -> str:
    """A ``file:`` URI that opens ``path`` without any write (``immutable`` also skips locks)."""
    return path.resolve().as_uri() + ("?immutable=1" if immutable else "?mode=ro")


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that reads ``path`` without changing what it holds.

    Falls back to ``immutable`` when SQLite cannot create the ``-shm`` file of a WAL database
    (a read-only folder). A hot journal left by a killed writer can only be rolled back by a
    writable connection: that is SQLite's own crash recovery (the file goes back to its last
    committed state), so a plain connection is used for it, and it still only reads.
    """
    conn = sqlite3.connect(read_only_uri(path), uri=True, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        text = str(exc)
        if "unable to open" in text:
            return sqlite3.connect(read_only_uri(path, immutable=True), uri=True,
                                   check_same_thread=False)
        if "readonly" in text and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
            conn = sqlite3.connect(path, check_same_thread=False)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        raise


def is_malformed(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "malformed" in text or "file is not a database" in text


def _writable(path: Path) -> tuple[bool, bool]:
    folder = os.access(path.parent, os.W_OK)
    file = not path.exists() or os.access(path, os.W_OK)
    return file, folder


def probe(path: Path) -> FileState:
    """The state of the SQLite file at ``path`` (nothing is created or changed)."""
    file_ok, folder_ok = _writable(path)
    if not path.exists() or path.stat().st_size == 0:
        return FileState(path, exists=path.exists(), file_writable=file_ok,
                         folder_writable=folder_ok)
    with open(path, "rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        return FileState(path, exists=True, not_sqlite=True, file_writable=file_ok,
                         folder_writable=folder_ok)
    try:
        conn = connect_read_only(path)
    except sqlite3.DatabaseError:
        return FileState(path, exists=True, corrupt=True, file_writable=file_ok,
                         folder_writable=folder_ok)
    try:
        check = [row[0] for row in conn.execute("PRAGMA quick_check")]
        if check != ["ok"]:
            return FileState(path, exists=True, corrupt=True, file_writable=file_ok,
                             folder_writable=folder_ok)
        tables = frozenset(r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%'"))
        columns = {t: frozenset(r[1] for r in conn.execute(f'PRAGMA table_info("{t}")'))
                   for t in tables}
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except sqlite3.DatabaseError:
        return FileState(path, exists=True, corrupt=True, file_writable=file_ok,
                         folder_writable=folder_ok)
    finally:
        conn.close()
    return FileState(path, exists=True, tables=tables, columns=columns, revision=revision,
                     file_writable=file_ok, folder_writable=folder_ok)


def count_rows(path: Path, tables: tuple[str, ...]) -> dict[str, int | None]:
    """Row counts of ``tables`` in the file at ``path`` (None for a missing table)."""
    conn = connect_read_only(path)
    try:
        present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        return {t: (conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                    if t in present else None) for t in tables}
    finally:
        conn.close()
