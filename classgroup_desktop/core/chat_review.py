"""群聊巡查 of parsed messages: who said it, which rules it touches, what happened. Pure.

For each message, in input order:
- **Sender.** Its identity comes from the member check (the service judges every sender together
  with the group's latest saved check). A teacher's own right-hand bubble is ``teacher-self``.
  An unknown sender or a flagged impostor is flagged 入群-1.
- **Words.** The rule book (``core.chat_rules``) flags ads, complaints, inflammatory calls,
  insults and off-topic posts; the ``senders`` of each rule say whom it applies to, so a
  teacher's 投票 for the class committee is not a vote request.
- **Fraud.** A money request (the 防诈骗检查's money words) from anyone but a real teacher of the
  class, or from an impostor, is flagged; a teacher's 缴费 notice is not.
- **Teachers.** The 发布前检查 (教师-4 rankings, 教师-5 one child's problems) runs on teachers'
  messages; a teacher answering a flagged complaint within a few messages is 教师-6.
- **Events.** An invite or QR share by someone who is not a teacher is 家长-4.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from classgroup_desktop.core.chat_parse import TEACHER_SELF, ChatMessage
from classgroup_desktop.core.chat_rules import RuleBook, normalise
from classgroup_desktop.core.fraudcheck import AMOUNT_RE, MONEY_WORDS, fraudcheck
from classgroup_desktop.core.phone import mask_phones_in
from classgroup_desktop.core.selfcheck import selfcheck
from classgroup_desktop.core.text import cosmetic_key

# Evidence files of log entries made from a chat message start with this (the monthly report
# counts those entries as actions taken after a review).
CHAT_EVIDENCE_PREFIX = "群聊消息"
TEACHER_SELF_IDENTITY: dict[str, Any] = {
    "kind": TEACHER_SELF, "teacher": None, "students": [], "relation": None,
}
UNKNOWN_IDENTITY: dict[str, Any] = {"kind": None, "teacher": None, "students": [], "relation": None}


@dataclass(frozen=True)
class ChatFlag:
    """One finding: the rule code, the words or pattern text that triggered it, why."""

    rule: str
    words: tuple[str, ...]
    reason: str
    kind: str  # rule book id, or "sender", "fraud", "selfcheck", "teacher_answer", "invite"
    spans: tuple[tuple[int, int], ...] = ()  # in the message text, for highlighting

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape; phone numbers masked (138****5678) like everything printed."""
        return {"rule": self.rule, "words": [mask_phones_in(w) for w in self.words],
                "reason": self.reason}


@dataclass(frozen=True)
class ReviewedMessage:
    message: ChatMessage
    identity: dict[str, Any]
    sender_flags: tuple[str, ...]  # the member check's flags of the sender (impersonation …)
    flags: tuple[ChatFlag, ...]

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.rule for f in self.flags))

    def to_dict(self) -> dict[str, Any]:
        m = self.message
        event = m.event.to_dict() if m.event else None
        if event is not None:
            event = {**event, "actor": mask_phones_in(event["actor"]) if event["actor"] else None,
                     "members": [mask_phones_in(x) for x in event["members"]]}
        return {
            "position": m.position,
            "time": m.time.isoformat(timespec="minutes") if m.time else None,
            "sender": mask_phones_in(m.sender) if m.sender else m.sender,
            "kind": m.kind,
            "text": mask_phones_in(m.text),
            "identity": dict(self.identity),
            "flags": [f.to_dict() for f in self.flags],
            "event": event,
        }


@dataclass(frozen=True)
class ChatReviewResult:
    class_name: str
    messages: tuple[ReviewedMessage, ...]
    joined: tuple[str, ...] = ()
    invited_by: Mapping[str, str | None] = field(default_factory=dict)
    pending_closed: tuple[dict[str, Any], ...] = ()
    review_id: int | None = None

    @property
    def flagged(self) -> tuple[ReviewedMessage, ...]:
        return tuple(m for m in self.messages if m.flagged)

    def counts(self) -> dict[str, Any]:
        by_rule: Counter[str] = Counter()
        for m in self.messages:
            by_rule.update(m.rules)
        return {
            "messages": len(self.messages),
            "flagged": len(self.flagged),
            "by_rule": dict(sorted(by_rule.items())),
        }

    def period(self) -> tuple[datetime | None, datetime | None]:
        times = [m.message.time for m in self.messages if m.message.time is not None]
        return (min(times), max(times)) if times else (None, None)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``chat-review --json``."""
        out: dict[str, Any] = {
            "class": self.class_name,
            "messages": [m.to_dict() for m in self.messages],
            "counts": self.counts(),
            "joined": [mask_phones_in(n) for n in self.joined],
            "pending_closed": [
                {**p, "nickname": mask_phones_in(str(p.get("nickname") or "")),
                 "text": mask_phones_in(str(p.get("text") or ""))}
                for p in self.pending_closed
            ],
        }
        if self.review_id is not None:
            out["review_id"] = self.review_id
        return out


def is_teacher(identity: Mapping[str, Any] | None, sender_flags: Iterable[str] = ()) -> bool:
    """A real teacher of the class: identity teacher (or teacher-self) and not an impostor."""
    kind = (identity or {}).get("kind")
    return kind in ("teacher", TEACHER_SELF) and "impersonation" not in set(sender_flags)


def _flag_sender(identity: Mapping[str, Any], flags: Sequence[str], book: RuleBook,
                 sender: str) -> ChatFlag | None:
    cfg = book.sections.get("sender") or {}
    rule = str(cfg.get("rule") or "入群-1")
    if "impersonation" in flags:
        return ChatFlag(rule, (sender,), str(cfg.get("impostor_reason") or "疑似冒充老师"),
                        "sender")
    if identity.get("kind") is None:
        return ChatFlag(rule, (sender,), str(cfg.get("unknown_reason") or "发送人身份不明"),
                        "sender")
    return None


# Most messages mention no money at all: one compiled pass decides whether the 防诈骗检查
# (a loop over its word list) needs to run.
_MONEY_GATE = re.compile(
    "|".join(re.escape(w) for w in MONEY_WORDS) + "|" + AMOUNT_RE.pattern, re.IGNORECASE
)


def _fraud_flag(text: str, book: RuleBook) -> ChatFlag | None:
    if not _MONEY_GATE.search(text):
        return None
    money = [w for w in fraudcheck(text) if w.category in ("money", "payment_channel")]
    if not money:
        return None
    cfg = book.sections.get("fraud") or {}
    w = money[0]
    words = w.message.split("（", 1)[1].split("）", 1)[0].split("、") if "（" in w.message else []
    return ChatFlag(
        str(cfg.get("rule") or "家长-5"),
        tuple(dict.fromkeys(words or [w.span])),
        str(cfg.get("reason") or "疑似诈骗：要求付款"),
        "fraud",
        ((w.start, w.end),),
    )


def _mentions(text: str, nickname: str) -> bool:
    key = cosmetic_key(nickname)
    if not key:
        return False
    for part in text.split("@")[1:]:
        if cosmetic_key(part[: len(nickname) + 2]).startswith(key):
            return True
    return False


def review_messages(
    class_name: str,
    messages: Sequence[ChatMessage],
    identities: Mapping[str, tuple[Mapping[str, Any], Sequence[str]]],
    book: RuleBook,
    student_names: Sequence[str] = (),
) -> ChatReviewResult:
    """Review ``messages`` (see the module docstring). ``identities`` maps each sender's
    nickname to (identity dict, member-check flags); a missing sender is unknown."""
    answer = book.sections.get("teacher_answer") or {}
    answer_rules = set(answer.get("follow_rules") or ())
    answer_window = int(answer.get("window") or 5)
    answer_words = tuple(str(w) for w in answer.get("words") or ())
    invite_cfg = book.sections.get("invite") or {}
    out: list[ReviewedMessage] = []
    teacher_checks: dict[str, list[Any]] = {}  # 发布前检查 by text: notices are often repeated
    # The latest flagged complaint: (index in ``out``, sender)
    complaint: tuple[int, str] | None = None
    for msg in messages:
        flags: list[ChatFlag] = []
        if msg.self_sent or (msg.kind == "text" and msg.sender is None and msg.self_sent):
            identity: Mapping[str, Any] = TEACHER_SELF_IDENTITY
            sender_flags: Sequence[str] = ()
        elif msg.sender:
            identity, sender_flags = identities.get(msg.sender, (UNKNOWN_IDENTITY, ()))
        else:
            identity, sender_flags = UNKNOWN_IDENTITY, ()
        if msg.kind == "system":
            event = msg.event
            if event is not None and event.type in ("invite", "qr_join") and event.actor:
                actor_identity, actor_flags = identities.get(event.actor, (UNKNOWN_IDENTITY, ()))
                if not is_teacher(actor_identity, actor_flags):
                    flags.append(ChatFlag(
                        str(invite_cfg.get("rule") or "家长-4"), (event.actor,),
                        str(invite_cfg.get("reason") or "非老师邀请他人进群"), "invite"))
            out.append(ReviewedMessage(msg, dict(UNKNOWN_IDENTITY), (), tuple(flags)))
            continue
        teacher = is_teacher(identity, sender_flags)
        if msg.sender and not msg.self_sent:
            sender_flag = _flag_sender(identity, sender_flags, book, msg.sender)
            if sender_flag is not None:
                flags.append(sender_flag)
        n = normalise(msg.text)
        for hit in book.match_normalised(n, "teacher" if teacher else "parent"):
            flags.append(ChatFlag(hit.rule, hit.words, hit.reason, hit.rule_id, hit.spans))
        if not teacher:
            fraud = _fraud_flag(msg.text, book)
            if fraud is not None:
                flags.append(fraud)
        else:
            if msg.text not in teacher_checks:
                teacher_checks[msg.text] = selfcheck(msg.text, list(student_names))
            for w in teacher_checks[msg.text]:
                if w.level == "warning":
                    flags.append(ChatFlag(w.rule, (w.span,), w.message, "selfcheck",
                                          ((w.start, w.end),)))
            if complaint is not None and len(out) - complaint[0] <= answer_window:
                said = [w for w in answer_words if w in msg.text]
                if said or _mentions(msg.text, complaint[1]):
                    flags.append(ChatFlag(
                        str(answer.get("rule") or "教师-6"),
                        tuple(said) or ("@" + complaint[1],),
                        str(answer.get("reason") or "建议私下沟通"), "teacher_answer"))
                    complaint = None
        if not teacher and msg.sender and any(f.rule in answer_rules for f in flags):
            complaint = (len(out), msg.sender)
        # One flag per rule code: merge words of hits citing the same rule.
        out.append(ReviewedMessage(msg, dict(identity), tuple(sender_flags), _merge(flags)))
    return ChatReviewResult(class_name, tuple(out))


def _merge(flags: list[ChatFlag]) -> tuple[ChatFlag, ...]:
    merged: dict[str, ChatFlag] = {}
    for f in flags:
        old = merged.get(f.rule)
        if old is None:
            merged[f.rule] = f
        else:
            merged[f.rule] = ChatFlag(
                f.rule, tuple(dict.fromkeys(old.words + f.words)), old.reason, old.kind,
                tuple(dict.fromkeys(old.spans + f.spans)))
    return tuple(merged.values())


def joined_members(
    result_messages: Sequence[ReviewedMessage], known_nicknames: Iterable[str]
) -> tuple[tuple[str, ...], dict[str, str | None]]:
    """Members who joined (invite / QR) and are not among ``known_nicknames`` (the latest
    saved check), unless they left or were removed later in the chat; with who invited them."""
    known = {cosmetic_key(n) for n in known_nicknames}
    joined: dict[str, str | None] = {}
    for rm in result_messages:
        event = rm.message.event
        if event is None:
            continue
        for nick in event.members:
            if event.type in ("invite", "qr_join") and cosmetic_key(nick) not in known:
                joined[nick] = event.actor
            elif event.type in ("removed", "left"):
                joined.pop(nick, None)
    return tuple(joined), joined
