"""A small paginating layout engine for A4 documents drawn with QPainter (the printed reports).

Content is cut into unsplittable :class:`Item` s — a line of text, a table row, a chart — each
knowing its height and how to paint itself. :func:`paginate` places them page by page (first
pass: nothing painted), keeping headings with what follows and repeating a table's header row
after a page break; :func:`paint_page` then paints a page knowing the page count. Coordinates
are device pixels measured from the paper's edge, with fonts sized in points through the
device's own resolution, so a PDF writer, a printer and a preview image lay out identically.

Fonts and which characters they can draw are in ``report_fonts``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPaintDevice,
    QPainter,
    QPen,
)

from classgroup_desktop.io.report_fonts import printable, report_families

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
    # A table row: (inner width, inner height, wrapped text, font) of each cell.
    cells: list[tuple[float, float, str, QFont]] = field(default_factory=list)


# Chinese typesetting rule (禁则): these never start a line; they hang at the end instead.
NO_LINE_START = set("、，。．；：！？）】》」』”’…—%,.;:!?)]}")


def _wrap(text: str, fm: QFontMetricsF, width: float) -> list[str]:
    """Greedy wrap by character (CJK text has no spaces); keeps explicit newlines; closing
    punctuation never starts a line."""
    lines: list[str] = []
    for para in text.split("\n"):
        cur, w = "", 0.0
        for ch in para:
            cw = fm.horizontalAdvance(ch)
            if cur and w + cw > width and ch not in NO_LINE_START:
                lines.append(cur)
                cur, w = ch, cw
            else:
                cur += ch
                w += cw
        lines.append(cur)
    return lines


# A run of Latin letters, digits and the marks inside phone numbers, codes and file names
# (139****5678, 入群-2, IMG_0012.jpg) is one word: kept on one line when it fits.
_WORD = re.compile(r"[A-Za-z0-9*#@._\-+/:%]+|\s+|.", re.S)


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def wrap_cell(text: str, fm: QFontMetricsF, width: float) -> list[str]:
    """Lines of a table cell no wider than ``width``: CJK breaks between characters, a Latin or
    digit run (a masked phone, a rule code) stays whole when it fits, closing punctuation
    never starts a line (禁则), and a last line of one lone character takes its neighbour along
    (群成员实名制命名 does not end on 名 alone)."""
    lines: list[str] = []
    for para in text.split("\n"):
        para_lines: list[str] = []
        cur, w = "", 0.0
        for token in _WORD.findall(para):
            tw = fm.horizontalAdvance(token)
            if tw > width and not token.isspace():
                for ch in token:  # a run wider than the cell: by character, as a last resort
                    cw = fm.horizontalAdvance(ch)
                    if cur and w + cw > width:
                        para_lines.append(cur.rstrip())
                        cur, w = ch, cw
                    else:
                        cur, w = cur + ch, w + cw
                continue
            if not cur or w + tw <= width or token.isspace():
                if not (token.isspace() and not cur):
                    cur, w = cur + token, w + tw
                continue
            if token in NO_LINE_START and len(cur) > 1:
                # Closing punctuation never starts a line: it takes the character before it.
                para_lines.append(cur[:-1].rstrip())
                cur = cur[-1] + token
                w = fm.horizontalAdvance(cur)
                continue
            para_lines.append(cur.rstrip())
            cur, w = token, tw
        para_lines.append(cur.rstrip())
        if len(para_lines) > 1:
            last, prev = para_lines[-1], para_lines[-2]
            if (len(last) == 1 and _is_cjk(last) and len(prev) >= 3 and _is_cjk(prev[-1])
                    and fm.horizontalAdvance(prev[-1] + last) <= width):
                para_lines[-2:] = [prev[:-1], prev[-1] + last]
        lines += para_lines
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
    lines = _wrap(printable(text), fm, width)
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

    def paint_below_gap(p: QPainter, c: Ctx, y: float) -> None:
        first.paint(p, c, y + gap)

    items[0] = Item(first.height + gap, paint_below_gap, keep_with_next=True)
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
        flags_list = []
        wrapped: list[str] = []
        line_count = 1
        for col, w, text in zip(columns, widths, cells, strict=True):
            align = Qt.AlignmentFlag.AlignHCenter if is_header else col.align
            flags_list.append(int(align | Qt.AlignmentFlag.AlignVCenter))
            # Wrapped here, not by Qt: its word wrap lets an unbreakable run (139****5678)
            # run past the cell and breaks 命名 anywhere.
            lines = wrap_cell(text, m, w - 2 * pad_x)
            wrapped.append("\n".join(lines))
            line_count = max(line_count, len(lines))
        h = line_count * m.lineSpacing() + 2 * pad_y

        def paint(p: QPainter, c: Ctx, y: float) -> None:
            p.setFont(f)
            for i, (x, w, text) in enumerate(zip(xs, widths, wrapped, strict=True)):
                cell = QRectF(x, y, w, h)
                if is_header:
                    p.fillRect(cell, HEADER_FILL)
                elif i in label_columns:
                    p.fillRect(cell, LABEL_FILL)
                p.setPen(pen)
                p.drawRect(cell)
                p.setPen(INK)
                p.drawText(cell.adjusted(pad_x, pad_y, -pad_x, -pad_y), flags_list[i], text)

        item = Item(h, paint)
        # What each cell holds and the room it has: checked by the tests (no text clipped).
        item.cells = [(w - 2 * pad_x, h - 2 * pad_y, text, f)
                      for w, text in zip(widths, wrapped, strict=True)]
        return item

    items: list[Item] = []
    head_item = None
    if header:
        head_item = make_row([c.title for c in columns], is_header=True, strong=True)
        head_item.keep_with_next = True
        items.append(head_item)
    for i, row in enumerate(rows):
        item = make_row(
            [printable(str(v)) if v is not None else "" for v in row],
            is_header=False,
            strong=i in bold_rows,
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


def paint_page(
    p: QPainter,
    ctx: Ctx,
    page: list[tuple[Item, float]],
    number: int,
    total: int,
    running_header: str,
    footer_note: str = "",
) -> None:
    """One page: the running header (after page 1), 「第 N 页 共 M 页」 centred in the footer
    with ``footer_note`` (the program and its version) small at its right, then the items."""
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
    if footer_note:
        p.setFont(small)
        p.setPen(QColor(90, 90, 90))
        p.drawText(
            QRectF(ctx.left, ctx.mm(FOOTER_Y - 3), ctx.width, ctx.mm(6)),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            footer_note,
        )
    for item, y in page:
        item.paint(p, ctx, y)
