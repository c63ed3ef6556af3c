"""A small paginating layout engine for A4 documents drawn with QPainter (the printed reports).

Content is cut into unsplittable :class:`Item` s — a line of text, a table row, a chart — each
knowing its height and how to paint itself. :func:`paginate` places them page by page (first
pass: nothing painted), keeping headings with what follows and repeating a table's header row
after a page break; :func:`paint_page` then paints a page knowing the page count. Coordinates
are device pixels measured from the paper's edge, with fonts sized in points through the
device's own resolution, so a PDF writer, a printer and a preview image lay out identically.

Fonts: Qt's PDF engine writes the text layer from the font's glyph → Unicode map, and CJK fonts
that reuse one glyph for 二 (U+4E8C) and the Kangxi radical ⼆ (U+2F06) — Noto/Source Han CJK do
— give a text layer of radicals (pdftotext then returns ⼆⽉ for 二月). :func:`report_families`
therefore tests each candidate family and only uses fonts whose ideographs have glyphs of their
own.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QPaintDevice,
    QPainter,
    QPen,
    QRawFont,
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


def chinese_font_missing() -> bool:
    """True when no installed font can draw the report's Chinese text."""
    body, _heading = report_families()
    return not body


EMOJI_FAMILIES = (
    "Segoe UI Emoji",
    "Segoe UI Symbol",
    "Apple Color Emoji",
    "Noto Color Emoji",
    "Noto Emoji",
    "Symbola",
)
EMOJI_PLACEHOLDER = "〔表情〕"
_SYMBOLIC = {"So", "Sk", "Cn", "Co", "Cs"}
_INVISIBLE = {"\u200d", "\ufe0e", "\ufe0f", "\u200b", "\u2060"}


@cache
def _raw_fonts() -> tuple[QRawFont, ...]:
    body, heading = report_families()
    installed = {f.lower(): f for f in QFontDatabase.families()}
    names = [
        *body,
        *heading,
        *(installed[e.lower()] for e in EMOJI_FAMILIES if e.lower() in installed),
    ]
    return tuple(QRawFont.fromFont(QFont(n)) for n in dict.fromkeys(names))


@cache
def _drawable(ch: str) -> bool:
    # glyphIndexesForString, not supportsCharacter: the latter misses e.g. full-width （）.
    return any(raw.glyphIndexesForString(ch)[0] for raw in _raw_fonts())


def printable(text: str) -> str:
    """``text`` with characters no report font can draw (emoji in nicknames, mostly) replaced
    by 〔表情〕, so paper shows a word instead of an empty box. Where an emoji font is
    installed, emoji stay (Qt draws them); joiners and variation selectors go with their emoji.
    """
    if text.isascii():
        return text
    out: list[str] = []
    for ch in text:
        if ch in _INVISIBLE:
            if out and out[-1] != EMOJI_PLACEHOLDER:
                out.append(ch)
            continue
        # Letters (rare ideographs included) are left to Qt's font fallback; only symbols
        # that no report font has become the placeholder.
        if ord(ch) < 0x2E80 or unicodedata.category(ch) not in _SYMBOLIC or _drawable(ch):
            out.append(ch)
        elif not out or out[-1] != EMOJI_PLACEHOLDER:
            out.append(EMOJI_PLACEHOLDER)
    return "".join(out)


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
