"""Verifying the log's hash chain, and its head (what a report prints).

``verify_chain`` reads the stored rows *as stored*, not through the ORM: a row someone edited
by hand may hold a value of the wrong type (a description written as a BLOB, a date that is not
a date, broken JSON, evidence content written as text). The ORM would raise on such a row; here
it is what verification is for, so it is reported as the entry that was altered. A table that is
gone altogether is 「记录表缺失」. Verification never raises for what it finds in the file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from classgroup_desktop.core.logchain import (
    GENESIS_HASH,
    AttachmentRef,
    ChainReport,
    LogEntry,
    PinnedHead,
    parse_head,
    verify_entries,
    verify_visible_entries,
)
from classgroup_desktop.store.db import Database
from classgroup_desktop.store.models import LogEntryRow
from classgroup_desktop.store.server import sees_only_own_classes

__all__ = ["verify_chain", "chain_head"]

# Every table and column verification reads; a missing one is reported, not raised.
_TABLES: dict[str, tuple[str, ...]] = {
    "log_entry": (
        "id",
        "class_id",
        "kind",
        "member_nickname",
        "member_identity",
        "rule_code",
        "description",
        "occurred_at",
        "recorded_at",
        "recorded_by",
        "voids_entry_id",
        "prev_hash",
        "entry_hash",
    ),
    "log_attachment": ("entry_id", "sha256", "file_name"),
    "attachment": ("sha256", "content"),
    "final_report": ("scope", "month", "snapshot", "finalised_at", "id"),
    "class_group": ("id", "name"),
}
_TABLE_LABELS = {
    "log_entry": "事件记录表",
    "log_attachment": "证据关联表",
    "attachment": "证据文件表",
    "final_report": "定稿月报表",
    "class_group": "班级表",
}


class _Undecodable(Exception):
    """A stored value that cannot be what its column holds; ``field`` names it in Chinese."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


@dataclass(frozen=True, slots=True)
class _Broken:
    """A log row that cannot be read back: it was altered by hand."""

    id: int
    field: str


def _int(value: Any, field: str, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise _Undecodable(field)


def _str(value: Any, field: str, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if isinstance(value, str):
        return value
    raise _Undecodable(field)


def _time(value: Any, field: str) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise _Undecodable(field)


def _identity(value: Any) -> dict[str, Any] | None:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise _Undecodable("成员身份") from None
    if value is None or isinstance(value, dict):
        return value
    raise _Undecodable("成员身份")


def _decode_entry(row: Any, attachments: tuple[AttachmentRef, ...]) -> LogEntry:
    entry_id = _int(row.id, "编号")
    assert entry_id is not None
    class_id = _int(row.class_id, "班级")
    assert class_id is not None
    description = _str(row.description, "情况说明", optional=True)
    return LogEntry(
        id=entry_id,
        class_id=class_id,
        class_name="",
        kind=_str(row.kind, "类型") or "",
        member=_str(row.member_nickname, "群成员", optional=True),
        identity=_identity(row.member_identity),
        rule=_str(row.rule_code, "规则编号", optional=True),
        description=description or "",
        occurred_at=_time(row.occurred_at, "发生时间"),
        recorded_at=_time(row.recorded_at, "记录时间"),
        recorded_by=_str(row.recorded_by, "记录人", optional=True),
        voids_entry_id=_int(row.voids_entry_id, "作废对象", optional=True),
        attachments=attachments,
        prev_hash=_str(row.prev_hash, "上一条的哈希") or "",
        entry_hash=_str(row.entry_hash, "哈希") or "",
    )


def _missing_tables(s: Session) -> list[str]:
    """Tables (or columns, as ``table.column``) verification needs that are not there."""
    inspector = inspect(s.connection())
    missing = []
    for table, columns in _TABLES.items():
        if not inspector.has_table(table):
            missing.append(table)
            continue
        present = {c["name"] for c in inspector.get_columns(table)}
        missing += [f"{table}.{c}" for c in columns if c not in present]
    return missing


def _attachment_refs(s: Session) -> tuple[dict[int, list[AttachmentRef]], set[int]]:
    """Each entry's evidence references in stored order, and the entries whose reference rows
    cannot be read (a file name or hash that is not text)."""
    refs: dict[int, list[AttachmentRef]] = {}
    broken: set[int] = set()
    rows = s.execute(text("SELECT entry_id, sha256, file_name FROM log_attachment ORDER BY id"))
    for entry_id, sha, name in rows:
        if not isinstance(entry_id, int):
            continue  # a reference to no entry id changes no entry's hash
        if isinstance(sha, str) and isinstance(name, str):
            refs.setdefault(entry_id, []).append(AttachmentRef(name, sha))
        else:
            broken.add(entry_id)
    return refs, broken


def _stored_hashes(s: Session) -> Iterator[tuple[str, str | None]]:
    """(key, SHA-256 of the stored content) per evidence file, one at a time; ``None`` when the
    content is not bytes (written back as text by hand)."""
    for sha, content in s.execute(text("SELECT sha256, content FROM attachment")):
        if not isinstance(sha, str):
            continue
        if isinstance(content, (bytes, bytearray, memoryview)):
            yield sha, hashlib.sha256(content).hexdigest()
        else:
            yield sha, None


def _pinned_heads(s: Session) -> tuple[list[PinnedHead], str | None]:
    """The chain heads stored in finalised reports (snapshot["chain_head"]), oldest first, and
    the label of a finalised report whose stored data cannot be read (None if all can).

    A report is finalised with the head of the log at that moment (services.report), so each
    head must still be an entry of the chain: if it is gone, entries were deleted afterwards.
    """
    names = {
        cid: name
        for cid, name in s.execute(text("SELECT id, name FROM class_group"))
        if isinstance(name, str)
    }
    rows = s.execute(
        text("SELECT scope, month, snapshot FROM final_report ORDER BY finalised_at, id")
    )
    pins: list[PinnedHead] = []
    for scope, month, snapshot in rows:
        scope = scope if isinstance(scope, str) else ""
        month = month if isinstance(month, str) else "?"
        if scope.startswith("class:") and scope[6:].isdigit():
            label = f"{names.get(int(scope[6:]), '已删除的班级')} {month} 月报"
        else:
            label = f"{month} 学校汇总"
        if isinstance(snapshot, str):
            try:
                snapshot = json.loads(snapshot)
            except ValueError:
                return pins, label
        head = snapshot.get("chain_head") if isinstance(snapshot, dict) else None
        if not isinstance(head, str) or not head:
            continue
        pins.append(PinnedHead(label, head, month))
    return pins, None


def _read_and_verify(s: Session, expected_head: str | None) -> ChainReport:
    missing = _missing_tables(s)
    if missing:
        names = "、".join(
            f"{_TABLE_LABELS[m]}（{m}）" if "." not in m else f"{_TABLE_LABELS[m.split('.')[0]]}"
            f"的“{m.split('.')[1]}”列"
            for m in missing
        )
        return ChainReport(
            False,
            0,
            None,
            f"记录表缺失：数据库中找不到{names}，记录被整表删除或改动。请从备份恢复，"
            "并用打印件上的链头核对。",
        )
    refs, broken_refs = _attachment_refs(s)
    columns = ", ".join(_TABLES["log_entry"])
    entries: list[LogEntry] = []
    broken: _Broken | None = None
    for row in s.execute(text(f"SELECT {columns} FROM log_entry ORDER BY id")):
        try:
            if row.id in broken_refs:
                raise _Undecodable("证据文件名")
            entries.append(_decode_entry(row, tuple(refs.get(row.id, ()))))
        except _Undecodable as exc:
            broken = _Broken(row.id if isinstance(row.id, int) else len(entries) + 1, exc.field)
            break
    stored = dict(_stored_hashes(s))
    pins, unreadable_pin = _pinned_heads(s)
    bad: dict[int, str] = {}
    for e in entries:
        for a in e.attachments:
            if stored.get(a.sha256) != a.sha256 and e.id not in bad:
                bad[e.id] = a.file_name
    if broken is not None:
        # Whatever is wrong before the unreadable row is named first, as for any change.
        before = verify_entries(entries, bad)
        if not before.ok:
            return before
        return ChainReport(
            False,
            len(entries) + 1,
            broken.id,
            f"第 {broken.id} 条记录被改动：其“{broken.field}”一项的内容无法读取"
            "（类型或格式不对，不是本软件写入的）。",
            before.head,
        )
    if unreadable_pin is not None:
        report = verify_entries(entries, bad)
        if not report.ok:
            return report
        return ChainReport(
            False,
            report.checked,
            None,
            f"{unreadable_pin}的定稿数据无法读取，定稿记录被改动。",
            report.head,
        )
    if sees_only_own_classes(s.connection()):
        return verify_visible_entries(entries, bad)
    return verify_entries(entries, bad, expected_head, pins)


def verify_chain(db: Database, expected_head: str | None = None) -> ChainReport:
    """Recompute every entry's hash in id order and every attachment's SHA-256.

    ``ok`` is False if any entry was edited, deleted or reordered, holds a value that cannot
    be read back, or an evidence file was altered, or a table the log needs is gone;
    ``first_bad_id`` and ``message`` name the first bad entry. The heads stored in finalised
    reports, and ``expected_head`` (a head printed on an earlier report), must still be entries
    of the chain, which catches entries removed from the end after a report was finalised or
    printed. When nothing is found the message says what stays unproven: entries added after
    the newest finalised report or printed head could have been cut from the end (see
    ``core.logchain``). ``BadInputError`` for a malformed ``expected_head`` (before reading).
    """
    head = parse_head(expected_head) if expected_head is not None else None
    with db.read() as s:
        return _read_and_verify(s, head)


def chain_head(db: Database) -> str:
    """The last entry's hash (the genesis hash of 64 zeros for an empty log)."""
    with db.read() as s:
        head = s.scalar(select(LogEntryRow.entry_hash).order_by(LogEntryRow.id.desc()).limit(1))
    return head or GENESIS_HASH
