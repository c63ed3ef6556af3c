"""Fonts for the printed reports: which installed families to use, and what to do with
characters none of them can draw.

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
from collections.abc import Sequence
from functools import cache

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QRawFont

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


