"""``members-from-screens FILE... [--json]``: member nicknames read from WeChat screenshots."""

from __future__ import annotations

import argparse
import sys

from classgroup_desktop.cli.main import EXIT_OK, Context, print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "members-from-screens",
        help="从微信群成员页面截图识别群昵称（离线识别，可多张，按滚动顺序）",
        description=(
            "识别手机“聊天信息 → 查看全部群成员”页面或电脑版群成员列表的截图，"
            "按截图顺序合并成一份名单（重叠部分只算一次）。不保存任何内容。"
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="截图文件（PNG/JPG），按从上到下的顺序")
    p.add_argument("--class", dest="class_name", metavar="NAME",
                   help="班级名称：按这个班的花名册校正识别错的生僻字（如“䶮”）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=run_members_from_screens)


def run_members_from_screens(args: argparse.Namespace, ctx: Context) -> int:
    from classgroup_desktop.services.screens import read_class_screens, read_screens

    class_name = getattr(args, "class_name", None)
    result = (read_class_screens(ctx.db, class_name, args.files) if class_name
              else read_screens(args.files))
    if args.json:
        print_json(result.to_dict())
        return EXIT_OK
    out = sys.stdout
    for i, m in enumerate(result.members, 1):
        marks = []
        if m.truncated:
            marks.append("名字被截断")
        if m.read_as is not None:
            marks.append(f"按花名册校正，截图识别为“{m.read_as}”")
        if m.unreadable:
            marks.append("请在微信中查看此成员")
        elif m.low_confidence:
            marks.append(f"识别把握低 {m.confidence:.2f}")
        suffix = f"  （{'，'.join(marks)}）" if marks else ""
        shown = m.nickname + ("…" if m.truncated else "")
        out.write(f"{i:>3}. {shown}{suffix}\n")
    title = f"，标题显示 {result.title_count} 人" if result.title_count is not None else ""
    out.write(f"共识别 {len(result.members)} 人{title}。\n")
    for w in result.warnings:
        out.write(f"注意：{w}\n")
    return EXIT_OK
