"""What to tell a teacher whose machine has no Chinese font (Qt then draws boxes)."""

from __future__ import annotations


def missing_chinese_font_message(platform: str) -> str:
    """The one warning, with the install step for ``platform`` (``sys.platform``)."""
    if platform.startswith("linux"):
        how = ("Debian/Ubuntu：sudo apt-get install fonts-noto-cjk fonts-wqy-microhei；"
               "其他发行版请安装 Noto Sans CJK SC 或文泉驿微米黑")
    elif platform == "darwin":
        how = "macOS 自带的“苹方”字体被移除了，请在“字体册”中恢复系统字体"
    else:
        how = "请在“设置 → 个性化 → 字体”中安装“微软雅黑”或其他简体中文字体"
    return (f"没有找到中文字体，界面和月报 PDF 里的汉字会显示成方框。"
            f"请安装中文字体（{how}），然后重新打开软件。")
