"""The printed monthly report: one QPainter layout for PDF, printing and on-screen preview.

``render_report(report, device)`` paints a ``ClassMonthReport`` or ``SchoolSummary`` onto any
paged device (``QPdfWriter``, ``QPrinter`` — including the one a ``QPrintPreviewDialog`` hands
over), so the preview, the paper and the PDF are the same pages. This module says what goes on
the pages (sections, tables, the chart, signatures); ``io.report_layout`` paginates and paints:
first every item is placed, then each page is painted knowing the total, for
「第 N 页 共 M 页」. Table headers repeat on every page a table spans; rows never split.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
)

from classgroup_desktop.core.errors import UserError
from classgroup_desktop.core.report import (
    BASIS_BEFORE,
    BASIS_IN_MONTH,
    FLAG_LABELS,
    ClassMonthReport,
    Report,
    SchoolSummary,
    content_hash,
    format_rate,
    month_label,
    short_hash,
)
from classgroup_desktop.core.report_package import pdf_xmp_metadata
from classgroup_desktop.io.output_path import check_output_path, write_output
from classgroup_desktop.io.report_fonts import (
    ensure_gui_app,
    font_maps_to_radicals,
    printable,
    report_families,
)
from classgroup_desktop.io.report_layout import (
    ALERT,
    GRID,
    INK,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    PAGE_H,
    PAGE_W,
    SIZE_BODY,
    SIZE_SMALL,
    SIZE_SUBTITLE,
    SIZE_TABLE,
    SIZE_TITLE,
    Column,
    Ctx,
    Item,
    heading_item,
    paginate,
    paint_page,
    spacer,
    table_items,
    text_items,
)

__all__ = [
    "MARGIN_BOTTOM",
    "MARGIN_TOP",
    "PAGE_H",
    "configure_a4",
    "ensure_gui_app",
    "font_maps_to_radicals",
    "layout_report",
    "printable",
    "render_page_images",
    "render_report",
    "report_families",
    "write_pdf",
]


# --- report content → items ---------------------------------------------------------------


def _info_grid(ctx: Ctx, pairs: Sequence[tuple[str, str]]) -> list[Item]:
    cols = [Column("", 1.1), Column("", 2.2), Column("", 1.1), Column("", 2.2)]
    rows = []
    for i in range(0, len(pairs), 2):
        a = pairs[i]
        b = pairs[i + 1] if i + 1 < len(pairs) else ("", "")
        rows.append([a[0], a[1], b[0], b[1]])
    return table_items(ctx, cols, rows, header=False, size=SIZE_TABLE, label_columns=(0, 2))


def _title_items(ctx: Ctx, school: str, title: str, subtitle: str) -> list[Item]:
    items: list[Item] = []
    if school:
        items += text_items(
            ctx,
            school,
            SIZE_SUBTITLE,
            heading=True,
            align=Qt.AlignmentFlag.AlignHCenter,
            space_after=1,
        )
    items += text_items(
        ctx,
        title,
        SIZE_TITLE,
        bold=True,
        heading=True,
        align=Qt.AlignmentFlag.AlignHCenter,
        space_after=1,
    )
    items += text_items(
        ctx, subtitle, SIZE_SUBTITLE, align=Qt.AlignmentFlag.AlignHCenter, space_after=5
    )
    return items


def _finalisation_items(ctx: Ctx, report: Report) -> list[Item]:
    fin = report.finalisation
    if fin is None:
        return []
    items = text_items(
        ctx,
        f"本报告已于 {fin.finalised_at} 定稿"
        + (f"（定稿人：{fin.finalised_by}）" if fin.finalised_by else "")
        + "，以下为定稿时的数据。",
        SIZE_BODY,
    )
    if fin.updates_since:
        items += text_items(
            ctx, f"本报告定稿后有 {fin.updates_since} 项更新。", SIZE_BODY, bold=True, color=ALERT
        )
    return items


def _chart_item(ctx: Ctx, report: ClassMonthReport) -> list[Item]:
    points = [pt for pt in report.chart if pt.rate is not None]
    if not points:
        return text_items(ctx, "近六个月无成员检查记录，无法绘制合规率变化图。")
    height = ctx.mm(52)

    def paint(p: QPainter, c: Ctx, y: float) -> None:
        left = c.left + c.mm(14)
        right = c.left + c.width - c.mm(6)
        top = y + c.mm(7)
        bottom = y + height - c.mm(11)
        p.setFont(c.font(SIZE_SMALL))
        p.setPen(INK)
        p.drawText(
            QRectF(c.left, y, c.width, c.mm(6)),
            int(Qt.AlignmentFlag.AlignHCenter),
            "近六个月各次检查的昵称合规率",
        )
        grid = QPen(QColor(200, 200, 200))
        grid.setWidthF(c.mm(0.15))
        axis = QPen(GRID)
        axis.setWidthF(c.mm(0.25))
        for pct in (0, 25, 50, 75, 100):
            yy = bottom - (bottom - top) * pct / 100
            p.setPen(grid if pct else axis)
            p.drawLine(QPointF(left, yy), QPointF(right, yy))
            p.setPen(INK)
            p.drawText(
                QRectF(c.left, yy - c.mm(2.5), c.mm(12), c.mm(5)),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                f"{pct}%",
            )
        p.setPen(axis)
        p.drawLine(QPointF(left, top), QPointF(left, bottom))
        n = len(points)
        step = (right - left) / max(n, 1)
        xs = [left + step * (i + 0.5) for i in range(n)]
        ys = [bottom - (bottom - top) * (pt.rate or 0) for pt in points]
        line = QPen(QColor(30, 60, 140))
        line.setWidthF(c.mm(0.5))
        p.setPen(line)
        path = QPainterPath(QPointF(xs[0], ys[0]))
        for x, yy in zip(xs[1:], ys[1:], strict=True):
            path.lineTo(x, yy)
        p.drawPath(path)
        p.setBrush(QColor(30, 60, 140))
        label_every = max(1, n // 12)
        for i, (x, yy, pt) in enumerate(zip(xs, ys, points, strict=True)):
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(QPointF(x, yy), c.mm(0.9), c.mm(0.9))
            if i % label_every == 0 or i == n - 1:
                p.setPen(INK)
                p.drawText(
                    QRectF(x - c.mm(10), yy - c.mm(5.5), c.mm(20), c.mm(4.5)),
                    int(Qt.AlignmentFlag.AlignCenter),
                    format_rate(pt.rate),
                )
                p.drawText(
                    QRectF(x - c.mm(10), bottom + c.mm(1), c.mm(20), c.mm(4.5)),
                    int(Qt.AlignmentFlag.AlignCenter),
                    pt.taken_at[5:10],
                )
        p.setBrush(Qt.BrushStyle.NoBrush)

    return [Item(height, paint)]


def _signature_item(ctx: Ctx, left_role: str, right_role: str) -> list[Item]:
    height = ctx.mm(32)

    def paint(p: QPainter, c: Ctx, y: float) -> None:
        p.setFont(c.font(SIZE_BODY))
        p.setPen(INK)
        half = c.width / 2
        for i, role in enumerate((left_role, right_role)):
            x = c.left + i * half
            p.drawText(
                QRectF(x, y + c.mm(10), half, c.mm(7)),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                f"{role}（签字）：____________",
            )
            p.drawText(
                QRectF(x, y + c.mm(21), half, c.mm(7)),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                "日期：______年____月____日",
            )

    return [Item(height, paint)]


def _hash_items(ctx: Ctx, report: Report) -> list[Item]:
    chain = report.chain_head or "（尚无事件记录）"
    items = text_items(ctx, f"事件记录校验链末端（链头）：{chain}", SIZE_TABLE)
    items += text_items(ctx, f"本报告内容校验码（SHA-256）：{content_hash(report)}", SIZE_TABLE)
    items += text_items(
        ctx,
        "说明：链头固定了打印时事件记录的全部内容，记录若被改动、删除或调换，"
        "在软件“事件记录 → 验证记录链”中核对即可发现；校验码由报告数据计算，定稿后重印保持不变。",
        SIZE_SMALL,
        color=QColor(80, 80, 80),
    )
    return items


def _names(items: Sequence[str], limit: int = 60) -> str:
    shown = "、".join(items[:limit])
    return shown + (f" 等 {len(items)} 人" if len(items) > limit else "")


def class_report_items(ctx: Ctx, r: ClassMonthReport) -> list[Item]:
    """The class monthly report, section by section."""
    h, m = r.header, r.membership
    items = _title_items(ctx, h.school, r.title, f"（{month_label(h.month)}）")
    basis = {
        BASIS_IN_MONTH: f"本月最后一次检查（{m.audit_taken_at}）",
        BASIS_BEFORE: f"本月无检查，取月末前最近一次检查（{m.audit_taken_at}）",
    }.get(m.basis, "本月无成员检查记录")
    items += _info_grid(
        ctx,
        [
            ("学校", h.school or "—"),
            ("班级", h.class_name),
            ("班级群名称", h.wechat_group_name or "—"),
            ("班主任", h.head_teacher or "—"),
            ("报告月份", month_label(h.month)),
            ("生成时间", h.generated_at),
            ("月末数据依据", basis),
            ("本月检查次数", f"{len(r.audits)} 次"),
        ],
    )
    items += spacer(ctx, 2)
    items += _finalisation_items(ctx, r)

    # 一、月末成员情况
    items += heading_item(ctx, "一、月末群成员情况")
    if m.audit_taken_at is None:
        items += text_items(ctx, "本月无成员检查记录。请尽快按教师-2的要求检查群成员。")
    else:
        if m.basis == BASIS_BEFORE:
            items += text_items(
                ctx,
                f"本月无成员检查记录，以下为月末前最近一次检查（{m.audit_taken_at}）的数据。",
                color=ALERT,
            )
        items += table_items(
            ctx,
            [
                Column("项目", 1.3),
                Column("人数", 0.8, Qt.AlignmentFlag.AlignCenter),
                Column("项目", 1.3),
                Column("人数", 0.8, Qt.AlignmentFlag.AlignCenter),
            ],
            [
                ["群成员总数", str(m.total), "昵称合规", str(m.ok)],
                ["其中：教师", str(m.teachers), "需改名", str(m.rename)],
                ["其中：家长", str(m.parents), "身份不明", str(m.unknown)],
                [
                    "花名册学生数",
                    str(m.roster_students),
                    "昵称合规率",
                    format_rate(m.compliance_rate),
                ],
            ],
            label_columns=(0, 2),
        )
        items += spacer(ctx, 2)
        fam = m.families_not_reached
        items += text_items(
            ctx,
            f"未入群家庭：{len(fam)} 户（群内没有任何一位家长的学生）。",
            keep_with_next=bool(fam),
        )
        if fam:
            items += table_items(
                ctx,
                [
                    Column("序号", 0.5, Qt.AlignmentFlag.AlignCenter),
                    Column("学生", 1.2),
                    Column("学号", 0.7, Qt.AlignmentFlag.AlignCenter),
                    Column("家长联系方式（电话已部分隐去）", 3.0),
                ],
                [
                    [str(i), f.student, f.student_no or "", "；".join(f.contacts)]
                    for i, f in enumerate(fam, 1)
                ],
            )
            items += spacer(ctx, 2)
        ch = r.change
        if ch.previous_audit_taken_at is None:
            items += text_items(ctx, "与上月比较：上月无检查记录（或本月无检查），无法比较。")
        else:
            items += text_items(
                ctx,
                f"与上月比较（上月末检查：{ch.previous_audit_taken_at}）：",
                keep_with_next=True,
            )
            items += text_items(
                ctx,
                f"新入群 {len(ch.joined)} 人" + (f"：{_names(ch.joined)}" if ch.joined else ""),
                indent=6,
            )
            items += text_items(
                ctx,
                f"退群 {len(ch.left)} 人" + (f"：{_names(ch.left)}" if ch.left else ""),
                indent=6,
            )
            renamed = [f"{x.old} → {x.new}" for x in ch.renamed]
            items += text_items(
                ctx,
                f"改名 {len(renamed)} 人" + (f"：{_names(renamed)}" if renamed else ""),
                indent=6,
            )

    # 二、本月成员检查
    items += heading_item(ctx, "二、本月成员检查")
    items += text_items(
        ctx,
        f"本月共检查群成员 {len(r.audits)} 次（教师-2：不定时检查群成员）。",
        keep_with_next=bool(r.audits),
    )
    if r.audits:
        c = Qt.AlignmentFlag.AlignCenter
        items += table_items(
            ctx,
            [
                Column("序号", 0.5, c),
                Column("检查时间", 1.6, c),
                Column("名单来源", 1.4),
                Column("成员数", 0.7, c),
                Column("合规", 0.6, c),
                Column("需改名", 0.7, c),
                Column("身份不明", 0.8, c),
                Column("合规率", 0.8, c),
            ],
            [
                [
                    str(i),
                    a.taken_at,
                    a.source,
                    str(a.total),
                    str(a.ok),
                    str(a.rename),
                    str(a.unknown),
                    format_rate(a.compliance_rate),
                ]
                for i, a in enumerate(r.audits, 1)
            ],
        )
    items += spacer(ctx, 2)
    items += _chart_item(ctx, r)

    # 三、需改名
    items += heading_item(ctx, "三、月末需改名成员")
    if not r.noncompliant:
        items += text_items(ctx, "无。" if m.audit_taken_at else "无检查数据。")
    else:
        items += table_items(
            ctx,
            [
                Column("序号", 0.5, Qt.AlignmentFlag.AlignCenter),
                Column("当前群昵称", 1.8),
                Column("应改为", 1.6),
                Column("说明", 2.8),
            ],
            [
                [str(i), x.nickname, x.suggestion or "—", _flagged(x.flags, x.reason)]
                for i, x in enumerate(r.noncompliant, 1)
            ],
        )

    # 四、身份不明
    items += heading_item(ctx, "四、身份不明成员及处理情况")
    if not r.unknown:
        items += text_items(ctx, "无。" if m.audit_taken_at else "无检查数据。")
    else:
        items += table_items(
            ctx,
            [
                Column("序号", 0.5, Qt.AlignmentFlag.AlignCenter),
                Column("群昵称", 1.6),
                Column("说明", 2.4),
                Column("处理情况（事件记录）", 2.2),
            ],
            [
                [
                    str(i),
                    x.nickname,
                    _flagged(x.flags, x.reason),
                    "；".join(x.actions) or "尚无处理记录",
                ]
                for i, x in enumerate(r.unknown, 1)
            ],
        )

    # 五、事件记录
    items += heading_item(ctx, "五、本月事件记录")
    if not r.log:
        items += text_items(ctx, "本月无事件记录。")
    else:
        rows = []
        for e in r.log:
            kind = e.kind_label + ("\n已作废" if e.voided_by else "")
            rule = f"{e.rule_code}\n{e.rule_title or ''}".strip() if e.rule_code else "—"
            desc = e.description
            if e.voids_entry_id:
                desc = f"作废第 {e.voids_entry_id} 条。{desc}"
            if e.voided_by:
                desc = f"{desc}（已被第 {e.voided_by} 条作废）"
            evidence = (
                "\n".join(
                    f"{ev.file_name}\nSHA-256 {short_hash(ev.sha256, 16)}" for ev in e.evidence
                )
                or "—"
            )
            rows.append(
                [
                    str(e.entry_id),
                    e.occurred_at[:10],
                    kind,
                    e.member or "—",
                    rule,
                    desc or "—",
                    evidence,
                ]
            )
        c = Qt.AlignmentFlag.AlignCenter
        items += table_items(
            ctx,
            [
                Column("编号", 0.5, c),
                Column("日期", 1.0, c),
                Column("类型", 0.75, c),
                # Wide enough for a masked phone (139****5678) and a rule title on one line.
                Column("成员", 1.3),
                Column("依据规则", 1.6),
                Column("说明", 1.85),
                Column("证据文件与哈希", 1.6, anywhere=True),
            ],
            rows,
        )

    if r.chat is not None:
        items += text_items(ctx, r.chat.line)

    # 六、待办
    items += heading_item(ctx, "六、待办事项")
    if not r.pending:
        items += text_items(ctx, "无。")
    else:
        items += table_items(
            ctx,
            [
                Column("序号", 0.5, Qt.AlignmentFlag.AlignCenter),
                Column("类型", 1.2),
                Column("成员", 1.4),
                Column("起始时间", 1.2),
                Column("说明", 3.0),
            ],
            [
                [str(i), x.kind, x.nickname or "—", x.since or "—", x.detail]
                for i, x in enumerate(r.pending, 1)
            ],
        )

    items += _closing_items(ctx, r, "七、校验信息", "班主任", "学校负责人")
    return items


def _closing_items(ctx: Ctx, r: Report, title: str, left_role: str, right_role: str) -> list[Item]:
    """Verification lines and the signatures, kept together on one page."""
    items = heading_item(ctx, title) + _hash_items(ctx, r) + spacer(ctx, 4)
    for item in items:
        item.keep_with_next = True
    return items + _signature_item(ctx, left_role, right_role)


def _flagged(flags: Sequence[str], reason: str) -> str:
    labels = [FLAG_LABELS.get(f, f) for f in flags]
    return ("【" + "、".join(labels) + "】" if labels else "") + (reason or "")


def footer_note() -> str:
    """What every page's footer says besides the page number: the program and its version
    (``classgroup_desktop.__version__``), so a printed report tells which version made it."""
    import classgroup_desktop

    return f"班级群管家 {classgroup_desktop.__version__}"


def _running_header(report: Report) -> str:
    if isinstance(report, SchoolSummary):
        return f"{report.school} 班级微信群管理学校汇总（{month_label(report.month)}）"
    h = report.header
    return f"{h.school} {h.class_name} 班级微信群管理月报（{month_label(h.month)}）"


def _ctx_for(device: QPaintDevice) -> Ctx:
    return Ctx(device=device, k=device.logicalDpiY() / 25.4)


def layout_report(report: Report, device: QPaintDevice) -> tuple[Ctx, list]:
    """First pass: the report cut into items and placed on pages for ``device``."""
    ensure_gui_app()
    ctx = _ctx_for(device)
    if isinstance(report, SchoolSummary):
        from classgroup_desktop.io.report_pdf_school import school_summary_items

        items = school_summary_items(ctx, report)
    else:
        items = class_report_items(ctx, report)
    return ctx, paginate(items, ctx)


def render_report(report: Report, device: QPagedPaintDevice) -> int:
    """Paint the whole report onto a paged device (PDF writer or printer); returns page count.

    The device should be A4; its margins are compensated so the layout's own margins (binding
    edge on the left) are measured from the paper's edge.
    """
    ctx, pages = layout_report(report, device)
    layout = device.pageLayout()
    paint_rect = layout.paintRect(QPageLayout.Unit.Millimeter)
    painter = QPainter()
    if not painter.begin(device):
        raise UserError("无法开始绘制报告（打印机或 PDF 文件不可用）。请检查打印机或保存位置。")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        # Our coordinates are from the paper's edge; the device's origin is its paint rect.
        painter.translate(-ctx.mm(paint_rect.left()), -ctx.mm(paint_rect.top()))
        header = _running_header(report)
        for n, page in enumerate(pages, 1):
            if n > 1:
                device.newPage()
            paint_page(painter, ctx, page, n, len(pages), header, footer_note())
    finally:
        painter.end()
    return len(pages)


def configure_a4(device: QPagedPaintDevice) -> None:
    """A4 portrait with no device margins (the layout draws its own)."""
    device.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )


def pdf_bytes(report: Report, resolution: int = 600) -> tuple[bytes, int]:
    """The report as an A4 PDF (CJK font embedded) in memory, and its page count."""
    ensure_gui_app()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(resolution)
    configure_a4(writer)
    writer.setTitle(_running_header(report))
    writer.setCreator("班级群管家")
    # The printed content hash, machine-readable: a report package checks its PDF by it.
    writer.setDocumentXmpMetadata(QByteArray(pdf_xmp_metadata(content_hash(report))))
    try:
        pages = render_report(report, writer)
    finally:
        del writer  # finishes the PDF (its trailer) in the buffer
    data = bytes(buffer.data().data())
    buffer.close()
    return data, pages


def write_pdf(report: Report, path: str | Path, resolution: int = 600) -> int:
    """Write the report as an A4 PDF; returns the page count.

    Rendered in memory, then saved whole or not at all (``io.output_path.write_output``): the
    file is checked to end with ``%%EOF`` before it replaces ``path``; UserError with the reason
    (disk full, no permission …) otherwise.
    """
    path = check_output_path(path)
    data, pages = pdf_bytes(report, resolution)
    write_output(path, data, what="PDF", tail=b"%%EOF")
    return pages


def render_page_images(report: Report, dpi: int = 96) -> list[QImage]:
    """The pages as images (for the in-window preview), same layout as the PDF."""
    ensure_gui_app()
    px_w, px_h = round(PAGE_W / 25.4 * dpi), round(PAGE_H / 25.4 * dpi)
    probe = QImage(QSizeF(px_w, px_h).toSize(), QImage.Format.Format_RGB32)
    dpm = round(dpi / 0.0254)
    probe.setDotsPerMeterX(dpm)
    probe.setDotsPerMeterY(dpm)
    ctx, pages = layout_report(report, probe)
    header = _running_header(report)
    images = []
    for n, page in enumerate(pages, 1):
        img = QImage(px_w, px_h, QImage.Format.Format_RGB32)
        img.setDotsPerMeterX(dpm)
        img.setDotsPerMeterY(dpm)
        img.fill(QColor("white"))
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        paint_page(p, ctx, page, n, len(pages), header, footer_note())
        p.end()
        images.append(img)
    return images
