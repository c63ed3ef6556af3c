"""Backup copies of a SQLite database, made with SQLite's online backup API.

A file copy of a live WAL database can miss the pages still in the ``-wal`` file, or catch a
page half-written; ``sqlite3.Connection.backup`` copies a consistent snapshot instead. Every
copy is written under a temporary name, checked with ``PRAGMA integrity_check``, flushed to
disk, and only then given its real name, so a backup in the folder is always a whole one.

Automatic backups live in ``backups/`` beside the database, named
``<database>-<YYYYMMDD-HHMMSS>-<reason>.sqlite3`` (local time); ``rotate`` keeps the set small
(``core.backup_rotation``).
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from classgroup_desktop.core.backup_rotation import backups_to_keep
from classgroup_desktop.store.sqlite_file import connect_read_only

BACKUP_FOLDER = "backups"
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[a-z]+)(?:-(?P<seq>\d+))?\.sqlite3$")


class BackupCheckFailed(Exception):
    """The copy failed ``PRAGMA integrity_check`` (the source is damaged)."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: datetime
    reason: str
    size: int
    seq: int = 1  # the second backup within one second is "-2"


def backup_folder(db_path: Path) -> Path:
    return db_path.parent / BACKUP_FOLDER


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_database(source: Path, dest: Path) -> None:
    """A checked, complete copy of the SQLite database ``source`` at ``dest`` (replaced whole).

    Raises ``BackupCheckFailed`` when the copy fails ``integrity_check`` (nothing is left at
    ``dest``), ``sqlite3.Error`` or ``OSError`` for everything else.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(f".{dest.name}.part")
    part.unlink(missing_ok=True)
    try:
        src = connect_read_only(source)
        try:
            out = sqlite3.connect(part)
            try:
                src.backup(out)
                # A copy is a plain file: no -wal beside it, readable from a read-only folder.
                out.execute("PRAGMA journal_mode=DELETE")
                check = [row[0] for row in out.execute("PRAGMA integrity_check")]
            finally:
                out.close()
        finally:
            src.close()
        if check != ["ok"]:
            raise BackupCheckFailed("; ".join(check[:3]))
        with open(part, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(part, dest)
        _fsync_folder(dest.parent)
    finally:
        part.unlink(missing_ok=True)


STALE_PART_SECONDS = 3600


def _drop_stale_parts(folder: Path) -> None:
    """Half-written copies of a process killed while backing up (never a finished backup)."""
    if not folder.is_dir():
        return
    limit = datetime.now().timestamp() - STALE_PART_SECONDS
    for part in folder.glob(".*.part"):
        with contextlib.suppress(OSError):
            if part.stat().st_mtime < limit:
                part.unlink()


def take_backup(db_path: Path, reason: str, now: datetime | None = None) -> BackupFile:
    """A new automatic backup of ``db_path`` in its ``backups/`` folder, then rotation."""
    moment = (now or datetime.now()).replace(microsecond=0)
    folder = backup_folder(db_path)
    _drop_stale_parts(folder)
    stamp = f"{db_path.stem}-{moment.strftime(_STAMP)}-"
    # Two backups within one second are told apart (and ordered) by a "-2", "-3" … suffix.
    taken = list(folder.glob(f"{glob.escape(stamp)}*.sqlite3")) if folder.is_dir() else []
    seq = 1 + len(taken)
    dest = folder / f"{stamp}{reason}{f'-{seq}' if seq > 1 else ''}.sqlite3"
    copy_database(db_path, dest)
    size = dest.stat().st_size
    rotate(db_path, now=moment)
    return BackupFile(dest, moment, reason, size, seq)


def list_backups(db_path: Path) -> list[BackupFile]:
    """The automatic backups of ``db_path``, newest first."""
    folder = backup_folder(db_path)
    if not folder.is_dir():
        return []
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if not match or match["stem"] != db_path.stem or not entry.is_file():
            continue
        try:
            taken = datetime.strptime(match["stamp"], _STAMP)
            size = entry.stat().st_size
        except (ValueError, OSError):
            continue
        found.append(BackupFile(entry, taken, match["reason"], size, int(match["seq"] or 1)))
    found.sort(key=lambda b: (b.taken_at, b.seq), reverse=True)
    return found


def rotate(db_path: Path, now: datetime | None = None) -> list[Path]:
    """Delete the automatic backups the rotation does not keep; returns what was deleted.
    The newest backup is always kept."""
    backups = list_backups(db_path)  # newest first
    keep = backups_to_keep([b.taken_at for b in backups], now or datetime.now())
    removed = []
    for index, b in enumerate(backups):
        if index in keep or index == 0:
            continue
        with contextlib.suppress(OSError):
            b.path.unlink()
            removed.append(b.path)
    return removed


def restore_copy(backup: Path, db_path: Path) -> None:
    """Replace the contents of the live database ``db_path`` with ``backup``, page by page
    through the backup API (readers see the old or the new database, never a mix)."""
    src = connect_read_only(backup)
    try:
        dst = sqlite3.connect(db_path, timeout=5)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
