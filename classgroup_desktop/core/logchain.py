"""The log's shapes and its hash chain: canonical content, SHA-256 links, verification. Pure.

Every entry stores the hash of the previous entry (``prev_hash``) and the hash of its own canonical
content including that link (``entry_hash``), so editing, deleting or reordering any stored entry
breaks the chain at that entry. Attachments take part through their (file name, SHA-256) pairs,
and the attachment store is keyed by the SHA-256 of its content, so an altered file is caught too.

The class is hashed by its id, not its name: renaming a class is a legitimate edit and must not
look like tampering, while moving an entry to another class still breaks the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64

KINDS: tuple[str, ...] = ("reminder", "clear-out", "escalation", "readmit", "note", "void")
KIND_LABELS: dict[str, str] = {
    "reminder": "提醒",
    "clear-out": "清退",
    "escalation": "上报",
    "readmit": "恢复入群",
    "note": "备注",
    "void": "作废",
}
# Kinds whose entry must cite a rule (the rule is what makes a reminder or clear-out fair).
KINDS_NEEDING_RULE = frozenset({"reminder", "clear-out", "escalation"})
# Kinds that are about one member of the group.
KINDS_NEEDING_MEMBER = frozenset({"reminder", "clear-out", "readmit"})


def kind_label(kind: str) -> str:
    """The Chinese label of a kind (提醒/清退/上报/恢复入群/备注/作废)."""
    return KIND_LABELS.get(kind, kind)


def kind_from_text(text: str) -> str | None:
    """The kind for an English value or a Chinese label, else None."""
    text = text.strip()
    if text in KIND_LABELS:
        return text
    for kind, label in KIND_LABELS.items():
        if text == label:
            return kind
    return None


@dataclass(frozen=True, slots=True)
class AttachmentRef:
    """An evidence file of an entry: its name as attached and the SHA-256 of its content."""

    file_name: str
    sha256: str
    size: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"file_name": self.file_name, "sha256": self.sha256, "size": self.size}


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One log entry as stored, plus ``voided_by`` (derived: the id of the void entry, if any)."""

    id: int
    class_id: int
    class_name: str
    kind: str
    member: str | None
    identity: Mapping[str, Any] | None
    rule: str | None
    description: str
    occurred_at: datetime
    recorded_at: datetime
    recorded_by: str | None
    voids_entry_id: int | None
    attachments: tuple[AttachmentRef, ...]
    prev_hash: str
    entry_hash: str
    voided_by: int | None = field(default=None, compare=False)

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def is_voided(self) -> bool:
        return self.voided_by is not None

    def summary(self) -> str:
        """「第 12 条记录（2026-11-03 提醒 张三妈妈）」— how messages name an entry."""
        return entry_caption(self.id, self.occurred_at, self.kind, self.member)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "class": self.class_name,
            "kind": self.kind,
            "kind_label": self.kind_label,
            "member": self.member,
            "identity": dict(self.identity) if self.identity else None,
            "rule": self.rule,
            "description": self.description,
            "occurred_at": self.occurred_at.isoformat(timespec="seconds"),
            "recorded_at": self.recorded_at.isoformat(timespec="seconds"),
            "recorded_by": self.recorded_by,
            "voids_entry_id": self.voids_entry_id,
            "voided_by": self.voided_by,
            "attachments": [a.to_dict() for a in self.attachments],
            "prev_hash": self.prev_hash,
            "entry_hash": self.entry_hash,
        }


def entry_caption(entry_id: int, occurred_at: datetime, kind: str, member: str | None) -> str:
    who = f" {member}" if member else ""
    return f"第 {entry_id} 条记录（{occurred_at:%Y-%m-%d} {kind_label(kind)}{who}）"


def _ts(value: datetime) -> str:
    return value.isoformat(timespec="microseconds")


def canonical_content(
    *,
    id: int,
    class_id: int,
    kind: str,
    member: str | None,
    identity: Mapping[str, Any] | None,
    rule: str | None,
    description: str,
    occurred_at: datetime,
    recorded_at: datetime,
    recorded_by: str | None,
    voids_entry_id: int | None,
    attachments: Iterable[tuple[str, str]],
    prev_hash: str,
) -> bytes:
    """The bytes hashed for an entry: sorted-key compact JSON, UTF-8, attachments sorted."""
    doc = {
        "id": id,
        "class_id": class_id,
        "kind": kind,
        "member": member,
        "identity": identity if identity else None,
        "rule": rule,
        "description": description or "",
        "occurred_at": _ts(occurred_at),
        "recorded_at": _ts(recorded_at),
        "recorded_by": recorded_by,
        "voids_entry_id": voids_entry_id,
        "attachments": sorted([name, sha] for name, sha in attachments),
        "prev_hash": prev_hash,
    }
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def compute_entry_hash(**fields: Any) -> str:
    """SHA-256 (hex) of :func:`canonical_content` of the given fields."""
    return hashlib.sha256(canonical_content(**fields)).hexdigest()


def hash_of_entry(entry: LogEntry, prev_hash: str | None = None) -> str:
    """The hash ``entry`` should have, linked to ``prev_hash`` (default: its stored link)."""
    return compute_entry_hash(
        id=entry.id,
        class_id=entry.class_id,
        kind=entry.kind,
        member=entry.member,
        identity=entry.identity,
        rule=entry.rule,
        description=entry.description,
        occurred_at=entry.occurred_at,
        recorded_at=entry.recorded_at,
        recorded_by=entry.recorded_by,
        voids_entry_id=entry.voids_entry_id,
        attachments=[(a.file_name, a.sha256) for a in entry.attachments],
        prev_hash=entry.prev_hash if prev_hash is None else prev_hash,
    )


@dataclass(frozen=True, slots=True)
class ChainReport:
    """The outcome of verifying the chain; ``message`` is the Chinese sentence shown to the user."""

    ok: bool
    checked: int
    first_bad_id: int | None
    message: str
    head: str = GENESIS_HASH

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "checked": self.checked,
            "first_bad_id": self.first_bad_id,
            "message": self.message,
            "head": self.head,
        }


def verify_entries(
    entries: Sequence[LogEntry],
    bad_attachments: Mapping[int, str] | None = None,
    expected_head: str | None = None,
) -> ChainReport:
    """Check the chain of ``entries`` (in id order).

    ``bad_attachments`` maps an entry id to the file name of an attachment whose stored content
    no longer matches its SHA-256 key (the caller recomputes those; this stays pure).
    ``expected_head``: a head printed earlier (e.g. on a report); if it is no longer in the chain,
    entries after it were removed or the log was replaced.
    """
    bad_attachments = bad_attachments or {}
    prev = GENESIS_HASH
    seen_hashes: set[str] = set()
    for count, entry in enumerate(entries, start=1):
        caption = entry.summary()
        if entry.prev_hash != prev:
            return ChainReport(
                False,
                count,
                entry.id,
                f"{caption}之前的记录被删除、改动或调换了顺序（链接对不上）。",
                prev,
            )
        if hash_of_entry(entry) != entry.entry_hash:
            return ChainReport(False, count, entry.id, f"{caption}被改动或删除。", prev)
        if entry.id in bad_attachments:
            return ChainReport(
                False,
                count,
                entry.id,
                f"{caption}的证据文件“{bad_attachments[entry.id]}”被改动或缺失。",
                prev,
            )
        seen_hashes.add(entry.entry_hash)
        prev = entry.entry_hash
    if expected_head and expected_head != GENESIS_HASH and expected_head not in seen_hashes:
        return ChainReport(
            False,
            len(entries),
            None,
            f"记录链中找不到之前打印的链头 {expected_head[:12]}…："
            "其后的记录被删除，或整个记录被替换。",
            prev,
        )
    n = len(entries)
    return ChainReport(True, n, None, f"记录完整：共 {n} 条记录，链头 {prev[:12]}…。", prev)
