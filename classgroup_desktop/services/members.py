"""The member list a check is given: pasted text (one nickname a line, numbered, or a WeChat
接龙) or a .txt/.csv/.xlsx file. The formats are read by ``io.members_reader``; the GUI and the
CLI come here. (Screenshots of the member page go through ``services.screens``.)
"""

from __future__ import annotations

from pathlib import Path

from classgroup_desktop.core.naming import MemberInput
from classgroup_desktop.io.members_reader import parse_member_text, read_members_file

__all__ = ["members_from_file", "members_from_text"]


def members_from_text(text: str) -> list[MemberInput]:
    """The members in pasted text, in order; blank lines, numbering and a 接龙 header dropped."""
    return parse_member_text(text)


def members_from_file(path: str | Path) -> list[MemberInput]:
    """The members in a .txt/.csv/.xlsx file; ``UserError`` naming the file when it cannot be
    read or holds no nicknames."""
    return read_members_file(path)
