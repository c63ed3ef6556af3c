"""The monthly report (or school summary) as an .xlsx workbook, one sheet per section.

Same data as the PDF. Text that a spreadsheet would evaluate (starting with = + - @, a tab or
a carriage return — nicknames and descriptions are typed by anyone) is stored as a plain string
cell with the "quote prefix" style, so Excel/WPS show it as text and never run it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from classgroup_desktop.core.errors import UserError, os_error_text
from classgroup_desktop.core.report import (
    FLAG_LABELS,
    SOURCE_PACKAGE,
    STATUS_LABELS,
    ClassMonthReport,
    Report,
    SchoolSummary,
    content_hash,
    format_rate,
    month_label,
    needs_formula_guard,
)
from classgroup_desktop.io.output_path import check_output_path, write_output


def _put(ws: Any, row: int, col: int, value: Any) -> Any:
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if needs_formula_guard(value):
        # openpyxl marks "=..." as a formula on assignment; force a string cell instead.
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _sheet(
    wb: Any,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[int] | None = None,
) -> Any:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.create_sheet(title)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E8E8E8")
    for c, h in enumerate(headers, 1):
        cell = _put(ws, 1, c, h)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for r, values in enumerate(rows, 2):
        for c, v in enumerate(values, 1):
            cell = _put(ws, r, c, v)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.freeze_panes = "A2"
    for c, w in enumerate(widths or [16] * len(headers), 1):
        ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = w
    return ws


def _flagged(flags: Sequence[str], reason: str) -> str:
    labels = [FLAG_LABELS.get(f, f) for f in flags]
    return ("【" + "、".join(labels) + "】" if labels else "") + (reason or "")


def _class_workbook(wb: Any, r: ClassMonthReport) -> None:
    h, m = r.header, r.membership
    fin = r.finalisation
    overview: list[tuple[str, Any]] = [
        ("报告", r.title),
        ("学校", h.school),
        ("班级", h.class_name),
        ("班级群名称", h.wechat_group_name or ""),
        ("班主任", h.head_teacher or ""),
        ("报告月份", month_label(h.month)),
        ("生成时间", h.generated_at),
        ("月末数据依据（检查时间）", m.audit_taken_at or "本月无成员检查记录"),
        ("群成员总数", m.total),
        ("教师", m.teachers),
        ("家长", m.parents),
        (STATUS_LABELS["ok"], m.ok),
        (STATUS_LABELS["rename"], m.rename),
        (STATUS_LABELS["unknown"], m.unknown),
        ("昵称合规率", format_rate(m.compliance_rate)),
        ("花名册学生数", m.roster_students),
        ("未入群家庭数", len(m.families_not_reached)),
        ("上月末检查时间", r.change.previous_audit_taken_at or "无"),
        ("新入群", "、".join(r.change.joined)),
        ("退群", "、".join(r.change.left)),
        ("改名", "、".join(f"{x.old} → {x.new}" for x in r.change.renamed)),
        ("本月检查次数", len(r.audits)),
        ("事件记录链头", r.chain_head),
        ("报告内容校验码（SHA-256）", content_hash(r)),
    ]
    if fin is not None:
        overview.append(("定稿时间", fin.finalised_at))
        overview.append(("定稿人", fin.finalised_by or ""))
        overview.append(("定稿后更新项数", fin.updates_since))
    _sheet(wb, "概况", ["项目", "内容"], overview, [26, 70])
    _sheet(
        wb,
        "未入群家庭",
        ["学生", "学号", "家长联系方式（电话已部分隐去）"],
        [[f.student, f.student_no or "", "；".join(f.contacts)] for f in m.families_not_reached],
        [14, 8, 40],
    )
    _sheet(
        wb,
        "本月检查",
        ["检查时间", "名单来源", "成员数", "合规", "需改名", "身份不明", "合规率"],
        [
            [
                a.taken_at,
                a.source,
                a.total,
                a.ok,
                a.rename,
                a.unknown,
                format_rate(a.compliance_rate),
            ]
            for a in r.audits
        ],
        [18, 18, 8, 8, 8, 10, 10],
    )
    _sheet(
        wb,
        "需改名",
        ["当前群昵称", "应改为", "说明"],
        [[x.nickname, x.suggestion or "", _flagged(x.flags, x.reason)] for x in r.noncompliant],
        [24, 24, 50],
    )
    _sheet(
        wb,
        "身份不明",
        ["群昵称", "说明", "处理情况"],
        [
            [x.nickname, _flagged(x.flags, x.reason), "；".join(x.actions) or "尚无处理记录"]
            for x in r.unknown
        ],
        [24, 40, 40],
    )
    _sheet(
        wb,
        "事件记录",
        [
            "编号",
            "时间",
            "类型",
            "成员",
            "规则编号",
            "规则",
            "说明",
            "证据文件",
            "证据SHA-256",
            "作废第几条",
            "被第几条作废",
        ],
        [
            [
                e.entry_id,
                e.occurred_at,
                e.kind_label,
                e.member or "",
                e.rule_code or "",
                e.rule_title or "",
                e.description,
                "；".join(ev.file_name for ev in e.evidence),
                "；".join(ev.sha256 for ev in e.evidence),
                e.voids_entry_id or "",
                e.voided_by or "",
            ]
            for e in r.log
        ],
        [6, 17, 8, 18, 9, 20, 40, 20, 30, 9, 9],
    )
    if r.chat is not None:
        _sheet(
            wb,
            "本月巡查",
            ["巡查次数", "消息数", "标出条数", "按规则", "据此记录", "看到已移出的清退对象"],
            [[r.chat.reviews, r.chat.messages, r.chat.flagged,
              "；".join(f"{x.rule} {x.count}" for x in r.chat.by_rule), r.chat.actions,
              r.chat.clear_outs_closed]],
            [10, 10, 10, 40, 10, 20],
        )
    _sheet(
        wb,
        "待办",
        ["类型", "成员", "起始时间", "说明"],
        [[x.kind, x.nickname or "", x.since or "", x.detail] for x in r.pending],
        [16, 20, 18, 60],
    )
    _sheet(
        wb,
        "合规率变化",
        ["检查时间", "合规率"],
        [[pt.taken_at, format_rate(pt.rate)] for pt in r.chart],
        [18, 10],
    )


def _school_workbook(wb: Any, r: SchoolSummary) -> None:
    rows = [
        [
            x.class_name,
            x.head_teacher or "",
            x.members,
            format_rate(x.compliance_rate),
            x.families_not_reached,
            x.audits,
            x.reminders,
            x.clear_outs,
            x.escalations,
            x.pending,
        ]
        for x in (*r.rows, r.totals)
    ]
    _sheet(
        wb,
        "各班情况",
        [
            "班级",
            "班主任",
            "成员数",
            "合规率",
            "未入群家庭",
            "检查次数",
            "提醒",
            "清退",
            "上报",
            "待办",
        ],
        rows,
        [16, 10, 8, 9, 11, 9, 7, 7, 7, 7],
    )
    if r.handin is not None:
        _handin_sheets(wb, r)
    else:
        _sheet(
            wb,
            "上报事项",
            ["班级", "时间", "成员", "规则编号", "规则", "说明"],
            [
                [e.class_name, e.occurred_at, e.member or "", e.rule_code or "",
                 e.rule_title or "", e.description]
                for e in r.escalations
            ],
            [16, 17, 18, 9, 20, 50],
        )
    info: list[tuple[str, Any]] = [
        ("报告", r.title),
        ("学校", r.school),
        ("报告月份", month_label(r.month)),
        ("生成时间", r.generated_at),
        ("事件记录链头", r.chain_head),
        ("报告内容校验码（SHA-256）", content_hash(r)),
    ]
    if r.finalisation is not None:
        info += [
            ("定稿时间", r.finalisation.finalised_at),
            ("定稿后更新项数", r.finalisation.updates_since),
        ]
    _sheet(wb, "校验信息", ["项目", "内容"], info, [26, 70])


def _handin_sheets(wb: Any, r: SchoolSummary) -> None:
    """交报情况, 上报处理 and 较上月变化 (summaries built since report packages exist)."""
    handin = r.handin
    assert handin is not None
    rows: list[list[Any]] = [
        [h.class_name, "月报包" if h.source == SOURCE_PACKAGE else "本机",
         h.finalised_at or "", h.content_hash or "", h.outsiders, h.note]
        for h in handin.classes
    ]
    rows += [[name, "未交", "", "", "", "本月未交月报"] for name in handin.not_handed_in]
    _sheet(wb, "交报情况", ["班级", "来源", "定稿时间", "内容校验码", "身份不明", "说明"],
           rows, [16, 9, 17, 66, 9, 30])
    _sheet(
        wb,
        "上报事项",
        ["班级", "时间", "成员", "规则编号", "说明", "状态", "处置", "上报编号"],
        [
            [e.class_name, e.occurred_at, e.member or "", e.rule_code or "", e.description,
             "已处置" if e.handled else "待处置", e.disposition, e.key]
            for e in handin.escalations
        ],
        [16, 17, 18, 9, 40, 8, 40, 36],
    )
    _sheet(wb, "较上月变化", ["班级", "变化"],
           [[c.class_name, c.text] for c in handin.changed], [16, 70])


def write_xlsx(report: Report, path: str | Path) -> None:
    """Write the report's data as a workbook, saved whole or not at all
    (``io.output_path.write_output``); UserError with the reason otherwise."""
    from openpyxl import Workbook

    path = check_output_path(path)
    wb = Workbook()
    wb.remove(wb.active)
    if isinstance(report, SchoolSummary):
        _school_workbook(wb, report)
    else:
        _class_workbook(wb, report)
    # Built in memory: a full disk then fails in one write below, not inside openpyxl's zip
    # writer (whose finaliser printed "Exception ignored" on the way out).
    buffer = io.BytesIO()
    try:
        wb.save(buffer)  # openpyxl stages each sheet in a temporary file
    except OSError as exc:
        raise UserError(
            f"无法生成 Excel 文件：临时文件夹写入失败（{os_error_text(exc)}）。"
            "请清理磁盘空间后重试。"
        ) from None
    write_output(path, buffer.getvalue(), what="Excel 文件")
