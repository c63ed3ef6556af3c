"""Chat files in: copied text saved as .txt (any common encoding), or a typed/exported table.

A table (.csv, .xlsx, .xls) is recognised by its header, found by synonyms as the roster import
does: 时间/日期/发送时间, 发送人/发言人/昵称/群昵称/发送者, 内容/消息/消息内容. The header may sit
under title rows. Text is returned as is, for ``core.chat_parse.parse_copied`` with the class's
known nicknames (the service has them).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from classgroup_desktop.core.errors import BadInputError, os_error_text
from classgroup_desktop.io.regular_file import require_regular_file

TEXT_SUFFIXES = {".txt", ".text", ".md", ".log", ""}
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "time": ("时间", "发送时间", "日期", "日期时间", "消息时间", "time", "date"),
    "sender": ("发送人", "发言人", "昵称", "群昵称", "发送者", "发言者", "成员", "sender", "name"),
    "text": (
        "内容", "消息", "消息内容", "聊天内容", "发言内容", "文本", "content", "message", "text",
    ),
}


@dataclass(frozen=True)
class ChatFile:
    """What a chat file holds: copied ``text``, or table ``rows`` of (time, sender, content)."""

    name: str
    text: str | None = None
    rows: tuple[tuple[Any, Any, Any], ...] = ()


def _label(cell: Any) -> str:
    return str(cell or "").replace(" ", "").replace("\u3000", "").rstrip("*＊:：").lower()


def find_header(rows: list[list[Any]]) -> tuple[int, dict[str, int]] | None:
    """(row index, column of time/sender/text) of the first of ten rows naming a content column
    and a sender column; None when no row does."""
    for i, row in enumerate(rows[:10]):
        cols: dict[str, int] = {}
        for j, cell in enumerate(row):
            label = _label(cell)
            for field, names in HEADER_SYNONYMS.items():
                if field not in cols and label in names:
                    cols[field] = j
        if "text" in cols and "sender" in cols:
            return i, cols
    return None


def rows_from_grid(rows: list[list[Any]], name: str) -> tuple[tuple[Any, Any, Any], ...]:
    """The (time, sender, content) rows under the header; BadInputError naming the file."""
    found = find_header(rows)
    if found is None:
        raise BadInputError(
            "表格里找不到表头：请让表格有“时间”“发送人”（或“发言人”“昵称”）“内容”这几列。",
            file=name,
        )
    at, cols = found

    def cell(row: list[Any], field: str) -> Any:
        j = cols.get(field)
        return row[j] if j is not None and j < len(row) else None

    out = []
    for row in rows[at + 1 :]:
        if not any(str(c or "").strip() for c in row):
            continue
        out.append((cell(row, "time"), cell(row, "sender"), cell(row, "text")))
    if not out:
        raise BadInputError("表格里表头下面没有任何消息。", file=name)
    return tuple(out)


def read_chat_file(path: str | Path) -> ChatFile:
    """A chat file: text (.txt in UTF-8/UTF-16/GBK) or a table (.csv/.xlsx/.xls)."""
    from classgroup_desktop.io.spreadsheet import detect_format, read_sheets
    from classgroup_desktop.io.text_encoding import decode_text

    p = require_regular_file(path, "聊天记录文件")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise BadInputError(f"无法读取该文件（{os_error_text(exc)}）。", file=p.name) from None
    if not data.strip():
        raise BadInputError("文件是空的，没有任何聊天记录。", file=p.name)
    if p.suffix.lower() in TEXT_SUFFIXES:
        return ChatFile(p.name, text=decode_text(p, data))
    fmt = detect_format(p, "聊天记录表格")
    if fmt == "csv" and p.suffix.lower() not in {".csv", ".tsv", ".xlsx", ".xls"}:
        return ChatFile(p.name, text=decode_text(p, data))
    sheets = [s for s in read_sheets(p, fmt) if not s.hidden] or read_sheets(p, fmt)
    first_error: BadInputError | None = None
    for sheet in sheets:
        try:
            return ChatFile(p.name, rows=rows_from_grid([list(r) for r in sheet.rows], p.name))
        except BadInputError as exc:
            first_error = first_error or exc
    raise first_error or BadInputError("表格里没有任何消息。", file=p.name)
