"""Chat text → messages: WeChat's copied messages, table rows and system events. Pure.

How copied text is read (``parse_copied``):
1. WeChat for Mac writes a header line ``昵称 2026/11/3 08:12`` before each message's content;
   WeChat for Windows writes ``昵称:`` (no time). The content follows on the next lines, up to the
   next header.
2. A content line may itself end in ":" (``作业如下:``), which looks like a Windows header. The
   group's known nicknames decide: a ``X:`` line whose X is a known nickname (cosmetic
   differences ignored) is a header. Any other ``X:`` is a header only when X reads like a
   nickname rather than the start of a list (no sentence punctuation, no numbering, not ending
   in 如下/以下/通知…, not a subject such as 语文, at most 24 characters) — so an outsider the
   class does not know (an advertiser) is still seen as a sender.
3. A line that is a WeChat system line (``“李四”退出了群聊`` …) is a system message with its event,
   wherever it appears; it is never speech.

Events: invite, qr_join, removed, left, recall, rename_group. ``actor`` is the nickname that did
it, None when it was the teacher ("你") or nobody is named; ``members`` are the people it
happened to. The patterns are a table (``SYSTEM_PATTERNS``), not a chain of ifs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from classgroup_desktop.core.text import cosmetic_key

EVENT_TYPES = ("invite", "qr_join", "removed", "left", "recall", "rename_group")
TEACHER_SELF = "teacher-self"


@dataclass(frozen=True)
class ChatEvent:
    """A system line's meaning: who did what to whom."""

    type: str  # one of EVENT_TYPES
    actor: str | None
    members: tuple[str, ...] = ()
    detail: str | None = None  # rename_group: the new group name

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "actor": self.actor, "members": list(self.members)}


@dataclass(frozen=True)
class ChatMessage:
    """One message in input order. ``sender`` None: a system line, or the teacher's own
    right-hand bubble in a screenshot (``self_sent``)."""

    position: int
    time: datetime | None
    sender: str | None
    kind: str  # "text" | "system"
    text: str
    event: ChatEvent | None = None
    self_sent: bool = False
    source: str | None = None  # where it was read (file name), for screenshots
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


# --- system lines --------------------------------------------------------------------------

_OPEN = "[“\"「『‘']"
_CLOSE = "[”\"」』’']"
_Q = rf"{_OPEN}(?P<{{name}}>[^”\"」』’']+?){_CLOSE}"
_WHO = "(?:你|" + _Q.format(name="actor") + ")"
_TAIL = r"[\s。.,，]*(?:重新编辑|撤销|修改)?\s*$"


def _quoted(name: str) -> str:
    return _Q.format(name=name)


# (event type, pattern). Members are the quoted names of group "members" (several may be listed
# as “A”、“B”); "you" as the actor means the teacher herself and gives actor None.
SYSTEM_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("invite", re.compile(rf"^{_WHO}邀请(?P<members>.+?)加入了?群聊{_TAIL}")),
    (
        "qr_join",
        re.compile(
            rf"^(?P<members>{_OPEN}.+?{_CLOSE})通过扫描{_WHO}分享的二维码加入了?群聊{_TAIL}"
        ),
    ),
    ("removed", re.compile(rf"^{_WHO}将(?P<members>.+?)移出了?群聊{_TAIL}")),
    ("removed", re.compile(rf"^(?P<members>{_OPEN}.+?{_CLOSE})被{_WHO}?移出了?群聊{_TAIL}")),
    ("left", re.compile(rf"^(?P<members>{_OPEN}.+?{_CLOSE})退出了群聊{_TAIL}")),
    ("recall", re.compile(rf"^{_WHO}撤回了一条(?:成员)?消息{_TAIL}")),
    ("rename_group", re.compile(rf"^{_WHO}修改群名为{_quoted('name')}{_TAIL}")),
)
_MEMBER_Q = re.compile(rf"{_OPEN}([^”\"」』’']+?){_CLOSE}")


def _members(raw: str) -> tuple[str, ...]:
    quoted = [m.strip() for m in _MEMBER_Q.findall(raw) if m.strip()]
    if quoted:
        return tuple(quoted)
    return tuple(p.strip() for p in re.split(r"[、,，和及]", raw) if p.strip())


def parse_system(line: str) -> ChatEvent | None:
    """The event a WeChat system line reports, or None when the line is not one."""
    text = (line or "").strip()
    if not text or len(text) > 300:
        return None
    for kind, pattern in SYSTEM_PATTERNS:
        m = pattern.match(text)
        if m is None:
            continue
        groups = m.groupdict()
        actor = (groups.get("actor") or "").strip() or None
        members = _members(groups.get("members") or "")
        detail = groups.get("name")
        if kind in ("left",):
            actor = members[0] if members else None
        return ChatEvent(kind, actor, members, detail)
    return None


# --- times ----------------------------------------------------------------------------------

_MAC_HEADER = re.compile(
    r"^(?P<nick>.+?)[ \t\u3000]+(?P<date>\d{4}[/\-.年]\d{1,2}[/\-.月]\d{1,2}日?)"
    r"[ \t\u3000]+(?P<time>\d{1,2}:\d{2}(?::\d{2})?)\s*$"
)
_WIN_HEADER = re.compile(r"^(?P<nick>[^\n]{1,60}?)[:：]\s*$")
# Sentence endings that make "X:" a content line introducing what follows, not a sender.
_INTRO_ENDINGS = (
    "如下", "以下", "通知", "注意", "要求", "包括", "事项", "安排", "内容", "提醒", "说明",
    "步骤", "方法", "地址", "时间", "地点", "作业", "名单", "答案", "是", "为", "有", "备注",
)
_LIST_START = re.compile(r"^(?:\d{1,3}\s*[.、)）]|[(（]\d{1,3}[)）]|[一二三四五六七八九十]+、|第)")
_INTRO_INSIDE = ("如下", "以下", "下面", "包括", "如图", "下列", "见下")
_INTRO_STARTS = ("请", "关于", "附", "注:", "注：", "各位", "大家")
_CONTENT_WORDS = frozenset({
    "语文", "数学", "英语", "科学", "美术", "音乐", "体育", "道法", "物理", "化学", "历史", "地理",
    "生物", "政治", "书法", "劳动", "信息", "附件", "链接", "网址", "地点", "备注", "时间", "要求",
    "注意", "提醒", "温馨提示", "重要", "通知", "公告", "回复", "原因", "结果", "例如", "比如",
    "另外", "其次", "首先", "最后", "总结", "答", "问", "答案", "题目", "今天", "明天", "周末",
})
_SENTENCE_PUNCT = re.compile(r"[，。！？!?；;、,（）()《》\[\]【】]")


def parse_datetime(text: str, today: date | None = None) -> datetime | None:
    """A WeChat time: ``2026/11/3 08:12``, ``2026年11月3日 08:12``, ``11月3日 上午8:12``,
    ``昨天 08:12``, ``08:12`` (``today``'s date), ``2026-11-03T08:12``. None if not a time."""
    s = (text or "").strip()
    if not s or len(s) > 40:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?", s):
        s = s.replace("T", " ")
    m = re.fullmatch(
        r"(?:(?P<y>\d{4})[/\-.年])?(?:(?P<mo>\d{1,2})[/\-.月](?P<d>\d{1,2})日?)?\s*"
        r"(?P<rel>昨天|前天|今天|星期[一二三四五六日天]|周[一二三四五六日天])?\s*"
        r"(?P<ap>凌晨|早上|上午|中午|下午|晚上)?\s*(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?",
        s,
    )
    if m is None:
        m2 = re.fullmatch(r"(?P<y>\d{4})[/\-.年](?P<mo>\d{1,2})[/\-.月](?P<d>\d{1,2})日?", s)
        if m2 is None:
            return None
        try:
            return datetime(int(m2["y"]), int(m2["mo"]), int(m2["d"]))
        except ValueError:
            return None
    base = today or date.today()
    hour, minute = int(m["h"]), int(m["mi"])
    if m["ap"] in ("下午", "晚上") and hour < 12:
        hour += 12
    if m["ap"] == "中午" and hour < 11:
        hour += 12
    day = base
    if m["mo"]:
        year = int(m["y"]) if m["y"] else base.year
        try:
            day = date(year, int(m["mo"]), int(m["d"]))
        except ValueError:
            return None
    elif m["rel"] == "昨天":
        day = base - timedelta(days=1)
    elif m["rel"] == "前天":
        day = base - timedelta(days=2)
    elif m["rel"] and m["rel"] != "今天":
        weekday = "一二三四五六日天".index(m["rel"][-1])
        weekday = min(weekday, 6)
        day = base - timedelta(days=(base.weekday() - weekday) % 7 or 7)
    try:
        return datetime(day.year, day.month, day.day, hour, minute, int(m["s"] or 0))
    except ValueError:
        return None


# --- copied text ----------------------------------------------------------------------------


def _looks_like_nickname(nick: str) -> bool:
    """Could ``X`` of a ``X:`` line be a sender the class does not know? Not when it reads like
    the start of a list (作业如下, 语文, 1. 注意事项, 时间): a missed outsider is worse than a
    line the teacher sees split, but a list header is far more common."""
    nick = nick.strip()
    if not nick or len(nick) > 24 or _SENTENCE_PUNCT.search(nick) or _LIST_START.match(nick):
        return False
    if any(w in nick for w in _INTRO_INSIDE) or nick.startswith(_INTRO_STARTS):
        return False
    return not nick.endswith(_INTRO_ENDINGS) and nick not in _CONTENT_WORDS


@dataclass
class _Open:
    sender: str | None
    time: datetime | None
    lines: list[str] = field(default_factory=list)


def parse_copied(
    text: str, known_nicknames: Iterable[str] = (), *, today: date | None = None
) -> list[ChatMessage]:
    """Messages in WeChat's copied text (Windows ``昵称:`` or Mac ``昵称 日期 时间`` headers),
    in input order, with system lines as events. ``known_nicknames`` resolve the ":" ambiguity
    (see the module docstring). Text before the first header is one message without sender."""
    known = {cosmetic_key(n) for n in known_nicknames if n and cosmetic_key(n)}
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").split("\n")
    out: list[ChatMessage] = []
    current: _Open | None = None

    def close() -> None:
        nonlocal current
        if current is None:
            return
        body = "\n".join(current.lines).strip("\n")
        if body.strip():
            out.append(ChatMessage(len(out) + 1, current.time, current.sender, "text", body))
        elif current.sender is not None:  # a header with nothing after it: an empty message
            out.append(ChatMessage(len(out) + 1, current.time, current.sender, "text", ""))
        current = None

    for raw in lines:
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            if current is not None:
                current.lines.append("")
            continue
        event = parse_system(stripped)
        if event is not None:
            close()
            # No time of its own; it happened after the last message with a time.
            after = next((m.time for m in reversed(out) if m.time is not None), None)
            out.append(ChatMessage(len(out) + 1, None, None, "system", stripped, event,
                                   extra={"after": after} if after else {}))
            continue
        mac = _MAC_HEADER.match(stripped)
        if mac is not None:
            when = parse_datetime(f"{mac['date']} {mac['time']}", today)
            nick = mac["nick"].strip()
            # "家长会时间 2026/11/5 15:00" in a notice is content, not a header.
            if when is not None and (cosmetic_key(nick) in known or _looks_like_nickname(nick)):
                close()
                current = _Open(nick, when)
                continue
        win = _WIN_HEADER.match(stripped)
        if win is not None:
            nick = win["nick"].strip()
            key = cosmetic_key(nick)
            if key and (key in known or _looks_like_nickname(nick)):
                close()
                current = _Open(nick, None)
                continue
        if current is None:
            current = _Open(None, None)
        current.lines.append(line)
    close()
    return out


def messages_from_rows(
    rows: Sequence[tuple[Any, Any, Any]], *, today: date | None = None
) -> list[ChatMessage]:
    """Messages from table rows ``(time, sender, content)``; a row whose content is a system
    line becomes a system message. Rows with neither sender nor content are skipped."""
    out: list[ChatMessage] = []
    for raw_time, raw_sender, raw_text in rows:
        text = "" if raw_text is None else str(raw_text).strip()
        sender = "" if raw_sender is None else str(raw_sender).strip()
        if not text and not sender:
            continue
        when: datetime | None
        if isinstance(raw_time, datetime):
            when = raw_time.replace(microsecond=0)
        elif isinstance(raw_time, date):
            when = datetime(raw_time.year, raw_time.month, raw_time.day)
        else:
            when = parse_datetime(str(raw_time or ""), today)
        event = parse_system(text) if not sender or parse_system(text) else None
        if event is not None:
            out.append(ChatMessage(len(out) + 1, when, None, "system", text, event))
        else:
            out.append(ChatMessage(len(out) + 1, when, sender or None, "text", text))
    return out


def renumber(messages: Iterable[ChatMessage]) -> list[ChatMessage]:
    """The messages with positions 1..n in the given order."""
    from dataclasses import replace

    return [replace(m, position=i) for i, m in enumerate(messages, 1)]


def messages_from_sided(
    rows: Sequence[tuple[str, str | None, str, datetime | None]], source: str | None = None
) -> list[ChatMessage]:
    """Messages from screenshot rows ``(side, sender, text, time)``: side "right" is the
    teacher's own bubble (sender None, ``self_sent``), "center" a system or other grey line,
    "left" someone's message. Rows without text are skipped."""
    out: list[ChatMessage] = []
    for side, sender, text, when in rows:
        text = (text or "").strip()
        if not text:
            continue
        if side == "center":
            out.append(ChatMessage(len(out) + 1, when, None, "system", text, parse_system(text),
                                   source=source))
        elif side == "right":
            out.append(ChatMessage(len(out) + 1, when, None, "text", text, self_sent=True,
                                   source=source))
        else:
            out.append(ChatMessage(len(out) + 1, when, (sender or "").strip() or None, "text",
                                   text, source=source))
    return out
