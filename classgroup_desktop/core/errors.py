"""The one family of errors a user can cause.

Each carries a Chinese message that says what happened and what to do, plus where (file, sheet,
row) when known. Everything that is not a ``UserError`` is a bug and goes to the crash handler.
"""

from __future__ import annotations

import errno


class UserError(Exception):
    """An error caused by the user's input; ``message`` is shown as is (Simplified Chinese)."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.sheet = sheet
        self.row = row
        super().__init__(self.full_message)

    @property
    def full_message(self) -> str:
        where = []
        if self.file:
            where.append(f"文件“{self.file}”")
        if self.sheet:
            where.append(f"工作表“{self.sheet}”")
        if self.row is not None:
            where.append(f"第 {self.row} 行")
        prefix = "，".join(where)
        return f"{prefix}：{self.message}" if prefix else self.message


class BadInputError(UserError):
    """A file or text the app cannot read or understand."""


class NotFoundError(UserError):
    """A class, member, rule or entry the user named does not exist."""


class ConflictError(UserError):
    """The request contradicts what is stored (e.g. voiding an entry twice)."""


# OSError.strerror comes from the C library in the system's language (English on most machines);
# the usual reasons a teacher meets are said in Chinese instead.
_OS_ERROR_TEXT = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有访问权限，或文件正被其他程序占用",
    errno.EPERM: "没有访问权限",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENOSPC: "磁盘空间已满",
    errno.EROFS: "磁盘是只读的，不能写入",
    errno.EEXIST: "已经存在同名的文件",
    errno.EBUSY: "文件正被其他程序使用",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.EINVAL: "文件名中有不允许的字符",
}


def os_error_text(exc: OSError) -> str:
    """A short Chinese reason for ``exc`` (no file name, no full stop); the system's own text
    when the error is not a common one."""
    if exc.errno in _OS_ERROR_TEXT:
        return _OS_ERROR_TEXT[exc.errno]
    return exc.strerror or str(exc) or type(exc).__name__
