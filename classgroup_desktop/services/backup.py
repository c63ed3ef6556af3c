"""Backups and restore of the SQLite database (Anki is the model).

The app backs up on its own: before the first write of each day, before every roster import,
before a schema upgrade (``store.db``), and on exit after changes. Copies go to ``backups/``
beside the database and are rotated (the newest 10, plus one a week for 8 weeks). A restore
first backs up the current state, so it can itself be undone. A database on a server
(PostgreSQL) is backed up by the server's own tools; these functions say so instead of
pretending.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from classgroup_desktop.core.db_errors import (
    CorruptDatabaseError,
    DatabaseFaultError,
    NotOurDatabaseError,
    NotSqliteError,
)
from classgroup_desktop.core.errors import BadInputError, UserError, os_error_text
from classgroup_desktop.io.regular_file import require_regular_file
from classgroup_desktop.store import backup as store_backup
from classgroup_desktop.store.db import SCHEMA_HEAD, Database, check_ours, upgrade
from classgroup_desktop.store.location import sqlite_path
from classgroup_desktop.store.sqlite_file import count_rows, probe

REASON_LABELS = {
    "daily": "每日自动",
    "import": "导入花名册前",
    "upgrade": "软件升级前",
    "exit": "退出时",
    "manual": "手动",
    "restore": "恢复前",
    "damaged": "已损坏的原文件",
}


@dataclass(frozen=True)
class BackupInfo:
    """One backup as the teacher sees it in the list."""

    path: str
    taken_at: datetime
    reason: str
    size: int
    classes: int | None
    log_entries: int | None

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)

    @property
    def readable(self) -> bool:
        return self.classes is not None

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["taken_at"] = self.taken_at.isoformat(timespec="seconds")
        data["reason_label"] = self.reason_label
        return data


def database_file(db: Database | str | Path) -> Path:
    """The SQLite file of ``db``; ``NotSqliteError`` for a server database."""
    if isinstance(db, Database):
        path = db.path
        if path is None:
            raise NotSqliteError()
        return path
    return Path(db)


def _info(file: store_backup.BackupFile) -> BackupInfo:
    try:
        counts = count_rows(file.path, ("class_group", "log_entry"))
    except sqlite3.Error:
        counts = {"class_group": None, "log_entry": None}
    return BackupInfo(str(file.path), file.taken_at, file.reason, file.size,
                      counts["class_group"], counts["log_entry"])


def _fault_text(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return os_error_text(exc)
    return str(exc)


def _take(path: Path, reason: str) -> BackupInfo:
    try:
        return _info(store_backup.take_backup(path, reason))
    except store_backup.BackupCheckFailed as exc:
        raise CorruptDatabaseError(str(path)) from exc
    except (OSError, sqlite3.Error) as exc:
        raise UserError(f"备份没有完成：{_fault_text(exc)}。数据库本身没有改动。",
                        file=str(path)) from exc


def backup_now(db: Database | str | Path, to: str | Path | None = None) -> BackupInfo:
    """Back up the database now: into ``backups/`` (rotated), or to the file ``to``."""
    path = database_file(db)
    if to is None:
        return _take(path, "manual")
    target = Path(to).expanduser()
    if target.exists():
        require_regular_file(target, "备份文件")
    try:
        store_backup.copy_database(path, target)
    except store_backup.BackupCheckFailed as exc:
        raise CorruptDatabaseError(str(path)) from exc
    except (OSError, sqlite3.Error) as exc:
        raise UserError(f"备份没有保存：{_fault_text(exc)}。", file=str(target)) from exc
    file = store_backup.BackupFile(target, datetime.now().replace(microsecond=0), "manual",
                                   target.stat().st_size)
    return _info(file)


def list_backups(db: Database | str | Path) -> list[BackupInfo]:
    """The automatic backups of the database, newest first, with what each holds."""
    return [_info(b) for b in store_backup.list_backups(database_file(db))]


def newest_good_backup(db: Database | str | Path) -> BackupInfo | None:
    """The newest backup that passes SQLite's check and is a database of ours."""
    for file in store_backup.list_backups(database_file(db)):
        try:
            check_ours(probe(file.path))
        except (DatabaseFaultError, sqlite3.Error, OSError):
            continue
        return _info(file)
    return None


def offer_backup(exc: CorruptDatabaseError, command_hint: bool = True) -> CorruptDatabaseError:
    """``exc`` naming the newest good backup of the damaged database (when there is one)."""
    if exc.backup is not None:
        return exc
    good = newest_good_backup(exc.location)
    if good is None:
        return exc
    hint = (f"可以用命令 classgroup-cli --db \"{exc.location}\" restore \"{good.path}\" 恢复"
            "（恢复前会先保存当前文件）。" if command_hint else "")
    return CorruptDatabaseError(exc.location, good.path, good.taken_at, command_hint=hint)


def _has_data(path: Path) -> bool:
    try:
        counts = count_rows(path, ("class_group", "log_entry"))
    except sqlite3.Error:
        return True  # cannot tell: back it up
    return any(counts.values())


def _automatic(db: Database, reason: str) -> BackupInfo | None:
    path = db.path
    if path is None or db.read_only or not path.exists() or not _has_data(path):
        return None  # a server database, or nothing yet worth keeping
    return _take(path, reason)


def daily_backup(db: Database, now: datetime | None = None) -> BackupInfo | None:
    """Before the first write of the day: a backup unless one was taken today already."""
    path = db.path
    if path is None:
        return None
    today = (now or datetime.now()).date()
    if any(b.taken_at.date() == today for b in store_backup.list_backups(path)):
        return None
    return _automatic(db, "daily")


def backup_before_import(db: Database) -> BackupInfo | None:
    """Before a roster import writes: a backup of the database as it is."""
    return _automatic(db, "import")


def backup_on_exit(db: Database) -> BackupInfo | None:
    """When the app closes after writing something this session."""
    if not db.changed:
        return None
    return _automatic(db, "exit")


def check_backup_file(file: str | Path) -> Path:
    """``file`` when it is an intact database of this app; ``UserError`` otherwise."""
    path = require_regular_file(file, "备份文件")
    try:
        check_ours(probe(path), location=str(path))
    except CorruptDatabaseError as exc:
        raise BadInputError("这个备份文件已损坏，不能用来恢复。请选择另一个备份。",
                            file=str(path)) from exc
    state = probe(path)
    if not state.tables:
        raise NotOurDatabaseError(str(path))
    return path


def restore(db: Database | str | Path, file: str | Path) -> BackupInfo | None:
    """Make the database what the backup ``file`` holds.

    The current state is backed up first (returned; None when the current file was damaged
    and was kept aside as it is instead). A backup from an older version is upgraded.
    """
    target = database_file(db)
    source = check_backup_file(file)
    if source.resolve() == target.resolve():
        raise BadInputError("不能用数据库文件自己来恢复它。请选择 backups 文件夹里的备份。",
                            file=str(source))
    before: BackupInfo | None = None
    state = probe(target)
    try:
        if state.exists and not state.corrupt and not state.not_sqlite and state.tables:
            before = _take(target, "restore")
            store_backup.restore_copy(source, target)
        else:
            if state.exists:
                _keep_damaged(target)
            for suffix in ("-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            store_backup.copy_database(source, target)
    except (OSError, sqlite3.Error) as exc:
        raise UserError(f"恢复没有完成：{_fault_text(exc)}。", file=str(target)) from exc
    if probe(target).revision != SCHEMA_HEAD:
        from sqlalchemy import create_engine

        engine = create_engine(f"sqlite:///{target}")
        try:
            upgrade(engine)
        finally:
            engine.dispose()
    return before


def _keep_damaged(target: Path) -> None:
    """Set the damaged file aside in ``backups/`` as it is (a file copy: it is not live)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = store_backup.backup_folder(target)
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / f"{target.stem}-{stamp}-damaged.sqlite3"
    shutil.copyfile(target, dest)
    wal = Path(f"{target}-wal")
    if wal.exists():
        shutil.copyfile(wal, f"{dest}-wal")


def backup_folder(db: Database | str | Path) -> Path:
    """Where the automatic backups of the database are kept."""
    return store_backup.backup_folder(database_file(db))


def sqlite_file_of(url: str) -> Path | None:
    """The SQLite file a database URL names (None for a server)."""
    return sqlite_path(url)
