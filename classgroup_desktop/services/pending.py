"""Closing the loop between the log and the audits: what the teacher said she did but did not.

- 清退未执行: a member logged as cleared out (entry not voided, no later 恢复入群) who is still in
  the latest audit taken after the clear-out.
- 提醒未见效: a member reminded to rename (a reminder citing 入群-2) who, in the latest audit taken
  at least N days later (ladder policy ``rename_grace_days``, default 3), is still there under
  the same nickname and not compliant.

- 新入群，请核对: someone a saved 群聊巡查 saw join (invite, QR code) after the latest member check;
  the next saved check settles it.

A clear-out is done (no longer pending) once a saved 群聊巡查 saw the member removed from the
group, or leave it, after the clear-out (the review lists it in ``pending_closed``): the teacher
saw it happen.

Members are matched by the check engine's nickname key. A clear-out logged with a date only
(``--at 2026-11-03``, stored at midnight) counts from the end of that day, so the very audit that
prompted it that morning does not count against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from classgroup_desktop.core.ladder import live_entries
from classgroup_desktop.core.logchain import LogEntry
from classgroup_desktop.core.naming import nickname_key
from classgroup_desktop.services.classes import find_class
from classgroup_desktop.services.log import ladder_policy, list_entries
from classgroup_desktop.store.db import Database
from classgroup_desktop.store.models import AuditMemberRow, AuditRow, ChatReviewRow

NOT_CLEARED = "清退未执行"
NEW_MEMBER = "新入群，请核对"
REMINDER_INEFFECTIVE = "提醒未见效"
RENAME_RULE = "入群-2"


@dataclass(frozen=True, slots=True)
class PendingItem:
    """One open loop: ``kind`` is 清退未执行 or 提醒未见效; ``since`` is when the entry happened."""

    kind: str
    nickname: str
    since: datetime
    detail: str
    entry_id: int  # 0 for 新入群，请核对 (no log entry behind it)
    audit_id: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "nickname": self.nickname,
            "since": self.since.isoformat(timespec="seconds"),
            "detail": self.detail,
            "entry_id": self.entry_id,
            "audit_id": self.audit_id,
        }


@dataclass(frozen=True, slots=True)
class _Audit:
    id: int
    taken_at: datetime
    members: dict[str, str]  # nickname key -> status


def _effective_time(entry: LogEntry) -> datetime:
    """From when a check that still lists the member counts against a clear-out: the next
    day. A check saved minutes after marking was pasted before the teacher acted in WeChat."""
    return datetime.combine(entry.occurred_at.date() + timedelta(days=1), time(0, 0))


def cleared_out_keys(db: Database, class_name: str, at: datetime | None = None) -> set[str]:
    """Nickname keys of members logged as cleared out (entry live, no later 恢复入群): the
    check shows them 待清退 while still in the group, the comparison 已清退 once gone."""
    at = at or datetime.now()
    entries = [e for e in live_entries(list_entries(db, class_name))
               if e.member and e.occurred_at <= at]
    keys: set[str] = set()
    for e in entries:  # ordered by time: a later 恢复入群 undoes an earlier clear-out
        key = nickname_key(e.member or "")
        if e.kind == "clear-out":
            keys.add(key)
        elif e.kind == "readmit":
            keys.discard(key)
    return keys


def _audits(db: Database, class_name: str, at: datetime) -> list[_Audit]:
    with db.read() as s:
        cls = find_class(s, class_name)
        rows = s.scalars(
            select(AuditRow)
            .where(AuditRow.class_id == cls.id, AuditRow.taken_at <= at)
            .order_by(AuditRow.taken_at)
        ).all()
        out = []
        for a in rows:
            members = {
                nickname_key(m.nickname): m.status
                for m in s.scalars(select(AuditMemberRow).where(AuditMemberRow.audit_id == a.id))
            }
            out.append(_Audit(a.id, a.taken_at, members))
        return out


def _closed_by_chat_reviews(db: Database, class_name: str) -> set[int]:
    """Ids of the clear-out entries that a saved chat review saw carried out."""
    with db.read() as s:
        cls = find_class(s, class_name)
        rows = s.scalars(
            select(ChatReviewRow.pending_closed).where(ChatReviewRow.class_id == cls.id)
        )
        return {int(p["entry_id"]) for closed in rows for p in closed or [] if "entry_id" in p}


def _latest_after(audits: list[_Audit], after: datetime) -> _Audit | None:
    later = [a for a in audits if a.taken_at >= after]
    return later[-1] if later else None


def _joined_since_check(db: Database, class_name: str, at: datetime,
                        checked_at: datetime | None) -> list[PendingItem]:
    """Members the chat reviews saved after the latest check (up to ``at``) saw join."""
    with db.read() as s:
        cls = find_class(s, class_name)
        query = select(ChatReviewRow).where(ChatReviewRow.class_id == cls.id,
                                            ChatReviewRow.saved_at <= at)
        if checked_at is not None:
            query = query.where(ChatReviewRow.saved_at > checked_at)
        rows = s.scalars(query.order_by(ChatReviewRow.saved_at, ChatReviewRow.id)).all()
        out: dict[str, PendingItem] = {}
        for r in rows:
            for j in r.joined or []:
                nick = str(j.get("nickname") or "")
                by = j.get("invited_by")
                how = f"由“{by}”邀请" if by else "入群"
                out.setdefault(nickname_key(nick), PendingItem(
                    NEW_MEMBER, nick, r.saved_at,
                    f"{r.saved_at:%Y-%m-%d} 的群聊巡查看到“{nick}”{how}加入群聊，"
                    f"请在下次成员检查时核对身份。", 0, 0))
        return list(out.values())


def pending_items(db: Database, class_name: str, at: datetime | None = None) -> list[PendingItem]:
    """Open loops of the class as of ``at`` (default now), newest first."""
    at = at or datetime.now()
    audits = _audits(db, class_name, at)
    joined = _joined_since_check(db, class_name, at, audits[-1].taken_at if audits else None)
    if not audits:
        return sorted(joined, key=lambda p: p.since, reverse=True)
    entries = [
        e for e in live_entries(list_entries(db, class_name)) if e.member and e.occurred_at <= at
    ]
    grace = timedelta(days=ladder_policy(db).rename_grace_days)
    out: list[PendingItem] = list(joined)
    latest_by_member: dict[tuple[str, str], LogEntry] = {}
    for e in entries:  # ordered by occurred_at: the last one per member and kind wins
        if e.kind == "clear-out" or (e.kind == "reminder" and e.rule == RENAME_RULE):
            latest_by_member[(e.kind, nickname_key(e.member or ""))] = e

    def later_entry(key: str, kinds: set[str], after: LogEntry) -> bool:
        return any(
            x.kind in kinds
            and nickname_key(x.member or "") == key
            and (x.occurred_at, x.id) > (after.occurred_at, after.id)
            for x in entries
        )

    closed = _closed_by_chat_reviews(db, class_name)
    for (kind, key), e in latest_by_member.items():
        if kind == "clear-out":
            if later_entry(key, {"readmit"}, e):
                continue
            if e.id in closed:
                continue
            audit = _latest_after(audits, _effective_time(e))
            if audit and key in audit.members:
                out.append(
                    PendingItem(
                        NOT_CLEARED,
                        e.member or "",
                        e.occurred_at,
                        f"{e.occurred_at:%Y-%m-%d} 已记录清退（{e.rule}），"
                        f"但 {audit.taken_at:%Y-%m-%d %H:%M} "
                        f"的成员检查中仍在群内。请在微信群中移出，或作废该清退记录。",
                        e.id,
                        audit.id,
                    )
                )
        else:
            if later_entry(key, {"clear-out"}, e):
                continue
            audit = _latest_after(audits, e.occurred_at + grace)
            if audit and audit.members.get(key) not in (None, "ok"):
                days = (audit.taken_at - e.occurred_at).days
                out.append(
                    PendingItem(
                        REMINDER_INEFFECTIVE,
                        e.member or "",
                        e.occurred_at,
                        f"{e.occurred_at:%Y-%m-%d} 已提醒改名（入群-2），{days} 天后"
                        f"（{audit.taken_at:%Y-%m-%d} 的成员检查）仍未改名。可再次提醒或电话联系。",
                        e.id,
                        audit.id,
                    )
                )
    out.sort(key=lambda p: p.since, reverse=True)
    return out
