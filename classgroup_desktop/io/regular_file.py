"""Refusing paths that are not regular files before anything opens them.

A FIFO blocks ``open()`` until a writer appears, a device such as ``/dev/zero`` never ends, and a
folder cannot be read at all; each would hang the app or fill its memory. Every reader of a user's
path (rosters, member lists, screenshots, evidence, the database) asks here first.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from classgroup_desktop.core.errors import BadInputError, os_error_text


def require_regular_file(path: str | Path, what: str = "文件") -> Path:
    """``path`` as a ``Path`` when it names an existing regular file; ``BadInputError`` otherwise.

    ``what`` names the kind of file in the message (花名册, 证据文件 …). ``os.stat`` does not open
    the path, so a FIFO is refused at once instead of blocking.
    """
    p = Path(path).expanduser()
    try:
        mode = os.stat(p).st_mode
    except OSError as exc:
        raise BadInputError(f"无法读取{what}：{os_error_text(exc)}。", file=str(p)) from exc
    if stat.S_ISDIR(mode):
        raise BadInputError(f"这是一个文件夹，不是{what}。请选择文件夹里的文件。", file=str(p))
    if not stat.S_ISREG(mode):
        kind = "命名管道" if stat.S_ISFIFO(mode) else "设备" if (
            stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        ) else "特殊文件"
        raise BadInputError(
            f"这是一个{kind}，不是普通文件，不能作为{what}读取。请选择保存在磁盘上的文件。",
            file=str(p),
        )
    return p
