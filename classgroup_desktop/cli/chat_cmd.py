"""``chat-review --class NAME FILE|- [--screens A.png …] [--save] [--json]``: 群聊巡查, and
``chat-reviews --class NAME``: the saved reviews."""

from __future__ import annotations

import argparse
import sys

from classgroup_desktop.cli.main import EXIT_OK, Context, print_json
from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.core.phone import mask_phones_in

EVENT_LABELS = {"invite": "邀请入群", "qr_join": "扫码入群", "removed": "移出群聊",
                "left": "退出群聊", "recall": "撤回消息", "rename_group": "修改群名"}


def register(sub: argparse._SubParsersAction) -> None:
    """Add the chat review commands to the CLI."""
    p = sub.add_parser(
        "chat-review", help="群聊巡查：按《班级微信群管理》检查复制的群聊记录或聊天截图",
        description="读取从微信复制的聊天记录（.txt 或 - 标准输入）、表格（.csv/.xlsx，"
                    "列：时间、发送人、内容）或聊天截图，逐条标出广告、诈骗、投诉、过激、不文明、"
                    "闲聊等，并列出入群、邀请、移出等系统消息。完全离线。",
    )
    p.add_argument("--class", dest="class_name", metavar="NAME", required=True, help="班级名称")
    p.add_argument("chat_file", nargs="?", metavar="FILE",
                   help="聊天记录：.txt（从微信复制）、.csv/.xlsx；- 表示标准输入")
    p.add_argument("--screens", nargs="+", metavar="PNG",
                   help="聊天截图（PNG/JPG，可多张，按从上到下的顺序；离线识别）")
    p.add_argument("--save", action="store_true",
                   help="保存这次巡查（只保存被标出的消息和统计，不保存其他聊天内容）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(handler=_chat_review)

    p = sub.add_parser("chat-reviews", help="列出一个班已保存的群聊巡查")
    p.add_argument("--class", dest="class_name", metavar="NAME", required=True, help="班级名称")
    p.add_argument("--month", metavar="YYYY-MM", help="只列出这个月的")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(handler=_chat_reviews)

    p = sub.add_parser("chat-words",
                       help="群聊巡查词表：为规则添加词语，或允许某些词在本班不被标出")
    p.add_argument("--class", dest="class_name", metavar="NAME", help="班级名称（--allow 需要）")
    p.add_argument("--add", nargs=2, action="append", metavar=("RULE", "WORD"), default=[],
                   help="为规则添加一个词，如 --add 家长-3 奶茶店（所有班级生效）")
    p.add_argument("--allow", action="append", metavar="WORD", default=[],
                   help="本班不标出这个词，如 --allow 二手书")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(handler=_chat_words)


def _chat_review(args: argparse.Namespace, ctx: Context) -> int:
    from classgroup_desktop.services.chat_input import read_chat
    from classgroup_desktop.services.chat_review import review_chat

    if not args.chat_file and not args.screens:
        raise BadInputError("请给出聊天记录：文件（.txt/.csv/.xlsx），或用 - 从标准输入读取，"
                            "或用 --screens 给出聊天截图。")
    stdin_text = sys.stdin.read() if args.chat_file == "-" else None
    chat = read_chat(ctx.db, args.class_name, file=args.chat_file if args.chat_file != "-"
                     else None, text=stdin_text, screens=args.screens or ())
    for w in chat.warnings:
        sys.stderr.write(f"注意：{w}\n")
    result = review_chat(ctx.db, args.class_name, chat.messages, save=args.save,
                         source=chat.source)
    if args.json:
        print_json(result.to_dict())
        return EXIT_OK
    out = sys.stdout
    counts = result.counts()
    rules = "，".join(f"{r} {n} 条" for r, n in counts["by_rule"].items()) or "无"
    out.write(f"{result.class_name} 群聊巡查：共 {counts['messages']} 条消息，"
              f"标出 {counts['flagged']} 条（{rules}）\n\n")
    for rm in result.messages:
        m = rm.message
        if m.kind == "system":
            if rm.flags or m.event:
                label = EVENT_LABELS.get(m.event.type, "") if m.event else ""
                marks = "".join(f"［{f.rule}］" for f in rm.flags)
                out.write(f"{m.position:>4}. 〔系统·{label}〕{mask_phones_in(m.text)}{marks}\n")
            continue
        if not rm.flags:
            continue
        when = f"{m.time:%m-%d %H:%M} " if m.time else ""
        who = m.sender or "（我）"
        text = mask_phones_in(m.text.replace("\n", " "))
        out.write(f"{m.position:>4}. {when}{mask_phones_in(who)}：{text[:80]}\n")
        for f in rm.flags:
            words = mask_phones_in("、".join(f.words))
            out.write(f"        {f.rule}：{f.reason}（触发：{words}）\n")
    if result.joined:
        joined = "、".join(
            mask_phones_in(n) + (f"（{mask_phones_in(result.invited_by[n])} 邀请）"
                             if result.invited_by.get(n) else "")
            for n in result.joined)
        out.write(f"\n新入群，请在下次成员检查时核对：{joined}\n")
    for p in result.pending_closed:
        out.write(f"清退已执行：{mask_phones_in(p['nickname'])}（第 {p['entry_id']} 条清退记录）\n")
    if result.review_id is not None:
        out.write(f"\n已保存为群聊巡查记录 #{result.review_id}（只保存了被标出的消息）。\n")
    return EXIT_OK


def _chat_reviews(args: argparse.Namespace, ctx: Context) -> int:
    from classgroup_desktop.services.chat_review import list_reviews

    reviews = list_reviews(ctx.db, args.class_name, args.month)
    if args.json:
        print_json({"reviews": [r.to_dict() for r in reviews]})
        return EXIT_OK
    if not reviews:
        sys.stdout.write("这个班还没有保存过群聊巡查。用 chat-review --save 保存一次。\n")
    for r in reviews:
        rules = "，".join(f"{k} {v}" for k, v in r.by_rule.items()) or "无"
        sys.stdout.write(f"#{r.id}  {r.saved_at:%Y-%m-%d %H:%M}  {r.source}  {r.messages} 条消息，"
                         f"标出 {r.flagged} 条（{rules}）\n")
    return EXIT_OK


def _chat_words(args: argparse.Namespace, ctx: Context) -> int:
    from classgroup_desktop.services.chat_review import (
        chat_words,
        rule_book,
        set_allowed_words,
        set_chat_words,
    )

    book = rule_book(None)
    known = {r.id for r in book.rules} | {r.rule for r in book.rules}
    if args.add:
        added = chat_words(ctx.db)["add"]
        for rule, word in args.add:
            if rule not in known:
                raise BadInputError(f"规则“{rule}”没有词表。可用的规则："
                                    f"{'、'.join(sorted({r.rule for r in book.rules}))}。")
            added.setdefault(rule, [])
            if word.strip() and word.strip() not in added[rule]:
                added[rule].append(word.strip())
        set_chat_words(ctx.db, add=added)
    if args.allow:
        if not args.class_name:
            raise BadInputError("允许的词按班级保存：请用 --class 指定班级。")
        current = chat_words(ctx.db)["allow"].get(args.class_name, [])
        set_allowed_words(ctx.db, args.class_name,
                          list(dict.fromkeys([*current, *(w.strip() for w in args.allow)])))
    words = chat_words(ctx.db)
    if args.json:
        print_json(words)
        return EXIT_OK
    for rule, items in words["add"].items():
        sys.stdout.write(f"{rule} 添加的词：{'、'.join(items)}\n")
    for cls, items in words["allow"].items():
        sys.stdout.write(f"{cls} 允许的词：{'、'.join(items)}\n")
    if not words["add"] and not words["allow"]:
        sys.stdout.write("没有自定义的词。程序自带的词表在 resources/chat_rules.json。\n")
    return EXIT_OK
