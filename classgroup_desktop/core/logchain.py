"""The log's shapes and its hash chain: canonical content, SHA-256 links, verification. Pure.

Every entry stores the hash of the previous entry (``prev_hash``) and the hash of its own canonical
content including that link (``entry_hash``), so editing, deleting or reordering any stored entry
breaks the chain at that entry. Attachments take part through their (file name, SHA-256) pairs,
and the attachment store is keyed by the SHA-256 of its content, so an altered file is caught too.

The class is hashed by its id, not its name: renaming a class is a legitimate edit and must not
look like tampering, while moving an entry to another class still breaks the chain.

What the chain alone cannot see is its *tail* being cut: deleting the newest entries leaves a
shorter chain that is perfectly linked. So the chain is also checked against heads recorded
outside it: every finalised report stores the head it was finalised at (``pinned_heads``), and a
printed head can be given (``expected_head``); each must still be an entry of the chain.
Remaining limit (cannot be closed from inside one database file): entries made *after* the last
finalised report and the last head printed or written down can be deleted without a trace; so can
everything if the final_report rows are deleted too. A head printed on paper, or kept elsewhere,
is the only protection against someone who can rewrite the whole file. So an intact chain is
reported as 「未发现改动」 together with what it cannot prove (entries after the newest
finalised report or printed head), never as proof that nothing is missing.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from classgroup_desktop.core.errors import BadInputError

GENESIS_HASH = "0" * 64

KINDS: tuple[str, ...] = ("reminder", "clear-out", "escalation", "readmit", "note", "void")
KIND_LABELS: dict[str, str] = {
    "reminder": "提醒",
    "clear-out": "清退",
    "escalation": "上报",
    "readmit": "恢复入群",
    "note": "备注",
    "void": "作废",
    "disposition": "处置",
}
# The school's handling of an escalation (services.school); never added through ``log add``.
DISPOSITION_KIND = "disposition"
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
    last_recorded_at: datetime | None = None  # when the newest entry was written

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "checked": self.checked,
            "first_bad_id": self.first_bad_id,
            "message": self.message,
            "head": self.head,
        }


@dataclass(frozen=True, slots=True)
class PinnedHead:
    """A chain head recorded outside the chain, e.g. in a finalised report's snapshot.

    ``label`` names where it was recorded, as the message shows it: 「三年级(2)班 2026-11 月报」.
    """

    label: str
    head: str
    month: str = ""  # YYYY-MM of the finalised report, for 「最后一次定稿（11月）」


_HEAD_RE = re.compile(r"[0-9a-f]{64}")


def parse_head(text: str) -> str:
    """A chain head as typed or pasted (spaces and case ignored) → 64 lower-case hex digits.

    ``BadInputError`` when it is not one: a mistyped head must not be reported as tampering.
    """
    cleaned = re.sub(r"[\s\u3000]", "", text or "").lower()
    if not _HEAD_RE.fullmatch(cleaned):
        raise BadInputError(
            f"链头“{(text or '').strip()[:80]}”格式不对：应为 64 位十六进制字符（0–9、a–f），"
            "即月报“校验信息”里印的事件记录链头。"
        )
    return cleaned


def _month_label(month: str) -> str:
    """``2026-11`` → 「11月」 (what a teacher calls the report); anything else as is."""
    m = re.fullmatch(r"\d{4}-(\d{2})", month)
    return f"{int(m.group(1))}月" if m else month


def _unproven_tail(
    positions: Mapping[str, int],
    pinned_heads: Sequence[PinnedHead],
    expected_head: str | None,
) -> str:
    """What an intact chain cannot prove: entries after the newest head recorded outside it.

    ``positions`` maps each entry hash to its 0-based place in the chain. The newest anchor
    (a finalised report's head or the printed head given) protects everything up to it;
    entries added after it could be cut from the end without a trace.
    """
    anchors: list[tuple[int, str]] = []
    for pin in pinned_heads:
        if pin.head and pin.head != GENESIS_HASH:
            anchors.append((positions[pin.head], f"最后一次定稿（{_month_label(pin.month)}）"))
        elif pin.head == GENESIS_HASH:
            anchors.append((-1, f"最后一次定稿（{_month_label(pin.month)}）"))
    if expected_head and expected_head != GENESIS_HASH:
        anchors.append((positions[expected_head], "打印件上的链头"))
    elif expected_head == GENESIS_HASH:
        anchors.append((-1, "打印件上的链头"))
    if not anchors:
        return (
            "还没有定稿的月报，末尾的记录如被整条删除，"
            "需用打印件上的链头核对（log verify --head）。"
        )
    # Even when the chain ends exactly at the anchor, entries added after it may have been
    # cut: that is never provable from inside the file, so the caveat is always said.
    _place, label = max(anchors, key=lambda a: a[0])
    if label == "打印件上的链头":
        return "打印之后新增的记录如被整条删除，需用更新的打印件核对。"
    return f"{label}之后新增的记录如被整条删除，需用打印件上的链头核对。"


def _gap_caption(entry: LogEntry, previous_id: int | None) -> str:
    """「第 3 条记录」/「第 3–5 条记录」when ids are missing before ``entry`` (ids are chosen as
    last id + 1 under the chain's lock, so a gap means rows were removed), else ""."""
    first_missing = (previous_id or 0) + 1
    if entry.id <= first_missing:
        return ""
    last_missing = entry.id - 1
    if last_missing == first_missing:
        return f"第 {first_missing} 条记录"
    return f"第 {first_missing}–{last_missing} 条记录"


def verify_entries(
    entries: Sequence[LogEntry],
    bad_attachments: Mapping[int, str] | None = None,
    expected_head: str | None = None,
    pinned_heads: Sequence[PinnedHead] = (),
) -> ChainReport:
    """Check the chain of ``entries`` (in id order).

    ``bad_attachments`` maps an entry id to the file name of an attachment whose stored content
    no longer matches its SHA-256 key (the caller recomputes those; this stays pure).
    ``expected_head``: a head printed earlier (e.g. on a report); if it is no longer in the chain,
    entries after it were removed or the log was replaced.
    ``pinned_heads``: heads recorded when reports were finalised; each must still be in the
    chain (or be the genesis hash), otherwise entries were deleted after that report.
    A void entry whose target is not an earlier entry of the chain is reported too.
    See the module docstring for what cannot be detected.
    """
    bad_attachments = bad_attachments or {}
    prev = GENESIS_HASH
    previous_id: int | None = None
    positions: dict[str, int] = {}
    seen_ids: set[int] = set()
    for count, entry in enumerate(entries, start=1):
        caption = entry.summary()
        if entry.prev_hash != prev:
            gap = _gap_caption(entry, previous_id)
            message = (
                f"{gap}缺失：{caption}之前的记录被删除（链接对不上）。"
                if gap
                else f"{caption}之前的记录被删除、改动或调换了顺序（链接对不上）。"
            )
            return ChainReport(False, count, entry.id, message, prev)
        if hash_of_entry(entry) != entry.entry_hash:
            return ChainReport(False, count, entry.id, f"{caption}被改动或删除。", prev)
        gap = _gap_caption(entry, previous_id)
        if gap:
            # Links intact but ids skip: someone deleted rows and recomputed the later hashes.
            return ChainReport(
                False,
                count,
                entry.id,
                f"{gap}缺失：{caption}之前的编号不连续（记录编号逐条递增，不会跳号），"
                "有记录被删除后链被重新计算。",
                prev,
            )
        if entry.id in bad_attachments:
            return ChainReport(
                False,
                count,
                entry.id,
                f"{caption}的证据文件“{bad_attachments[entry.id]}”被改动或缺失。",
                prev,
            )
        if entry.voids_entry_id is not None and entry.voids_entry_id not in seen_ids:
            return ChainReport(
                False,
                count,
                entry.id,
                f"{caption}作废的第 {entry.voids_entry_id} 条记录不在链中（被删除或编号被改动）。",
                prev,
            )
        positions[entry.entry_hash] = count - 1
        seen_ids.add(entry.id)
        previous_id = entry.id
        prev = entry.entry_hash
    n = len(entries)
    last = f"现存最后一条是{entries[-1].summary()}。" if entries else "现在记录是空的。"
    for pin in pinned_heads:
        if pin.head and pin.head != GENESIS_HASH and pin.head not in positions:
            return ChainReport(
                False,
                n,
                None,
                f"{pin.label}定稿时记录链末端为 {pin.head[:12]}…，该记录已不在链中："
                f"定稿后有记录被删除，或整个记录被替换。{last}",
                prev,
            )
    if expected_head and expected_head != GENESIS_HASH and expected_head not in positions:
        return ChainReport(
            False,
            n,
            None,
            f"记录链中找不到之前打印的链头 {expected_head[:12]}…："
            f"其后的记录被删除，或整个记录被替换。{last}",
            prev,
        )
    caveat = _unproven_tail(positions, pinned_heads, expected_head)
    return ChainReport(
        True,
        n,
        None,
        f"未发现改动；{caveat}共 {n} 条记录，链头 {prev[:12]}…。",
        prev,
        entries[-1].recorded_at if entries else None,
    )


def verify_visible_entries(
    entries: Sequence[LogEntry], bad_attachments: Mapping[int, str] | None = None
) -> ChainReport:
    """Check the part of a chain one login can see (a teacher on a school server sees only
    their classes' entries): each entry's own hash, the link between entries whose ids follow
    each other, and the evidence. Removals between visible entries and the chain as a whole
    are for a login that sees every entry (the school's supervisor) to check."""
    bad_attachments = bad_attachments or {}
    previous: LogEntry | None = None
    for count, entry in enumerate(entries, start=1):
        caption = entry.summary()
        if hash_of_entry(entry) != entry.entry_hash:
            return ChainReport(False, count, entry.id, f"{caption}被改动。", entry.prev_hash)
        if (previous is not None and entry.id == previous.id + 1
                and entry.prev_hash != previous.entry_hash):
            return ChainReport(False, count, entry.id,
                               f"{caption}之前的记录被改动或调换了顺序（链接对不上）。",
                               previous.entry_hash)
        if entry.id in bad_attachments:
            return ChainReport(False, count, entry.id,
                               f"{caption}的证据文件“{bad_attachments[entry.id]}”被改动或缺失。",
                               entry.prev_hash)
        previous = entry
    n = len(entries)
    head = entries[-1].entry_hash if entries else GENESIS_HASH
    return ChainReport(
        True, n, None,
        f"本账号能看到的 {n} 条记录未发现改动。其他班级的记录本账号看不到，"
        "整条记录链（包括是否有记录被整条删除）由学校的督导账号核对。",
        head,
        entries[-1].recorded_at if entries else None,
    )
