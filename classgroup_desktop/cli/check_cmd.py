"""Member check commands: check, audits, diff, confirm, confirmations."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from classgroup_desktop.cli.main import EXIT_OK, Context, print_json
from classgroup_desktop.core.errors import BadInputError, UserError
from classgroup_desktop.core.phone import mask_phones_in

STATUS_LABELS = {"ok": "合规", "rename": "需改名", "unknown": "身份不明"}
FLAG_LABELS = {"duplicate": "重复", "ambiguous": "同名歧义", "impersonation": "疑似冒充",
               "confirmed": "已人工确认", "truncated": "昵称被截断", "guardian": "家长本名",
               "phrase": "可能只是词语"}


def register(sub: argparse._SubParsersAction) -> None:
    """Add the member-check commands to the CLI."""
    p = sub.add_parser(
        "check", help="检查群成员昵称是否符合实名规则（入群-2）",
        description="按花名册检查群成员昵称：合规 / 需改名（给出应改成的昵称）/ 身份不明，"
                    "并标出重复、同名歧义、疑似冒充老师，列出家长不在群里的学生。",
    )
    p.add_argument("--class", dest="class_name", metavar="NAME", required=True, help="班级名称")
    # The member list comes from one source: a file (or - for standard input), or screenshots
    # (--screens, added by the screenshot feature to this group).
    source = p.add_mutually_exclusive_group()
    source.add_argument("members_file", nargs="?", metavar="MEMBERS_FILE",
                        help="群成员名单：.txt（每行一个，可直接粘贴接龙）、.csv、.xlsx；"
                             "- 表示标准输入")
    source.add_argument("--screens", nargs="+", metavar="FILE",
                        help="改用微信群成员页面截图（PNG/JPG，可多张，按滚动顺序；离线识别）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--save", action="store_true", help="保存为一次检查记录（供比较和月报）")
    p.add_argument("--reminder", action="store_true",
                   help="同时给出改名提醒：发到群里的一段（只含家长），和私聊发给老师的几段")
    p.set_defaults(handler=_check)

    p = sub.add_parser("audits", help="列出一个班已保存的检查记录")
    p.add_argument("--class", dest="class_name", metavar="NAME", required=True, help="班级名称")
    p.add_argument("--id", dest="audit_id", type=int, metavar="ID", help="显示这一次检查的成员明细")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(handler=_audits)

    p = sub.add_parser("diff", help="比较两次检查：新入群、已退群、改了昵称、仍未合规")
    p.add_argument("--class", dest="class_name", metavar="NAME", required=True, help="班级名称")
    p.add_argument("--from", dest="from_id", type=int, metavar="ID", help="较早的检查编号")
    p.add_argument("--to", dest="to_id", type=int, metavar="ID", help="较晚的检查编号")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(handler=_diff)

    p = sub.add_parser("confirm", help="人工确认某个昵称的身份（以后的检查视为合规，直到撤销）")
    p.add_argument("--class", dest="class_name", metavar="NAME", required=True, help="班级名称")
    p.add_argument("--nickname", required=True, metavar="N", help="群昵称")
    p.add_argument("--as", dest="confirmed_as", metavar="LABEL",
                   help="确认的身份，如“王小明奶奶（家委会）”")
    p.add_argument("--why", metavar="TEXT", help="原因，如“已电话核实”")
    p.add_argument("--by", metavar="NAME", help="确认人（默认：设置里的老师姓名）")
    p.add_argument("--revoke", action="store_true", help="撤销这个昵称的人工确认")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(handler=_confirm)

    p = sub.add_parser("confirmations", help="列出一个班的人工确认")
    p.add_argument("--class", dest="class_name", metavar="NAME", required=True, help="班级名称")
    p.add_argument("--all", action="store_true", help="包括已撤销的")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(handler=_confirmations)


def _read_members(args: argparse.Namespace, ctx: Context) -> tuple[list, str]:
    """The member list the command was given, and a description of where it came from."""
    screens = getattr(args, "screens", None)
    if screens:
        from classgroup_desktop.services.screens import screens_to_members

        # names read from pictures are corrected against the class's roster (按花名册校正)
        members, read = screens_to_members(screens, ctx.db, args.class_name)
        for warning in read.warnings:  # e.g. a screen missed: the teacher should know
            sys.stderr.write(f"注意：{warning}\n")
        return members, "截图：" + "、".join(Path(f).name for f in screens)
    if not args.members_file:
        raise BadInputError("请给出群成员名单：文件（.txt/.csv/.xlsx，每行一个昵称），"
                            "或用 - 从标准输入读取，或用 --screens 给出成员页截图。")
    from classgroup_desktop.services.members import members_from_file, members_from_text

    if args.members_file == "-":
        members = members_from_text(sys.stdin.read())
        if not members:
            raise BadInputError("标准输入里没有任何群成员昵称。")
        return members, "标准输入"
    return members_from_file(args.members_file), Path(args.members_file).name


def _check(args: argparse.Namespace, ctx: Context) -> int:
    from classgroup_desktop.services.audit import run_check

    members, source = _read_members(args, ctx)
    outcome = run_check(ctx.db, args.class_name, members, source=source, save=args.save)
    result = outcome.result
    reminders = None
    if args.reminder:
        from classgroup_desktop.services.messages import rename_reminders

        reminders = rename_reminders(result.verdicts, ctx.db)
    if args.json:
        data = result.to_dict()
        if args.save:
            data["audit_id"] = outcome.audit_id
        if reminders is not None:
            data["reminder"] = {"group": mask_phones_in(reminders.group),
                                "teachers": [{**t.to_dict(), "text": mask_phones_in(t.text),
                                              "nickname": mask_phones_in(t.nickname)}
                                             for t in reminders.teachers]}
        print_json(data)
        return EXIT_OK
    out = sys.stdout
    c = result.counts
    out.write(f"{result.class_name} 成员检查：共 {len(result.verdicts)} 人，合规 {c['ok']}，"
              f"需改名 {c['rename']}，身份不明 {c['unknown']}\n\n")
    for v in result.verdicts:
        flags = "".join(f"［{FLAG_LABELS.get(f, f)}］" for f in v.flags)
        line = f"{v.position:>3}. {mask_phones_in(v.nickname)}  —  {STATUS_LABELS[v.status]}{flags}"
        if v.suggestion:
            line += f"  → {v.suggestion}"
        out.write(line + f"\n       {v.reason}\n")
    missing = result.students_without_guardian
    out.write(f"\n家长不在群里的学生（{len(missing)}）：{'、'.join(missing) or '无'}\n")
    if result.over_limit:
        out.write(f"群里家长人数超过上限的学生：{'、'.join(result.over_limit)}\n")
    if outcome.audit_id:
        out.write(f"已保存为检查记录 #{outcome.audit_id}。\n")
    if reminders is not None:
        text = mask_phones_in(reminders.text) or "（没有需要改名的成员）"
        out.write(f"\n改名提醒：\n{text}\n")
    return EXIT_OK


def _audits(args: argparse.Namespace, ctx: Context) -> int:
    from classgroup_desktop.services.audit import get_audit, list_audits

    if args.audit_id is not None:
        detail = get_audit(ctx.db, args.audit_id)
        if detail.summary.class_name != _class_name(ctx, args.class_name):
            raise UserError(f"检查记录 #{args.audit_id} 不属于班级“{args.class_name}”。")
        if args.json:
            print_json(detail.to_dict())
            return EXIT_OK
        s = detail.summary
        sys.stdout.write(f"#{s.id} {s.taken_at:%Y-%m-%d %H:%M} {s.source}：共 {s.total} 人，"
                         f"合规 {s.ok}，需改名 {s.rename}，身份不明 {s.unknown}\n")
        for m in detail.members:
            sugg = f"  → {m['suggestion']}" if m["suggestion"] else ""
            sys.stdout.write(f"{m['position']:>3}. {mask_phones_in(m['nickname'])}  —  "
                             f"{STATUS_LABELS.get(m['status'], m['status'])}{sugg}\n")
        return EXIT_OK
    audits = list_audits(ctx.db, args.class_name)
    if args.json:
        print_json({"class": _class_name(ctx, args.class_name),
                    "audits": [a.to_dict() for a in audits]})
        return EXIT_OK
    if not audits:
        sys.stdout.write("这个班还没有保存过检查。用 check --save 保存一次。\n")
    for a in audits:
        sys.stdout.write(f"#{a.id}  {a.taken_at:%Y-%m-%d %H:%M}  {a.source}  共 {a.total} 人："
                         f"合规 {a.ok}，需改名 {a.rename}，身份不明 {a.unknown}\n")
    return EXIT_OK


def _class_name(ctx: Context, name: str) -> str:
    from classgroup_desktop.services.classes import find_class

    with ctx.db.read() as s:
        return find_class(s, name).name


def _diff(args: argparse.Namespace, ctx: Context) -> int:
    from classgroup_desktop.services.audit import diff_audits

    diff = diff_audits(ctx.db, args.class_name, args.from_id, args.to_id)
    if args.json:
        print_json(diff.to_dict())
        return EXIT_OK
    out = sys.stdout
    a, b = diff.from_audit, diff.to_audit
    out.write(f"{diff.class_name}：比较检查 #{a.id}（{a.taken_at:%Y-%m-%d %H:%M}）"
              f"与 #{b.id}（{b.taken_at:%Y-%m-%d %H:%M}）\n")
    sections: list[tuple[str, tuple[dict[str, Any], ...], Any]] = [
        ("新入群", diff.joined,
         lambda m: f"{mask_phones_in(m['nickname'])}（{STATUS_LABELS[m['status']]}）"),
        ("已退群", diff.left, lambda m: mask_phones_in(m["nickname"])),
        ("改了昵称", diff.renamed,
         lambda m: f"{mask_phones_in(m['old_nickname'])} → {mask_phones_in(m['new_nickname'])}"),
        ("已改好", diff.now_compliant, lambda m: mask_phones_in(m["nickname"])),
        ("仍未合规", diff.still_noncompliant,
         lambda m: mask_phones_in(m["nickname"]) + (f"（应改为 {m['suggestion']}）"
                                                if m["suggestion"] else "（身份不明）")),
    ]
    for title, items, fmt in sections:
        out.write(f"\n{title}（{len(items)}）：\n")
        for m in items:
            out.write(f"  {fmt(m)}\n")
    return EXIT_OK


def _confirm(args: argparse.Namespace, ctx: Context) -> int:
    from classgroup_desktop.services.audit import confirm_identity, revoke_confirmation

    if args.revoke:
        revoke_confirmation(ctx.db, args.class_name, args.nickname)
        if args.json:
            print_json({"class": args.class_name, "nickname": args.nickname, "revoked": True})
        else:
            sys.stdout.write(f"已撤销对“{args.nickname}”的人工确认。\n")
        return EXIT_OK
    if not args.confirmed_as or not args.why:
        raise UserError("确认身份需要同时给出 --as（确认的身份）和 --why（原因）。")
    confirm_identity(ctx.db, args.class_name, args.nickname, args.confirmed_as, args.why,
                     by=args.by)
    if args.json:
        print_json({"class": args.class_name, "nickname": args.nickname,
                    "confirmed_as": args.confirmed_as, "why": args.why, "by": args.by,
                    "revoked": False})
        return EXIT_OK
    sys.stdout.write(f"已确认“{args.nickname}”为“{args.confirmed_as}”，以后的检查视为合规。\n")
    return EXIT_OK


def _confirmations(args: argparse.Namespace, ctx: Context) -> int:
    from classgroup_desktop.services.audit import list_confirmations

    rows = list_confirmations(ctx.db, args.class_name, include_revoked=args.all)
    if args.json:
        print_json({"confirmations": [r.to_dict() for r in rows]})
        return EXIT_OK
    if not rows:
        sys.stdout.write("这个班没有人工确认。\n")
    for r in rows:
        state = f"（{r.revoked_at:%Y-%m-%d} 已撤销）" if r.revoked_at else ""
        sys.stdout.write(f"{r.nickname} = {r.confirmed_as}；原因：{r.reason}；"
                         f"{r.confirmed_by or '未署名'} {r.confirmed_at:%Y-%m-%d %H:%M}{state}\n")
    return EXIT_OK
