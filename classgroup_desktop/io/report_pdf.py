"""The printed monthly report: one QPainter layout for PDF, printing and on-screen preview.

``render_report(report, device)`` paints a ``ClassMonthReport`` or ``SchoolSummary`` onto any
paged device (``QPdfWriter``, ``QPrinter`` — including the one a ``QPrintPreviewDialog`` hands
over), so the preview, the paper and the PDF are the same pages. Layout runs in two passes: the
content is cut into unsplittable items (a title, a line of text, a table row, the chart, the
signature block) and paginated first; then every page is painted knowing the page count, for
「第 N 页 共 M 页」. Table headers repeat on every page a table spans; rows never split.

Fonts: Qt's PDF engine writes the text layer from the font's glyph → Unicode map, and CJK fonts
that reuse one glyph for 二 (U+4E8C) and the Kangxi radical ⼆ (U+2F06) — Noto/Source Han CJK do
— give a text layer of radicals. :func:`report_families` therefore tests each candidate family
and only uses fonts whose ideograph glyphs are not shared with radicals.
"""

from __future__ import annotations

import contextlib
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPagedPaintDevice,
    QPainter,
    QPainterPath,
    QPaintDevice,
    QPdfWriter,
    QPen,
    QRawFont,
)

from classgroup_desktop.core.errors import UserError
from classgroup_desktop.core.report import (
    BASIS_BEFORE,
    BASIS_IN_MONTH,
    FLAG_LABELS,
    ClassMonthReport,
    Report,
    SchoolRow,
    SchoolSummary,
    content_hash,
    format_rate,
    month_label,
    short_hash,
)

# --- page geometry (mm) -------------------------------------------------------------------
PAGE_W, PAGE_H = 210.0, 297.0
MARGIN_LEFT = 28.0  # binding edge
MARGIN_RIGHT = 20.0
MARGIN_TOP = 25.0
MARGIN_BOTTOM = 22.0
RUNNING_HEADER_Y = 15.0
FOOTER_Y = PAGE_H - 12.0

# --- type sizes (pt), after the usual sizes of Chinese official documents ------------------
SIZE_TITLE = 20.0  # 二号 is 22pt; a little smaller fits a class name on one line
SIZE_SUBTITLE = 14.0  # 四号
SIZE_HEADING = 12.0  # 小四, 黑体
SIZE_BODY = 10.5  # 五号
SIZE_TABLE = 9.0  # 小五
SIZE_SMALL = 8.0

INK = QColor(20, 20, 20)
GRID = QColor(90, 90, 90)
HEADER_FILL = QColor(232, 232, 232)
LABEL_FILL = QColor(244, 244, 244)
ALERT = QColor(170, 20, 20)

# Candidate families, best first. 宋体 for text and 黑体 for headings where the machine has
# them; WenQuanYi is the Linux choice because Noto CJK maps its glyphs to radicals (see above).
BODY_CANDIDATES = (
    "SimSun",
    "宋体",
    "NSimSun",
    "Songti SC",
    "STSong",
    "Microsoft YaHei",
    "微软雅黑",
    "PingFang SC",
    "Hiragino Sans GB",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Droid Sans Fallback",
)
HEADING_CANDIDATES = (
    "SimHei",
    "黑体",
    "Microsoft YaHei",
    "微软雅黑",
    "PingFang SC",
    "Heiti SC",
    "STHeiti",
    "Hiragino Sans GB",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Droid Sans Fallback",
)

_RADICALS = "".join(chr(c) for c in (*range(0x2E80, 0x2EF4), *range(0x2F00, 0x2FD6)))
_IDEOGRAPHS = "".join(chr(c) for c in range(0x4E00, 0xA000))


def _guard_none_refcount() -> None:
    """PySide6 6.12 on CPython 3.11 drops a reference to None on every call of a void method
    (QPainter.setPen, drawRect …); a few thousand draw calls then abort the interpreter with
    "none_dealloc". None is immortal from Python 3.12 on; before that, give it a large reserve
    (idempotent in effect: None must never be freed anyway)."""
    if sys.version_info >= (3, 12) or getattr(sys, "_classgroup_none_guarded", False):
        return
    import ctypes

    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
    sys._classgroup_none_guarded = True  # type: ignore[attr-defined]


_guard_none_refcount()


def ensure_gui_app() -> QGuiApplication:
    """A Qt application (fonts need one); offscreen on a Linux machine without a display.

    A ``QApplication`` rather than a bare ``QGuiApplication``: the same process may open
    widgets later (the GUI, the test suite), which a ``QGuiApplication`` would forbid.
    """
    app = QGuiApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        ):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        app = QApplication([])
    return app  # type: ignore[return-value]


def font_maps_to_radicals(family: str) -> bool:
    """True when ``family`` draws some ideograph with the glyph of a radical (bad text layer)."""
    ensure_gui_app()
    raw = QRawFont.fromFont(QFont(family))
    if not raw.isValid():
        return True
    radical_glyphs = {g for g in raw.glyphIndexesForString(_RADICALS) if g}
    if not radical_glyphs:
        return False
    ideograph_glyphs = set(raw.glyphIndexesForString(_IDEOGRAPHS))
    if radical_glyphs & ideograph_glyphs:
        return True
    # Kangxi radicals decompose (NFKC) to ideographs: compare those pairs explicitly too.
    for r in _RADICALS:
        c = unicodedata.normalize("NFKC", r)
        if c != r and raw.glyphIndexesForString(r) == raw.glyphIndexesForString(c):
            return True
    return False


def _usable(family: str, installed: dict[str, str]) -> str | None:
    real = installed.get(family.lower())
    if real is None:
        return None
    if QRawFont.fromFont(QFont(real)).familyName().lower() != real.lower():
        return None  # Qt substituted another font for this name
    return None if font_maps_to_radicals(real) else real


@cache
def report_families() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(body families, heading families) for the report: installed, tested, best first.

    Every family returned passes :func:`font_maps_to_radicals`; when none does (a machine with
    only Noto CJK), the installed candidates are used as they are.
    """
    ensure_gui_app()
    installed = {f.lower(): f for f in QFontDatabase.families()}

    def pick(candidates: Sequence[str]) -> tuple[str, ...]:
        good = [f for f in dict.fromkeys(_usable(c, installed) for c in candidates) if f]
        if good:
            return tuple(good)
        return tuple(installed[c.lower()] for c in candidates if c.lower() in installed)

    return pick(BODY_CANDIDATES), pick(HEADING_CANDIDATES)


# --- layout engine ------------------------------------------------------------------------


@dataclass
class Ctx:
    """Device metrics: px per mm and font/metrics factories (device resolution aware)."""

    device: QPaintDevice
    k: float  # device pixels per mm
    _fonts: dict = field(default_factory=dict)
    _metrics: dict = field(default_factory=dict)

    def mm(self, v: float) -> float:
        return v * self.k

    @property
    def left(self) -> float:
        return self.mm(MARGIN_LEFT)

    @property
    def width(self) -> float:
        return self.mm(PAGE_W - MARGIN_LEFT - MARGIN_RIGHT)

    def font(self, size: float, *, bold: bool = False, heading: bool = False) -> QFont:
        key = (size, bold, heading)
        if key not in self._fonts:
            body, head = report_families()
            families = list(head if heading else body) + [f for f in body if f not in head]
            font = QFont()
            if families:
                font.setFamilies(families)
            font.setPointSizeF(size)
            font.setBold(bold)
            font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
            self._fonts[key] = font
        return self._fonts[key]

    def fm(self, font: QFont) -> QFontMetricsF:
        key = font.key()
        if key not in self._metrics:
            self._metrics[key] = QFontMetricsF(font, self.device)
        return self._metrics[key]


@dataclass
class Item:
    """An unsplittable piece of a page: its height (px) and how to paint it at a y."""

    height: float
    paint: Callable[[QPainter, Ctx, float], None]
    keep_with_next: bool = False
    repeat_header: Item | None = None  # a table row: the header to repeat after a page break


def _wrap(text: str, fm: QFontMetricsF, width: float) -> list[str]:
    """Greedy wrap by character (CJK text has no spaces); keeps explicit newlines."""
    lines: list[str] = []
    for para in text.split("\n"):
        cur, w = "", 0.0
        for ch in para:
            cw = fm.horizontalAdvance(ch)
            if cur and w + cw > width:
                lines.append(cur)
                cur, w = ch, cw
            else:
                cur += ch
                w += cw
        lines.append(cur)
    return lines


def text_items(
    ctx: Ctx,
    text: str,
    size: float = SIZE_BODY,
    *,
    bold: bool = False,
    heading: bool = False,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    indent: float = 0.0,
    color: QColor = INK,
    space_after: float = 1.2,
    keep_with_next: bool = False,
) -> list[Item]:
    """One item per wrapped line, so long paragraphs can break across pages."""
    font = ctx.font(size, bold=bold, heading=heading)
    fm = ctx.fm(font)
    x0 = ctx.left + ctx.mm(indent)
    width = ctx.width - ctx.mm(indent)
    line_h = fm.height() * 1.35
    lines = _wrap(text, fm, width)
    items = []
    for i, line in enumerate(lines):
        last = i == len(lines) - 1
        height = line_h + (ctx.mm(space_after) if last else 0)

        def paint(p: QPainter, c: Ctx, y: float, line: str = line) -> None:
            p.setFont(font)
            p.setPen(color)
            p.drawText(
                QRectF(x0, y, width, line_h), int(align | Qt.AlignmentFlag.AlignVCenter), line
            )

        items.append(Item(height, paint, keep_with_next=keep_with_next or not last))
    return items


def heading_item(ctx: Ctx, text: str) -> list[Item]:
    items = text_items(
        ctx, text, SIZE_HEADING, bold=True, heading=True, space_after=1.5, keep_with_next=True
    )
    # Space above a section heading.
    first = items[0]
    gap = ctx.mm(4)
    items[0] = Item(
        first.height + gap, lambda p, c, y, f=first: f.paint(p, c, y + gap), keep_with_next=True
    )
    return items


def spacer(ctx: Ctx, mm: float) -> list[Item]:
    return [Item(ctx.mm(mm), lambda p, c, y: None)]


@dataclass
class Column:
    title: str
    weight: float  # share of the table width
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    anywhere: bool = False  # wrap anywhere (hashes, file names)


def table_items(
    ctx: Ctx,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    header: bool = True,
    size: float = SIZE_TABLE,
    label_columns: Sequence[int] = (),
    bold_rows: Sequence[int] = (),
) -> list[Item]:
    """A bordered table: a header row (repeated after page breaks) and unsplittable rows."""
    font = ctx.font(size)
    bold = ctx.font(size, bold=True, heading=True)
    fm, fm_bold = ctx.fm(font), ctx.fm(bold)
    total = sum(c.weight for c in columns)
    widths = [ctx.width * c.weight / total for c in columns]
    xs = [ctx.left + sum(widths[:i]) for i in range(len(columns))]
    pad_x, pad_y = ctx.mm(1.3), ctx.mm(1.0)
    pen = QPen(GRID)
    pen.setWidthF(ctx.mm(0.2))

    def make_row(cells: Sequence[str], *, is_header: bool, strong: bool) -> Item:
        f, m = (bold, fm_bold) if (is_header or strong) else (font, fm)
        heights = []
        flags_list = []
        for col, w, text in zip(columns, widths, cells, strict=True):
            align = Qt.AlignmentFlag.AlignHCenter if is_header else col.align
            wrap = Qt.TextFlag.TextWrapAnywhere if col.anywhere else Qt.TextFlag.TextWordWrap
            flags = int(align | Qt.AlignmentFlag.AlignVCenter | wrap)
            flags_list.append(flags)
            r = m.boundingRect(QRectF(0, 0, w - 2 * pad_x, 1e7), flags, text or " ")
            heights.append(r.height())
        h = max(heights) + 2 * pad_y
        h = max(h, m.height() + 2 * pad_y)

        def paint(p: QPainter, c: Ctx, y: float) -> None:
            p.setFont(f)
            for i, (x, w, text) in enumerate(zip(xs, widths, cells, strict=True)):
                cell = QRectF(x, y, w, h)
                if is_header:
                    p.fillRect(cell, HEADER_FILL)
                elif i in label_columns:
                    p.fillRect(cell, LABEL_FILL)
                p.setPen(pen)
                p.drawRect(cell)
                p.setPen(INK)
                p.drawText(cell.adjusted(pad_x, pad_y, -pad_x, -pad_y), flags_list[i], text)

        return Item(h, paint)

    items: list[Item] = []
    head_item = None
    if header:
        head_item = make_row([c.title for c in columns], is_header=True, strong=True)
        head_item.keep_with_next = True
        items.append(head_item)
    for i, row in enumerate(rows):
        item = make_row(
            [str(v) if v is not None else "" for v in row], is_header=False, strong=i in bold_rows
        )
        item.repeat_header = head_item
        items.append(item)
    return items


def paginate(items: Sequence[Item], ctx: Ctx) -> list[list[tuple[Item, float]]]:
    """Place items top to bottom, page by page (first pass: no painting)."""
    top, bottom = ctx.mm(MARGIN_TOP), ctx.mm(PAGE_H - MARGIN_BOTTOM)
    pages: list[list[tuple[Item, float]]] = [[]]
    y = top
    i = 0
    while i < len(items):
        item = items[i]
        need = item.height
        j = i
        while items[j].keep_with_next and j + 1 < len(items):
            j += 1
            need += items[j].height
            if need > bottom - top:
                break
        if y + need > bottom and pages[-1]:
            pages.append([])
            y = top
            if item.repeat_header is not None:
                pages[-1].append((item.repeat_header, y))
                y += item.repeat_header.height
        pages[-1].append((item, y))
        y += item.height
        i += 1
    return pages


def _paint_page(
    p: QPainter,
    ctx: Ctx,
    page: list[tuple[Item, float]],
    number: int,
    total: int,
    running_header: str,
) -> None:
    small = ctx.font(SIZE_SMALL)
    p.setFont(small)
    p.setPen(QColor(90, 90, 90))
    if number > 1:
        rect = QRectF(ctx.left, ctx.mm(RUNNING_HEADER_Y - 5), ctx.width, ctx.mm(5))
        p.drawText(
            rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom), running_header
        )
        pen = QPen(QColor(120, 120, 120))
        pen.setWidthF(ctx.mm(0.2))
        p.setPen(pen)
        p.drawLine(
            QPointF(ctx.left, ctx.mm(RUNNING_HEADER_Y + 0.8)),
            QPointF(ctx.left + ctx.width, ctx.mm(RUNNING_HEADER_Y + 0.8)),
        )
    p.setFont(ctx.font(SIZE_TABLE))
    p.setPen(INK)
    p.drawText(
        QRectF(ctx.left, ctx.mm(FOOTER_Y - 3), ctx.width, ctx.mm(6)),
        int(Qt.AlignmentFlag.AlignCenter),
        f"第 {number} 页 共 {total} 页",
    )
    for item, y in page:
        item.paint(p, ctx, y)


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
    items = text_items(ctx, f"事件记录哈希链链头：{chain}", SIZE_TABLE)
    items += text_items(ctx, f"本报告内容校验码（SHA-256）：{content_hash(report)}", SIZE_TABLE)
    items += text_items(
        ctx,
        "说明：链头固定了打印时事件记录的全部内容，记录若被改动、删除或调换，"
        "用“log verify”核对即可发现；校验码由报告数据计算，定稿后重印保持不变。",
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
                    Column("家长联系方式（已隐去中间四位）", 3.0),
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
            kind = e.kind_label + ("\n（已作废）" if e.voided_by else "")
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
                Column("编号", 0.58, c),
                Column("日期", 1.0, c),
                Column("类型", 0.8, c),
                Column("成员", 1.1),
                Column("依据规则", 1.45),
                Column("说明", 2.1),
                Column("证据（文件及哈希）", 1.6, anywhere=True),
            ],
            rows,
        )

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


def school_summary_items(ctx: Ctx, r: SchoolSummary) -> list[Item]:
    items = _title_items(ctx, r.school, r.title, f"（{month_label(r.month)}）")
    items += _info_grid(
        ctx,
        [
            ("学校", r.school or "—"),
            ("报告月份", month_label(r.month)),
            ("班级数", f"{len(r.rows)} 个"),
            ("生成时间", r.generated_at),
        ],
    )
    items += spacer(ctx, 2)
    items += _finalisation_items(ctx, r)
    items += heading_item(ctx, "一、各班情况")
    items += text_items(
        ctx,
        "按班级名称排列；合规率为月末检查中昵称合规成员的比例，各项计数不含已作废的记录。",
        SIZE_TABLE,
        keep_with_next=True,
    )
    c = Qt.AlignmentFlag.AlignCenter

    def cells(row: SchoolRow) -> list[str]:
        return [
            row.class_name,
            row.head_teacher or "",
            str(row.members),
            format_rate(row.compliance_rate),
            str(row.families_not_reached),
            str(row.audits),
            str(row.reminders),
            str(row.clear_outs),
            str(row.escalations),
            str(row.pending),
        ]

    rows = [cells(row) for row in r.rows] + [cells(r.totals)]
    items += table_items(
        ctx,
        [
            Column("班级", 1.4),
            Column("班主任", 1.0, c),
            Column("成员数", 0.7, c),
            Column("合规率", 0.8, c),
            Column("未入群家庭", 0.8, c),
            Column("检查次数", 0.7, c),
            Column("提醒", 0.6, c),
            Column("清退", 0.6, c),
            Column("上报", 0.6, c),
            Column("待办", 0.6, c),
        ],
        rows,
        bold_rows=(len(rows) - 1,),
    )
    items += heading_item(ctx, "二、本月上报事项")
    if not r.escalations:
        items += text_items(ctx, "本月无上报事项。")
    else:
        items += table_items(
            ctx,
            [
                Column("序号", 0.5, c),
                Column("班级", 1.2),
                Column("日期", 1.0, c),
                Column("成员", 1.2),
                Column("依据规则", 1.4),
                Column("说明", 3.0),
            ],
            [
                [
                    str(i),
                    e.class_name,
                    e.occurred_at[:10],
                    e.member or "—",
                    f"{e.rule_code or ''} {e.rule_title or ''}".strip() or "—",
                    e.description or "—",
                ]
                for i, e in enumerate(r.escalations, 1)
            ],
        )
    items += _closing_items(ctx, r, "三、校验信息", "汇总人", "学校负责人")
    return items


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
            _paint_page(painter, ctx, page, n, len(pages), header)
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


def write_pdf(report: Report, path: str | Path, resolution: int = 600) -> int:
    """Write the report as an A4 PDF (CJK font embedded); returns the page count."""
    ensure_gui_app()
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"无法创建文件夹“{path.parent}”：{exc.strerror}。") from None
    tmp = path.with_name(path.name + ".part")
    writer = QPdfWriter(str(tmp))
    writer.setResolution(resolution)
    configure_a4(writer)
    writer.setTitle(_running_header(report))
    writer.setCreator("班级群管家")
    try:
        pages = render_report(report, writer)
    finally:
        del writer  # flushes and closes the file
    try:
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise UserError(f"无法写入“{path}”：{exc.strerror}。文件可能正被其他程序打开。") from None
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
        _paint_page(p, ctx, page, n, len(pages), header)
        p.end()
        images.append(img)
    return images
