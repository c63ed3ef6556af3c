"""Commands ``log`` (add/void/list/verify/head/suggest), ``selfcheck``, ``fraudcheck``,
``rules`` and ``message``.

Thin: each handler parses arguments, calls one service, prints. Errors are UserErrors, which
cli/main.py turns into a Chinese message and exit code 2; ``log verify`` exits 3 on tampering.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from classgroup_desktop.cli.main import EXIT_OK, EXIT_TAMPERED, print_json
from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.core.logchain import KIND_LABELS, KINDS, LogEntry, kind_from_text
from classgroup_desktop.core.selfcheck import CheckWarning

_ADD_KINDS = [k for k in KINDS if k != "void"]


def register(sub: argparse._SubParsersAction) -> None:
    log = sub.add_parser("log", help="事件记录：提醒、清退、上报（只增不改，可验证）")
    log_sub = log.add_subparsers(dest="log_command", metavar="子命令")
    log.set_defaults(handler=lambda args, ctx: (log.print_help(), 2)[1])

    add = log_sub.add_parser("add", help="新增一条记录")
    add.add_argument("--class", dest="class_name", required=True, metavar="NAME", help="班级名称")
    add.add_argument("--member", metavar="NICK", help="群成员的群昵称（原样）")
    add.add_argument(
        "--kind",
        required=True,
        metavar="KIND",
        help="类型：" + "、".join(f"{k}（{KIND_LABELS[k]}）" for k in _ADD_KINDS),
    )
    add.add_argument("--rule", metavar="CODE", help="规则编号，如 入群-2（提醒、清退、上报必填）")
    add.add_argument("--note", default="", metavar="TEXT", help="情况说明")
    add.add_argument("--at", metavar="YYYY-MM-DD", help="发生日期（默认现在；可早于今天）")
    add.add_argument(
        "--evidence",
        action="append",
        default=[],
        metavar="FILE",
        help="证据文件（截图等），可多次使用",
    )
    add.add_argument("--json", action="store_true", help="以 JSON 输出")
    add.set_defaults(handler=_add)

    void = log_sub.add_parser("void", help="作废一条记录（原记录保留）")
    void.add_argument("entry_id", type=int, metavar="ID", help="要作废的记录编号")
    void.add_argument("--why", required=True, metavar="TEXT", help="作废原因")
    void.add_argument("--json", action="store_true", help="以 JSON 输出")
    void.set_defaults(handler=_void)

    lst = log_sub.add_parser("list", help="列出记录")
    lst.add_argument("--class", dest="class_name", metavar="NAME", help="班级名称（默认全部）")
    lst.add_argument("--month", metavar="YYYY-MM", help="只列出该月发生的记录")
    lst.add_argument("--json", action="store_true", help="以 JSON 输出")
    lst.set_defaults(handler=_list)

    verify = log_sub.add_parser("verify", help="验证记录链是否完整（被改动时退出码为 3）")
    verify.add_argument(
        "--head", metavar="HASH", help="之前打印在月报上的链头，用于发现末尾被删的记录"
    )
    verify.add_argument("--json", action="store_true", help="以 JSON 输出")
    verify.set_defaults(handler=_verify)

    head = log_sub.add_parser("head", help="显示记录链的链头（最后一条记录的哈希）")
    head.add_argument("--json", action="store_true", help="以 JSON 输出")
    head.set_defaults(handler=_head)

    sugg = log_sub.add_parser("suggest", help="显示升级建议和待办事项（清退未执行、提醒未见效）")
    sugg.add_argument("--class", dest="class_name", required=True, metavar="NAME", help="班级名称")
    sugg.add_argument("--json", action="store_true", help="以 JSON 输出")
    sugg.set_defaults(handler=_suggest)

    sc = sub.add_parser(
        "selfcheck", help="发布前检查：草稿是否公布排名、点名负面信息等（教师-4、教师-5）"
    )
    sc.add_argument("file", metavar="FILE|-", help="草稿文本文件，- 表示从标准输入读取")
    sc.add_argument("--class", dest="class_name", metavar="NAME", help="用该班花名册识别学生姓名")
    sc.add_argument("--json", action="store_true", help="以 JSON 输出")
    sc.set_defaults(handler=_selfcheck)

    fc = sub.add_parser("fraudcheck", help="防诈骗检查：群消息是否要求付款、转账、扫码")
    fc.add_argument("file", metavar="FILE|-", help="消息文本文件，- 表示从标准输入读取")
    fc.add_argument("--sender", metavar="NICK", help="发送者的群昵称（配合 --class 检查是否冒充）")
    fc.add_argument("--class", dest="class_name", metavar="NAME", help="班级名称")
    fc.add_argument("--json", action="store_true", help="以 JSON 输出")
    fc.set_defaults(handler=_fraudcheck)

    rl = sub.add_parser("rules", help="列出《班级微信群管理》的全部规则及编号")
    rl.add_argument("--json", action="store_true", help="以 JSON 输出")
    rl.set_defaults(handler=_rules)

    from classgroup_desktop.services.template_catalog import template_names

    names = template_names()
    # One template per line, never wrapped: a key cut in two could not be copied from the help.
    msg = sub.add_parser("message", help="按模板生成消息（" + "、".join(names.values()) + "）",
                         formatter_class=argparse.RawTextHelpFormatter)
    msg.add_argument(
        "template",
        metavar="KEY",
        choices=list(names),
        help="模板：\n" + "\n".join(f"{key}（{name}）" for key, name in names.items()),
    )
    msg.add_argument("--member", metavar="NICK", default="", help="群昵称")
    msg.add_argument("--suggestion", metavar="NAME", default="", help="建议的群昵称")
    msg.add_argument("--rule", metavar="CODE", help="规则编号")
    msg.add_argument("--class", dest="class_name", metavar="NAME", default="", help="班级名称")
    msg.set_defaults(handler=_message)


def _entry_line(e: LogEntry) -> str:
    parts = [f"#{e.id}", f"{e.occurred_at:%Y-%m-%d}", e.kind_label]
    if e.member:
        parts.append(e.member)
    if e.rule:
        parts.append(f"[{e.rule}]")
    if e.voids_entry_id:
        parts.append(f"作废 #{e.voids_entry_id}")
    if e.description:
        parts.append(e.description)
    if e.attachments:
        parts.append(
            f"（证据 {len(e.attachments)} 个：{'、'.join(a.file_name for a in e.attachments)}）"
        )
    if e.voided_by:
        parts.append(f"〔已被 #{e.voided_by} 作废〕")
    return "  ".join(parts)


def _add(args: argparse.Namespace, ctx) -> int:
    from classgroup_desktop.services.log import add_entry

    kind = kind_from_text(args.kind)
    if kind is None or kind == "void":
        raise BadInputError(
            f"记录类型“{args.kind}”无效。可用："
            + "、".join(f"{k}（{KIND_LABELS[k]}）" for k in _ADD_KINDS)
            + "。作废请用 log void。"
        )
    entry = add_entry(
        ctx.db,
        args.class_name,
        kind,
        member=args.member,
        rule=args.rule,
        note=args.note,
        occurred_at=args.at,
        evidence=[Path(p) for p in args.evidence],
    )
    if args.json:
        print_json(entry.to_dict())
    else:
        print(f"已记录：{_entry_line(entry)}")
        print(f"链头：{entry.entry_hash}")
    return EXIT_OK


def _void(args: argparse.Namespace, ctx) -> int:
    from classgroup_desktop.services.log import void_entry

    entry = void_entry(ctx.db, args.entry_id, args.why)
    if args.json:
        print_json(entry.to_dict())
    else:
        print(f"已作废第 {args.entry_id} 条记录：{_entry_line(entry)}")
    return EXIT_OK


def _list(args: argparse.Namespace, ctx) -> int:
    from classgroup_desktop.services.log import list_entries

    entries = list_entries(ctx.db, args.class_name, args.month)
    if args.json:
        print_json([e.to_dict() for e in entries])
        return EXIT_OK
    if not entries:
        print("没有记录。")
    for e in entries:
        prefix = "" if args.class_name else f"{e.class_name}  "
        print(prefix + _entry_line(e))
    return EXIT_OK


def _verify(args: argparse.Namespace, ctx) -> int:
    from classgroup_desktop.services.log_chain import verify_chain

    report = verify_chain(ctx.db, expected_head=args.head)
    if args.json:
        print_json(report.to_dict())
    elif report.ok:
        print(report.message)
        print(f"链头：{report.head}")
    else:
        sys.stderr.write(f"记录链被改动：{report.message}\n")
    return EXIT_OK if report.ok else EXIT_TAMPERED


def _head(args: argparse.Namespace, ctx) -> int:
    from classgroup_desktop.services.log_chain import chain_head

    head = chain_head(ctx.db)
    if args.json:
        print_json({"head": head})
    else:
        print(head)
    return EXIT_OK


def _suggest(args: argparse.Namespace, ctx) -> int:
    from classgroup_desktop.services.log import ladder_suggestions
    from classgroup_desktop.services.pending import pending_items

    suggestions = ladder_suggestions(ctx.db, args.class_name)
    pending = pending_items(ctx.db, args.class_name)
    if args.json:
        print_json(
            {
                "suggestions": [s.to_dict() for s in suggestions],
                "pending": [p.to_dict() for p in pending],
            }
        )
        return EXIT_OK
    print("升级建议：" if suggestions else "升级建议：无")
    for s in suggestions:
        print(f"  {s.text}（依据记录 {'、'.join(f'#{i}' for i in s.trigger_ids)}）")
    print("待办事项：" if pending else "待办事项：无")
    for p in pending:
        print(f"  【{p.kind}】{p.nickname}：{p.detail}")
    return EXIT_OK


def _read_text(file: str) -> str:
    if file == "-":
        return sys.stdin.read()
    from classgroup_desktop.services.text_checks import read_text

    return read_text(file)


def _print_warnings(
    warnings: list[CheckWarning], text: str, as_json: bool, ok_message: str
) -> None:
    if as_json:
        print_json(
            {
                "ok": not any(w.level == "warning" for w in warnings),
                "warnings": [w.to_dict() for w in warnings],
            }
        )
        return
    if not warnings:
        print(ok_message)
        return
    for i, w in enumerate(warnings, start=1):
        mark = "提示" if w.level == "info" else "警告"
        where = f"第 {w.start + 1}–{w.end} 字" if w.end > w.start else ""
        quote = f"“{w.span}”" if w.span else ""
        print(f"{i}. 【{mark}·{w.rule}】{quote}{('（' + where + '）') if where else ''}")
        print(f"   {w.message}")


def _selfcheck(args: argparse.Namespace, ctx) -> int:
    from classgroup_desktop.services.text_checks import selfcheck_draft

    text = _read_text(args.file)
    warnings = selfcheck_draft(ctx.db if args.class_name else None, text, args.class_name)
    _print_warnings(
        warnings, text, args.json, "未发现问题：草稿没有公布排名、成绩对比或点名的负面信息。"
    )
    return EXIT_OK


def _fraudcheck(args: argparse.Namespace, ctx) -> int:
    from classgroup_desktop.services.text_checks import fraudcheck_message

    if args.sender and not args.class_name:
        raise BadInputError("使用 --sender 时请同时用 --class 指明班级，以便核对发送者身份。")
    text = _read_text(args.file)
    warnings = fraudcheck_message(
        ctx.db if args.class_name else None, text, sender=args.sender, class_name=args.class_name
    )
    _print_warnings(warnings, text, args.json, "未发现要求付款、转账或扫码的内容。")
    return EXIT_OK


def _rules(args: argparse.Namespace, ctx) -> int:
    from classgroup_desktop.services.log import rules

    catalogue = rules()
    if args.json:
        print_json([r.to_dict() for r in catalogue.rules])
        return EXIT_OK
    section = None
    for r in catalogue.rules:
        if r.section != section:
            section = r.section
            print(section)
        print(f"  [{r.code}] {r.title}：{r.text}")
    return EXIT_OK


def _message(args: argparse.Namespace, ctx) -> int:
    from classgroup_desktop.services.messages import render_template

    print(
        render_template(
            args.template,
            ctx.db,
            nickname=args.member,
            suggestion=args.suggestion,
            rule_code=args.rule,
            class_name=args.class_name,
        )
    )
    return EXIT_OK
