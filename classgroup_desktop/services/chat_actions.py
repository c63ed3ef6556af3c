"""Acting on a flagged chat message: the ready-to-paste reminder, a log entry in one click
with the message and its time as a text evidence file (hashed like a screenshot), and the
escalation ladder for a repeat sender."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from classgroup_desktop.core.chat_review import ChatReviewResult, ReviewedMessage
from classgroup_desktop.core.errors import NotFoundError
from classgroup_desktop.core.ladder import Suggestion, evaluate, live_entries
from classgroup_desktop.core.logchain import LogEntry
from classgroup_desktop.core.naming import nickname_key
from classgroup_desktop.services.chat_review import message_evidence
from classgroup_desktop.services.log import add_entry, ladder_policy, list_entries
from classgroup_desktop.services.messages import render_template
from classgroup_desktop.store.db import Database

__all__ = ["CONTACT_DIRECTLY_RULES", "SenderOutlook", "flag_member", "record_message",
           "reminder_template", "reminder_text", "sender_outlook"]

# Rules whose reminder asks the parent to contact the teacher directly instead of arguing in
# the group; the others get the conduct reminder.
CONTACT_DIRECTLY_RULES = ("家长-1", "家长-2", "教师-6")


def _complainer(result: ChatReviewResult, rm: ReviewedMessage) -> str | None:
    """For a teacher's 教师-6 answer: the parent whose complaint she answered."""
    before = [x for x in result.messages if x.message.position < rm.message.position]
    for x in reversed(before):
        if x.message.sender and any(f.rule in ("家长-1", "家长-2", "宗旨-3") for f in x.flags):
            return x.message.sender
    return None


def reminder_template(rule: str) -> str:
    """The template key for a flag's reminder: "please contact me directly" for complaints
    and arguments (家长-1, 家长-2, 教师-6), the conduct reminder otherwise."""
    return "contact_directly" if rule in CONTACT_DIRECTLY_RULES else "conduct_reminder"


def flag_member(result: ChatReviewResult, rm: ReviewedMessage, rule: str) -> str | None:
    """Whom a flag is about: the sender; the inviter of a system line (家长-4); the parent a
    teacher answered (教师-6)."""
    if rule == "教师-6":
        return _complainer(result, rm) or rm.message.sender
    if rm.message.kind == "system" and rm.message.event is not None:
        return rm.message.event.actor
    return rm.message.sender


def reminder_text(db: Database | None, result: ChatReviewResult, position: int, rule: str) -> str:
    """The ready-to-paste reminder for the flag ``rule`` of message ``position``."""
    rm = _message(result, position)
    nickname = flag_member(result, rm, rule) or ""
    return render_template(reminder_template(rule), db, nickname=nickname, rule_code=rule,
                           class_name=result.class_name)


def _message(result: ChatReviewResult, position: int) -> ReviewedMessage:
    for rm in result.messages:
        if rm.message.position == position:
            return rm
    raise NotFoundError(f"没有第 {position} 条消息。")


def record_message(db: Database, result: ChatReviewResult, position: int, rule: str, *,
                   kind: str | None = None, note: str = "", now: datetime | None = None
                   ) -> LogEntry:
    """One-click log entry from a flagged message: member, rule, and the message text and time
    as a text evidence file. ``kind`` defaults to a reminder (a note when the sender is the
    teacher herself or unnamed)."""
    rm = _message(result, position)
    member = flag_member(result, rm, rule)
    kind = kind or ("reminder" if member else "note")
    description = note.strip() or (
        f"群聊巡查：{'、'.join(f.reason for f in rm.flags if f.rule == rule) or rule}"
    )
    when = rm.message.time or rm.message.extra.get("after")  # a system line: after the last time
    current = (now or datetime.now()).replace(microsecond=0)
    if when is not None and when > current:
        when = current
    return add_entry(db, result.class_name, kind, member=member, rule=rule, note=description,
                     occurred_at=when or current, now=current,
                     identity=rm.identity if member == rm.message.sender and member else None,
                     evidence_texts=[message_evidence(result.class_name, rm, [rule])])


@dataclass(frozen=True)
class SenderOutlook:
    """A sender's history in the log and what the ladder suggests now and after one more
    reminder for ``rule``."""

    earlier_entries: int
    suggestions: tuple[Suggestion, ...]
    after_one_more: tuple[Suggestion, ...]

    def text(self) -> str:
        parts = [f"此前已有 {self.earlier_entries} 条记录"]
        parts += [s.text for s in self.suggestions]
        new = [s for s in self.after_one_more
               if s.step_id not in {x.step_id for x in self.suggestions}]
        parts += [f"若再记一次提醒：{s.text}" for s in new]
        return "；".join(parts)


def sender_outlook(db: Database, class_name: str, sender: str, rule: str,
                   at: datetime | None = None) -> SenderOutlook:
    """The escalation ladder applied to a repeat sender, as for log entries."""
    at = (at or datetime.now()).replace(microsecond=0)
    key = nickname_key(sender)
    entries = [e for e in list_entries(db, class_name) if nickname_key(e.member or "") == key]
    policy = ladder_policy(db)
    now_sugg = evaluate(entries, policy, member_key=nickname_key, at=at)
    last_id = max((e.id for e in entries), default=0)
    template = entries[0] if entries else None
    hypothetical = LogEntry(
        id=last_id + 1, class_id=template.class_id if template else 0, class_name=class_name,
        kind="reminder", member=sender, identity=None, rule=rule, description="",
        occurred_at=at, recorded_at=at, recorded_by=None, voids_entry_id=None, attachments=(),
        prev_hash="", entry_hash="")
    later = evaluate([*entries, hypothetical], policy, member_key=nickname_key, at=at)
    return SenderOutlook(len(live_entries(entries)), tuple(now_sugg), tuple(later))
