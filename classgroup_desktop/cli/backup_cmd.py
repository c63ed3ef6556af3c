"""Backup commands: backup [--to FILE], backups [--json], restore FILE (SQLite only)."""

from __future__ import annotations

import argparse

from classgroup_desktop.cli.main import EXIT_OK, Context, print_json


def register(sub: argparse._SubParsersAction) -> None:
    """Add the backup commands to the CLI."""
    p = sub.add_parser(
        "backup", help="立即备份数据库",
        description="用 SQLite 的在线备份复制一份完整、经过检查的数据库。默认放在数据库旁边的 "
                    "backups 文件夹（自动轮换）；--to 另存到指定文件。",
    )
    p.add_argument("--to", metavar="FILE", help="备份到这个文件（不参与自动轮换）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(handler=_backup)

    p = sub.add_parser("backups", help="列出自动备份（时间、大小、班级数、记录数）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(handler=_backups)

    p = sub.add_parser(
        "restore", help="从备份恢复数据库（恢复前先备份当前状态）",
        description="用备份文件替换当前数据库的内容。恢复前会先把当前状态备份到 backups 文件夹，"
                    "恢复本身也可以撤回。",
    )
    p.add_argument("file", metavar="FILE", help="备份文件（backups 命令列出的路径）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(handler=_restore)


def _database_file(ctx: Context):
    from classgroup_desktop.services.backup import database_file, sqlite_file_of

    path = sqlite_file_of(ctx.database_url())
    if path is None:
        from classgroup_desktop.core.db_errors import NotSqliteError

        raise NotSqliteError()
    return database_file(path)


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def _backup(args: argparse.Namespace, ctx: Context) -> int:
    from classgroup_desktop.services.backup import backup_now

    path = _database_file(ctx)
    # Opening checks the file is ours (and upgrades it); the copy is taken from the file.
    ctx.db  # noqa: B018 - refuses a file that is not ours or is damaged
    info = backup_now(path, args.to)
    if args.json:
        print_json(info.to_dict())
    else:
        print(f"已备份到“{info.path}”（{_size(info.size)}，{info.classes} 个班级，"
              f"{info.log_entries} 条记录）。")
    return EXIT_OK


def _backups(args: argparse.Namespace, ctx: Context) -> int:
    from classgroup_desktop.services.backup import backup_folder, list_backups

    path = _database_file(ctx)
    backups = list_backups(path)
    if args.json:
        print_json({"database": str(path), "folder": str(backup_folder(path)),
                    "backups": [b.to_dict() for b in backups]})
        return EXIT_OK
    if not backups:
        print(f"还没有备份（备份文件夹：{backup_folder(path)}）。用 backup 命令立即备份一次。")
        return EXIT_OK
    print(f"备份文件夹：{backup_folder(path)}")
    for b in backups:
        holds = (f"{b.classes} 个班级，{b.log_entries if b.log_entries is not None else 0} 条记录"
                 if b.readable else "无法读取")
        print(f"{b.taken_at:%Y-%m-%d %H:%M:%S}  {_size(b.size):>8}  {holds}  "
              f"[{b.reason_label}]  {b.path}")
    return EXIT_OK


def _restore(args: argparse.Namespace, ctx: Context) -> int:
    from classgroup_desktop.services.backup import restore

    path = _database_file(ctx)
    before = restore(path, args.file)
    if args.json:
        print_json({"restored_from": args.file, "database": str(path),
                    "previous_state": before.to_dict() if before else None})
        return EXIT_OK
    print(f"已从“{args.file}”恢复数据库“{path}”。")
    if before is not None:
        print(f"恢复前的状态已备份到“{before.path}”。")
    return EXIT_OK
