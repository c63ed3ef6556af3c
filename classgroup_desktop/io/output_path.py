"""Checking where a file is to be saved, before anything is computed or written."""

from __future__ import annotations

from pathlib import Path

from classgroup_desktop.core.errors import UserError


def check_output_path(path: str | Path) -> Path:
    """``path`` as a ``Path`` when a file can be saved there; ``UserError`` otherwise.

    The folder must exist already: a mistyped folder (``D:\\月报\\2026-3\\x.pdf``) is not
    created silently, where the teacher would not find the file again.
    """
    p = Path(path).expanduser()
    if p.is_dir():
        raise UserError(f"无法写入“{p}”：这是一个文件夹，不是文件。请在路径后面加上文件名。")
    parent = p.parent
    if parent.exists() and not parent.is_dir():
        raise UserError(f"无法写入“{p}”：“{parent}”是一个文件，不是文件夹。请换一个保存位置。")
    if not parent.is_dir():
        raise UserError(
            f"无法写入“{p}”：保存位置的文件夹“{parent}”不存在。"
            "请先建好这个文件夹，或换一个已有的文件夹。"
        )
    return p
