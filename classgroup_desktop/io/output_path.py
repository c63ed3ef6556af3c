"""Saving an export (a report's PDF or Excel file) so that success means the file is there.

``check_output_path`` is asked before anything is computed: the folder must exist and the target,
if it exists, must be a regular file (``--pdf /dev/full`` must not replace a device node).
``write_output`` then writes the finished bytes to a temporary file in the target's folder,
flushes and fsyncs it, reads back its size (and for a PDF that it ends with ``%%EOF``), and only
then renames it over the target. A full disk, a missing permission or a vanished folder is a
``UserError`` with the reason; the target is then left as it was and no partial file remains.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from classgroup_desktop.core.errors import UserError, os_error_text

# What to do about the usual reasons, after the reason itself.
_ADVICE = {
    errno.ENOSPC: "请清理磁盘空间，或换一个保存位置（如 U 盘）。",
    errno.EDQUOT: "请清理磁盘空间，或换一个保存位置（如 U 盘）。",
    errno.EACCES: "请换一个有写入权限的文件夹；如果同名文件正被 Excel、WPS 或 PDF 阅读器打开，"
    "请先关闭它。",
    errno.EPERM: "请换一个有写入权限的文件夹。",
    errno.EROFS: "请换一个可以写入的保存位置。",
    errno.ENOENT: "保存位置的文件夹已不存在，请换一个已有的文件夹。",
}


def _fail(path: Path, exc: OSError) -> UserError:
    advice = _ADVICE.get(exc.errno or 0, "请换一个保存位置后重试。")
    return UserError(f"无法保存“{path}”：{os_error_text(exc)}。{advice}")


def check_output_path(path: str | Path) -> Path:
    """``path`` as a ``Path`` when a file can be saved there; ``UserError`` otherwise.

    The folder must exist already: a mistyped folder (``D:\\月报\\2026-3\\x.pdf``) is not
    created silently, where the teacher would not find the file again. An existing target must
    be a regular file: a folder, a device or a pipe is never replaced.
    """
    p = Path(path).expanduser()
    try:
        mode: int | None = os.stat(p).st_mode
    except FileNotFoundError:
        mode = None
    except NotADirectoryError:
        mode = None  # reported below: a part of the folder is a file
    except OSError as exc:
        raise UserError(f"无法写入“{p}”：{os_error_text(exc)}。请换一个保存位置。") from exc
    if mode is not None and stat.S_ISDIR(mode):
        raise UserError(f"无法写入“{p}”：这是一个文件夹，不是文件。请在路径后面加上文件名。")
    if mode is not None and not stat.S_ISREG(mode):
        raise UserError(
            f"无法写入“{p}”：这是一个设备或特殊文件，不是普通文件，不能用报告覆盖它。"
            "请换一个文件名。"
        )
    parent = p.parent
    try:
        parent_mode: int | None = os.stat(parent).st_mode
    except (FileNotFoundError, NotADirectoryError):
        parent_mode = None
    except OSError as exc:
        raise UserError(f"无法写入“{p}”：{os_error_text(exc)}。请换一个保存位置。") from exc
    if parent_mode is not None and not stat.S_ISDIR(parent_mode):
        raise UserError(f"无法写入“{p}”：“{parent}”是一个文件，不是文件夹。请换一个保存位置。")
    if parent_mode is None:
        raise UserError(
            f"无法写入“{p}”：保存位置的文件夹“{parent}”不存在。"
            "请先建好这个文件夹，或换一个已有的文件夹。"
        )
    return p


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open a folder, nor needs to."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _written_correctly(tmp: Path, size: int, tail: bytes | None) -> bool:
    if os.stat(tmp).st_size != size or size == 0:
        return False
    if tail is None:
        return True
    with tmp.open("rb") as f:
        f.seek(max(0, size - 1024))
        return tail in f.read()


def write_output(
    path: str | Path, data: bytes, *, what: str = "文件", tail: bytes | None = None
) -> Path:
    """Save ``data`` at ``path`` whole or not at all; the path written.

    ``tail``: bytes the end of the file must contain (``b"%%EOF"`` for a PDF). ``UserError``
    naming the file and the reason (disk full, no permission, folder missing …); then nothing
    is left behind and an existing file at ``path`` is unchanged.
    """
    p = check_output_path(path)
    if not data or (tail is not None and tail not in data[-1024:]):
        raise UserError(f"无法保存“{p}”：生成的{what}不完整，没有写入。请重试。")
    tmp = p.with_name(f".{p.name}.{secrets.token_hex(4)}.part")
    try:
        # O_EXCL: never write through a file or link someone else put there; 0o666 lets the
        # user's umask give the new file the usual permissions.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     0o666)
    except OSError as exc:
        raise _fail(p, exc) from None
    try:
        try:
            # Unbuffered writes: an error (ENOSPC) surfaces here, not in a later close or a
            # finaliser that would print "Exception ignored".
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view[: 1 << 20]) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if not _written_correctly(tmp, len(data), tail):
            raise OSError(errno.EIO, "written file is incomplete")
        os.replace(tmp, p)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if exc.errno == errno.EIO:
            raise UserError(
                f"无法保存“{p}”：写入后检查发现{what}不完整（磁盘可能已满或有故障）。"
                "请换一个保存位置后重试。"
            ) from None
        raise _fail(p, exc) from None
    _fsync_folder(p.parent)
    return p
