"""The school summary's pages (学校汇总): per-class table, hand-in state, escalations, changes.

Laid out with the same items as the class report (``io.report_layout``); ``io.report_pdf`` paints
them. A summary finalised before report packages existed has no hand-in part (``handin`` None)
and is drawn as it was printed then.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from classgroup_desktop.core.report import (
    SOURCE_PACKAGE,
    ClassHandIn,
    SchoolRow,
    SchoolSummary,
    format_rate,
    month_label,
)
from classgroup_desktop.io.report_layout import (
    ALERT,
    INK,
    SIZE_TABLE,
    Column,
    Ctx,
    Item,
    heading_item,
    spacer,
    table_items,
    text_items,
)
from classgroup_desktop.io.report_pdf import (
    _closing_items,
    _finalisation_items,
    _info_grid,
    _title_items,
)

_C = Qt.AlignmentFlag.AlignCenter
_NUMERALS = "一二三四五六七八"


def _source(h: ClassHandIn | None) -> str:
    if h is None:
        return ""
    return "月报包" if h.source == SOURCE_PACKAGE else "本机"


def school_summary_items(ctx: Ctx, r: SchoolSummary) -> list[Item]:
    handin = r.handin
    items = _title_items(ctx, r.school, r.title, f"（{month_label(r.month)}）")
    pairs = [
        ("学校", r.school or "—"),
        ("报告月份", month_label(r.month)),
        ("班级数", f"{len(r.rows)} 个"),
        ("生成时间", r.generated_at),
    ]
    if handin is not None:
        packaged = sum(1 for h in handin.classes if h.source == SOURCE_PACKAGE)
        pairs += [
            ("已交月报包", f"{packaged} 个班"),
            ("未交月报", f"{len(handin.not_handed_in)} 个班"),
        ]
    items += _info_grid(ctx, pairs)
    items += spacer(ctx, 2)
    items += _finalisation_items(ctx, r)
    numerals = iter(_NUMERALS)
    items += heading_item(ctx, f"{next(numerals)}、各班情况")
    items += text_items(
        ctx,
        "按年级、班级顺序排列；合规率为月末检查中昵称合规成员的比例，各项计数不含已作废的记录。"
        + ("来源“月报包”为班主任定稿后交来的数据，“本机”为本机数据库中的班级。"
           if handin is not None else ""),
        SIZE_TABLE,
        keep_with_next=True,
    )
    by_class = {h.class_name: h for h in handin.classes} if handin is not None else {}

    def cells(row: SchoolRow, total: bool = False) -> list[str]:
        h = by_class.get(row.class_name)
        out = [row.class_name, row.head_teacher or ""]
        if handin is not None:
            outsiders = sum(x.outsiders for x in handin.classes) if total else (
                h.outsiders if h else 0)
            out += [_source(h), str(row.members), format_rate(row.compliance_rate),
                    str(outsiders)]
        else:
            out += [str(row.members), format_rate(row.compliance_rate)]
        out += [str(row.families_not_reached)]
        if handin is None:
            out += [str(row.audits)]
        out += [str(row.reminders), str(row.clear_outs), str(row.escalations), str(row.pending)]
        return out

    columns = [Column("班级", 1.4), Column("班主任", 1.0, _C)]
    if handin is not None:
        columns += [Column("来源", 0.8, _C), Column("成员数", 0.7, _C),
                    Column("合规率", 0.8, _C), Column("身份不明", 0.7, _C)]
    else:
        columns += [Column("成员数", 0.7, _C), Column("合规率", 0.8, _C)]
    columns += [Column("未入群家庭", 0.8, _C)]
    if handin is None:
        columns += [Column("检查次数", 0.7, _C)]
    columns += [Column("提醒", 0.6, _C), Column("清退", 0.6, _C), Column("上报", 0.6, _C),
                Column("待办", 0.6, _C)]
    rows = [cells(row) for row in r.rows] + [cells(r.totals, total=True)]
    items += table_items(ctx, columns, rows, bold_rows=(len(rows) - 1,))

    if handin is not None:
        items += spacer(ctx, 1)
        if handin.not_handed_in:
            items += text_items(
                ctx, "本月未交月报：" + "、".join(handin.not_handed_in) + "。", SIZE_TABLE,
                bold=True, color=ALERT)
        else:
            items += text_items(ctx, "应交月报的班级均已交齐。", SIZE_TABLE)
        for h in handin.classes:
            if h.source == SOURCE_PACKAGE:
                note = f"；{h.note}" if h.note else ""
                items += text_items(
                    ctx, f"{h.class_name}：月报包 {h.finalised_at} 定稿，校验码 "
                    f"{(h.content_hash or '')[:16]}…{note}。", SIZE_TABLE)

    items += heading_item(ctx, f"{next(numerals)}、本月上报事项")
    if handin is not None:
        open_count = handin.open_escalations
        items += text_items(
            ctx, f"共 {len(handin.escalations)} 件，已处置 {len(handin.escalations) - open_count}"
            f" 件，待处置 {open_count} 件。", SIZE_TABLE,
            bold=bool(open_count), color=ALERT if open_count else INK, keep_with_next=True)
    if not r.escalations:
        items += text_items(ctx, "本月无上报事项。")
    elif handin is not None:
        items += table_items(
            ctx,
            [Column("序号", 0.5, _C), Column("班级", 1.2), Column("日期", 1.25, _C),
             Column("成员", 1.1), Column("依据规则", 0.9), Column("说明", 1.85),
             Column("处置", 2.2)],
            [
                [str(i), e.class_name, e.occurred_at[:10], e.member or "—",
                 e.rule_code or "—", e.description or "—",
                 f"已处置：{e.disposition}" if e.handled else "待处置"]
                for i, e in enumerate(handin.escalations, 1)
            ],
        )
    else:
        items += table_items(
            ctx,
            [Column("序号", 0.5, _C), Column("班级", 1.2), Column("日期", 1.0, _C),
             Column("成员", 1.3), Column("依据规则", 1.6), Column("说明", 2.7)],
            [
                [str(i), e.class_name, e.occurred_at[:10], e.member or "—",
                 f"{e.rule_code or ''} {e.rule_title or ''}".strip() or "—",
                 e.description or "—"]
                for i, e in enumerate(r.escalations, 1)
            ],
        )
    if handin is not None:
        items += heading_item(ctx, f"{next(numerals)}、较上月变化")
        if handin.changed:
            items += table_items(
                ctx, [Column("班级", 1.4), Column("变化", 6.0)],
                [[c.class_name, c.text] for c in handin.changed])
        else:
            items += text_items(ctx, "各班与上月相比没有变化。")
    items += _closing_items(ctx, r, f"{next(numerals)}、校验信息", "汇总人", "学校负责人")
    return items
