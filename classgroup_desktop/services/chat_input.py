"""Use case: the chat to review, from pasted text, a file or screenshots, as messages.

Copied text is parsed with the class's known nicknames (the ":" ambiguity); tables by their
header; screenshots are read offline by OCR and merged (``io.chat_screens``). Nothing is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from classgroup_desktop.core.chat_parse import (
    ChatMessage,
    messages_from_rows,
    messages_from_sided,
    parse_copied,
    renumber,
)
from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.services.chat_review import known_nicknames
from classgroup_desktop.store.db import Database

__all__ = ["ChatInput", "ScreenRow", "read_chat", "read_chat_screens", "messages_from_screen_rows"]


@dataclass(frozen=True)
class ScreenRow:
    """One message read from screenshots, for the preview: side "left"/"right"/"center"."""

    side: str
    sender: str | None
    text: str
    time: datetime | None
    confidence: float
    file: str


@dataclass(frozen=True)
class ChatInput:
    messages: tuple[ChatMessage, ...]
    source: str
    warnings: tuple[str, ...] = ()
    screen_rows: tuple[ScreenRow, ...] = field(default=())


def read_chat_screens(paths: Sequence[str | Path],
                      progress: Callable[[int, int], None] | None = None
                      ) -> tuple[list[ScreenRow], list[str]]:
    """Chat screenshots (scrolling order) → rows to preview and correct, and warnings."""
    from classgroup_desktop.io.chat_screens import read_chat_screens as read

    got = read(list(paths), progress)
    rows = [ScreenRow(ln.side, ln.sender, ln.text, ln.time, ln.confidence, ln.file)
            for ln in got.lines]
    return rows, list(got.warnings)


def messages_from_screen_rows(rows: Sequence[ScreenRow]) -> list[ChatMessage]:
    """The (corrected) screenshot rows as messages; the teacher's own bubbles have no sender."""
    return messages_from_sided([(r.side, r.sender, r.text, r.time) for r in rows])


def read_chat(db: Database, class_name: str, *, file: str | Path | None = None,
              text: str | None = None, screens: Sequence[str | Path] = (),
              progress: Callable[[int, int], None] | None = None) -> ChatInput:
    """Messages from pasted ``text``, a ``file`` (.txt/.csv/.xlsx) and/or ``screens``, in that
    order; BadInputError (naming the file) when nothing readable is given."""
    messages: list[ChatMessage] = []
    sources: list[str] = []
    warnings: list[str] = []
    rows: list[ScreenRow] = []
    known: list[str] | None = None
    if text is not None:
        known = known_nicknames(db, class_name)
        messages += parse_copied(text, known)
        sources.append("粘贴")
    if file is not None:
        from classgroup_desktop.io.chat_reader import read_chat_file

        chat = read_chat_file(file)
        if chat.text is not None:
            known = known if known is not None else known_nicknames(db, class_name)
            got = parse_copied(chat.text, known)
        else:
            got = messages_from_rows(chat.rows)
        if not got:
            raise BadInputError("文件里没有读到任何聊天消息。", file=chat.name)
        messages += got
        sources.append(chat.name)
    if screens:
        rows, shot_warnings = read_chat_screens(screens, progress)
        warnings += shot_warnings
        messages += messages_from_screen_rows(rows)
        sources.append("截图：" + "、".join(Path(s).name for s in screens))
    if not messages:
        raise BadInputError("没有读到任何聊天消息：请粘贴从微信复制的聊天记录，或载入文件、截图。")
    return ChatInput(tuple(renumber(messages)), "；".join(sources)[:200], tuple(warnings),
                     tuple(rows))
