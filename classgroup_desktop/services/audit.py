"""Member checks as use cases: run a check, save it as an audit, compare audits, confirm identities.

An audit is one check of the member list at a point in time: the member snapshot with each
verdict, the counts and the class-level findings. Members are followed across audits by their
nickname key (cosmetic differences ignored) and, when the nickname changed, by their identity.
A teacher's by-hand confirmation of a nickname applies to every later check of that class until
it is revoked; it records who confirmed, when and why.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from classgroup_desktop.core.errors import BadInputError, NotFoundError, UserError
from classgroup_desktop.core.naming import (
    CheckResult,
    Identity,
    MemberInput,
    NamingPolicy,
    Verdict,
    check_members,
    nickname_key,
)
from classgroup_desktop.io.word_dictionary import word_frequency
from classgroup_desktop.services.classes import find_class, roster_of
from classgroup_desktop.services.settings import NAMING_POLICY, TEACHER_NAME, get_setting
from classgroup_desktop.services.text_limits import check_text, fit_text
from classgroup_desktop.store.db import Database
from classgroup_desktop.store.models import (
    AuditMemberRow,
    AuditRow,
    ClassGroupRow,
    IdentityConfirmationRow,
    SettingRow,
)

NONCOMPLIANT = ("rename", "unknown")


@dataclass(frozen=True)
class AuditOutcome:
    """A check's result, and the id of the saved audit (None when not saved)."""

    result: CheckResult
    audit_id: int | None = None
    taken_at: datetime | None = None


@dataclass(frozen=True)
class AuditSummary:
    id: int
    class_name: str
    taken_at: datetime
    source: str
    total: int
    ok: int
    rename: int
    unknown: int

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "class": self.class_name,
                "taken_at": self.taken_at.isoformat(timespec="seconds"), "source": self.source,
                "total": self.total, "ok": self.ok, "rename": self.rename,
                "unknown": self.unknown}


@dataclass(frozen=True)
class AuditDetail:
    summary: AuditSummary
    members: tuple[dict[str, Any], ...]  # Verdict.to_dict() shapes, in list order
    findings: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {**self.summary.to_dict(), "members": list(self.members),
                "findings": dict(self.findings)}


@dataclass(frozen=True)
class AuditDiff:
    """What changed between two audits of a class (lists of member dicts)."""

    class_name: str
    from_audit: AuditSummary
    to_audit: AuditSummary
    joined: tuple[dict[str, Any], ...]
    left: tuple[dict[str, Any], ...]
    renamed: tuple[dict[str, Any], ...]  # same identity, new nickname
    still_noncompliant: tuple[dict[str, Any], ...]  # rename/unknown in both audits
    now_compliant: tuple[dict[str, Any], ...] = ()  # rename/unknown before, ok now

    def to_dict(self) -> dict[str, Any]:
        return {"class": self.class_name, "from": self.from_audit.to_dict(),
                "to": self.to_audit.to_dict(), "joined": list(self.joined),
                "left": list(self.left), "renamed": list(self.renamed),
                "still_noncompliant": list(self.still_noncompliant),
                "now_compliant": list(self.now_compliant)}


@dataclass(frozen=True)
class ConfirmationInfo:
    id: int
    nickname: str
    nickname_key: str
    confirmed_as: str
    reason: str
    confirmed_by: str | None
    confirmed_at: datetime
    revoked_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "nickname": self.nickname, "confirmed_as": self.confirmed_as,
                "reason": self.reason, "confirmed_by": self.confirmed_by,
                "confirmed_at": self.confirmed_at.isoformat(timespec="seconds"),
                "revoked_at": self.revoked_at.isoformat(timespec="seconds")
                if self.revoked_at else None}


# --- policy --------------------------------------------------------------------------------


def school_policy(db: Database) -> NamingPolicy:
    """The school's default naming policy (settings key NAMING_POLICY), else the built-in one."""
    return NamingPolicy.from_dict(get_setting(db, NAMING_POLICY))


def class_policy_of(s: Session, row: ClassGroupRow) -> NamingPolicy:
    """The naming policy that applies to ``row``: its own, else the school default."""
    if row.naming_policy:
        return NamingPolicy.from_dict(row.naming_policy)
    setting = s.get(SettingRow, NAMING_POLICY)
    return NamingPolicy.from_dict(setting.value if setting is not None
                                  and isinstance(setting.value, dict) else None)


def class_policy(db: Database, class_name: str) -> NamingPolicy:
    """The naming policy the class is checked under: its own, else the school's default."""
    with db.read() as s:
        return class_policy_of(s, find_class(s, class_name))


def set_class_policy(db: Database, class_name: str, policy: NamingPolicy | None) -> None:
    """Give the class its own policy, or ``None`` to follow the school's default again."""
    if policy is not None and not policy.relations:
        raise UserError("命名规则至少要允许一个称谓（如“爸爸”“妈妈”）。")
    with db.session() as s:
        find_class(s, class_name).naming_policy = policy.to_dict() if policy else None


# --- checks and audits ---------------------------------------------------------------------


def active_confirmations(s: Session, class_id: int) -> dict[str, str]:
    """Nickname key -> identity confirmed by hand (not revoked) for the class."""
    rows = s.scalars(
        select(IdentityConfirmationRow)
        .where(IdentityConfirmationRow.class_id == class_id,
               IdentityConfirmationRow.revoked_at.is_(None))
        .order_by(IdentityConfirmationRow.confirmed_at, IdentityConfirmationRow.id)
    )
    return {r.nickname_key: r.confirmed_as for r in rows}


def run_check(db: Database, class_name: str, members: list[MemberInput], *, source: str,
              save: bool = False, now: datetime | None = None) -> AuditOutcome:
    """Check ``members`` against the class's roster, policy and confirmations; save if asked.

    Saving writes the audit and its member snapshot in one transaction.
    """
    members = [m if isinstance(m, MemberInput) else MemberInput(str(m)) for m in members]
    if not members:
        raise BadInputError("名单是空的：请粘贴群成员昵称（每行一个），或从文件载入。")
    with db.read() as s:
        row = find_class(s, class_name)
        roster = roster_of(s, row)
        policy = class_policy_of(s, row)
        confirmations = active_confirmations(s, row.id)
    result = check_members(roster, members, policy, confirmations, words=word_frequency)
    if not save:
        return AuditOutcome(result)
    for v in result.verdicts:
        # A WeChat nickname is a few dozen characters: one longer than the column holds is not
        # a member's nickname, and cutting it would store a different one.
        check_text(v.nickname, AuditMemberRow.nickname, "群昵称", where=f"第 {v.position} 个成员的")
    taken_at = (now or datetime.now()).replace(microsecond=0)
    with db.session() as s:
        row = find_class(s, class_name)
        audit = AuditRow(
            class_id=row.id, taken_at=taken_at, source=fit_text(source or "", AuditRow.source),
            total=len(result.verdicts), ok=result.counts["ok"],
            rename=result.counts["rename"], unknown=result.counts["unknown"],
            findings={"students_without_guardian": list(result.students_without_guardian),
                      "over_limit": list(result.over_limit), "policy": policy.to_dict()},
        )
        for v in result.verdicts:
            audit.members.append(AuditMemberRow(
                position=v.position, nickname=v.nickname,
                normalized=fit_text(v.normalized, AuditMemberRow.normalized),
                status=v.status, identity=v.identity.to_dict(),
                suggestion=fit_text(v.suggestion, AuditMemberRow.suggestion)
                if v.suggestion else None, flags=list(v.flags),
                reason=v.reason))
        s.add(audit)
        s.flush()
        audit_id = audit.id
    return AuditOutcome(result, audit_id, taken_at)


def _summary(row: AuditRow, class_name: str) -> AuditSummary:
    return AuditSummary(row.id, class_name, row.taken_at, row.source, row.total, row.ok,
                        row.rename, row.unknown)


def list_audits(db: Database, class_name: str) -> list[AuditSummary]:
    """The class's saved audits, oldest first."""
    with db.read() as s:
        cls = find_class(s, class_name)
        rows = s.scalars(select(AuditRow).where(AuditRow.class_id == cls.id)
                         .order_by(AuditRow.taken_at, AuditRow.id))
        return [_summary(r, cls.name) for r in rows]


def _member_dict(m: AuditMemberRow) -> dict[str, Any]:
    return {"position": m.position, "nickname": m.nickname, "normalized": m.normalized,
            "status": m.status, "identity": m.identity or {"kind": None, "teacher": None,
                                                           "students": [], "relation": None},
            "suggestion": m.suggestion, "flags": list(m.flags or []), "reason": m.reason or ""}


def get_audit(db: Database, audit_id: int) -> AuditDetail:
    """One saved audit with its members (verdict dicts in list order); NotFoundError if none."""
    with db.read() as s:
        row = s.get(AuditRow, audit_id)
        if row is None:
            raise NotFoundError(f"找不到编号为 {audit_id} 的检查记录。"
                                "请用 audits 命令查看已保存的检查。")
        cls = s.get(ClassGroupRow, row.class_id)
        assert cls is not None
        return AuditDetail(_summary(row, cls.name), tuple(_member_dict(m) for m in row.members),
                           dict(row.findings or {}))


def saved_outcome(db: Database, audit_id: int) -> AuditOutcome:
    """A saved audit as the check that made it (verdicts, counts, findings): what 成员检查
    shows when the teacher reopens it. NotFoundError if there is no such audit."""
    detail = get_audit(db, audit_id)
    verdicts = tuple(
        Verdict(m["position"], m["nickname"], m["normalized"], m["status"],
                Identity.from_dict(m.get("identity")), m.get("suggestion"),
                tuple(m.get("flags") or ()), m.get("reason") or "")
        for m in detail.members)
    summary = detail.summary
    result = CheckResult(
        summary.class_name, verdicts,
        {"ok": summary.ok, "rename": summary.rename, "unknown": summary.unknown},
        tuple(detail.findings.get("students_without_guardian") or ()),
        tuple(detail.findings.get("over_limit") or ()))
    return AuditOutcome(result, summary.id, summary.taken_at)


def _identity_key(m: dict[str, Any], with_relation: bool = True) -> tuple | None:
    ident = m.get("identity") or {}
    if not ident.get("kind") or "ambiguous" in (m.get("flags") or ()):
        return None
    key = (ident.get("kind"), ident.get("teacher"), tuple(ident.get("students") or ()))
    return (*key, ident.get("relation")) if with_relation else key


def _followed_fix(before: dict[str, Any], after: dict[str, Any], policy: NamingPolicy) -> bool:
    """Whether ``after`` is ``before`` renamed as the earlier audit asked, relation changed."""
    key = _identity_key(before, with_relation=False)
    if key is None or key != _identity_key(after, with_relation=False):
        return False
    new_key = nickname_key(after["nickname"])
    # An ambiguous name's suggestion lists alternatives (张伟29爸爸 或 张伟30爸爸).
    suggested = {nickname_key(s) for s in (before.get("suggestion") or "").split(" 或 ")}
    if new_key in suggested - {""}:
        return True
    # The student's name alone: a compliant parent nickname without a relation word.
    old_relation = (before.get("identity") or {}).get("relation")
    return (old_relation is not None and old_relation not in policy.relations
            and after["status"] == "ok" and after["identity"].get("relation") is None)


def _brief(m: dict[str, Any]) -> dict[str, Any]:
    return {"nickname": m["nickname"], "status": m["status"], "identity": m["identity"],
            "suggestion": m["suggestion"], "reason": m["reason"]}


def diff_audits(db: Database, class_name: str, from_id: int | None = None,
                to_id: int | None = None) -> AuditDiff:
    """Compare two audits of the class (default: the last two).

    Members are paired by nickname key first, then — among the unpaired — by identity with the
    same relation (the same parent or teacher under a new nickname: ``renamed``). Across
    relations only when the new nickname is the earlier audit's fix for that member (its
    suggestion, or the student's name alone for a relation the policy does not allow).
    Unpaired old members ``left``, unpaired new ones ``joined``; paired members that are
    rename/unknown in both are ``still_noncompliant``.
    """
    audits = list_audits(db, class_name)
    by_id = {a.id: a for a in audits}
    for wanted in (from_id, to_id):
        if wanted is not None and wanted not in by_id:
            raise NotFoundError(f"班级“{class_name}”没有编号为 {wanted} 的检查记录。"
                                "请用 audits 命令查看已保存的检查。")
    if to_id is None:
        later = [a for a in audits if from_id is None or _after(a, by_id[from_id])]
        if not later:
            raise NotFoundError("至少需要两次已保存的检查才能比较。请再保存一次检查。")
        to_id = later[-1].id
    if from_id is None:
        earlier = [a for a in audits if _after(by_id[to_id], a)]
        if not earlier:
            raise NotFoundError("至少需要两次已保存的检查才能比较。请再保存一次检查。")
        from_id = earlier[-1].id
    if from_id == to_id:
        raise UserError("请选择两次不同的检查来比较。")
    return _diff(get_audit(db, from_id), get_audit(db, to_id))


UNSAVED_ID = 0  # the id of the unsaved check in ``diff_with_last``'s result


def diff_with_last(db: Database, class_name: str, outcome: AuditOutcome, *, source: str = "",
                   now: datetime | None = None) -> AuditDiff:
    """Compare a check that is not saved (yet) with the class's last saved audit; nothing is
    written. NotFoundError when the class has no saved audit."""
    audits = list_audits(db, class_name)
    if outcome.audit_id is not None:
        audits = [a for a in audits if a.id != outcome.audit_id]
    if not audits:
        raise NotFoundError("还没有保存过检查，无法比较。请先保存本次检查，下次检查后再比较。")
    result = outcome.result
    taken_at = outcome.taken_at or (now or datetime.now()).replace(microsecond=0)
    current = AuditDetail(
        AuditSummary(outcome.audit_id or UNSAVED_ID, audits[-1].class_name, taken_at, source,
                     len(result.verdicts), result.counts["ok"], result.counts["rename"],
                     result.counts["unknown"]),
        tuple(v.to_dict() for v in result.verdicts))
    return _diff(get_audit(db, audits[-1].id), current)


def _diff(old: AuditDetail, new: AuditDetail) -> AuditDiff:
    """Pair the members of two audits (see ``diff_audits``)."""
    old_left = list(old.members)
    new_left = list(new.members)
    pairs: list[tuple[dict, dict]] = []

    old_by_key: dict[str, list[dict]] = defaultdict(list)
    for m in old_left:
        old_by_key[nickname_key(m["nickname"])].append(m)
    unmatched_new = []
    for m in new_left:
        bucket = old_by_key.get(nickname_key(m["nickname"]))
        if bucket:
            pairs.append((bucket.pop(0), m))
        else:
            unmatched_new.append(m)
    unmatched_old = [m for bucket in old_by_key.values() for m in bucket]
    unmatched_old.sort(key=lambda m: m["position"])

    # Then by identity. The same person under a cosmetically different nickname keeps the
    # relation (张三麻麻 → 张三妈妈). A change of relation is a different person (郝一鸣妈妈 left,
    # 郝一鸣爸爸 joined) unless the new nickname is the fix the earlier audit asked for:
    # its suggestion, or — for a relation the policy does not allow — the student's name alone
    # (王一一爷爷 → 王一一). Anything else would be a guess shown as fact.
    renamed_pairs: list[tuple[dict, dict]] = []
    old_by_identity: dict[tuple, list[dict]] = defaultdict(list)
    for m in unmatched_old:
        key = _identity_key(m)
        if key is not None:
            old_by_identity[key].append(m)
    waiting = []
    for m in unmatched_new:
        key = _identity_key(m)
        bucket = old_by_identity.get(key) if key is not None else None
        if bucket:
            renamed_pairs.append((bucket.pop(0), m))
        else:
            waiting.append(m)
    old_policy = NamingPolicy.from_dict(old.findings.get("policy"))
    taken = {id(a) for a, _ in renamed_pairs}
    still_waiting = []
    for m in waiting:
        before = next((a for a in unmatched_old if id(a) not in taken
                       and _followed_fix(a, m, old_policy)), None)
        if before is None:
            still_waiting.append(m)
        else:
            taken.add(id(before))
            renamed_pairs.append((before, m))
    waiting = still_waiting
    renamed_pairs.sort(key=lambda p: p[1]["position"])
    pairs += renamed_pairs
    renamed = [{**_brief(m), "old_nickname": before["nickname"], "new_nickname": m["nickname"],
                "old_status": before["status"]} for before, m in renamed_pairs]
    joined = [_brief(m) for m in waiting]
    paired_old = {id(a) for a, _ in pairs}
    left = [_brief(m) for m in unmatched_old if id(m) not in paired_old]
    still = [
        {**_brief(b), "previous_status": a["status"], "previous_nickname": a["nickname"],
         "since": old.summary.taken_at.isoformat(timespec="seconds")}
        for a, b in sorted(pairs, key=lambda p: p[1]["position"])
        if a["status"] in NONCOMPLIANT and b["status"] in NONCOMPLIANT
    ]
    fixed = [
        {**_brief(b), "previous_status": a["status"], "previous_nickname": a["nickname"]}
        for a, b in sorted(pairs, key=lambda p: p[1]["position"])
        if a["status"] in NONCOMPLIANT and b["status"] == "ok"
    ]
    return AuditDiff(old.summary.class_name, old.summary, new.summary, tuple(joined),
                     tuple(left), tuple(renamed), tuple(still), tuple(fixed))


def _after(a: AuditSummary, b: AuditSummary) -> bool:
    return (a.taken_at, a.id) > (b.taken_at, b.id)


# --- confirmations -------------------------------------------------------------------------


def confirm_identity(db: Database, class_name: str, nickname: str, confirmed_as: str,
                     reason: str, by: str | None = None, *, now: datetime | None = None) -> None:
    """Record that the teacher confirmed who ``nickname`` is; later checks treat it as ok.

    A new confirmation of the same nickname replaces (revokes) the previous one, so the history
    of who confirmed what, when and why is kept.
    """
    key = nickname_key(nickname)
    if not key:
        raise UserError("请填写要确认的群昵称。")
    if not (confirmed_as or "").strip():
        raise UserError("请写明确认的身份，如“王小明奶奶（家委会）”。")
    if not (reason or "").strip():
        raise UserError("请写明确认的原因，如“已电话核实，是学生奶奶，负责接送”。")
    by = str(by or get_setting(db, TEACHER_NAME) or "").strip() or None
    check_text(nickname.strip(), IdentityConfirmationRow.nickname, "群昵称")
    check_text(key, IdentityConfirmationRow.nickname_key, "群昵称")
    check_text(confirmed_as.strip(), IdentityConfirmationRow.confirmed_as, "确认的身份")
    check_text(by, IdentityConfirmationRow.confirmed_by, "确认人姓名")
    when = (now or datetime.now()).replace(microsecond=0)
    with db.session() as s:
        cls = find_class(s, class_name)
        for old in _active_rows(s, cls.id, key):
            old.revoked_at = when
        s.add(IdentityConfirmationRow(
            class_id=cls.id, nickname_key=key, nickname=nickname.strip(),
            confirmed_as=confirmed_as.strip(), reason=reason.strip(),
            confirmed_by=by, confirmed_at=when))


def revoke_confirmation(db: Database, class_name: str, nickname: str, *,
                        now: datetime | None = None) -> None:
    """Withdraw the confirmation of ``nickname``; NotFoundError if it has none."""
    key = nickname_key(nickname)
    when = (now or datetime.now()).replace(microsecond=0)
    with db.session() as s:
        cls = find_class(s, class_name)
        rows = _active_rows(s, cls.id, key)
        if not rows:
            raise NotFoundError(f"昵称“{nickname}”在班级“{cls.name}”没有生效的人工确认。")
        for row in rows:
            row.revoked_at = when


def list_confirmations(db: Database, class_name: str, *,
                       include_revoked: bool = False) -> list[ConfirmationInfo]:
    """The class's by-hand confirmations, oldest first (only those in force by default)."""
    with db.read() as s:
        cls = find_class(s, class_name)
        query = select(IdentityConfirmationRow).where(IdentityConfirmationRow.class_id == cls.id)
        if not include_revoked:
            query = query.where(IdentityConfirmationRow.revoked_at.is_(None))
        rows = s.scalars(query.order_by(IdentityConfirmationRow.confirmed_at,
                                        IdentityConfirmationRow.id))
        return [ConfirmationInfo(r.id, r.nickname, r.nickname_key, r.confirmed_as, r.reason,
                                 r.confirmed_by, r.confirmed_at, r.revoked_at) for r in rows]


def _active_rows(s: Session, class_id: int, key: str) -> list[IdentityConfirmationRow]:
    return list(s.scalars(select(IdentityConfirmationRow).where(
        IdentityConfirmationRow.class_id == class_id,
        IdentityConfirmationRow.nickname_key == key,
        IdentityConfirmationRow.revoked_at.is_(None))))
