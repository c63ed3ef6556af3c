"""Monthly reports: build a class's month report and the school summary, finalise (定稿), reprint.

Reads the roster, the audits and the log (read-only) and returns the plain shapes of
``core.report``. A finalised month is reprinted from its stored snapshot, with the number of
items that changed since (``本报告定稿后有 N 项更新``) instead of silently showing new figures.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from classgroup_desktop.core.chat_review import CHAT_EVIDENCE_PREFIX
from classgroup_desktop.core.errors import ConflictError
from classgroup_desktop.core.logchain import DISPOSITION_KIND
from classgroup_desktop.core.phone import mask_phone, mask_phones_in
from classgroup_desktop.core.report import (
    BASIS_BEFORE,
    BASIS_IN_MONTH,
    BASIS_NONE,
    KIND_LABELS,
    SOURCE_LOCAL,
    SOURCE_PACKAGE,
    AuditLine,
    ChartPoint,
    ChatMonth,
    ClassChangeLine,
    ClassHandIn,
    ClassMonthReport,
    EscalationLine,
    EvidenceRef,
    FamilyNotReached,
    Finalisation,
    LogLine,
    Membership,
    MonthChange,
    NoncompliantMember,
    PendingLine,
    RenamedMember,
    ReportHeader,
    RuleCount,
    SchoolHandIn,
    SchoolRow,
    SchoolSummary,
    UnknownMember,
    class_change_text,
    compliance_rate,
    content_hash,
    count_differences,
    month_bounds,
    parse_month,
    report_from_dict,
    school_totals,
)
from classgroup_desktop.core.roster import ClassRoster, Student, class_sort_key
from classgroup_desktop.io.resources import rule_catalogue
from classgroup_desktop.services.classes import find_class, roster_of
from classgroup_desktop.services.log import ladder_suggestions
from classgroup_desktop.services.log_chain import chain_head
from classgroup_desktop.services.pending import pending_items
from classgroup_desktop.services.settings import SCHOOL_NAME, TEACHER_NAME
from classgroup_desktop.services.text_limits import check_text
from classgroup_desktop.store.db import Database
from classgroup_desktop.store.models import (
    AuditMemberRow,
    AuditRow,
    ChatReviewRow,
    ClassGroupRow,
    FinalReportRow,
    LogEntryRow,
    ReceivedPackageRow,
    SettingRow,
)

CHART_MONTHS = 6  # the compliance chart covers this month and the five before it
SCHOOL_SCOPE = "school"


def _scope(class_id: int) -> str:
    return f"class:{class_id}"


def _fmt(dt: datetime | None) -> str | None:
    return None if dt is None else dt.strftime("%Y-%m-%d %H:%M")


def _setting(s: Session, key: str, default: str = "") -> str:
    row = s.get(SettingRow, key)
    value = None if row is None else row.value
    return value if isinstance(value, str) and value.strip() else default


def _rule_title(code: str | None) -> str | None:
    """The short title of a rule code from the rule catalogue (None if unknown)."""
    if not code:
        return None
    catalogue = rule_catalogue()
    return catalogue[code].title if code in catalogue else None


# --- members across audits ----------------------------------------------------------------


def _member_key(m: AuditMemberRow) -> tuple:
    """Who a member is, independent of how the nickname is written (for joined/left/renamed)."""
    ident = m.identity or {}
    kind = ident.get("kind")
    if kind == "teacher" and ident.get("teacher"):
        return ("teacher", ident["teacher"])
    if kind == "parent" and ident.get("students"):
        return ("parent", tuple(sorted(ident["students"])), ident.get("relation"))
    return ("nick", m.normalized or m.nickname)


def _diff_members(
    previous: list[AuditMemberRow], current: list[AuditMemberRow]
) -> tuple[list[str], list[str], list[RenamedMember]]:
    prev_by_key: dict[tuple, list[AuditMemberRow]] = defaultdict(list)
    for m in previous:
        prev_by_key[_member_key(m)].append(m)
    joined: list[str] = []
    renamed: list[RenamedMember] = []
    for m in current:
        candidates = prev_by_key.get(_member_key(m))
        if not candidates:
            joined.append(mask_phones_in(m.nickname))
            continue
        same = next((c for c in candidates if c.nickname == m.nickname), None)
        old = same or candidates[0]
        candidates.remove(old)
        if old.nickname != m.nickname:
            renamed.append(
                RenamedMember(old=mask_phones_in(old.nickname), new=mask_phones_in(m.nickname))
            )
    gone = sorted((m for ms in prev_by_key.values() for m in ms), key=lambda m: m.position)
    return joined, [mask_phones_in(m.nickname) for m in gone], renamed


_LABEL_WITH_NO = re.compile(r"^(.*?)\s*[（(]\s*(?:学号\s*)?([^）)]+?)\s*[）)]$")


def _student_for(label: str, roster: ClassRoster) -> Student | None:
    """The roster student a finding names: 王小明, or 张伟（29） when two share the name."""
    same = [st for st in roster.students if st.name == label]
    if len(same) == 1:
        return same[0]
    match = _LABEL_WITH_NO.match(label)
    if match:
        name, number = match.group(1), match.group(2)
        return next(
            (st for st in roster.students if st.name == name and st.student_no == number), None
        )
    return None


def _families_not_reached(
    audit: AuditRow, members: list[AuditMemberRow], roster: ClassRoster
) -> tuple[FamilyNotReached, ...]:
    findings = audit.findings or {}
    labels = findings.get("students_without_guardian")
    if isinstance(labels, list):
        pairs = [(str(label), _student_for(str(label), roster)) for label in labels]
    else:
        reached = {
            name
            for m in members
            if (m.identity or {}).get("kind") == "parent"
            for name in (m.identity or {}).get("students") or ()
        }
        pairs = [(st.name, st) for st in roster.students if st.name not in reached]
    out = []
    for label, st in pairs:
        contacts: tuple[str, ...] = ()
        if st is not None:
            contacts = tuple(
                " ".join(p for p in ((g.relation or g.name or "家长"), mask_phone(g.phone)) if p)
                for g in st.guardians
            )
        out.append(
            FamilyNotReached(
                student=label, student_no=st.student_no if st else None, contacts=contacts
            )
        )
    return tuple(out)


def _load_members(s: Session, audit_id: int) -> list[AuditMemberRow]:
    return list(
        s.scalars(
            select(AuditMemberRow)
            .where(AuditMemberRow.audit_id == audit_id)
            .order_by(AuditMemberRow.position)
        )
    )


# --- the log ------------------------------------------------------------------------------


def _log_lines(entries: Iterable[LogEntryRow], voided_by: dict[int, int]) -> tuple[LogLine, ...]:
    return tuple(
        LogLine(
            entry_id=e.id,
            occurred_at=_fmt(e.occurred_at) or "",
            kind=e.kind,
            member=mask_phones_in(e.member_nickname) or None,
            rule_code=e.rule_code,
            rule_title=_rule_title(e.rule_code),
            description=mask_phones_in(e.description or ""),
            recorded_by=e.recorded_by,
            evidence=tuple(EvidenceRef(a.file_name, a.sha256) for a in e.attachments),
            voids_entry_id=e.voids_entry_id,
            voided_by=voided_by.get(e.id),
        )
        for e in entries
    )


def _pending(db: Database, class_name: str, at: datetime) -> tuple[PendingLine, ...]:
    """Open items at ``at``: the log's pending items (清退未执行, 提醒未见效) and the escalation
    ladder's suggestions not acted on."""
    lines = [
        PendingLine(
            kind=p.kind,
            nickname=mask_phones_in(p.nickname),
            since=_fmt(p.since),
            detail=mask_phones_in(p.detail),
        )
        for p in pending_items(db, class_name, at=at)
    ]
    for sug in ladder_suggestions(db, class_name, at=at):
        if sug.acted_on:
            continue
        lines.append(
            PendingLine(
                kind=f"建议{sug.suggest_label}（未处理）",
                nickname=mask_phones_in(sug.member),
                since=_fmt(sug.since),
                detail=mask_phones_in(f"{sug.rule + '：' if sug.rule else ''}{sug.reason}"),
            )
        )
    return tuple(lines)


# --- class report -------------------------------------------------------------------------


def _build_class(
    db: Database, s: Session, row: ClassGroupRow, month: str, now: datetime, chain: str
) -> ClassMonthReport:
    start, end = month_bounds(month)
    roster = roster_of(s, row)
    head = roster.head_teacher
    audits = list(
        s.scalars(
            select(AuditRow)
            .where(AuditRow.class_id == row.id, AuditRow.taken_at < end)
            .order_by(AuditRow.taken_at, AuditRow.id)
        )
    )
    in_month = [a for a in audits if a.taken_at >= start]
    before = [a for a in audits if a.taken_at < start]
    month_end_audit = in_month[-1] if in_month else (before[-1] if before else None)
    basis = BASIS_IN_MONTH if in_month else (BASIS_BEFORE if before else BASIS_NONE)
    members = _load_members(s, month_end_audit.id) if month_end_audit else []

    if month_end_audit is None:
        membership = Membership(
            basis=BASIS_NONE, audit_taken_at=None, roster_students=len(roster.students)
        )
    else:
        kinds = Counter((m.identity or {}).get("kind") for m in members)
        statuses = Counter(m.status for m in members)
        total = len(members) or month_end_audit.total
        ok = statuses["ok"] if members else month_end_audit.ok
        membership = Membership(
            basis=basis,
            audit_taken_at=_fmt(month_end_audit.taken_at),
            total=total,
            teachers=kinds["teacher"],
            parents=kinds["parent"],
            ok=ok,
            rename=statuses["rename"] if members else month_end_audit.rename,
            unknown=statuses["unknown"] if members else month_end_audit.unknown,
            compliance_rate=compliance_rate(ok, total),
            roster_students=len(roster.students),
            families_not_reached=_families_not_reached(month_end_audit, members, roster),
        )

    # Change vs the previous month: previous month's month-end audit vs this month's.
    change = MonthChange(previous_audit_taken_at=None)
    if in_month:
        previous = before[-1] if before else None
        if previous is not None:
            joined, left, renamed = _diff_members(_load_members(s, previous.id), members)
            change = MonthChange(
                previous_audit_taken_at=_fmt(previous.taken_at),
                joined=tuple(joined),
                left=tuple(left),
                renamed=tuple(renamed),
            )

    audit_lines = tuple(
        AuditLine(
            audit_id=a.id,
            taken_at=_fmt(a.taken_at) or "",
            source=a.source,
            total=a.total,
            ok=a.ok,
            rename=a.rename,
            unknown=a.unknown,
            compliance_rate=compliance_rate(a.ok, a.total),
        )
        for a in in_month
    )

    # The log up to month end (needed for what was done about unknown members).
    entries = list(
        s.scalars(
            select(LogEntryRow)
            .where(LogEntryRow.class_id == row.id, LogEntryRow.occurred_at < end)
            .options(selectinload(LogEntryRow.attachments))
            .order_by(LogEntryRow.occurred_at, LogEntryRow.id)
        )
    )
    voided_by = {e.voids_entry_id: e.id for e in entries if e.kind == "void" and e.voids_entry_id}
    month_entries = [e for e in entries if e.occurred_at >= start]

    noncompliant = tuple(
        NoncompliantMember(
            nickname=mask_phones_in(m.nickname),
            suggestion=m.suggestion,
            flags=tuple(m.flags or ()),
            reason=mask_phones_in(m.reason or ""),
        )
        for m in members
        if m.status == "rename"
    )
    unknown = []
    for m in members:
        if m.status != "unknown":
            continue
        actions = tuple(
            f"{e.occurred_at:%m-%d} {_kind_label(e.kind)}"
            + (f"（{e.rule_code}）" if e.rule_code else "")
            for e in entries
            if e.member_nickname
            and e.member_nickname.strip() == m.nickname.strip()
            and e.kind != "void"
            and e.id not in voided_by
        )
        unknown.append(
            UnknownMember(
                nickname=mask_phones_in(m.nickname),
                flags=tuple(m.flags or ()),
                reason=mask_phones_in(m.reason or ""),
                actions=actions,
            )
        )

    at = min(end - timedelta(seconds=1), now)
    pending = _pending(db, row.name, at)

    chart_start = start
    for _ in range(CHART_MONTHS - 1):
        chart_start = (chart_start - timedelta(days=1)).replace(day=1)
    chart = tuple(
        ChartPoint(taken_at=_fmt(a.taken_at) or "", rate=compliance_rate(a.ok, a.total))
        for a in audits
        if a.taken_at >= chart_start
    )

    header = ReportHeader(
        school=_setting(s, SCHOOL_NAME),
        class_name=row.name,
        wechat_group_name=row.wechat_group_name,
        head_teacher=head.name if head else None,
        month=month,
        generated_at=_fmt(now) or "",
    )
    return ClassMonthReport(
        header=header,
        membership=membership,
        change=change,
        audits=audit_lines,
        noncompliant=noncompliant,
        unknown=tuple(unknown),
        log=_log_lines(month_entries, voided_by),
        pending=pending,
        chart=chart,
        chain_head=chain,
        chat=_chat_month(s, row.id, start, end, month_entries, voided_by),
    )


def _chat_month(s: Session, class_id: int, start: datetime, end: datetime,
                month_entries: list[LogEntryRow], voided_by: dict[int, int]) -> ChatMonth | None:
    """本月巡查 from the chat reviews saved in the month; None when there are none."""
    reviews = list(s.scalars(select(ChatReviewRow).where(
        ChatReviewRow.class_id == class_id, ChatReviewRow.saved_at >= start,
        ChatReviewRow.saved_at < end)))
    if not reviews:
        return None
    by_rule: Counter[str] = Counter()
    for r in reviews:
        by_rule.update({str(k): int(v) for k, v in (r.by_rule or {}).items()})
    actions = sum(
        1 for e in month_entries
        if e.kind != "void" and e.id not in voided_by
        and any(a.file_name.startswith(CHAT_EVIDENCE_PREFIX) for a in e.attachments)
    )
    return ChatMonth(
        reviews=len(reviews), messages=sum(r.message_count for r in reviews),
        flagged=sum(r.flagged_count for r in reviews),
        by_rule=tuple(RuleCount(k, v) for k, v in sorted(by_rule.items())),
        actions=actions, clear_outs_closed=sum(len(r.pending_closed or []) for r in reviews),
    )


def _kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def _with_snapshot(s: Session, scope: str, month: str, fresh: Any) -> Any:
    stored = s.scalar(
        select(FinalReportRow).where(FinalReportRow.scope == scope, FinalReportRow.month == month)
    )
    if stored is None:
        return fresh
    original = report_from_dict(stored.snapshot)
    return dataclasses.replace(
        original,
        finalisation=Finalisation(
            finalised_at=_fmt(stored.finalised_at) or "",
            finalised_by=stored.finalised_by,
            content_hash=stored.content_hash,
            updates_since=count_differences(original, fresh),
        ),
    )


def build_class_report(
    db: Database,
    class_name: str,
    month: str,
    now: datetime | None = None,
    *,
    use_snapshot: bool = True,
) -> ClassMonthReport:
    """The class's report for ``month`` (``YYYY-MM``).

    A finalised month comes back as finalised (its snapshot), with ``finalisation.updates_since``
    counting the items that differ from today's data; ``use_snapshot=False`` gives today's data.
    """
    month = parse_month(month)
    now = now or datetime.now()
    with db.read() as s:
        row = find_class(s, class_name)
        fresh = _build_class(db, s, row, month, now, chain_head(db))
        return _with_snapshot(s, _scope(row.id), month, fresh) if use_snapshot else fresh


def _school_row(report: ClassMonthReport) -> SchoolRow:
    live = [line for line in report.log if line.voided_by is None]
    kinds = Counter(line.kind for line in live)
    return SchoolRow(
        class_name=report.header.class_name,
        head_teacher=report.header.head_teacher,
        members=report.membership.total,
        compliance_rate=report.membership.compliance_rate,
        families_not_reached=len(report.membership.families_not_reached),
        audits=len(report.audits),
        reminders=kinds["reminder"],
        clear_outs=kinds["clear-out"],
        escalations=kinds["escalation"],
        pending=len(report.pending),
    )


def build_class_reports(
    db: Database, month: str, now: datetime | None = None
) -> list[ClassMonthReport]:
    """Every active class's report for ``month`` (finalised ones as finalised), by class name."""
    month = parse_month(month)
    now = now or datetime.now()
    with db.read() as s:
        chain = chain_head(db)
        rows = sorted(
            s.scalars(select(ClassGroupRow).where(ClassGroupRow.archived.is_(False))),
            key=lambda r: class_sort_key(r.name),
        )
        return [
            _with_snapshot(s, _scope(r.id), month, _build_class(db, s, r, month, now, chain))
            for r in rows
        ]


def _build_school(db: Database, month: str, now: datetime) -> SchoolSummary:
    """Local classes and received packages alike; a class that handed in a package is summed
    from its package (the finalised figures), the others from this database."""
    from classgroup_desktop.services import school

    with db.read() as s:
        chain = chain_head(db)
        school_name = _setting(s, SCHOOL_NAME)
        rows = sorted(
            s.scalars(select(ClassGroupRow).where(ClassGroupRow.archived.is_(False))),
            key=lambda r: class_sort_key(r.name),
        )
        local = [_build_class(db, s, r, month, now, chain) for r in rows]
        finalised_local = {
            r.name for r in rows
            if s.scalar(select(FinalReportRow.id).where(
                FinalReportRow.scope == _scope(r.id), FinalReportRow.month == month))
        }
        packages = school.current_packages(s, month)
        known = school.classes_known(s, month)
        packaged = {p.report.header.class_name: p for p in packages}
        local = [r for r in local if r.header.class_name not in packaged]
        states = school.escalation_states(s, month, local, packages)
    reports = sorted([*local, *(p.report for p in packages)],
                     key=lambda r: class_sort_key(r.header.class_name))
    class_rows = tuple(_school_row(r) for r in reports)
    handins = []
    for r in reports:
        name = r.header.class_name
        pkg = packaged.get(name)
        if pkg is not None:
            note = ("取代 " + "、".join(pkg.superseded) + " 的定稿") if pkg.superseded else ""
            handins.append(ClassHandIn(name, SOURCE_PACKAGE, pkg.finalised_at, pkg.content_hash,
                                       r.membership.unknown, note))
        else:
            handins.append(ClassHandIn(name, SOURCE_LOCAL, None, None, r.membership.unknown,
                                       "本机数据，本月已定稿" if name in finalised_local
                                       else "本机数据，本月未定稿"))
    handed_in = set(packaged) | finalised_local
    expected = known | {r.header.class_name for r in local}
    changed = tuple(
        ClassChangeLine(r.header.class_name, text)
        for r in reports
        if (text := class_change_text(r))
    )
    escalations = tuple(
        EscalationLine(
            class_name=e.class_name,
            occurred_at=e.occurred_at,
            member=e.member,
            rule_code=e.rule_code,
            rule_title=_rule_title(e.rule_code),
            description=e.description,
        )
        for e in states
    )
    return SchoolSummary(
        school=school_name,
        month=month,
        generated_at=_fmt(now) or "",
        rows=class_rows,
        totals=school_totals(class_rows),
        escalations=escalations,
        chain_head=chain,
        handin=SchoolHandIn(
            classes=tuple(handins),
            not_handed_in=tuple(sorted(expected - handed_in, key=class_sort_key)),
            changed=changed,
            escalations=tuple(states),
        ),
    )


def build_school_summary(
    db: Database, month: str, now: datetime | None = None, *, use_snapshot: bool = True
) -> SchoolSummary:
    """The school summary for ``month``: one row per active class, totals, all escalations."""
    month = parse_month(month)
    fresh = _build_school(db, month, now or datetime.now())
    if not use_snapshot:
        return fresh
    with db.read() as s:
        return _with_snapshot(s, SCHOOL_SCOPE, month, fresh)


def finalise_report(
    db: Database,
    class_name: str | None,
    month: str,
    by: str | None = None,
    now: datetime | None = None,
) -> Finalisation:
    """Store the month's report (a class's, or the school summary when ``class_name`` is None)
    as finalised: its data snapshot and content hash. A month is finalised once.
    """
    month = parse_month(month)
    check_text((by or "").strip() or None, FinalReportRow.finalised_by, "定稿人姓名")
    now = now or datetime.now()
    if class_name is None:
        report: ClassMonthReport | SchoolSummary = build_school_summary(
            db, month, now, use_snapshot=False
        )
        scope, what = SCHOOL_SCOPE, "学校汇总"
    else:
        report = build_class_report(db, class_name, month, now, use_snapshot=False)
        what = f"“{report.header.class_name}”的月报"
        with db.read() as s:
            scope = _scope(find_class(s, class_name).id)
    digest = content_hash(report)
    with db.session() as s:
        existing = s.scalar(
            select(FinalReportRow).where(
                FinalReportRow.scope == scope, FinalReportRow.month == month
            )
        )
        if existing is not None:
            raise ConflictError(
                f"{what}（{month}）已于 {_fmt(existing.finalised_at)} 定稿，不能再次定稿；"
                "重新打印会使用定稿时的数据。"
            )
        by = (by or "").strip() or _setting(s, TEACHER_NAME) or None
        check_text(by, FinalReportRow.finalised_by, "定稿人姓名")
        s.add(
            FinalReportRow(
                scope=scope,
                month=month,
                finalised_at=now,
                finalised_by=by,
                snapshot=report.to_dict(),
                content_hash=digest,
            )
        )
    return Finalisation(finalised_at=_fmt(now) or "", finalised_by=by, content_hash=digest)


def finalised_months(db: Database, class_name: str | None) -> list[str]:
    """Months already finalised for a class (or the school summary), newest first."""
    with db.read() as s:
        scope = SCHOOL_SCOPE if class_name is None else _scope(find_class(s, class_name).id)
        return list(
            s.scalars(
                select(FinalReportRow.month)
                .where(FinalReportRow.scope == scope)
                .order_by(FinalReportRow.month.desc())
            )
        )


def latest_active_month(db: Database, class_name: str | None = None) -> str | None:
    """``YYYY-MM`` of the latest saved check or log entry of the class (any class when None):
    the month whose report the teacher most likely wants; None when there is neither."""
    from sqlalchemy import func

    with db.read() as s:
        audits = select(func.max(AuditRow.taken_at))
        # A school's 处置 of an escalation is not class activity: it happens the month after.
        entries = select(func.max(LogEntryRow.occurred_at)).where(
            LogEntryRow.kind != DISPOSITION_KIND)
        package: str | None = None
        if class_name is not None:
            class_id = find_class(s, class_name).id
            audits = audits.where(AuditRow.class_id == class_id)
            entries = entries.where(LogEntryRow.class_id == class_id)
        else:
            package = s.scalar(select(func.max(ReceivedPackageRow.month)))
        latest = [t.strftime("%Y-%m") for t in (s.scalar(audits), s.scalar(entries))
                  if t is not None]
        if package:
            latest.append(package)
    return max(latest) if latest else None


def chinese_font_missing() -> bool:
    """True when this machine has no font that can draw the report's Chinese (the PDF would
    show boxes); the faces warn with ``core.fonts.missing_chinese_font_message``."""
    from classgroup_desktop.io.report_fonts import chinese_font_missing as missing

    return missing()
