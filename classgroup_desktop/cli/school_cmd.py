"""``school``: the supervisor's side — import report packages, list and handle escalations."""

from __future__ import annotations

import argparse
import sys

from classgroup_desktop.cli.main import EXIT_BAD_INPUT, EXIT_OK, EXIT_TAMPERED, print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "school",
        help="学校汇总：导入各班月报包、上报处理（处置）",
        description="学校专人使用：导入各班导出的月报包，查看上报并记录处置。例："
        "school import 三年级二班.cgpkg 四年级一班.cgpkg；school escalations；"
        "school dispose \"三年级(2)班#12@2026-03-05 10:00\" --action 约谈家长 --by 张主任",
    )
    ssub = p.add_subparsers(dest="school_command", metavar="子命令")

    imp = ssub.add_parser("import", help="导入月报包（可一次多个）",
                          description="校验并导入月报包。被改动的包会被拒绝（退出码 3）；"
                          "无法读取的文件退出码 2；同一个包重复导入不会改变任何数据。")
    imp.add_argument("files", nargs="+", metavar="文件", help="月报包（.cgpkg）")
    imp.add_argument("--json", action="store_true", help="以 JSON 打印每个文件的结果")
    imp.set_defaults(handler=run_import)

    pk = ssub.add_parser("packages", help="列出已收到的月报包")
    pk.add_argument("--month", metavar="YYYY-MM", help="只列出这个月份")
    pk.add_argument("--json", action="store_true", help="以 JSON 打印")
    pk.set_defaults(handler=run_packages)

    esc = ssub.add_parser("escalations", help="上报处理：列出上报及其处置状态")
    esc.add_argument("--month", metavar="YYYY-MM", help="只列出这个月份的上报")
    esc.add_argument("--open", action="store_true", help="只列出待处置的上报")
    esc.add_argument("--json", action="store_true", help="以 JSON 打印")
    esc.set_defaults(handler=run_escalations)

    dis = ssub.add_parser("dispose", help="记录处置（写入本机事件记录，不可修改）",
                          description="为一条上报记录处置：做了什么、处置人、时间、是否上报上级。"
                          "处置写入本机的事件记录链，log verify 可核对。")
    dis.add_argument("escalation", metavar="上报编号",
                     help="school escalations 列出的编号，如 三年级(2)班#12@2026-03-05 10:00")
    dis.add_argument("--action", required=True, metavar="处置情况", help="做了什么")
    dis.add_argument("--by", required=True, metavar="姓名", help="处置人")
    dis.add_argument("--date", metavar="YYYY-MM-DD", help="处置日期（默认今天）")
    dis.add_argument("--reported-upward", action="store_true", help="已上报上级主管部门")
    dis.add_argument("--json", action="store_true", help="以 JSON 打印")
    dis.set_defaults(handler=run_dispose)
    p.set_defaults(handler=lambda _a, _c: (p.print_help(), EXIT_BAD_INPUT)[1])


def run_import(args: argparse.Namespace, ctx) -> int:
    from classgroup_desktop.services.report_package import REFUSED, UNREADABLE, import_packages

    outcomes = import_packages(ctx.db, args.files)
    if args.json:
        print_json([o.to_dict() for o in outcomes])
    for o in outcomes:
        prefix = "错误：" if o.status in (REFUSED, UNREADABLE) else ""
        sys.stderr.write(f"{prefix}{o.message}\n")
    if any(o.status == REFUSED for o in outcomes):
        return EXIT_TAMPERED
    if any(o.status == UNREADABLE for o in outcomes):
        return EXIT_BAD_INPUT
    return EXIT_OK


def run_packages(args: argparse.Namespace, ctx) -> int:
    from classgroup_desktop.services.school import list_packages

    packages = list_packages(ctx.db, args.month)
    if args.json:
        print_json([p.to_dict() for p in packages])
        return EXIT_OK
    if not packages:
        print("尚未收到月报包。")
    for p in packages:
        state = f"（已被 {p.superseded_by} 的定稿取代）" if p.superseded_by else ""
        print(f"{p.month}  {p.class_name}  {p.finalised_at} 定稿  校验码 {p.content_hash[:12]}…"
              f"  {p.file_name}{state}")
    return EXIT_OK


def run_escalations(args: argparse.Namespace, ctx) -> int:
    from classgroup_desktop.core.report import to_plain
    from classgroup_desktop.services.school import list_escalations

    states = [e for e in list_escalations(ctx.db, args.month) if not (args.open and e.handled)]
    if args.json:
        print_json(to_plain(states))
        return EXIT_OK
    if not states:
        print("没有上报。")
    for e in states:
        state = f"已处置：{e.disposition}" if e.handled else "待处置"
        print(f"[{state}] {e.key}  {e.member or ''} {e.rule_code or ''} {e.description}")
    return EXIT_OK


def run_dispose(args: argparse.Namespace, ctx) -> int:
    from classgroup_desktop.services.school import dispose

    d = dispose(ctx.db, args.escalation, action=args.action, handled_by=args.by,
                reported_upward=args.reported_upward, handled_at=args.date)
    sys.stderr.write(f"已记录处置（事件记录第 {d.entry_id} 条）：{d.escalation}\n")
    if args.json:
        print_json(d.to_dict())
    return EXIT_OK
