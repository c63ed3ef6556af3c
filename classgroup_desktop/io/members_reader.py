"""Member lists in: pasted text (one nickname a line, numbered or a WeChat 接龙), .txt, .csv, .xlsx.

WeChat has no export of a group's members, so lists arrive as whatever the teacher could copy:
a typed list, a 接龙 thread (a header such as ``#接龙`` / ``请家长按格式接龙`` / ``例 张三妈妈``
followed by ``1. 张三妈妈`` lines), a spreadsheet column. The nickname text is kept verbatim
(only surrounding spaces and the list's own numbering are removed); a name ending in “…” is
marked ``truncated`` (WeChat cut it).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from classgroup_desktop.core.errors import BadInputError, os_error_text
from classgroup_desktop.core.naming import MemberInput
from classgroup_desktop.io.regular_file import require_regular_file

# "1. " "1、" "1)" "1）" "1:" "(1)" "（1）" "①" — the list's numbering, not part of the name.
_NUMBERED = re.compile(
    r"^\s*(?:"
    r"\d{1,4}\s*[.、)）:：．]"
    r"|[(（]\s*\d{1,4}\s*[)）]"
    r"|[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]"
    r")\s*"
)
# "1 张三妈妈" / "1\t张三妈妈": numbering by a space only counts when most lines look like it,
# because a nickname may itself start with digits (21张伟妈妈 has no space; 05 张伟 might).
_NUMBERED_BY_SPACE = re.compile(r"^\s*\d{1,4}[ \t\u3000]+(?=\S)")
_TRUNCATION_MARKS = ("…", "...", "⋯", "。。。")

NICKNAME_HEADERS = ("群昵称", "微信昵称", "昵称", "群成员", "成员", "微信名", "名称", "nickname")
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}


def _member(text: str) -> MemberInput | None:
    text = text.strip().strip("\ufeff").strip()
    if not text:
        return None
    return MemberInput(text, truncated=text.endswith(_TRUNCATION_MARKS))


def _first_cell(line: str) -> str:
    """A line pasted from a spreadsheet: its first cell that is not a row number."""
    if "\t" not in line:
        return line
    cells = [c.strip() for c in line.split("\t")]
    return next((c for c in cells if c and not c.isdigit()), "")


def parse_member_text(text: str) -> list[MemberInput]:
    """The members in pasted text, in order; blank lines, numbering and a 接龙 header dropped."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [_first_cell(line.replace("\ufeff", "")) for line in lines]
    nonblank = [line for line in lines if line.strip()]
    if not nonblank:
        return []
    pattern: re.Pattern[str] | None = None
    if any(_NUMBERED.match(line) for line in nonblank):
        pattern = _NUMBERED
    else:
        spaced = sum(1 for line in nonblank if _NUMBERED_BY_SPACE.match(line))
        if spaced >= 2 and spaced * 2 >= len(nonblank):
            pattern = _NUMBERED_BY_SPACE
    members: list[MemberInput] = []
    started = pattern is None
    for line in lines:
        if pattern is not None:
            match = pattern.match(line)
            if match:
                started = True
                line = line[match.end():]
            elif not started:
                continue  # the 接龙 header: 标题、说明、“例 张三妈妈”
        member = _member(line)
        if member is not None:
            members.append(member)
    return members


def read_members_file(path: str | Path) -> list[MemberInput]:
    """The members listed in a .txt, .csv or .xlsx/.xls file; BadInputError naming the file."""
    from classgroup_desktop.io.spreadsheet import (
        MAX_FILE_BYTES,
        cell_text,
        detect_format,
        read_sheets,
    )
    from classgroup_desktop.io.text_encoding import decode_text

    path = require_regular_file(path, "成员名单")
    if path.suffix.lower() in TEXT_SUFFIXES:
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise BadInputError(
                    "文件太大，不像是成员名单。请确认选择的文件正确。", file=path.name
                )
            data = path.read_bytes()
        except OSError as exc:
            raise BadInputError(
                f"无法读取该文件（{os_error_text(exc)}）。", file=path.name
            ) from None
        members = parse_member_text(decode_text(path, data))
    else:
        fmt = detect_format(path, "成员名单")
        if fmt == "csv" and path.suffix.lower() not in {".csv", ".tsv", ".xlsx", ".xls"}:
            members = parse_member_text(decode_text(path, path.read_bytes()))
        else:
            sheets = [s for s in read_sheets(path, fmt) if not s.hidden] or read_sheets(path, fmt)
            members = []
            for sheet in sheets:
                members = _members_in_grid([[cell_text(c) for c in row] for row in sheet.rows])
                if members:
                    break
    if not members:
        raise BadInputError(
            "没有读到任何群成员昵称。请确认文件里每行一个昵称（表格请放在“群昵称”列）。",
            file=path.name,
        )
    return members


def _members_in_grid(rows: list[list[str]]) -> list[MemberInput]:
    """The nickname column of a sheet: under a 群昵称/昵称/成员 header, else the first column
    holding text (a column of row numbers is skipped)."""
    rows = [r for r in rows if any(c for c in r)]
    if not rows:
        return []
    header_at, column = 0, None
    for i, row in enumerate(rows[:10]):
        for j, cell in enumerate(row):
            label = cell.replace(" ", "").rstrip("*＊").lower()
            for wanted in NICKNAME_HEADERS:
                if label == wanted or (wanted in label and len(label) <= len(wanted) + 4):
                    header_at, column = i, j
                    break
            if column is not None:
                break
        if column is not None:
            break
    if column is None:
        width = max(len(r) for r in rows)
        column = next((j for j in range(width)
                       if any(_text_cell(r, j) for r in rows)), 0)
        body = rows
    else:
        body = rows[header_at + 1:]
    members = []
    for row in body:
        value = row[column] if column < len(row) else ""
        member = _member(value)
        if member is not None:
            members.append(member)
    return members


def _text_cell(row: list[Any], j: int) -> bool:
    return j < len(row) and bool(row[j]) and not str(row[j]).isdigit()
