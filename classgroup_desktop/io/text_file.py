"""Reading a short text file the teacher points at (a draft, a copied group message)."""

from __future__ import annotations

from pathlib import Path

from classgroup_desktop.core.errors import BadInputError, os_error_text
from classgroup_desktop.io.regular_file import require_regular_file

# A draft or a copied message is a few KB; a bigger "text" is the wrong file.
MAX_TEXT_BYTES = 5 * 1024 * 1024


def read_text_file(path: str | Path, what: str = "文本文件") -> str:
    """The file's text, decoded as UTF-8 (with or without BOM) or GBK/GB18030.

    ``BadInputError`` naming the file: not a regular file (a FIFO or device is refused before it
    is opened, so nothing hangs), unreadable, over ``MAX_TEXT_BYTES``, or not text.
    """
    p = require_regular_file(path, what)
    try:
        with p.open("rb") as f:
            data = f.read(MAX_TEXT_BYTES + 1)
    except OSError as exc:
        raise BadInputError(f"无法读取：{os_error_text(exc)}。", file=str(p)) from None
    if len(data) > MAX_TEXT_BYTES:
        raise BadInputError(
            f"文件太大（超过 {MAX_TEXT_BYTES // 1024 // 1024} MB），不像是草稿或群消息。"
            "请把要检查的文字复制到一个新的文本文件里。",
            file=str(p),
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BadInputError("不是文本文件（无法按 UTF-8 或 GBK 读取）。", file=str(p))
