"""群聊巡查 as use cases: review a chat, save the review, act on a flagged message.

- ``review_chat`` resolves every sender with the member check (the group's latest saved check plus
  the sender, as ``text_checks.sender_verdict`` does, in one batch), flags messages with the class's
  rule book, lists who joined since the last saved check and which pending clear-outs a removal in
  the chat closes. Saving stores the period, the counts, the events and the flagged messages only:
  unflagged messages are parents' private words and are never stored.
Acting on a flagged message (reminder, log entry, ladder) is in ``services.chat_actions``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from classgroup_desktop.core.chat_parse import ChatMessage, parse_copied
from classgroup_desktop.core.chat_review import (
    CHAT_EVIDENCE_PREFIX,
    ChatReviewResult,
    ReviewedMessage,
    joined_members,
    review_messages,
)
from classgroup_desktop.core.chat_rules import RuleBook, load_rule_book
from classgroup_desktop.core.errors import BadInputError, NotFoundError
from classgroup_desktop.core.naming import check_members, nickname_key
from classgroup_desktop.core.phone import mask_phones_in
from classgroup_desktop.io import resources
from classgroup_desktop.services.audit import active_confirmations, class_policy_of
from classgroup_desktop.services.classes import find_class, roster_of
from classgroup_desktop.services.log import (
    append_entry,
    recorder_name,
)
from classgroup_desktop.services.pending import NOT_CLEARED, pending_items
from classgroup_desktop.services.settings import CHAT_WORDS, get_setting, set_setting
from classgroup_desktop.store.db import Database
from classgroup_desktop.store.models import (
    AuditMemberRow,
    AuditRow,
    ChatFlaggedMessageRow,
    ChatReviewRow,
)

__all__ = [
    "CHAT_EVIDENCE_PREFIX", "ChatReviewSummary", "known_nicknames", "rule_book", "chat_words",
    "set_chat_words", "parse_chat_text", "review_chat", "list_reviews", "flagged_messages",
    "message_evidence", "set_allowed_words",
]



@dataclass(frozen=True)
class ChatReviewSummary:
    id: int
    class_name: str
    saved_at: datetime
    period_start: datetime | None
    period_end: datetime | None
    source: str
    messages: int
    flagged: int
    by_rule: dict[str, int]
    events: tuple[dict[str, Any], ...]
    joined: tuple[dict[str, Any], ...]
    pending_closed: tuple[dict[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        def iso(d: datetime | None) -> str | None:
            return d.isoformat(timespec="minutes") if d else None

        return {
            "id": self.id, "class": self.class_name, "saved_at": iso(self.saved_at),
            "period": [iso(self.period_start), iso(self.period_end)], "source": self.source,
            "messages": self.messages, "flagged": self.flagged, "by_rule": dict(self.by_rule),
            # Printed output: phone numbers masked (the stored rows keep the evidence verbatim).
            "events": _masked(self.events), "joined": _masked(self.joined),
            "pending_closed": _masked(self.pending_closed),
        }


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask_phones_in(value)
    if isinstance(value, (list, tuple)):
        return [_masked(v) for v in value]
    if isinstance(value, dict):
        return {k: _masked(v) for k, v in value.items()}
    return value


# --- the group as the review sees it ---------------------------------------------------------


@dataclass(frozen=True)
class _Group:
    class_name: str
    members: tuple[dict[str, Any], ...]  # the latest saved check's member verdicts
    roster_nicknames: tuple[str, ...]  # the roster's compliant nicknames
    student_names: tuple[str, ...]
    roster: Any
    policy: Any
    confirmations: dict[str, str]


def _group(db: Database, class_name: str) -> _Group:
    with db.read() as s:
        cls = find_class(s, class_name)
        roster = roster_of(s, cls)
        policy = class_policy_of(s, cls)
        confirmations = active_confirmations(s, cls.id)
        latest = s.scalars(
            select(AuditRow).where(AuditRow.class_id == cls.id)
            .order_by(AuditRow.taken_at.desc(), AuditRow.id.desc()).limit(1)
        ).first()
        members: list[dict[str, Any]] = []
        if latest is not None:
            members = [
                {"nickname": m.nickname, "status": m.status, "identity": dict(m.identity or {}),
                 "flags": list(m.flags or [])}
                for m in s.scalars(select(AuditMemberRow)
                                   .where(AuditMemberRow.audit_id == latest.id)
                                   .order_by(AuditMemberRow.position))
            ]
        name = cls.name
    compliant = [t.name for t in roster.teachers]
    for st in roster.students:
        compliant.append(st.name)
        compliant.extend(st.name + r for r in policy.relations)
    return _Group(name, tuple(members), tuple(dict.fromkeys(compliant)),
                  tuple(st.name for st in roster.students), roster, policy, confirmations)


def known_nicknames(db: Database, class_name: str) -> list[str]:
    """The nicknames that resolve the copied text's ":" ambiguity: the latest saved check's
    members plus the roster's compliant nicknames."""
    g = _group(db, class_name)
    return list(dict.fromkeys([m["nickname"] for m in g.members] + list(g.roster_nicknames)))


def _identities(g: _Group, senders: Iterable[str]
                ) -> dict[str, tuple[dict[str, Any], tuple[str, ...]]]:
    """Each sender's (identity, check flags), judged in the group like ``sender_verdict``: a
    sender showing exactly a member's nickname takes that member's verdict (a flagged twin
    wins); any other sender is checked together with the members, in one batch."""
    out: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {}
    by_nick: dict[str, list[dict[str, Any]]] = {}
    for m in g.members:
        by_nick.setdefault(m["nickname"].strip(), []).append(m)
    new: list[str] = []
    for sender in dict.fromkeys(s for s in senders if s):
        twins = by_nick.get(sender.strip())
        if twins:
            flagged = [m for m in twins if "impersonation" in m["flags"]]
            pick = flagged[0] if flagged else twins[0]
            identity = dict(pick["identity"]) if pick["status"] != "unknown" else {
                "kind": None, "teacher": None, "students": [], "relation": None}
            out[sender] = (identity, tuple(pick["flags"]))
        else:
            new.append(sender)
    if new:
        inputs = [m["nickname"] for m in g.members] + new
        result = check_members(g.roster, inputs, g.policy, g.confirmations)
        for sender, v in zip(new, result.verdicts[len(g.members):], strict=True):
            identity = v.identity.to_dict()
            if v.status == "unknown":
                identity["kind"] = None
            out[sender] = (identity, tuple(v.flags))
    return out


# --- the rule book -----------------------------------------------------------------------------


def chat_words(db: Database) -> dict[str, Any]:
    """The teacher's additions to the word lists and each class's allowed words (设置)."""
    value = get_setting(db, CHAT_WORDS) or {}
    add = value.get("add") if isinstance(value, dict) else None
    allow = value.get("allow") if isinstance(value, dict) else None
    return {"add": dict(add or {}), "allow": dict(allow or {})}


def set_chat_words(db: Database, *, add: Mapping[str, Sequence[str]] | None = None,
                   allow: Mapping[str, Sequence[str]] | None = None) -> None:
    """Replace the added words (rule id or code → words) and/or the allowed words per class."""
    current = chat_words(db)
    if add is not None:
        current["add"] = {k: [w.strip() for w in v if w.strip()] for k, v in add.items()}
    if allow is not None:
        current["allow"] = {k: [w.strip() for w in v if w.strip()] for k, v in allow.items()}
    set_setting(db, CHAT_WORDS, current)


def rule_book(db: Database | None, class_name: str | None = None) -> RuleBook:
    """The rule book (resources/chat_rules.json) with the teacher's added words and the
    class's allowed words."""
    words = chat_words(db) if db is not None else {"add": {}, "allow": {}}
    allowed = words["allow"].get(class_name or "", []) if class_name else []
    return load_rule_book(resources.chat_rules(), extra_words=words["add"], allowed=allowed)


# --- reviewing -------------------------------------------------------------------------------


def parse_chat_text(db: Database, class_name: str, text: str) -> list[ChatMessage]:
    """Copied chat text → messages, the ":" ambiguity resolved with the class's nicknames."""
    return parse_copied(text, known_nicknames(db, class_name))


def _pending_closed(db: Database, class_name: str, result: ChatReviewResult
                    ) -> list[dict[str, Any]]:
    """Pending clear-outs (清退未执行) that a removal (or leaving) seen in the chat closes."""
    items = [p for p in pending_items(db, class_name) if p.kind == NOT_CLEARED]
    if not items:
        return []
    out: list[dict[str, Any]] = []
    for rm in result.messages:
        event = rm.message.event
        if event is None or event.type not in ("removed", "left"):
            continue
        for nick in event.members:
            key = nickname_key(nick)
            for p in items:
                if nickname_key(p.nickname) != key or any(o["entry_id"] == p.entry_id
                                                          for o in out):
                    continue
                # A removal before the clear-out (or not known to be after it) closes nothing.
                when = rm.message.time or rm.message.extra.get("after")
                if when is not None and when < p.since:
                    continue
                out.append({"entry_id": p.entry_id, "nickname": p.nickname,
                            "event": event.type, "position": rm.message.position,
                            "time": rm.message.time.isoformat(timespec="minutes")
                            if rm.message.time else None,
                            "text": rm.message.text})
    return out


def review_chat(db: Database, class_name: str, messages: Sequence[ChatMessage], *,
                save: bool = False, source: str = "", now: datetime | None = None
                ) -> ChatReviewResult:
    """Review ``messages`` for the class (see the module docstring); ``save`` stores the
    review in one transaction (with a log note, carrying the removal as evidence, for each
    pending clear-out the chat closes). BadInputError when there is no message."""
    if not messages:
        raise BadInputError("没有读到任何聊天消息：请粘贴从微信复制的聊天记录，或载入文件、截图。")
    g = _group(db, class_name)
    identities = _identities(g, (m.sender for m in messages if m.sender))
    actors = [a for m in messages if m.event for a in [m.event.actor] if a]
    identities.update({k: v for k, v in _identities(g, actors).items() if k not in identities})
    result = review_messages(g.class_name, messages, identities, rule_book(db, g.class_name),
                             g.student_names)
    joined, invited_by = joined_members(result.messages, [m["nickname"] for m in g.members])
    closed = _pending_closed(db, g.class_name, result)
    result = replace(result, joined=joined, invited_by=invited_by, pending_closed=tuple(closed))
    if not save:
        return result
    return replace(result, review_id=_save(db, g.class_name, result, source, now))


def _event_dicts(result: ChatReviewResult) -> list[dict[str, Any]]:
    return [
        {**rm.message.event.to_dict(), "position": rm.message.position,
         "time": rm.message.time.isoformat(timespec="minutes") if rm.message.time else None,
         "text": rm.message.text}
        for rm in result.messages if rm.message.event is not None
    ]


def message_evidence(class_name: str, rm: ReviewedMessage, rules: Sequence[str] = ()
                     ) -> tuple[str, bytes]:
    """A message as a text evidence file (name, UTF-8 bytes): class, sender, time, position,
    the flags (of ``rules`` if given) with their words, and the text."""
    m = rm.message
    when = f"{m.time:%Y-%m-%d %H:%M}" if m.time else "（复制的消息没有时间）"
    flags = [f for f in rm.flags if not rules or f.rule in rules]
    lines = [
        "群聊巡查：群聊消息原文（证据）",
        f"班级：{class_name}",
        f"发送人：{m.sender or ('（班主任本人）' if m.self_sent else '（系统消息）')}",
        f"时间：{when}",
        f"位置：第 {m.position} 条",
    ]
    lines += [f"规则：{f.rule}；触发：{'、'.join(f.words)}；{f.reason}" for f in flags]
    lines += ["内容：", m.text, ""]
    stamp = f"{m.time:%Y%m%d-%H%M}" if m.time else f"第{m.position}条"
    return f"{CHAT_EVIDENCE_PREFIX}-{stamp}.txt", "\n".join(lines).encode("utf-8")


def _save(db: Database, class_name: str, result: ChatReviewResult, source: str,
          now: datetime | None) -> int:
    saved_at = (now or datetime.now()).replace(microsecond=0)
    start, end = result.period()
    counts = result.counts()
    by_pos = {rm.message.position: rm for rm in result.messages}
    recorder = recorder_name(db, None)
    with db.session() as s:
        cls = find_class(s, class_name)
        row = ChatReviewRow(
            class_id=cls.id, saved_at=saved_at, period_start=start, period_end=end,
            source=(source or "粘贴")[:200], message_count=counts["messages"],
            flagged_count=counts["flagged"], by_rule=counts["by_rule"],
            events=_event_dicts(result),
            joined=[{"nickname": n, "invited_by": result.invited_by.get(n)}
                    for n in result.joined],
            pending_closed=[dict(p) for p in result.pending_closed],
        )
        for rm in result.flagged:
            m = rm.message
            row.flagged.append(ChatFlaggedMessageRow(
                position=m.position, sent_at=m.time, sender=(m.sender or None),
                text=m.text, identity=dict(rm.identity), flags=[f.to_dict() for f in rm.flags]))
        s.add(row)
        s.flush()
        review_id = row.id
        for p in result.pending_closed:
            rm = by_pos[p["position"]]
            name, content = message_evidence(class_name, rm)
            sha = hashlib.sha256(content).hexdigest()
            when = rm.message.time or saved_at
            append_entry(
                s, class_id=cls.id, kind="note", member=p["nickname"], identity=None,
                rule=None,
                description=f"群聊巡查 #{review_id}：看到“{p['nickname']}”已移出群聊，"
                            f"第 {p['entry_id']} 条清退记录已执行。",
                occurred_at=min(when, saved_at), recorded_at=saved_at, recorded_by=recorder,
                voids_entry_id=None, evidence=[(name, sha, content)])
    return review_id


def list_reviews(db: Database, class_name: str, month: str | None = None
                 ) -> list[ChatReviewSummary]:
    """Saved reviews of the class (of one month ``YYYY-MM`` by saved_at), oldest first."""
    with db.read() as s:
        cls = find_class(s, class_name)
        query = select(ChatReviewRow).where(ChatReviewRow.class_id == cls.id)
        if month:
            try:
                first = datetime.strptime(month.strip(), "%Y-%m")
            except ValueError:
                raise BadInputError(
                    f"月份“{month}”格式不对，应为 YYYY-MM，例如 2026-11。") from None
            after = (first + timedelta(days=32)).replace(day=1)
            query = query.where(ChatReviewRow.saved_at >= first, ChatReviewRow.saved_at < after)
        rows = s.scalars(query.order_by(ChatReviewRow.saved_at, ChatReviewRow.id)).all()
        return [
            ChatReviewSummary(r.id, cls.name, r.saved_at, r.period_start, r.period_end, r.source,
                              r.message_count, r.flagged_count, dict(r.by_rule or {}),
                              tuple(r.events or ()), tuple(r.joined or ()),
                              tuple(r.pending_closed or ()))
            for r in rows
        ]


def flagged_messages(db: Database, review_id: int) -> list[dict[str, Any]]:
    """The stored (flagged) messages of a saved review."""
    with db.read() as s:
        row = s.get(ChatReviewRow, review_id)
        if row is None:
            raise NotFoundError(f"没有编号为 {review_id} 的群聊巡查记录。")
        return [
            {"position": m.position,
             "time": m.sent_at.isoformat(timespec="minutes") if m.sent_at else None,
             "sender": m.sender, "text": m.text, "identity": dict(m.identity or {}),
             "flags": list(m.flags or [])}
            for m in row.flagged
        ]


def set_allowed_words(db: Database, class_name: str, words: Sequence[str]) -> None:
    """The words never flagged for this class (设置 → 群聊巡查 → 允许的词)."""
    with db.read() as s:
        name = find_class(s, class_name).name
    allow = chat_words(db)["allow"]
    allow[name] = list(words)
    set_chat_words(db, allow=allow)
