"""``python -m classgroup_desktop`` / ``classgroup-cli``: the command-line face of the services.

Each command group lives in its own module (``cli/<name>_cmd.py``) exposing
``register(subparsers)``; handlers receive ``(args, ctx)`` and return an exit code.
Exit codes: 0 done, 1 output closed early (``… | head``), 2 bad input or usage, 3 log chain
tampered.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from classgroup_desktop.cli.argparse_zh import ChineseArgumentParser
from classgroup_desktop.core.errors import UserError

# One module per command group; adding a group = adding a module name here.
COMMAND_MODULES = [
    "roster_cmd", "check_cmd", "log_cmd", "report_cmd", "screens_cmd", "backup_cmd", "chat_cmd",
    "school_cmd", "server_cmd",
]

EXIT_OK = 0
EXIT_PIPE_CLOSED = 1
EXIT_BAD_INPUT = 2
EXIT_TAMPERED = 3


@dataclass
class Context:
    """What a handler needs: the opened database (lazily) and output helpers."""

    db_path: str | None = None
    db_url: str | None = None
    demo: bool = False
    _db: Any = field(default=None, repr=False)

    @property
    def db(self):
        if self._db is None:
            from classgroup_desktop.services.database import open_app_database

            self._db = open_app_database(self.db_path, self.db_url, demo=self.demo)
            if self.demo:
                from classgroup_desktop.services.demo import ensure_demo_data

                ensure_demo_data(self._db)
        return self._db

    def database_url(self) -> str:
        """Where the database is, without opening it (backup commands on a damaged file)."""
        from classgroup_desktop.services.database import database_url

        return database_url(self.db_path, self.db_url, demo=self.demo)

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str))
    sys.stdout.write("\n")


# argparse that reports usage errors in Chinese with exit code 2 (shared with the desktop app).
_Parser = ChineseArgumentParser


def _add_global_options(parser: argparse.ArgumentParser, *, nested: bool) -> None:
    """The database options. On a command's own parser (``nested``) their default is SUPPRESS,
    so ``classes --db x.db`` sets them and ``--db x.db classes`` is not overwritten."""
    extra: dict[str, Any] = {"default": argparse.SUPPRESS} if nested else {}
    parser.add_argument("--db", dest="db_path", metavar="PATH", help="SQLite 数据库文件路径",
                        **extra)
    parser.add_argument("--db-url", metavar="URL", help="SQLAlchemy 数据库地址（如 PostgreSQL）",
                        **extra)
    parser.add_argument(
        "--demo", action="store_true", help="使用独立的演示数据库（虚构的示例学校）", **extra
    )


def _accept_global_options_everywhere(parser: argparse.ArgumentParser) -> None:
    """Let every command, at any depth (``log add``), take --db/--db-url/--demo after its name."""
    seen: set[int] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                if id(child) in seen:  # aliases share one parser
                    continue
                seen.add(id(child))
                _add_global_options(child, nested=True)
                _accept_global_options_everywhere(child)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="classgroup-cli",
        description="班级群管家命令行：导入花名册、检查群成员、记录事件、生成月报。",
    )
    parser.add_version_argument()
    _add_global_options(parser, nested=False)
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"classgroup_desktop.cli.{name}")
        module.register(sub)
    _accept_global_options_everywhere(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure: Callable[..., None] | None = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    ctx = Context(db_path=args.db_path, db_url=args.db_url, demo=args.demo)
    try:
        code = int(args.handler(args, ctx) or 0)
        sys.stdout.flush()  # a closed pipe shows up here, not at interpreter exit
        return code
    except UserError as exc:
        exc = _with_backup_offer(exc)
        sys.stderr.write(f"错误：{exc.full_message}\n")
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_PIPE_CLOSED
    finally:
        ctx.close()


def _with_backup_offer(exc: UserError) -> UserError:
    """A damaged database: the error names the newest good backup and how to restore it."""
    from classgroup_desktop.core.db_errors import CorruptDatabaseError

    if not isinstance(exc, CorruptDatabaseError):
        return exc
    from classgroup_desktop.services.backup import offer_backup

    return offer_backup(exc)


def _silence_stdout() -> None:
    """The reader of our output went away (``… | head -1``): that is not an error to report.
    Point stdout at devnull so the interpreter's final flush of what is still buffered does
    not fail again (the recipe in Python's ``signal`` documentation)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout without a file descriptor (tests)
        pass


if __name__ == "__main__":
    raise SystemExit(main())
