"""``school-server``: set up a school's shared PostgreSQL server and its logins.

Run by the school's administrator with the database owner's login, e.g.
``classgroup-cli --db-url postgresql+psycopg://owner@server/classgroup school-server setup``.
"""

from __future__ import annotations

import argparse
import sys

from classgroup_desktop.cli.main import EXIT_OK, Context, print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "school-server",
        help="学校数据库服务器：建立账号与权限（每位老师只看得到自己的班级）",
        description="在学校的 PostgreSQL 服务器上设置权限（由学校管理员用数据库所有者账号运行，"
        "需要 --db-url）。例：school-server setup；"
        "school-server add-teacher li_jianguo --name 李建国 --classes \"三年级(2)班\"；"
        "school-server add-supervisor zhang_zr",
    )
    actions = p.add_subparsers(dest="server_action", metavar="操作", required=True)
    setup = actions.add_parser("setup", help="建立角色、权限和行级安全（可重复运行）")
    setup.add_argument("--json", action="store_true", help="输出 JSON")
    setup.set_defaults(handler=_setup)
    teacher = actions.add_parser("add-teacher", help="新建或更新一位老师的登录账号和负责的班级")
    teacher.add_argument("login", metavar="LOGIN", help="登录名（小写字母、数字、下划线）")
    teacher.add_argument("--name", required=True, help="老师姓名")
    teacher.add_argument("--classes", required=True, metavar="班级,班级",
                         help="负责的班级，用逗号分隔")
    teacher.add_argument("--password-stdin", action="store_true",
                         help="从标准输入读取这个账号的密码（不写在命令行里）")
    teacher.add_argument("--json", action="store_true", help="输出 JSON")
    teacher.set_defaults(handler=_add_teacher)
    supervisor = actions.add_parser("add-supervisor",
                                    help="新建学校督导账号（看得到所有班级，不能修改）")
    supervisor.add_argument("login", metavar="LOGIN", help="登录名（小写字母、数字、下划线）")
    supervisor.add_argument("--password-stdin", action="store_true",
                            help="从标准输入读取这个账号的密码（不写在命令行里）")
    supervisor.add_argument("--json", action="store_true", help="输出 JSON")
    supervisor.set_defaults(handler=_add_supervisor)


def _password(args: argparse.Namespace) -> str | None:
    if not args.password_stdin:
        return None
    return sys.stdin.readline().rstrip("\r\n") or None


def _setup(args: argparse.Namespace, ctx: Context) -> int:
    from classgroup_desktop.services.school_server import setup

    tables = setup(ctx.db)
    if args.json:
        print_json({"row_level_security": tables})
    else:
        sys.stdout.write(f"已设置：{len(tables)} 张表按班级隔离（行级安全）。"
                         "下一步用 add-teacher 和 add-supervisor 建立账号。\n")
    return EXIT_OK


def _add_teacher(args: argparse.Namespace, ctx: Context) -> int:
    from classgroup_desktop.services.school_server import add_teacher

    classes = add_teacher(ctx.db, args.login, args.name,
                          args.classes.replace("，", ",").split(","), password=_password(args))
    if args.json:
        print_json({"login": args.login, "name": args.name, "classes": classes})
    else:
        sys.stdout.write(f"账号 {args.login}（{args.name}）可以使用：{'、'.join(classes)}。\n")
    return EXIT_OK


def _add_supervisor(args: argparse.Namespace, ctx: Context) -> int:
    from classgroup_desktop.services.school_server import add_supervisor

    add_supervisor(ctx.db, args.login, password=_password(args))
    if args.json:
        print_json({"login": args.login, "role": "supervisor"})
    else:
        sys.stdout.write(f"督导账号 {args.login} 可以查看所有班级，不能修改。\n")
    return EXIT_OK
