"""Roster and class commands: import-roster, classes, roster, class-create/-rename/-archive."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from classgroup_desktop.cli.main import EXIT_OK, Context, print_json
from classgroup_desktop.core.phone import mask_phone


def register(sub: argparse._SubParsersAction) -> None:
    """Add the roster commands to the CLI."""
    p = sub.add_parser(
        "import-roster",
        help="导入/更新花名册（.xlsx/.xls/.csv）",
        description=(
            "导入花名册。再次导入是合并：新增、更新学生，把名单中已没有的学生标记为离班"
            "（不删除历史）；文件里没有的列（家长姓名、关系、第二位家长、性别）保留原有内容。"
            "会把一个班五分之一以上（且至少 3 名）在读学生标记为离班的导入需要加 --confirm-left。"
        ),
    )
    p.add_argument("file", metavar="FILE", help="花名册文件")
    p.add_argument(
        "--class",
        dest="class_name",
        metavar="NAME",
        help="班级名称（表格没有“班级”列、工作表名也不是班级名时必须指定）",
    )
    p.add_argument("--dry-run", action="store_true", help="只预览变化，不写入数据库")
    p.add_argument(
        "--confirm-left",
        action="store_true",
        help="确认把大量学生标记为离班（超过班级在读人数的五分之一且至少 3 人时必须指定）",
    )
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(handler=_import_roster)

    p = sub.add_parser("classes", help="列出所有班级")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(handler=_classes)

    p = sub.add_parser("roster", help="查看一个班的花名册（学生、家长、教师）")
    p.add_argument("--class", dest="class_name", metavar="NAME", required=True, help="班级名称")
    p.add_argument("--all", action="store_true", help="包括已离班的学生")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(handler=_roster)

    p = sub.add_parser("class-create", help="新建班级")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--grade", help="年级")
    p.add_argument("--school-year", help="学年，如 2025-2026")
    p.add_argument("--wechat-group", help="班级微信群名称")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(handler=_class_create)

    p = sub.add_parser("class-rename", help="重命名班级")
    p.add_argument("old", metavar="OLD")
    p.add_argument("new", metavar="NEW")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(handler=_class_rename)

    p = sub.add_parser("class-archive", help="归档班级（毕业/撤销）；--undo 取消归档")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--undo", action="store_true", help="取消归档")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(handler=_class_archive)


def _import_roster(args: argparse.Namespace, ctx: Context) -> int:
    from classgroup_desktop.services.roster import import_roster

    report = import_roster(
        ctx.db,
        Path(args.file),
        class_name=args.class_name,
        dry_run=args.dry_run,
        confirm_left=args.confirm_left,
    )
    if args.json:
        print_json(report.to_dict())
        return EXIT_OK
    out = sys.stdout
    if args.dry_run:
        out.write("【预览】以下为导入后的变化，数据库未做任何修改。\n")
    for c in report.classes:
        state = "新建班级" if c.created else "更新"
        if c.file_class_name:
            state += f"，文件中写作“{c.file_class_name}”"
        out.write(
            f"{c.class_name}（{state}）：在读学生 {c.students} 人，"
            f"家长 {c.guardians} 人，教师 {c.teachers} 人；"
            f"新增 {len(c.added)}，更新 {len(c.updated)}，离班 {len(c.left)}。\n"
        )
        if c.left_needs_confirmation:
            out.write(
                f"  注意：将有 {len(c.left)} 名学生（原在读 {c.active_before} 人）被标记为离班，"
                "正式导入需加 --confirm-left。请先核对文件是否完整、是否选对了班级。\n"
            )
        for label, names in (("新增", c.added), ("离班", c.left)):
            if names:
                shown = "、".join(names[:10]) + (f" 等 {len(names)} 人" if len(names) > 10 else "")
                out.write(f"  {label}：{shown}\n")
        details = [ch for ch in c.changes if ch.field != "状态" or ch.old == "离班"]
        if details:
            out.write("  变化明细：\n")
            for ch in details[:40]:
                old, new = ch.old or "（无）", ch.new or "（无）"
                out.write(f"    {ch.student}：{ch.field} {old} → {new}\n")
            if len(details) > 40:
                out.write(f"    ……另有 {len(details) - 40} 项，可用 --json 查看全部。\n")
    if report.warnings:
        out.write(f"提示（{len(report.warnings)} 条）：\n")
        for w in report.warnings[:30]:
            where = f"工作表“{w.sheet}”" + (f"第 {w.row} 行" if w.row else "")
            out.write(f"  {where}：{w.message}\n")
        if len(report.warnings) > 30:
            out.write(f"  ……另有 {len(report.warnings) - 30} 条，可用 --json 查看全部。\n")
    return EXIT_OK


def _classes(args: argparse.Namespace, ctx: Context) -> int:
    from classgroup_desktop.services.classes import list_classes

    classes = list_classes(ctx.db)
    if args.json:
        print_json(
            [
                {
                    "class": c.name,
                    "students": c.students,
                    "head_teacher": c.head_teacher,
                    "grade": c.grade,
                    "school_year": c.school_year,
                    "wechat_group_name": c.wechat_group_name,
                    "archived": c.archived,
                }
                for c in classes
            ]
        )
        return EXIT_OK
    if not classes:
        sys.stdout.write(
            "还没有班级。请先用 import-roster 导入花名册，或用 class-create 新建班级。\n"
        )
        return EXIT_OK
    for c in classes:
        extra = "（已归档）" if c.archived else ""
        head = f"，班主任 {c.head_teacher}" if c.head_teacher else ""
        sys.stdout.write(f"{c.name}{extra}：在读学生 {c.students} 人{head}\n")
    return EXIT_OK


def _roster(args: argparse.Namespace, ctx: Context) -> int:
    from classgroup_desktop.services.roster_edit import list_students, list_teachers

    students = list_students(ctx.db, args.class_name, include_left=args.all)
    teachers = list_teachers(ctx.db, args.class_name)
    if args.json:
        print_json(
            {
                "class": args.class_name,
                "students": [
                    {
                        "name": s.name,
                        "student_no": s.student_no,
                        "gender": s.gender,
                        "active": s.active,
                        "guardians": [
                            {"name": g.name, "relation": g.relation, "phone": mask_phone(g.phone)}
                            for g in s.guardians
                        ],
                    }
                    for s in students
                ],
                "teachers": [
                    {
                        "name": t.name,
                        "subject": t.subject,
                        "role": t.role.value,
                        "role_label": t.role.label,
                    }
                    for t in teachers
                ],
            }
        )
        return EXIT_OK
    out = sys.stdout
    out.write(f"{args.class_name}：学生 {sum(s.active for s in students)} 人\n")
    for s in students:
        no = f"{s.student_no:>4} " if s.student_no else "     "
        left = "（已离班）" if not s.active else ""
        family = "；".join(
            f"{g.relation or '家长'} {g.name or ''} {mask_phone(g.phone)}".replace(
                "  ", " "
            ).strip()
            for g in s.guardians
        )
        out.write(f"  {no}{s.name}{left} {s.gender or ''}  {family}\n")
    if teachers:
        out.write("教师：\n")
        for t in teachers:
            out.write(f"  {t.name}  {t.role.label}{'  ' + t.subject if t.subject else ''}\n")
    return EXIT_OK


def _class_create(args: argparse.Namespace, ctx: Context) -> int:
    from classgroup_desktop.services.classes import create_class

    c = create_class(
        ctx.db,
        args.name,
        grade=args.grade,
        school_year=args.school_year,
        wechat_group_name=args.wechat_group,
    )
    if args.json:
        print_json({"created": _class_json(c)})
    else:
        sys.stdout.write(f"已新建班级“{c.name}”。\n")
    return EXIT_OK


def _class_json(c) -> dict:
    return {"name": c.name, "grade": c.grade, "school_year": c.school_year,
            "wechat_group": c.wechat_group_name, "archived": c.archived,
            "students": c.students, "head_teacher": c.head_teacher}


def _class_by_name(ctx: Context, name: str):
    from classgroup_desktop.services.classes import list_classes

    return next(c for c in list_classes(ctx.db) if c.name == name)


def _class_rename(args: argparse.Namespace, ctx: Context) -> int:
    from classgroup_desktop.services.classes import update_class

    update_class(ctx.db, args.old, new_name=args.new)
    if args.json:
        renamed = _class_by_name(ctx, args.new.strip())
        print_json({"renamed_from": args.old, "class": _class_json(renamed)})
    else:
        sys.stdout.write(f"已将班级“{args.old}”改名为“{args.new.strip()}”。\n")
    return EXIT_OK


def _class_archive(args: argparse.Namespace, ctx: Context) -> int:
    from classgroup_desktop.services.classes import update_class

    update_class(ctx.db, args.name, archived=not args.undo)
    if args.json:
        print_json({"class": _class_json(_class_by_name(ctx, args.name.strip()))})
        return EXIT_OK
    sys.stdout.write(f"已{'取消归档' if args.undo else '归档'}班级“{args.name}”。\n")
    return EXIT_OK
