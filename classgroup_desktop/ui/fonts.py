"""An explicit Chinese UI font, chosen from what the machine really has.

Qt's own fallback picks *some* CJK font, and on Linux that is often a Japanese or Traditional
variant (different glyph shapes for 门, 骨, 直 …). We name the Simplified Chinese font we want per
platform and keep the rest as fallbacks, so Chinese looks the way a teacher expects.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QFontDatabase

# Preferred families, best first, per platform; the other platforms' fonts follow as fallbacks
# (a Linux machine may have Microsoft YaHei copied over, a Windows one Noto Sans CJK installed).
WINDOWS_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "微软雅黑", "SimHei", "SimSun")
MACOS_FAMILIES = ("PingFang SC", "Hiragino Sans GB", "Heiti SC", "STHeiti")
LINUX_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
)

# Nicknames are full of emoji (🌸周杰妈妈🌸): a colour emoji font after the CJK ones.
EMOJI_FAMILIES = ("Segoe UI Emoji", "Apple Color Emoji", "Noto Color Emoji")


def preferred_families(platform: str | None = None) -> tuple[str, ...]:
    """Candidate families for ``platform`` (``sys.platform`` by default), best first."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        order = (WINDOWS_FAMILIES, MACOS_FAMILIES, LINUX_FAMILIES)
    elif platform == "darwin":
        order = (MACOS_FAMILIES, WINDOWS_FAMILIES, LINUX_FAMILIES)
    else:
        order = (LINUX_FAMILIES, WINDOWS_FAMILIES, MACOS_FAMILIES)
    return tuple(family for group in (*order, EMOJI_FAMILIES) for family in group)


def available_cjk_families(installed: list[str] | None = None,
                           platform: str | None = None) -> list[str]:
    """The preferred families that are installed, best first (case-insensitive match)."""
    if installed is None:
        installed = QFontDatabase.families()
    by_lower = {name.lower(): name for name in installed}
    chosen: list[str] = []
    for family in preferred_families(platform):
        real = by_lower.get(family.lower())
        if real and real not in chosen:
            chosen.append(real)
    return chosen


def has_chinese_font(installed: list[str] | None = None, platform: str | None = None) -> bool:
    """True when at least one of the preferred Chinese families (not only emoji) is installed."""
    emoji = {f.lower() for f in EMOJI_FAMILIES}
    return any(f.lower() not in emoji for f in available_cjk_families(installed, platform))


def ui_font(base: QFont, installed: list[str] | None = None) -> QFont:
    """``base`` with its family list replaced by the CJK choice (size and style kept)."""
    font = QFont(base)
    families = available_cjk_families(installed)
    if families:
        # setFamilies keeps the whole list: Qt walks it per glyph, so a missing character in
        # the first font (a rare name like 䶮) still renders from the next one.
        font.setFamilies([*families, *base.families()])
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    return font


def apply_ui_font(app) -> QFont:
    """Set the application's font to the CJK choice and return it."""
    font = ui_font(app.font())
    app.setFont(font)
    return font
