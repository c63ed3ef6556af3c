"""Refusing a SQLite database on a network drive.

SQLite's own documentation ("How To Corrupt An SQLite Database File", §2.1 and the WAL page) warns
that file locking is broken or missing on many network filesystems, and WAL needs shared memory
that a network share cannot give: two teachers on one shared file corrupt it silently. A school
that wants one database for everyone runs a PostgreSQL server; a school without one hands in
report packages. So a database path on a network drive is refused before SQLite touches it.

Network drives are UNC paths (``\\\\server\\share``), mapped drives (``GetDriveTypeW`` says
``DRIVE_REMOTE``) on Windows, and NFS/SMB/CIFS (and similar) mounts on Linux, from /proc/mounts.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PurePath, PureWindowsPath

from classgroup_desktop.core.errors import UserError

# Filesystem types of /proc/mounts that live on another machine.
NETWORK_FS_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "ceph", "glusterfs", "9p",
    "fuse.sshfs", "fuse.rclone", "davfs", "fuse.davfs2", "fuse.gvfsd-fuse", "lustre", "gpfs",
})
DRIVE_REMOTE = 4


def _unescape_mount(field: str) -> str:
    # /proc/mounts writes spaces, tabs, newlines and backslashes in octal (\040 …).
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace(
        "\\134", "\\")


def mount_fs_type(path: PurePath, mounts_text: str) -> str | None:
    """The filesystem type of the mount that holds ``path`` (longest mount point that is a
    prefix of it), from the text of /proc/mounts; None when no line matches."""
    best: tuple[int, str] | None = None
    parts = path.parts
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = PurePath(_unescape_mount(fields[1]))
        mp_parts = mount_point.parts
        if parts[: len(mp_parts)] == mp_parts and (best is None or len(mp_parts) > best[0]):
            best = (len(mp_parts), fields[2])
    return best[1] if best else None


def is_unc(path: str) -> bool:
    """``\\\\server\\share\\…`` or ``//server/share/…`` (but not the ``\\\\?\\C:\\`` long-path form
    of a local drive)."""
    p = path.replace("/", "\\")
    if p.startswith("\\\\?\\UNC\\"):
        return True
    if p.startswith("\\\\?\\") or p.startswith("\\\\.\\"):
        return False
    return p.startswith("\\\\") and len(PureWindowsPath(p).drive) > 2


def _windows_drive_is_remote(path: Path) -> bool:
    import ctypes

    drive = PureWindowsPath(str(path)).drive
    if not drive:
        return False
    root = drive + "\\"
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    return kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)) == DRIVE_REMOTE


def is_network_path(path: Path, *, platform: str | None = None,
                    mounts_text: str | None = None) -> bool:
    """True when ``path`` (absolute) lies on a network drive of this machine."""
    platform = platform or sys.platform
    if is_unc(str(path)):
        return True
    if platform.startswith("win"):
        try:
            return _windows_drive_is_remote(path)
        except (OSError, AttributeError, ValueError):
            return False
    if platform.startswith("linux"):
        if mounts_text is None:
            try:
                mounts_text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
            except OSError:
                return False
        fs_type = mount_fs_type(PurePath(os.path.abspath(path)), mounts_text)
        return fs_type in NETWORK_FS_TYPES
    return False


def refuse_network_drive(path: Path) -> None:
    """``UserError`` when the SQLite file ``path`` would be on a network drive."""
    if is_network_path(path):
        raise UserError(
            f"数据库文件“{path}”在网络盘上。数据库文件放在网络共享里，"
            "多人同时使用会悄悄损坏数据，所以本软件不这样打开它。请二选一："
            "① 数据库放在本机（默认位置即可），每月把月报交给学校；"
            "② 学校架设 PostgreSQL 数据库服务器，用 --db-url 连接。"
        )
