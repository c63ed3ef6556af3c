"""The event log: add, void, list, verify, chain head, evidence files; ladder suggestions.

Append-only by construction: this module has no edit or delete. A correction is a ``void`` entry
pointing at the earlier one. Each append takes the chain's write lock first (inside the same
transaction), reads the last entry's hash and links to it, so two writers cannot fork the chain;
``entry_hash`` is UNIQUE, so a fork that slipped through would still fail loudly.

Verifying the chain lives in ``services.log_chain``, message templates in ``services.messages``,
the text checks in ``services.text_checks`` and the demo history in ``services.demo``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session, selectinload

from classgroup_desktop.core.errors import (
    BadInputError,
    ConflictError,
    NotFoundError,
)
from classgroup_desktop.core.ladder import LadderPolicy, Suggestion, evaluate
from classgroup_desktop.core.logchain import (
    GENESIS_HASH,
    KIND_LABELS,
    KINDS,
    KINDS_NEEDING_MEMBER,
    KINDS_NEEDING_RULE,
    AttachmentRef,
    ChainReport,
    LogEntry,
    compute_entry_hash,
)
from classgroup_desktop.core.naming import nickname_key
from classgroup_desktop.core.rules import Rule, RuleCatalogue
from classgroup_desktop.io import evidence as evidence_io
from classgroup_desktop.io import resources
from classgroup_desktop.services.classes import find_class
from classgroup_desktop.services.settings import (
    ESCALATION_LADDER,
    TEACHER_NAME,
    get_setting,
)
from classgroup_desktop.services.text_limits import check_text
from classgroup_desktop.store.db import Database
from classgroup_desktop.store.models import (
    AttachmentRow,
    AuditMemberRow,
    AuditRow,
    ClassGroupRow,
    LogAttachmentRow,
    LogEntryRow,
)
from classgroup_desktop.store.server import chain_head_row, move_chain_head

__all__ = [
    "ChainReport",
    "LogEntry",
    "Suggestion",
    "add_entry",
    "append_entry",
    "recorder_name",
    "resolve_occurred_at",
    "void_entry",
    "list_entries",
    "get_entry",
    "attachment_content",
    "check_evidence",
    "rules",
    "get_rule",
    "ladder_policy",
    "ladder_suggestions",
]

# Tolerance for clocks: an entry "now" from a PC a minute ahead is not a future entry.
_FUTURE_SLACK = timedelta(minutes=5)


# --- rules ------------------------------------------------------------------------------


def rules() -> RuleCatalogue:
    """The rule catalogue of the notice."""
    return resources.rule_catalogue()


def get_rule(code: str) -> Rule:
    """The rule with ``code``; NotFoundError listing the valid codes otherwise."""
    return rules().get_rule(code)


# --- reading entries --------------------------------------------------------------------


def _to_entry(row: LogEntryRow, class_name: str, voided_by: int | None) -> LogEntry:
    return LogEntry(
        id=row.id,
        class_id=row.class_id,
        class_name=class_name,
        kind=row.kind,
        member=row.member_nickname,
        identity=row.member_identity,
        rule=row.rule_code,
        description=row.description or "",
        occurred_at=row.occurred_at,
        recorded_at=row.recorded_at,
        recorded_by=row.recorded_by,
        voids_entry_id=row.voids_entry_id,
        attachments=tuple(AttachmentRef(a.file_name, a.sha256) for a in row.attachments),
        prev_hash=row.prev_hash,
        entry_hash=row.entry_hash,
        voided_by=voided_by,
    )


def _load_entries(s: Session, class_id: int | None = None) -> list[LogEntry]:
    query = (
        select(LogEntryRow).options(selectinload(LogEntryRow.attachments)).order_by(LogEntryRow.id)
    )
    if class_id is not None:
        query = query.where(LogEntryRow.class_id == class_id)
    rows = s.scalars(query).all()
    names = dict(s.execute(select(ClassGroupRow.id, ClassGroupRow.name)).all())
    voids_query = select(LogEntryRow.voids_entry_id, LogEntryRow.id).where(
        LogEntryRow.voids_entry_id.is_not(None)
    )
    voided_by = {target: vid for target, vid in s.execute(voids_query).all()}
    return [_to_entry(r, names.get(r.class_id, "?"), voided_by.get(r.id)) for r in rows]


def list_entries(
    db: Database, class_name: str | None = None, month: str | None = None
) -> list[LogEntry]:
    """Entries of one class (or all), optionally of one month ``YYYY-MM`` by occurred_at,
    ordered by occurred_at then id."""
    bounds: tuple[datetime, datetime] | None = None
    if month:
        try:
            start = datetime.strptime(month.strip(), "%Y-%m")
        except ValueError:
            raise BadInputError(f"月份“{month}”格式不对，应为 YYYY-MM，例如 2026-11。") from None
        bounds = (start, (start + timedelta(days=32)).replace(day=1))
    with db.read() as s:
        class_id = find_class(s, class_name).id if class_name else None
        entries = _load_entries(s, class_id)
    if bounds is not None:
        entries = [e for e in entries if bounds[0] <= e.occurred_at < bounds[1]]
    return sorted(entries, key=lambda e: (e.occurred_at, e.id))


def get_entry(db: Database, entry_id: int) -> LogEntry:
    """The entry with ``entry_id``; NotFoundError otherwise."""
    with db.read() as s:
        row = s.get(LogEntryRow, entry_id)
        if row is None:
            raise NotFoundError(f"没有编号为 {entry_id} 的记录。请用 log list 查看记录编号。")
        voider = s.scalar(select(LogEntryRow.id).where(LogEntryRow.voids_entry_id == entry_id))
        name = s.get(ClassGroupRow, row.class_id)
        return _to_entry(row, name.name if name else "?", voider)


def attachment_content(db: Database, sha256: str) -> bytes:
    """The stored bytes of an evidence file (NotFoundError if it is not stored)."""
    with db.read() as s:
        row = s.get(AttachmentRow, sha256)
        if row is None:
            raise NotFoundError(f"找不到证据文件（{sha256[:12]}…）。")
        return bytes(row.content)


# --- appending ---------------------------------------------------------------------------


def _lock_chain(s: Session) -> None:
    """Take the database-wide write lock for the chain before reading its last entry.

    SQLite: a write statement makes this transaction the single writer (a read-then-write
    transaction in WAL mode would fail with SQLITE_BUSY_SNAPSHOT instead of waiting).
    PostgreSQL: a table lock that conflicts with itself serialises appends, even on an empty log.
    """
    dialect = s.get_bind().dialect.name
    if dialect == "sqlite":
        s.execute(text("UPDATE log_entry SET id = id WHERE id = -1"))
    elif dialect == "postgresql":
        s.execute(text("LOCK TABLE log_entry IN SHARE ROW EXCLUSIVE MODE"))
    else:
        s.scalars(
            select(LogEntryRow.id).order_by(LogEntryRow.id.desc()).limit(1).with_for_update()
        ).all()


def _read_evidence(paths: Iterable[Path | str]) -> list[tuple[str, str, bytes]]:
    out = []
    for raw in paths:
        f = evidence_io.read_evidence(raw)
        out.append((f.name, f.sha256, f.content))
    return out


def check_evidence(path: Path | str) -> Path:
    """``path`` if it can be attached as evidence (a regular file of at most 20 MB), checked
    without reading it, so a dialog can refuse it the moment it is chosen; BadInputError
    naming the file and what to do otherwise."""
    return evidence_io.check_evidence(path)


def resolve_occurred_at(value: date | datetime | str | None, now: datetime) -> datetime:
    """When an event happened, from a date, a datetime, an ISO text or None (``now``)."""
    if value is None:
        return now
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise BadInputError(
                f"日期“{value}”格式不对，应为 YYYY-MM-DD，例如 {now:%Y-%m-%d}。"
            ) from None
    if not isinstance(value, datetime):
        value = datetime.combine(value, datetime.min.time())
    if value.tzinfo is not None:
        value = value.astimezone().replace(tzinfo=None)
    if value > now + _FUTURE_SLACK:
        raise BadInputError(f"发生时间 {value:%Y-%m-%d} 在将来。只能记录已经发生的事件。")
    return value


def _identity_from_audits(s: Session, class_id: int, member: str) -> dict[str, Any] | None:
    """The identity the latest audit resolved for ``member`` (matched by nickname key), if any."""
    key = nickname_key(member)
    audits = s.scalars(
        select(AuditRow)
        .where(AuditRow.class_id == class_id)
        .order_by(AuditRow.taken_at.desc())
        .limit(5)
    ).all()
    for audit in audits:
        for m in s.scalars(select(AuditMemberRow).where(AuditMemberRow.audit_id == audit.id)):
            if nickname_key(m.nickname) == key and m.identity:
                return dict(m.identity)
    return None


def append_entry(
    s: Session,
    *,
    class_id: int,
    kind: str,
    member: str | None,
    identity: dict[str, Any] | None,
    rule: str | None,
    description: str,
    occurred_at: datetime,
    recorded_at: datetime,
    recorded_by: str | None,
    voids_entry_id: int | None,
    evidence: Sequence[tuple[str, str, bytes]],
) -> int:
    """Append one entry to the chain inside the caller's session ``s`` (its transaction):
    take the chain's end under a lock, hash the entry, store it and its evidence. The one way
    entries are written (add, void, chat evidence, 处置), so every writer keeps the chain whole."""
    # On a school server set up with row-level security a teacher cannot read the other
    # classes' entries, so the chain's end comes from its locked head row there.
    server_head = chain_head_row(s.connection())
    if server_head is not None:
        last_id, prev_hash = server_head
    else:
        _lock_chain(s)
        last = s.execute(
            select(LogEntryRow.id, LogEntryRow.entry_hash).order_by(LogEntryRow.id.desc()).limit(1)
        ).first()
        prev_hash = last.entry_hash if last else GENESIS_HASH
        last_id = last.id if last else 0
    # The id is part of the hash, so it is chosen here (under the lock), not by the database.
    new_id = last_id + 1
    for _name, sha, content in evidence:
        if s.get(AttachmentRow, sha) is None:
            s.add(AttachmentRow(sha256=sha, size=len(content), content=content))
    entry_hash = compute_entry_hash(
        id=new_id,
        class_id=class_id,
        kind=kind,
        member=member,
        identity=identity,
        rule=rule,
        description=description,
        occurred_at=occurred_at,
        recorded_at=recorded_at,
        recorded_by=recorded_by,
        voids_entry_id=voids_entry_id,
        attachments=[(name, sha) for name, sha, _ in evidence],
        prev_hash=prev_hash,
    )
    s.add(
        LogEntryRow(
            id=new_id,
            class_id=class_id,
            kind=kind,
            member_nickname=member,
            member_identity=identity,
            rule_code=rule,
            description=description,
            occurred_at=occurred_at,
            recorded_at=recorded_at,
            recorded_by=recorded_by,
            voids_entry_id=voids_entry_id,
            prev_hash=prev_hash,
            entry_hash=entry_hash,
        )
    )
    s.flush()
    for name, sha, _ in evidence:
        s.add(LogAttachmentRow(entry_id=new_id, sha256=sha, file_name=name))
    if server_head is not None:
        move_chain_head(s.connection(), new_id, entry_hash)
    return new_id


def recorder_name(db: Database, recorded_by: str | None) -> str | None:
    """Who records an entry: ``recorded_by``, else the teacher's name from 设置 (length-checked)."""
    name = recorded_by if recorded_by is not None else get_setting(db, TEACHER_NAME)
    name = str(name).strip() if name else ""
    return check_text(name or None, LogEntryRow.recorded_by, "记录人姓名")


def add_entry(
    db: Database,
    class_name: str,
    kind: str,
    *,
    member: str | None = None,
    rule: str | None = None,
    note: str = "",
    occurred_at: date | datetime | str | None = None,
    evidence: Iterable[Path | str] = (),
    recorded_by: str | None = None,
    identity: dict[str, Any] | None = None,
    now: datetime | None = None,
    evidence_texts: Iterable[tuple[str, bytes]] = (),
) -> LogEntry:
    """Append one entry to the log, in one transaction; nothing is written if anything is wrong.

    ``kind``: reminder, clear-out, escalation, readmit or note (use :func:`void_entry` to void).
    A rule code is required for reminder/clear-out/escalation; a member for reminder/clear-out/
    readmit. ``occurred_at`` may be in the past, not the future. ``identity`` defaults to what the
    latest audit resolved for the member. ``recorded_by`` defaults to the teacher named in settings.
    ``evidence_texts`` are (file name, content) pairs stored like evidence files (e.g. a chat
    message as text), hashed the same way.
    """
    if kind == "void":
        raise BadInputError("作废请使用“作废”功能（log void），并写明原因。")
    if kind not in KINDS:
        labels = "、".join(f"{k}（{KIND_LABELS[k]}）" for k in KINDS if k != "void")
        raise BadInputError(f"记录类型“{kind}”无效。可用的类型：{labels}。")
    member = (member or "").strip() or None
    if kind in KINDS_NEEDING_MEMBER and not member:
        raise BadInputError(f"“{KIND_LABELS[kind]}”记录必须写明是哪位群成员（群昵称）。")
    code: str | None = None
    if rule and rule.strip():
        code = get_rule(rule).code
    elif kind in KINDS_NEEDING_RULE:
        raise BadInputError(
            f"“{KIND_LABELS[kind]}”记录必须引用规则编号（如 入群-2、宗旨-2）。"
            f"可用的规则编号：{'、'.join(rules())}。"
        )
    check_text(member, LogEntryRow.member_nickname, "群昵称")
    now = (now or datetime.now()).replace(microsecond=0)
    when = resolve_occurred_at(occurred_at, now)
    files = _read_evidence(evidence) + [
        (name, hashlib.sha256(content).hexdigest(), content) for name, content in evidence_texts
    ]
    for name, _sha, _content in files:
        check_text(name, LogAttachmentRow.file_name, "证据文件名", file=name)
    by = recorder_name(db, recorded_by)
    with db.session() as s:
        cls = find_class(s, class_name)
        if identity is None and member:
            identity = _identity_from_audits(s, cls.id, member)
        new_id = append_entry(
            s,
            class_id=cls.id,
            kind=kind,
            member=member,
            identity=identity,
            rule=code,
            description=(note or "").strip(),
            occurred_at=when,
            recorded_at=now,
            recorded_by=by,
            voids_entry_id=None,
            evidence=files,
        )
    return get_entry(db, new_id)


def void_entry(
    db: Database,
    entry_id: int,
    why: str,
    *,
    recorded_by: str | None = None,
    now: datetime | None = None,
) -> LogEntry:
    """Void entry ``entry_id`` with a reason: a new ``void`` entry; the old one stays as it was.

    ConflictError if it is already voided or is itself a void entry; BadInputError without reason.
    """
    why = (why or "").strip()
    if not why:
        raise BadInputError("作废记录必须写明原因。")
    now = (now or datetime.now()).replace(microsecond=0)
    by = recorder_name(db, recorded_by)
    with db.session() as s:
        _lock_chain(s)  # before the "already voided?" check, so two voids cannot both pass it
        target = s.get(LogEntryRow, entry_id)
        if target is None:
            raise NotFoundError(f"没有编号为 {entry_id} 的记录。请用 log list 查看记录编号。")
        if target.kind == "void":
            raise ConflictError(f"第 {entry_id} 条记录本身是作废记录，不能再作废。")
        earlier = s.scalar(select(LogEntryRow.id).where(LogEntryRow.voids_entry_id == entry_id))
        if earlier is not None:
            raise ConflictError(f"第 {entry_id} 条记录已被第 {earlier} 条记录作废，不能重复作废。")
        new_id = append_entry(
            s,
            class_id=target.class_id,
            kind="void",
            member=target.member_nickname,
            identity=None,
            rule=None,
            description=why,
            occurred_at=now,
            recorded_at=now,
            recorded_by=by,
            voids_entry_id=entry_id,
            evidence=(),
        )
    return get_entry(db, new_id)


# --- the ladder --------------------------------------------------------------------------


def default_ladder() -> dict[str, Any]:
    """The ladder policy before the school changes it (``resources/ladder.json``), a fresh copy."""
    return resources.default_ladder()


def ladder_policy(db: Database) -> LadderPolicy:
    """The escalation ladder: settings ESCALATION_LADDER if set, else resources/ladder.json."""
    data = get_setting(db, ESCALATION_LADDER) or default_ladder()
    return LadderPolicy.from_dict(data)


def ladder_suggestions(
    db: Database, class_name: str, at: datetime | None = None, *, include_acted: bool = False
) -> list[Suggestion]:
    """Suggested next steps (清退, 上报) for members of the class, from its log; only shown."""
    entries = list_entries(db, class_name)
    return evaluate(
        entries, ladder_policy(db), member_key=nickname_key, at=at, include_acted=include_acted
    )
