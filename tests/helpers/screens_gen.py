"""Generator of WeChat-like member-page screenshots (phone grid, PC list, chats) drawn with Qt.

Used by the OCR tests and by ``bench/bench_screens.py``. Everything is deterministic: the same
arguments give the same pixels. Names are drawn already cut the way WeChat cuts them (elided on the
right with ``…`` when wider than the cell), and every generator returns what a reader should find.
"""

from __future__ import annotations

import atexit
import functools
import os
import random
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPen,
)

FONT_FAMILIES = ["Noto Sans CJK SC", "WenQuanYi Micro Hei"]

# 58 members of every kind the check issue lists (compliant, cosmetic noise, rename cases, unknown
# people, teachers, a real duplicate) and some long enough to be cut with "…".
GROUP_58: list[str] = [
    "李建国",
    "王小明妈妈",
    "张三爸爸",
    "李四 爸爸",
    "周杰妈妈",
    "张三(妈妈)",
    "吴堃的妈妈",
    "宋雨桐妈妈",
    "王一一王二二妈妈",
    "黄小米奶奶",
    "高梓萱媽媽",
    "liangsicheng爸爸",
    "周老师",
    "Emily Smith",
    "花开富贵",
    "Lily",
    "微信用户",
    "老王",
    "陈晓妈妈",
    "陈晓明爸爸",
    "李明轩妈妈",
    "欧阳娜娜妈妈13800138000",
    "刘洋麻麻",
    "赵磊老爸",
    "孙悦爸比",
    "钱多多母亲",
    "Tom Dad",
    "郑爽Mom",
    "杨帆",
    "何静妈妈",
    "罗浩爸爸",
    "许晴妈妈",
    "冯涛",
    "韩梅梅妈妈",
    "朱丽叶爸爸",
    "秦岚妈妈",
    "曹操爸爸",
    "彭于晏妈妈",
    "曾小贤爸爸",
    "单田芳妈妈",
    "数学-李建国",
    "宋雨桐妈妈",
    "马云爸爸",
    "蒋欣妈妈",
    "沈腾爸爸",
    "韦小宝妈妈",
    "班主任",
    "黄老师",
    "唐僧爸爸",
    "谢娜妈妈",
    "邓超爸爸",
    "萧敬腾妈妈",
    "田野爸爸",
    "潘玮柏妈妈",
    "叶子妈妈",
    "杜甫爸爸",
    "夏雨妈妈",
    "江南爸爸",
]
assert len(GROUP_58) == 58

# Avatars drawn with text inside (that text is not a name); index -> avatar text.
AVATAR_TEXT = {2: "王", 9: "平安", 17: "鑫隆超市", 23: "李", 31: "福", 44: "平安", 52: "好运"}

PAGE_TITLES = ("聊天成员", "群成员", "聊天信息")


@dataclass(frozen=True)
class Shown:
    """One member as drawn: the visible text (without the ellipsis) and whether it was cut."""

    text: str
    truncated: bool
    row: int
    col: int


@dataclass(frozen=True)
class Palette:
    page: QColor
    panel: QColor
    title: QColor
    name: QColor
    search: QColor
    search_text: QColor
    tile: QColor


LIGHT = Palette(
    QColor("#EDEDED"),
    QColor("#FFFFFF"),
    QColor("#191919"),
    QColor("#4C4C4C"),
    QColor("#F2F2F2"),
    QColor("#B2B2B2"),
    QColor("#C8C8C8"),
)
DARK = Palette(
    QColor("#111111"),
    QColor("#191919"),
    QColor("#D5D5D5"),
    QColor("#A0A0A0"),
    QColor("#2C2C2C"),
    QColor("#6E6E6E"),
    QColor("#555555"),
)


def ensure_app() -> QGuiApplication:
    """Qt needs an application object before it draws text."""
    app = QGuiApplication.instance()
    if app is None:
        # a QApplication (not a bare QGuiApplication), so that widget tests in the same pytest
        # session can still open windows
        from PySide6.QtWidgets import QApplication

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([])
    return app  # type: ignore[return-value]


def _font(px: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPixelSize(max(1, round(px)))
    font.setBold(bold)
    return font


def elide(name: str, px: float, max_width: float) -> tuple[str, bool]:
    """WeChat's cut: the name is elided on the right with "…" when wider than the cell."""
    ensure_app()
    metrics = QFontMetricsF(_font(px))
    shown = metrics.elidedText(name, Qt.TextElideMode.ElideRight, max_width)
    if shown != name:
        return shown.rstrip("…").rstrip(), True
    return name, False


def _draw_avatar(p: QPainter, rect: QRectF, index: int, seed: int) -> None:
    rnd = random.Random(seed * 1000 + index)
    text = AVATAR_TEXT.get(index)
    radius = rect.width() * 0.1
    if text:
        bg = QColor.fromHsv(rnd.randrange(360), 160, 200) if text != "平安" else QColor("#FFF6E8")
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(bg)
        p.drawRoundedRect(rect, radius, radius)
        color = QColor("#D0021B") if text == "平安" else QColor("#FFFFFF")
        p.setPen(color)
        size = rect.width() * (0.55 if len(text) == 1 else 0.32 if len(text) == 2 else 0.2)
        p.setFont(_font(size, bold=True))
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
        return
    # A "photo": a gradient with a few soft shapes.
    grad = QLinearGradient(rect.topLeft(), rect.bottomRight())
    grad.setColorAt(0, QColor.fromHsv(rnd.randrange(360), rnd.randrange(60, 200), 220))
    grad.setColorAt(1, QColor.fromHsv(rnd.randrange(360), rnd.randrange(60, 200), 120))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(grad))
    p.drawRoundedRect(rect, radius, radius)
    p.save()
    p.setClipRect(rect)
    for _ in range(3):
        p.setBrush(QColor.fromHsv(rnd.randrange(360), 90, 240, 140))
        w = rect.width() * rnd.uniform(0.2, 0.6)
        p.drawEllipse(
            QRectF(
                rect.x() + rnd.uniform(0, rect.width() - w),
                rect.y() + rnd.uniform(0, rect.height() - w),
                w,
                w,
            )
        )
    p.restore()


def _draw_status_bar(p: QPainter, width: int, height: float, pal: Palette, s: float) -> None:
    p.setPen(pal.title)
    p.setFont(_font(14 * s, bold=True))
    p.drawText(QRectF(18 * s, 0, 80 * s, height), Qt.AlignmentFlag.AlignVCenter, "9:41")
    p.setFont(_font(12 * s))
    p.drawText(
        QRectF(width - 120 * s, 0, 60 * s, height),
        Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
        "85%",
    )
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(pal.title)
    for i in range(4):  # signal bars
        h = (4 + 3 * i) * s
        p.drawRect(QRectF(width - 170 * s + i * 5 * s, height / 2 + 7 * s - h, 3 * s, h))
    p.drawRoundedRect(QRectF(width - 52 * s, height / 2 - 6 * s, 26 * s, 12 * s), 3 * s, 3 * s)


def _draw_top_bars(p: QPainter, width: int, g: dict[str, float], pal: Palette, title: str) -> None:
    """The status bar and the page title (centred, bold)."""
    _draw_status_bar(p, width, g["status"], pal, g["s"])
    p.setPen(pal.title)
    p.setFont(_font(17 * g["s"], bold=True))
    p.drawText(QRectF(0, g["status"], width, g["titlebar"]), Qt.AlignmentFlag.AlignCenter, title)


@dataclass
class PhoneShot:
    image: QImage
    shown: list[Shown]  # members whose name is fully inside the visible content area
    title_count: int


def phone_layout(width: int) -> dict[str, float]:
    """Geometry of the phone page in pixels for a screen ``width`` pixels wide (360 dp wide)."""
    s = width / 360
    return {
        "s": s,
        "status": 28 * s,
        "titlebar": 48 * s,
        "search": 50 * s,
        "pad": 14 * s,
        "margin": 14 * s,
        "avatar": 50 * s,
        "name_px": 11 * s,
        "name_gap": 6 * s,
        "row": 86 * s,
    }


def phone_content_height(n_members: int, width: int, *, tiles: bool = True) -> float:
    g = phone_layout(width)
    cells = n_members + (2 if tiles else 0)
    rows = -(-cells // 5)
    return g["search"] + g["pad"] + rows * g["row"] + g["pad"]


def render_phone(
    names: list[str],
    *,
    scroll: float = 0,
    width: int = 1080,
    height: int = 2340,
    dark: bool = False,
    title: str = "聊天成员",
    tiles: bool = True,
    seed: int = 1,
) -> PhoneShot:
    """The 查看全部群成员 page scrolled down by ``scroll`` pixels of content.

    Fixed status bar and title bar on top; the search box and the 5-column grid scroll under them.
    """
    ensure_app()
    g = phone_layout(width)
    s = g["s"]
    pal = DARK if dark else LIGHT
    img = QImage(width, height, QImage.Format.Format_RGB32)
    img.fill(pal.panel)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    top = g["status"] + g["titlebar"]
    p.setClipRect(QRectF(0, top, width, height - top))
    y0 = top - scroll
    # search box
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(pal.search)
    p.drawRoundedRect(
        QRectF(g["margin"], y0 + 8 * s, width - 2 * g["margin"], 36 * s), 6 * s, 6 * s
    )
    p.setPen(pal.search_text)
    p.setFont(_font(15 * s))
    p.drawText(QRectF(0, y0 + 8 * s, width, 36 * s), Qt.AlignmentFlag.AlignCenter, "搜索")
    grid_top = y0 + g["search"] + g["pad"]
    cell_w = (width - 2 * g["margin"]) / 5
    max_name_w = cell_w - 9 * s  # WeChat keeps a clear gap between neighbouring names
    shown: list[Shown] = []
    cells: list[str | None] = list(names) + (["+", "-"] if tiles else [])
    name_font = _font(g["name_px"])
    for i, name in enumerate(cells):
        row, col = divmod(i, 5)
        cx = g["margin"] + (col + 0.5) * cell_w
        ay = grid_top + row * g["row"]
        arect = QRectF(cx - g["avatar"] / 2, ay, g["avatar"], g["avatar"])
        if i >= len(names):
            pen = QPen(pal.tile, 1.5 * s, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(arect.adjusted(2 * s, 2 * s, -2 * s, -2 * s), 5 * s, 5 * s)
            p.setPen(QPen(pal.tile, 2 * s))
            c = arect.center()
            p.drawLine(c.x() - 10 * s, c.y(), c.x() + 10 * s, c.y())
            if name == "+":
                p.drawLine(c.x(), c.y() - 10 * s, c.x(), c.y() + 10 * s)
            continue
        _draw_avatar(p, arect, i, seed)
        text, cut = elide(name, g["name_px"], max_name_w)
        drawn = text + "…" if cut else text
        ny = ay + g["avatar"] + g["name_gap"]
        nh = g["name_px"] * 1.5
        p.setPen(pal.name)
        p.setFont(name_font)
        p.drawText(QRectF(cx - cell_w / 2, ny, cell_w, nh), Qt.AlignmentFlag.AlignCenter, drawn)
        glyph_top = ny + nh / 2 - 0.55 * g["name_px"]
        glyph_bottom = ny + nh / 2 + 0.55 * g["name_px"]
        if glyph_top >= top and glyph_bottom <= height:
            shown.append(Shown(text, cut, row, col))
    p.setClipping(False)
    # fixed chrome drawn last (content scrolls under it)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(pal.page)
    p.drawRect(QRectF(0, 0, width, top))
    _draw_top_bars(p, width, g, pal, f"{title}({len(names)})")
    p.setPen(QPen(pal.title, 2.2 * s))  # back arrow
    ay = g["status"] + g["titlebar"] / 2
    p.drawLine(int(26 * s), int(ay), int(18 * s), int(ay))
    p.drawLine(int(18 * s), int(ay), int(24 * s), int(ay - 7 * s))
    p.drawLine(int(18 * s), int(ay), int(24 * s), int(ay + 7 * s))
    p.end()
    return PhoneShot(img, shown, len(names))


# Scroll offsets (dp) of three shots of a 58-member group: rows overlap, and the second shot cuts
# a row of names in half at its bottom edge.
SERIES_SCROLLS_DP = (0.0, 198.0, 406.0)
# The same group scrolled so that a row of names is cut in half under the title bar.
SERIES_SCROLLS_TOPCUT_DP = (0.0, 214.25, 406.0)


def phone_series(
    names: list[str],
    scrolls_dp: tuple[float, ...] = SERIES_SCROLLS_DP,
    *,
    width: int = 1080,
    height: int = 2340,
    **kw,
) -> list[PhoneShot]:
    """Screenshots of one member page scrolled by ``scrolls_dp`` (dp of content)."""
    s = width / 360
    return [render_phone(names, scroll=o * s, width=width, height=height, **kw) for o in scrolls_dp]


def expected_merged(shots: list[PhoneShot]) -> list[Shown]:
    """The members in display order, each once (keyed by grid position)."""
    seen: dict[tuple[int, int], Shown] = {}
    for shot in shots:
        for m in shot.shown:
            seen.setdefault((m.row, m.col), m)
    return [seen[k] for k in sorted(seen)]


def render_chat_info(
    names: list[str], shown_count: int = 20, *, width: int = 1080, height: int = 2340
) -> PhoneShot:
    """The 聊天信息 page: the first members only, 查看更多群成员, then the group's settings rows."""
    ensure_app()
    g = phone_layout(width)
    s = g["s"]
    img = QImage(width, height, QImage.Format.Format_RGB32)
    img.fill(LIGHT.page)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    _draw_top_bars(p, width, g, LIGHT, f"聊天信息({len(names)})")
    top = g["status"] + g["titlebar"]
    rows = -(-(shown_count + 2) // 5)
    panel_h = g["pad"] + rows * g["row"] + 44 * s
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(LIGHT.panel)
    p.drawRect(QRectF(0, top, width, panel_h))
    cell_w = (width - 2 * g["margin"]) / 5
    shown: list[Shown] = []
    for i, name in enumerate(names[:shown_count]):
        row, col = divmod(i, 5)
        cx = g["margin"] + (col + 0.5) * cell_w
        ay = top + g["pad"] + row * g["row"]
        _draw_avatar(p, QRectF(cx - g["avatar"] / 2, ay, g["avatar"], g["avatar"]), i, 1)
        text, cut = elide(name, g["name_px"], cell_w - 9 * s)
        p.setPen(LIGHT.name)
        p.setFont(_font(g["name_px"]))
        p.drawText(
            QRectF(cx - cell_w / 2, ay + g["avatar"] + g["name_gap"], cell_w, g["name_px"] * 1.5),
            Qt.AlignmentFlag.AlignCenter,
            text + "…" if cut else text,
        )
        shown.append(Shown(text, cut, row, col))
    p.setPen(QColor("#576B95"))
    p.setFont(_font(15 * s))
    p.drawText(
        QRectF(0, top + panel_h - 44 * s, width, 40 * s),
        Qt.AlignmentFlag.AlignCenter,
        "查看更多群成员 >",
    )
    y = top + panel_h + 10 * s
    for label, value in [("群聊名称", "三年级二班家长群"), ("群公告", "未设置"), ("备注", "")]:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(LIGHT.panel)
        p.drawRect(QRectF(0, y, width, 54 * s))
        p.setPen(LIGHT.title)
        p.setFont(_font(16 * s))
        p.drawText(QRectF(16 * s, y, width, 54 * s), Qt.AlignmentFlag.AlignVCenter, label)
        p.setPen(QColor("#888888"))
        p.drawText(
            QRectF(0, y, width - 36 * s, 54 * s),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
            value,
        )
        y += 55 * s
    p.end()
    return PhoneShot(img, shown, len(names))


def render_pc_list(
    names: list[str], *, width: int = 520, row_h: int = 60, title: str = "群成员", seed: int = 3
) -> tuple[QImage, list[Shown]]:
    """The PC client's member panel: a vertical list, avatar left, name right."""
    ensure_app()
    head = 120
    height = head + row_h * len(names) + 20
    img = QImage(width, height, QImage.Format.Format_RGB32)
    img.fill(QColor("#F5F5F5"))
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QColor("#191919"))
    p.setFont(_font(22, bold=True))
    p.drawText(QRectF(24, 10, width, 44), Qt.AlignmentFlag.AlignVCenter, f"{title}({len(names)})")
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#E2E2E2"))
    p.drawRoundedRect(QRectF(20, 62, width - 40, 40), 4, 4)
    p.setPen(QColor("#A0A0A0"))
    p.setFont(_font(18))
    p.drawText(QRectF(36, 62, width, 40), Qt.AlignmentFlag.AlignVCenter, "搜索群成员")
    shown: list[Shown] = []
    font = _font(20)
    for i, name in enumerate(names):
        y = head + i * row_h
        _draw_avatar(p, QRectF(24, y + 8, row_h - 16, row_h - 16), i, seed)
        text, cut = elide(name, 20, width - 110)
        p.setPen(QColor("#191919"))
        p.setFont(font)
        p.drawText(
            QRectF(24 + row_h, y, width, row_h),
            Qt.AlignmentFlag.AlignVCenter,
            text + "…" if cut else text,
        )
        shown.append(Shown(text, cut, i, 0))
    p.end()
    return img, shown


def render_chat(width: int = 1080, height: int = 2340) -> QImage:
    """A group chat screenshot (not a member page): title, timestamps, nicknames and bubbles."""
    ensure_app()
    s = width / 360
    img = QImage(width, height, QImage.Format.Format_RGB32)
    img.fill(QColor("#EDEDED"))
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    _draw_status_bar(p, width, 28 * s, LIGHT, s)
    p.setPen(QColor("#191919"))
    p.setFont(_font(17 * s, bold=True))
    p.drawText(
        QRectF(0, 28 * s, width, 48 * s), Qt.AlignmentFlag.AlignCenter, "三年级二班家长群(58)"
    )
    msgs = [
        ("王小明妈妈", "老师好，明天几点到校？", False),
        ("李建国", "明早七点四十到校，请带好作业本和水杯，谢谢各位家长配合。", False),
        ("我", "收到，谢谢老师", True),
        ("张三爸爸", "收到", False),
        ("周杰妈妈", "请问周五下午开家长会吗？我们需要提前请假", False),
        ("我", "是的，三点开始", True),
        ("宋雨桐妈妈", "好的", False),
    ]
    y = 100 * s
    rnd = random.Random(5)
    for i, (who, text, mine) in enumerate(msgs):
        if i % 3 == 0:
            p.setPen(QColor("#B2B2B2"))
            p.setFont(_font(12 * s))
            p.drawText(
                QRectF(0, y, width, 24 * s), Qt.AlignmentFlag.AlignCenter, f"上午{9 + i}:0{i}"
            )
            y += 34 * s
        av = QRectF(width - 54 * s if mine else 12 * s, y, 40 * s, 40 * s)
        _draw_avatar(p, av, rnd.randrange(60), 9)
        fm = QFontMetricsF(_font(16 * s))
        bubble_w = min(fm.horizontalAdvance(text) + 24 * s, width - 140 * s)
        lines = max(1, int(fm.horizontalAdvance(text) // (width - 164 * s)) + 1)
        bh = lines * 24 * s + 18 * s
        by = y
        if not mine:
            p.setPen(QColor("#888888"))
            p.setFont(_font(12 * s))
            p.drawText(QRectF(62 * s, y, width, 18 * s), Qt.AlignmentFlag.AlignVCenter, who)
            by += 20 * s
        bx = width - 62 * s - bubble_w if mine else 62 * s
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#95EC69") if mine else QColor("#FFFFFF"))
        p.drawRoundedRect(QRectF(bx, by, bubble_w, bh), 4 * s, 4 * s)
        p.setPen(QColor("#191919"))
        p.setFont(_font(16 * s))
        p.drawText(
            QRectF(bx + 12 * s, by + 9 * s, bubble_w - 24 * s, bh - 18 * s),
            Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft,
            text,
        )
        y = by + bh + 22 * s
    p.end()
    return img


def render_photo(width: int = 1080, height: int = 1440) -> QImage:
    """A photo-like picture without any text."""
    ensure_app()
    img = QImage(width, height, QImage.Format.Format_RGB32)
    p = QPainter(img)
    _draw_avatar(p, QRectF(0, 0, width, height), 0, 77)
    p.end()
    return img


def save(img: QImage, path: Path, *, quality: int = -1, width: int | None = None) -> Path:
    """Save as PNG/JPEG (by suffix); ``width`` downscales like a phone→PC transfer does."""
    if width is not None and width != img.width():
        img = img.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
    path = Path(path)
    if not img.save(str(path), None, quality):
        raise OSError(f"could not save {path}")
    return path


# ---------------------------------------------------------------- PC client member panel

# The PC client is drawn unlike the phone: other fonts, Windows display scaling (125 %, 150 %),
# names that wrap onto a second line instead of being cut at once, labelled 添加/移出 tiles.
PC_FONTS = ("WenQuanYi Micro Hei", "Noto Sans Mono CJK SC")

PC_LIGHT = Palette(
    QColor("#F7F7F7"),
    QColor("#FFFFFF"),
    QColor("#000000"),
    QColor("#333333"),
    QColor("#EAEAEA"),
    QColor("#999999"),
    QColor("#BBBBBB"),
)
PC_DARK = Palette(
    QColor("#1E1E1E"),
    QColor("#262626"),
    QColor("#E6E6E6"),
    QColor("#C8C8C8"),
    QColor("#333333"),
    QColor("#808080"),
    QColor("#6A6A6A"),
)


def _pc_font(family: str, px: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies([family, *FONT_FAMILIES])
    font.setPixelSize(max(1, round(px)))
    font.setBold(bold)
    return font


def wrap_name(name: str, font: QFont, max_width: float) -> tuple[list[str], str, bool]:
    """The PC client's wrap: as many characters as fit on the first line, the rest on a second
    line, elided with "…" when still too wide. Returns the lines as drawn, the visible text
    (without the ellipsis) and whether it was cut."""
    ensure_app()
    metrics = QFontMetricsF(font)
    if metrics.horizontalAdvance(name) <= max_width:
        return [name], name, False
    cut = len(name)
    while cut > 1 and metrics.horizontalAdvance(name[:cut]) > max_width:
        cut -= 1
    first, rest = name[:cut], name[cut:]
    second = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, max_width)
    if second != rest:
        shown = second.rstrip("…").rstrip()
        return [first, second], first + shown, True
    return [first, rest], name, False


@dataclass
class PcShot:
    image: QImage
    shown: list[Shown]  # members whose name is wholly in view, in display order
    title_count: int


def render_pc_panel(
    names: list[str],
    *,
    form: str = "grid",
    scale: float = 1.25,
    dark: bool = False,
    font: str = PC_FONTS[0],
    scroll: float = 0.0,
    height_dp: float | None = None,
    seed: int = 7,
) -> PcShot:
    """The PC client's member panel, as a grid (4 columns, name under the avatar) or as a list
    (avatar left, name right), scrolled down by ``scroll`` dp; title and search box fixed."""
    ensure_app()
    s = scale
    pal = PC_DARK if dark else PC_LIGHT
    grid = form == "grid"
    width_dp = 280.0 if grid else 210.0
    head = 84.0
    cols = 4 if grid else 1
    margin = 14.0
    pitch = (width_dp - 2 * margin) / cols
    row_dp = 88.0 if grid else 54.0
    avatar = 40.0 if grid else 36.0
    name_px = 12.0 if grid else 14.0
    line = name_px * 1.4
    tiles = ["添加", "移出"]
    cells: list[str] = list(names) + tiles
    rows = -(-len(cells) // cols)
    content = rows * row_dp + 12
    height_dp = height_dp or head + content
    width, height = round(width_dp * s), round(height_dp * s)
    img = QImage(width, height, QImage.Format.Format_RGB32)
    img.fill(pal.panel)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    p.scale(s, s)
    p.setClipRect(QRectF(0, head, width_dp, height_dp - head))
    name_font = _pc_font(font, name_px)
    max_w = pitch - 8 if grid else width_dp - 62 - 12
    shown: list[Shown] = []
    for i, name in enumerate(cells):
        row, col = divmod(i, cols)
        top = head + 8 + row * row_dp - scroll
        if grid:
            cx = margin + (col + 0.5) * pitch
            arect = QRectF(cx - avatar / 2, top, avatar, avatar)
        else:
            arect = QRectF(16, top + (row_dp - avatar) / 2 - 4, avatar, avatar)
        if i >= len(names):  # the 添加 / 移出 tiles
            p.setPen(QPen(pal.tile, 1.2, Qt.PenStyle.DashLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(arect.adjusted(1, 1, -1, -1), 4, 4)
            c = arect.center()
            p.setPen(QPen(pal.tile, 1.6))
            p.drawLine(QPointF(c.x() - 8, c.y()), QPointF(c.x() + 8, c.y()))
            if name == "添加":
                p.drawLine(QPointF(c.x(), c.y() - 8), QPointF(c.x(), c.y() + 8))
            lines, text, cut = [name], name, False
        else:
            _draw_avatar(p, arect, i, seed)
            lines, text, cut = wrap_name(name, name_font, max_w)
        p.setPen(pal.name)
        p.setFont(name_font)
        if grid:
            y = arect.bottom() + 4
            rects = [QRectF(cx - pitch / 2, y + k * line, pitch, line) for k in range(len(lines))]
            align = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter
        else:
            y = top + (row_dp - len(lines) * line) / 2 - 4
            rects = [QRectF(62, y + k * line, width_dp, line) for k in range(len(lines))]
            align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        for r, text_line in zip(rects, lines, strict=True):
            p.drawText(r, align, text_line)
        if i < len(names):
            glyph_top = rects[0].center().y() - 0.55 * name_px
            glyph_bottom = rects[-1].center().y() + 0.55 * name_px
            if glyph_top >= head and glyph_bottom <= height_dp:
                shown.append(Shown(text, cut, row, col))
    p.setClipping(False)
    # fixed header: title and search box
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(pal.page)
    p.drawRect(QRectF(0, 0, width_dp, head))
    p.setPen(pal.title)
    p.setFont(_pc_font(font, 15, bold=True))
    title = f"聊天成员({len(names)})"
    p.drawText(QRectF(14, 6, width_dp, 30), Qt.AlignmentFlag.AlignVCenter, title)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(pal.search)
    p.drawRoundedRect(QRectF(12, 44, width_dp - 24, 28), 4, 4)
    p.setPen(pal.search_text)
    p.setFont(_pc_font(font, 13))
    p.drawText(QRectF(24, 44, width_dp, 28), Qt.AlignmentFlag.AlignVCenter, "搜索群成员")
    # the scroll bar
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(pal.tile)
    p.drawRoundedRect(QRectF(width_dp - 6, head + 4 + scroll / 4, 4, 60), 2, 2)
    p.end()
    return PcShot(img, shown, len(names))


def pc_series(
    names: list[str], *, form: str = "grid", height_dp: float = 620.0, overlap_dp: float = 110.0,
    **kw,
) -> list[PcShot]:
    """Screenshots of the PC panel scrolled screen by screen, each overlapping the one before by
    ``overlap_dp`` of content, down to the 添加/移出 tiles."""
    first = render_pc_panel(names, form=form, height_dp=height_dp, **kw)
    row_dp = 88.0 if form == "grid" else 54.0
    cols = 4 if form == "grid" else 1
    content = -(-(len(names) + 2) // cols) * row_dp + 12
    view = height_dp - 84.0
    shots, scroll = [first], 0.0
    while scroll + view < content:
        scroll = min(scroll + view - overlap_dp, content - view)
        shots.append(render_pc_panel(names, form=form, height_dp=height_dp, scroll=scroll, **kw))
    return shots


def expected_pc(shots: list[PcShot]) -> list[Shown]:
    seen: dict[tuple[int, int], Shown] = {}
    for shot in shots:
        for m in shot.shown:
            seen.setdefault((m.row, m.col), m)
    return [seen[k] for k in sorted(seen)]


# A phone page whose names OCR cannot all read: 赵䶮妈妈 (䶮 is missing from the recogniser's
# dictionary: it reads 赵龚妈妈) and two emoji-only names; it ends with the +/− tiles.
RARE_AND_EMOJI: list[str] = list(GROUP_58[:12])
RARE_AND_EMOJI[3] = "赵䶮妈妈"
RARE_AND_EMOJI[6] = "😀"
RARE_AND_EMOJI[11] = "😀🌸"


@functools.cache
def rare_and_emoji_png() -> Path:
    """The RARE_AND_EMOJI page saved once per process (one path, so the OCR cache of the process
    reads it once for every test that uses it)."""
    folder = Path(tempfile.mkdtemp(prefix="classgroup-screens-"))
    atexit.register(shutil.rmtree, folder, True)
    return save(render_phone(RARE_AND_EMOJI, height=1400).image, folder / "生僻字和表情.png")
