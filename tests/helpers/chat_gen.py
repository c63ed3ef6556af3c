"""Generator of WeChat-like group chat screenshots (phone, light and dark) drawn with Qt.

The conversation is drawn once on a tall strip; each screenshot is a window on that strip under
the status and title bars and above the input bar, so a series of scrolled screenshots overlaps
the way real ones do. Deterministic: the same arguments give the same pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers.screens_gen import DARK as DARK_PAL
from helpers.screens_gen import LIGHT as LIGHT_PAL
from helpers.screens_gen import _draw_avatar, _draw_status_bar, _font, ensure_app
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter


@dataclass(frozen=True)
class Msg:
    """``side``: "left" (someone, nickname above), "right" (the teacher), "center" (grey)."""

    side: str
    text: str
    sender: str | None = None


@dataclass(frozen=True)
class Theme:
    page: QColor
    bubble: QColor
    mine: QColor
    text: QColor
    mine_text: QColor
    name: QColor
    grey: QColor
    bar: QColor
    pal: object


LIGHT = Theme(QColor("#EDEDED"), QColor("#FFFFFF"), QColor("#95EC69"), QColor("#191919"),
              QColor("#191919"), QColor("#888888"), QColor("#9E9E9E"), QColor("#F7F7F7"),
              LIGHT_PAL)
DARK = Theme(QColor("#111111"), QColor("#2C2C2C"), QColor("#3EB575"), QColor("#D5D5D5"),
             QColor("#0F0F0F"), QColor("#7F7F7F"), QColor("#6E6E6E"), QColor("#1E1E1E"),
             DARK_PAL)

CHAT: list[Msg] = [
    Msg("center", "11月3日 上午8:12"),
    Msg("right", "各位家长好，明天上午八点开家长会，请准时参加。"),
    Msg("left", "收到", "张三妈妈"),
    Msg("left", "老师，今天的作业是什么？", "李四爸爸"),
    Msg("right", "数学练习册第二十四页。"),
    Msg("center", "“张三妈妈”邀请“王五”加入了群聊"),
    Msg("left", "暑期培训班招生，加微信领优惠", "王五"),
    Msg("left", "学校也太不负责了，我要投诉", "李四爸爸"),
    Msg("center", "你将“王五”移出了群聊"),
    Msg("left", "谢谢老师", "张三妈妈"),
]


def _layout(width: int) -> dict[str, float]:
    s = width / 360
    return {"s": s, "status": 28 * s, "title": 48 * s, "input": 56 * s}


def render_strip(msgs: list[Msg], width: int = 1080, theme: Theme = LIGHT
                 ) -> tuple[QImage, list[tuple[float, float]]]:
    """The conversation drawn on one tall strip, and each message's (top, bottom) on it."""
    ensure_app()
    g = _layout(width)
    s = g["s"]
    body = _font(16 * s)
    fm = QFontMetricsF(body)
    max_text = width - 160 * s
    height = 40 * s
    plans = []
    for m in msgs:
        if m.side == "center":
            plans.append((m, [], 34 * s))
            continue
        lines = _wrap(m.text, fm, max_text)
        bh = len(lines) * 24 * s + 18 * s
        extra = 20 * s if m.side == "left" and m.sender else 0
        plans.append((m, lines, max(bh + extra, 42 * s) + 18 * s))
    height += sum(p[2] for p in plans) + 40 * s
    img = QImage(width, int(height), QImage.Format.Format_RGB32)
    img.fill(theme.page)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    y = 20 * s
    spans = []
    for i, (m, lines, h) in enumerate(plans):
        top = y
        if m.side == "center":
            p.setPen(theme.grey)
            p.setFont(_font(12 * s))
            p.drawText(QRectF(40 * s, y, width - 80 * s, 24 * s), Qt.AlignmentFlag.AlignCenter,
                       m.text)
        else:
            mine = m.side == "right"
            _draw_avatar(p, QRectF(width - 52 * s if mine else 12 * s, y, 40 * s, 40 * s),
                         i * 7 + 3, 9)
            by = y
            if not mine and m.sender:
                p.setPen(theme.name)
                p.setFont(_font(12 * s))
                p.drawText(QRectF(62 * s, y, width, 18 * s), Qt.AlignmentFlag.AlignVCenter,
                           m.sender)
                by += 20 * s
            text_w = max(fm.horizontalAdvance(line) for line in lines)
            bw = text_w + 24 * s
            bh = len(lines) * 24 * s + 18 * s
            bx = width - 62 * s - bw if mine else 62 * s
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(theme.mine if mine else theme.bubble)
            p.drawRoundedRect(QRectF(bx, by, bw, bh), 4 * s, 4 * s)
            p.setPen(theme.mine_text if mine else theme.text)
            p.setFont(body)
            for k, line in enumerate(lines):
                p.drawText(QRectF(bx + 12 * s, by + 9 * s + k * 24 * s, text_w + 4 * s, 24 * s),
                           Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, line)
        y += h
        spans.append((top, y))
    p.end()
    return img, spans


def _wrap(text: str, fm: QFontMetricsF, width: float) -> list[str]:
    lines, cur = [], ""
    for ch in text:
        if cur and fm.horizontalAdvance(cur + ch) > width:
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    return [*lines, cur] if cur else lines


def render_chat_shot(strip: QImage, offset: float, height: int = 2340,
                     theme: Theme = LIGHT, title: str = "三年级二班家长群(45)") -> QImage:
    """One phone screenshot showing the strip from ``offset`` under the bars."""
    width = strip.width()
    g = _layout(width)
    s = g["s"]
    img = QImage(width, height, QImage.Format.Format_RGB32)
    img.fill(theme.page)
    p = QPainter(img)
    top = g["status"] + g["title"]
    visible = height - top - g["input"]
    p.drawImage(QRectF(0, top, width, visible), strip, QRectF(0, offset, width, visible))
    p.fillRect(QRectF(0, 0, width, top), theme.page)
    _draw_status_bar(p, width, g["status"], theme.pal, s)
    p.setPen(theme.text)
    p.setFont(_font(17 * s, bold=True))
    p.drawText(QRectF(0, g["status"], width, g["title"]), Qt.AlignmentFlag.AlignCenter, title)
    p.fillRect(QRectF(0, height - g["input"], width, g["input"]), theme.bar)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(theme.bubble)
    p.drawRoundedRect(QRectF(52 * s, height - g["input"] + 10 * s, width - 150 * s, 36 * s),
                      4 * s, 4 * s)
    p.end()
    return img


def visible_height(width: int, height: int) -> float:
    g = _layout(width)
    return height - g["status"] - g["title"] - g["input"]
