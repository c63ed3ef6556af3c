"""Monthly report data shapes and the pure rules behind them.

A report is plain data (frozen dataclasses) built by ``services.report`` and drawn by
``io.report_pdf`` / ``io.report_xlsx``. Everything printed comes from these shapes, so the PDF,
the spreadsheet and the JSON of the CLI always agree. ``to_dict``/``report_from_dict`` give the
canonical JSON used for the content hash and for the snapshot stored when a month is finalised
(定稿), so a finalised report can be rebuilt exactly as it was.
"""

from __future__ import annotations

import calendar
import dataclasses
import hashlib
import json
import re
import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.core.logchain import KIND_LABELS  # noqa: F401 - log kinds as printed

STATUS_LABELS: dict[str, str] = {"ok": "合规", "rename": "需改名", "unknown": "身份不明"}

FLAG_LABELS: dict[str, str] = {
    "duplicate": "重复",
    "ambiguous": "同名歧义",
    "impersonation": "疑似冒充",
    "confirmed": "已人工确认",
    "truncated": "昵称显示不全",
}

# Membership basis: where the month-end figures come from.
BASIS_IN_MONTH = "in_month"  # the last audit taken in the month
BASIS_BEFORE = "before"  # no audit in the month: the latest one before month end
BASIS_NONE = "none"  # no audit at all

_MONTH_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$")


# --- small pure helpers -------------------------------------------------------------------


def parse_month(text: str) -> str:
    """Normalise a month given as ``YYYY-MM`` (also ``2026-3``, ``2026年3月``) to ``YYYY-MM``."""
    match = _MONTH_RE.match(text or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise BadInputError(f"月份“{text}”格式不对，请写成 YYYY-MM，例如 2026-03。")
    return f"{int(match.group(1)):04d}-{int(match.group(2)):02d}"


def month_bounds(month: str) -> tuple[datetime, datetime]:
    """``[start, end)`` of a ``YYYY-MM`` month as naive datetimes."""
    year, mon = (int(p) for p in parse_month(month).split("-"))
    start = datetime(year, mon, 1)
    end = datetime(year + 1, 1, 1) if mon == 12 else datetime(year, mon + 1, 1)
    return start, end


def previous_month(month: str) -> str:
    year, mon = (int(p) for p in parse_month(month).split("-"))
    return f"{year - 1:04d}-12" if mon == 1 else f"{year:04d}-{mon - 1:02d}"


def month_label(month: str) -> str:
    """``2026-03`` → ``2026年3月``."""
    year, mon = (int(p) for p in parse_month(month).split("-"))
    return f"{year}年{mon}月"


def last_day(month: str) -> date:
    year, mon = (int(p) for p in parse_month(month).split("-"))
    return date(year, mon, calendar.monthrange(year, mon)[1])


def compliance_rate(ok: int, total: int) -> float | None:
    """Share of members whose nickname complies (``ok / total``), ``None`` for an empty group."""
    if total <= 0:
        return None
    return ok / total


def format_rate(rate: float | None) -> str:
    """``0.9231`` → ``92.3%``; ``None`` → ``—``."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def needs_formula_guard(text: object) -> bool:
    """True when a spreadsheet would treat ``text`` as a formula (starts with = + - @ tab CR)."""
    return isinstance(text, str) and text.startswith(FORMULA_TRIGGERS)


def escape_formula(text: str) -> str:
    """Text safe for CSV-like outputs: a leading ``'`` when it would otherwise be a formula."""
    return "'" + text if needs_formula_guard(text) else text


def short_hash(value: str | None, length: int = 12) -> str:
    return (value or "")[:length]


# --- report shapes ------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportHeader:
    school: str
    class_name: str
    wechat_group_name: str | None
    head_teacher: str | None
    month: str  # YYYY-MM
    generated_at: str  # ISO date-time (not part of the content hash)


@dataclass(frozen=True)
class FamilyNotReached:
    student: str
    student_no: str | None
    contacts: tuple[str, ...]  # "妈妈 138****8001" — always masked


@dataclass(frozen=True)
class Membership:
    basis: str  # BASIS_IN_MONTH | BASIS_BEFORE | BASIS_NONE
    audit_taken_at: str | None
    total: int = 0
    teachers: int = 0
    parents: int = 0
    ok: int = 0
    rename: int = 0
    unknown: int = 0
    compliance_rate: float | None = None
    roster_students: int = 0
    families_not_reached: tuple[FamilyNotReached, ...] = ()


@dataclass(frozen=True)
class RenamedMember:
    old: str
    new: str


@dataclass(frozen=True)
class MonthChange:
    previous_audit_taken_at: str | None  # month-end audit of the previous month (None: none)
    joined: tuple[str, ...] = ()
    left: tuple[str, ...] = ()
    renamed: tuple[RenamedMember, ...] = ()


@dataclass(frozen=True)
class AuditLine:
    audit_id: int
    taken_at: str
    source: str
    total: int
    ok: int
    rename: int
    unknown: int
    compliance_rate: float | None


@dataclass(frozen=True)
class NoncompliantMember:
    nickname: str
    suggestion: str | None
    flags: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class UnknownMember:
    nickname: str
    flags: tuple[str, ...]
    reason: str
    actions: tuple[str, ...]  # what was done, from the log ("03-05 清退（入群-1）")


@dataclass(frozen=True)
class EvidenceRef:
    file_name: str
    sha256: str


@dataclass(frozen=True)
class LogLine:
    entry_id: int
    occurred_at: str
    kind: str  # reminder | clear-out | ...
    member: str | None
    rule_code: str | None
    rule_title: str | None
    description: str
    recorded_by: str | None
    evidence: tuple[EvidenceRef, ...] = ()
    voids_entry_id: int | None = None
    voided_by: int | None = None  # id of the void entry that cancels this one

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class PendingLine:
    kind: str  # 清退未执行 / 提醒未见效 / 建议…
    nickname: str | None
    since: str | None
    detail: str


@dataclass(frozen=True)
class ChartPoint:
    taken_at: str
    rate: float | None


@dataclass(frozen=True)
class Finalisation:
    finalised_at: str
    finalised_by: str | None
    content_hash: str
    updates_since: int = 0  # items that differ between the snapshot and today's data


@dataclass(frozen=True)
class RuleCount:
    rule: str
    count: int


@dataclass(frozen=True)
class ChatMonth:
    """本月巡查: saved chat reviews of the month (by when they were saved)."""

    reviews: int
    messages: int
    flagged: int
    by_rule: tuple[RuleCount, ...] = ()
    actions: int = 0  # log entries made from a chat message (their evidence is the message)
    clear_outs_closed: int = 0  # pending clear-outs a removal in the chat closed

    @property
    def line(self) -> str:
        """「本月巡查 2 次，共 180 条消息，标出 6 条（家长-3 2 条…）；据此记录 3 条。」"""
        rules = "，".join(f"{x.rule} {x.count} 条" for x in self.by_rule)
        text = f"本月巡查 {self.reviews} 次，共 {self.messages} 条消息，标出 {self.flagged} 条"
        text += f"（{rules}）" if rules else ""
        text += f"；据此记录 {self.actions} 条"
        if self.clear_outs_closed:
            text += f"，看到 {self.clear_outs_closed} 名清退对象已移出群聊"
        return text + "。"


class _ReportData:
    """What both reports share: plain JSON form and the content hash printed on the page."""

    def to_dict(self) -> dict[str, Any]:
        return to_plain(self)

    @property
    def content_hash(self) -> str:
        return content_hash(self)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ClassMonthReport(_ReportData):
    header: ReportHeader
    membership: Membership
    change: MonthChange
    audits: tuple[AuditLine, ...]
    noncompliant: tuple[NoncompliantMember, ...]
    unknown: tuple[UnknownMember, ...]
    log: tuple[LogLine, ...]
    pending: tuple[PendingLine, ...]
    chart: tuple[ChartPoint, ...]
    chain_head: str
    finalisation: Finalisation | None = None
    chat: ChatMonth | None = None  # None: no chat review saved this month

    @property
    def title(self) -> str:
        return "班级微信群管理月报"


@dataclass(frozen=True)
class SchoolRow:
    class_name: str
    head_teacher: str | None
    members: int
    compliance_rate: float | None
    families_not_reached: int
    audits: int
    reminders: int
    clear_outs: int
    escalations: int
    pending: int


@dataclass(frozen=True)
class EscalationLine:
    class_name: str
    occurred_at: str
    member: str | None
    rule_code: str | None
    rule_title: str | None
    description: str


@dataclass(frozen=True)
class ClassHandIn:
    """Where a class's row of the school summary comes from."""

    class_name: str
    source: str  # SOURCE_PACKAGE | SOURCE_LOCAL
    finalised_at: str | None  # None: a local class whose month is not finalised
    content_hash: str | None
    outsiders: int  # members of unknown identity (身份不明) at month end
    note: str = ""  # e.g. which earlier finalisation a package superseded


@dataclass(frozen=True)
class ClassChangeLine:
    class_name: str
    text: str  # 「合规率 90.0% → 95.2%；新入群 2 人，退群 1 人」


@dataclass(frozen=True)
class EscalationState:
    """An escalation as the school handles it: open (待处置) or handled (已处置)."""

    key: str  # cites it in a disposition: 「班级#条目号@时间」
    class_name: str
    entry_id: int
    occurred_at: str
    member: str | None
    rule_code: str | None
    description: str
    source: str  # SOURCE_PACKAGE | SOURCE_LOCAL
    package_hash: str | None
    handled: bool = False
    disposition: str = ""  # 「05-03 张主任：约谈家长（已上报教育局）」
    evidence: tuple[EvidenceRef, ...] = ()  # the teacher's evidence files, by hash
    evidence_stored: int = 0  # how many of them this database holds (a package may omit them)


@dataclass(frozen=True)
class SchoolHandIn:
    """The supervisor's part of the school summary: who handed in, what changed, escalations."""

    classes: tuple[ClassHandIn, ...] = ()
    not_handed_in: tuple[str, ...] = ()
    changed: tuple[ClassChangeLine, ...] = ()
    escalations: tuple[EscalationState, ...] = ()

    @property
    def open_escalations(self) -> int:
        return sum(1 for e in self.escalations if not e.handled)


SOURCE_PACKAGE = "package"
SOURCE_LOCAL = "local"


def escalation_key(class_name: str, entry_id: int, occurred_at: str) -> str:
    """How a disposition cites an escalation: the class, the teacher's entry id, its time."""
    return f"{class_name}#{entry_id}@{occurred_at}"


def class_change_text(report: ClassMonthReport) -> str:
    """What changed in a class since the previous month, from its own report: the compliance
    rate against the previous month's last check, members who joined, left or renamed; ""
    when nothing did."""
    start, _end = month_bounds(report.header.month)
    before = [p for p in report.chart if p.taken_at < start.strftime("%Y-%m-%d %H:%M")]
    parts = []
    now_rate = report.membership.compliance_rate
    if before and before[-1].rate is not None and now_rate is not None \
            and round(before[-1].rate, 3) != round(now_rate, 3):
        parts.append(f"合规率 {format_rate(before[-1].rate)} → {format_rate(now_rate)}")
    c = report.change
    moves = [f"{label} {len(items)} 人" for label, items in
             (("新入群", c.joined), ("退群", c.left), ("改名", c.renamed)) if items]
    if moves:
        parts.append("，".join(moves))
    return "；".join(parts)


@dataclass(frozen=True)
class SchoolSummary(_ReportData):
    school: str
    month: str
    generated_at: str
    rows: tuple[SchoolRow, ...]
    totals: SchoolRow
    escalations: tuple[EscalationLine, ...]
    chain_head: str
    finalisation: Finalisation | None = None
    handin: SchoolHandIn | None = None  # None: a summary finalised before packages existed

    @property
    def title(self) -> str:
        return "班级微信群管理学校汇总"


Report = ClassMonthReport | SchoolSummary


def school_totals(rows: typing.Sequence[SchoolRow]) -> SchoolRow:
    """The totals row: sums, and the compliance rate over all members of all classes."""
    members = sum(r.members for r in rows)
    weighted = [(r.compliance_rate, r.members) for r in rows if r.compliance_rate is not None]
    ok = sum(rate * n for rate, n in weighted)
    counted = sum(n for _, n in weighted)
    return SchoolRow(
        class_name="合计",
        head_teacher=None,
        members=members,
        compliance_rate=(ok / counted) if counted else None,
        families_not_reached=sum(r.families_not_reached for r in rows),
        audits=sum(r.audits for r in rows),
        reminders=sum(r.reminders for r in rows),
        clear_outs=sum(r.clear_outs for r in rows),
        escalations=sum(r.escalations for r in rows),
        pending=sum(r.pending for r in rows),
    )


# --- canonical JSON, hash, snapshot round trip --------------------------------------------


def to_plain(obj: Any) -> Any:
    """Dataclasses → dicts, tuples → lists (recursively): the JSON shape of a report."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    if isinstance(obj, dict):
        return {k: to_plain(v) for k, v in obj.items()}
    return obj


def _hashable_content(report: Report) -> dict[str, Any]:
    """The report's data minus what is not content: when it was printed and its finalisation."""
    data = to_plain(report)
    data.pop("finalisation", None)
    for optional in ("chat", "handin"):  # reports without the section hash as before it
        if data.get(optional, 0) is None:
            data.pop(optional)
    data.pop("generated_at", None)
    if isinstance(data.get("header"), dict):
        data["header"].pop("generated_at", None)
    return data


def canonical_json(report: Report) -> str:
    """Stable JSON of the report's content (sorted keys, no spaces, floats rounded)."""
    return json.dumps(
        _round_floats(_hashable_content(report)),
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


def content_hash(report: Report) -> str:
    """SHA-256 of the canonical JSON: the same data always gives the same hash."""
    return hashlib.sha256(canonical_json(report).encode("utf-8")).hexdigest()


def _round_floats(obj: Any) -> Any:
    if isinstance(obj, float):
        return round(obj, 6)
    if isinstance(obj, list):
        return [_round_floats(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _round_floats(v) for k, v in obj.items()}
    return obj


def _from_plain(tp: Any, value: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _from_plain(inner[0], value)
    if origin is tuple:
        (item_tp, *_rest) = typing.get_args(tp)
        return tuple(_from_plain(item_tp, v) for v in value or ())
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        kwargs = {
            f.name: _from_plain(hints[f.name], value[f.name])
            for f in dataclasses.fields(tp)
            if f.name in value
        }
        return tp(**kwargs)
    return value


def report_from_dict(data: dict[str, Any]) -> Report:
    """Rebuild a report from its ``to_dict`` form (a finalised snapshot)."""
    cls = SchoolSummary if "rows" in data else ClassMonthReport
    return _from_plain(cls, data)


def count_differences(old: Report, new: Report) -> int:
    """How many items differ between two builds of the same report (for 定稿后更新).

    Lists count per item (an entry added, removed or changed counts once per side that lacks
    it); single figures count once each. Print-time fields (generated at, chain head, chart)
    are left out: they change without the month's data changing.
    """
    a, b = _hashable_content(old), _hashable_content(new)
    for data in (a, b):
        data.pop("chain_head", None)
        data.pop("chart", None)
        data.pop("header", None)
    return _diff_count(_round_floats(a), _round_floats(b))


def _diff_count(a: Any, b: Any) -> int:
    if isinstance(a, dict) and isinstance(b, dict):
        return sum(_diff_count(a.get(k), b.get(k)) for k in sorted(set(a) | set(b)))
    if isinstance(a, list) and isinstance(b, list):
        left = [json.dumps(v, sort_keys=True, ensure_ascii=False) for v in a]
        right = [json.dumps(v, sort_keys=True, ensure_ascii=False) for v in b]
        only_a = _multiset_minus(left, right)
        only_b = _multiset_minus(right, left)
        # A changed item shows on both sides; count it once.
        return max(only_a, only_b)
    return 0 if a == b else 1


def _multiset_minus(a: list[str], b: list[str]) -> int:
    remaining = list(b)
    count = 0
    for item in a:
        if item in remaining:
            remaining.remove(item)
        else:
            count += 1
    return count
