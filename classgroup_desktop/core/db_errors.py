"""What can go wrong with the database itself, each fault with its own message.

A teacher who sees "不是本软件的数据库或已损坏" for a read-only folder or a full disk goes looking
for a backup they do not need; every fault here says what happened and what to do instead. All
are ``UserError``s: the CLI exits 2, the GUI shows the message, nothing is changed.
"""

from __future__ import annotations

from datetime import datetime

from classgroup_desktop.core.errors import UserError


class DatabaseFaultError(UserError):
    """The database cannot be opened or written (base of the family below)."""


class NotOurDatabaseError(DatabaseFaultError):
    """The file holds another program's data: it is never modified."""

    def __init__(self, location: str, *, not_sqlite: bool = False) -> None:
        what = "它不是 SQLite 数据库文件" if not_sqlite else "里面已有别的数据"
        super().__init__(f"这不是班级群管家的数据库（{what}）：请换一个文件。", file=location)


class NewerDatabaseError(DatabaseFaultError):
    """The schema revision is newer than this app knows."""

    def __init__(self, location: str, revision: str) -> None:
        self.revision = revision
        super().__init__(
            f"这个数据库来自更新版本的班级群管家，请先升级软件（数据库版本 {revision}）。",
            file=location,
        )


def short_time(moment: datetime) -> str:
    """"12月3日 16:20": how a backup's time is named in a question to the teacher."""
    return f"{moment.month}月{moment.day}日 {moment:%H:%M}"


class CorruptDatabaseError(DatabaseFaultError):
    """The file fails SQLite's own check; ``backup`` is the newest good backup (or None)."""

    def __init__(self, location: str, backup: str | None = None,
                 backup_time: datetime | None = None, *, command_hint: str = "") -> None:
        self.location = location
        self.backup = backup
        self.backup_time = backup_time
        if backup and backup_time:
            text = (f"数据库文件已损坏，最近的完好备份是 {short_time(backup_time)}"
                    f"（{backup}）。{command_hint}")
        else:
            text = ("数据库文件已损坏，而且没有找到完好的备份。请不要再写入这个文件，"
                    "把它复制一份交给学校的信息老师。")
        super().__init__(text.rstrip(), file=location)


class SchemaAlteredError(DatabaseFaultError):
    """Our database, at our newest revision, but a table lost a column (changed by hand or by
    another tool): reading it would fail half-way through a command."""

    def __init__(self, location: str, table: str, column: str) -> None:
        self.table = table
        self.column = column
        super().__init__(
            f"数据库的表结构被改动过（表 {table} 缺少列 {column}），本软件无法使用它。"
            "请从备份恢复（文件 → 备份与恢复…，或命令 restore）。",
            file=location,
        )


class ReadOnlyDatabaseError(DatabaseFaultError):
    """The file or its folder cannot be written (read commands may still work)."""

    def __init__(self, location: str, *, folder: bool = False) -> None:
        where = "数据库所在的文件夹" if folder else "数据库文件"
        super().__init__(
            f"{where}是只读的，只能查看，不能修改。请去掉只读属性，或把数据库复制到可以写入的位置"
            "（用 --db 指定）。",
            file=location,
        )


class DatabaseDiskFullError(DatabaseFaultError):
    """The disk holding the database is full; the database itself is intact."""

    def __init__(self, location: str) -> None:
        super().__init__(
            "磁盘空间已满，这次修改没有保存（数据库本身完好）。请清理磁盘空间后再试一次。",
            file=location,
        )


class ServerUnreachableError(DatabaseFaultError):
    """The database server refused the connection or its host name is unknown."""

    def __init__(self, host: str, *, unknown_host: bool = False) -> None:
        reason = ("找不到这台服务器（主机名不存在）" if unknown_host
                  else "服务器拒绝了连接或没有响应")
        super().__init__(
            f"无法连接数据库服务器“{host}”：{reason}。请检查地址和端口，或请学校的信息老师确认"
            "服务器已经启动。"
        )


class ServerLoginError(DatabaseFaultError):
    """The server refused the user name or password."""

    def __init__(self, host: str) -> None:
        super().__init__(f"数据库服务器“{host}”拒绝了登录：用户名或密码不对。请检查数据库地址。")


class ServerDatabaseMissingError(DatabaseFaultError):
    """The server is up but has no database of that name."""

    def __init__(self, host: str, name: str) -> None:
        super().__init__(
            f"数据库服务器“{host}”上没有名为“{name}”的数据库。请检查地址中的数据库名，"
            "或请学校的信息老师先建好它。"
        )


class BadDatabaseUrlError(DatabaseFaultError):
    """The ``--db-url`` cannot be understood."""

    def __init__(self, url: str) -> None:
        super().__init__(
            f"数据库地址“{url}”无法识别。应写成 postgresql+psycopg://用户:密码@服务器/数据库名，"
            "或用 --db 指定一个 SQLite 文件。"
        )


class DriverMissingError(DatabaseFaultError):
    """The Python driver for the URL's database is not installed."""

    def __init__(self, url: str, package: str) -> None:
        self.package = package
        super().__init__(
            f"连接数据库“{url}”所需的驱动没有安装：请先运行 pip install \"{package}\"。"
        )


class NotSqliteError(DatabaseFaultError):
    """A backup command was given a server database (PostgreSQL owns its own backups)."""

    def __init__(self) -> None:
        super().__init__(
            "服务器上的数据库（PostgreSQL）由服务器自己的工具备份和恢复（pg_dump / pg_restore），"
            "请联系学校的信息老师。本软件只备份本机的 SQLite 数据库文件。"
        )
