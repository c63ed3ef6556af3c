"""``report``: a class's monthly report or the school summary as PDF / XLSX / JSON; finalise."""

from __future__ import annotations

import argparse
import sys

from classgroup_desktop.cli.main import print_json
from classgroup_desktop.core.errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="生成班级月报或学校汇总（PDF / Excel / JSON），或定稿",
        description="生成班级微信群管理月报或学校汇总。例："
        "report --class 三年级二班 --month 2026-03 --pdf 月报.pdf；"
        "report --school --month 2026-03 --pdf 汇总.pdf；"
        "report --class 三年级二班 --month 2026-03 --finalise",
    )
    scope = p.add_mutually_exclusive_group(required=True)
    scope.add_argument("--class", dest="class_name", metavar="班级", help="班级名称")
    scope.add_argument("--school", action="store_true", help="全校汇总")
    p.add_argument("--month", required=True, metavar="YYYY-MM", help="月份，如 2026-03")
    p.add_argument("--pdf", metavar="文件", help="保存 PDF 到此路径")
    p.add_argument("--xlsx", metavar="文件", help="保存 Excel 到此路径")
    p.add_argument("--json", action="store_true", help="在标准输出打印报告数据（JSON）")
    p.add_argument(
        "--finalise",
        "--finalize",
        action="store_true",
        help="定稿：保存本月报告数据与校验码，以后重印内容不变",
    )
    p.add_argument("--by", metavar="姓名", help="定稿人（默认取设置中的教师姓名）")
    p.add_argument(
        "--package", metavar="文件.cgpkg",
        help="导出给学校：把定稿的班级月报保存为月报包（未定稿时需同时加 --finalise）",
    )
    p.add_argument("--with-evidence", action="store_true",
                   help="月报包中附上本月上报的证据文件（默认只附校验码）")
    p.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace, ctx) -> int:
    from classgroup_desktop.services import report as service
    from classgroup_desktop.services import report_files

    if args.package:
        return _run_package(args, ctx)
    if args.with_evidence:
        raise UserError("--with-evidence 只用于 --package（导出给学校的月报包）。")
    if not (args.pdf or args.xlsx or args.json or args.finalise):
        raise UserError(
            "请至少指定一种输出：--pdf 文件、--xlsx 文件、--json，或用 --finalise 定稿；"
            "导出给学校用 --package 文件.cgpkg。"
        )
    # Where the files go is checked first: a wrong folder must not leave a half-done finalise.
    for out in (args.pdf, args.xlsx):
        if out:
            report_files.check_target(out)
    class_name = None if args.school else args.class_name
    if args.finalise:
        fin = service.finalise_report(ctx.db, class_name, args.month, by=args.by)
        what = "学校汇总" if class_name is None else f"“{class_name}”的月报"
        sys.stderr.write(f"已定稿：{what}（{args.month}），校验码 {fin.content_hash}\n")
    if class_name is None:
        report = service.build_school_summary(ctx.db, args.month)
    else:
        report = service.build_class_report(ctx.db, class_name, args.month)
    pages = None
    if args.pdf:
        if service.chinese_font_missing():
            from classgroup_desktop.core.fonts import missing_chinese_font_message

            sys.stderr.write(f"警告：{missing_chinese_font_message(sys.platform)}\n")
        pages = report_files.save_pdf(report, args.pdf)
        sys.stderr.write(f"已保存 PDF：{args.pdf}（{pages} 页）\n")
    if args.xlsx:
        report_files.save_xlsx(report, args.xlsx)
        sys.stderr.write(f"已保存 Excel：{args.xlsx}\n")
    handin = getattr(report, "handin", None)
    if handin is not None and (handin.not_handed_in or handin.open_escalations):
        if handin.not_handed_in:
            sys.stderr.write(f"注意：本月未交月报：{'、'.join(handin.not_handed_in)}。\n")
        if handin.open_escalations:
            sys.stderr.write(f"注意：上报待处置 {handin.open_escalations} 件"
                             "（school escalations 查看，school dispose 记录处置）。\n")
    if report.finalisation is not None and report.finalisation.updates_since:
        sys.stderr.write(f"注意：本报告定稿后有 {report.finalisation.updates_since} 项更新。\n")
    if args.json:
        data = report.to_dict()
        data["content_hash"] = report.content_hash
        if pages is not None:
            data["pages"] = pages
        print_json(data)
    return 0


def _run_package(args: argparse.Namespace, ctx) -> int:
    """``--package``: one service builds, renders and packages (as 导出给学校 does)."""
    from classgroup_desktop.services.report_package import export_package

    if args.school:
        raise UserError("月报包是班级的月报：请用 --class 班级 --package 文件.cgpkg。")
    if args.pdf or args.xlsx:
        raise UserError("--package 不能与 --pdf / --xlsx 同时使用：月报包里已有 PDF。")
    result = export_package(ctx.db, args.class_name, args.month, args.package,
                            finalise=args.finalise, by=args.by,
                            with_evidence=args.with_evidence)
    if result.finalised_now:
        sys.stderr.write(f"已定稿：“{result.class_name}”的月报（{result.month}），"
                         f"校验码 {result.content_hash}\n")
    sys.stderr.write(
        f"已保存月报包：{result.path}（{result.pages} 页 PDF，{result.escalations} 条上报，"
        f"{result.evidence_files} 个证据文件）\n"
    )
    if args.json:
        print_json(result.to_dict())
    return 0
