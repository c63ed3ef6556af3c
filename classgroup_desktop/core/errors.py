"""The one family of errors a user can cause.

Each carries a Chinese message that says what happened and what to do, plus where (file, sheet,
row) when known. Everything that is not a ``UserError`` is a bug and goes to the crash handler.
"""

from __future__ import annotations


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
