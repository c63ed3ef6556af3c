"""The supervisor's side (学校监管): received packages, escalations to handle, dispositions (处置).

An escalation reaches the supervisor from a received package (or from a class kept in this
database). Handling it is a 处置 entry appended to the supervisor's own hash-chained log (kind
``disposition``): what was done, by whom, when, whether it was reported upward, citing the
package's hash and the escalation's key. So ``log verify`` covers every disposition, and an
escalation is 已处置 exactly when such an entry cites it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from classgroup_desktop.core.errors import BadInputError, NotFoundError
from classgroup_desktop.core.logchain import DISPOSITION_KIND
from classgroup_desktop.core.report import (
    SOURCE_LOCAL,
    SOURCE_PACKAGE,
    ClassMonthReport,
    EscalationState,
    escalation_key,
    parse_month,
    report_from_dict,
)
from classgroup_desktop.store.db import Database
from classgroup_desktop.store.models import (
    AttachmentRow,
    ClassGroupRow,
    LogEntryRow,
    ReceivedPackageRow,
)

__all__ = [
    "Disposition", "ReceivedPackage", "current_packages", "dispose", "list_escalations",
    "list_packages",
]


@dataclass(frozen=True)
class ReceivedPackage:
    id: int
    school: str
    class_name: str
    month: str
    content_hash: str
    finalised_at: str
    finalised_by: str | None
    chain_head: str
    app_version: str
    file_name: str
    received_at: str
    superseded_by: str | None  # finalisation time of the package that replaced this one

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def list_packages(db: Database, month: str | None = None) -> list[ReceivedPackage]:
    """Every received package (of ``month`` when given), by month, class and finalisation."""
    with db.read() as s:
        query = select(ReceivedPackageRow)
        if month:
            query = query.where(ReceivedPackageRow.month == parse_month(month))
        rows = list(s.scalars(query))
        by_id = {r.id: r for r in rows}
        return [
            ReceivedPackage(
                id=r.id, school=r.school, class_name=r.class_name, month=r.month,
                content_hash=r.content_hash, finalised_at=r.finalised_at,
                finalised_by=r.finalised_by, chain_head=r.chain_head,
                app_version=r.app_version, file_name=r.file_name,
                received_at=f"{r.received_at:%Y-%m-%d %H:%M}",
                superseded_by=(by_id[r.superseded_by_id].finalised_at
                               if r.superseded_by_id in by_id else
                               ("?" if r.superseded_by_id else None)),
            )
            for r in sorted(rows, key=lambda r: (r.month, r.class_name, r.finalised_at))
        ]


@dataclass(frozen=True)
class CurrentPackage:
    """The package a class's month is summed from, and what it superseded."""

    report: ClassMonthReport
    content_hash: str
    package_hash: str
    finalised_at: str
    superseded: tuple[str, ...]  # finalisation times of earlier packages it replaced


def current_packages(s: Session, month: str) -> list[CurrentPackage]:
    """The month's packages not superseded by a later finalisation."""
    rows = list(s.scalars(select(ReceivedPackageRow).where(ReceivedPackageRow.month == month)))
    out = []
    for r in rows:
        if r.superseded_by_id is not None:
            continue
        report = report_from_dict(r.snapshot)
        assert isinstance(report, ClassMonthReport)
        out.append(CurrentPackage(
            report=report, content_hash=r.content_hash, package_hash=r.package_hash,
            finalised_at=r.finalised_at,
            superseded=tuple(sorted(o.finalised_at for o in rows
                                    if o.superseded_by_id == r.id)),
        ))
    return out


def classes_known(s: Session, month: str) -> set[str]:
    """Classes that handed in a package for any month up to ``month`` (expected to again)."""
    return set(s.scalars(select(ReceivedPackageRow.class_name)
                         .where(ReceivedPackageRow.month <= month)))


# --- escalations and dispositions ----------------------------------------------------------


def _dispositions(s: Session) -> dict[str, list[LogEntryRow]]:
    out: dict[str, list[LogEntryRow]] = {}
    voided = set(s.scalars(select(LogEntryRow.voids_entry_id)
                           .where(LogEntryRow.voids_entry_id.is_not(None))))
    for e in s.scalars(select(LogEntryRow).where(LogEntryRow.kind == DISPOSITION_KIND)
                       .order_by(LogEntryRow.id)):
        key = (e.member_identity or {}).get("escalation")
        if isinstance(key, str) and e.id not in voided:
            out.setdefault(key, []).append(e)
    return out


def _disposition_text(e: LogEntryRow) -> str:
    d = e.member_identity or {}
    upward = "已上报上级" if d.get("reported_upward") else "未上报上级"
    return f"{e.occurred_at:%Y-%m-%d} {d.get('handled_by') or e.recorded_by or ''}：" \
           f"{d.get('action', '')}（{upward}）"


def escalation_states(
    s: Session, month: str | None, local_reports: list[ClassMonthReport] | None = None,
    packages: list[CurrentPackage] | None = None,
) -> list[EscalationState]:
    """Escalations of ``month`` (every month when None) from current packages and from local
    class reports given, each 待处置 or 已处置 with its latest disposition."""
    handled = _dispositions(s)
    stored = set(s.scalars(select(AttachmentRow.sha256)))
    if packages is None:
        months = [month] if month else sorted(set(s.scalars(select(ReceivedPackageRow.month))))
        packages = [p for m in months for p in current_packages(s, m)]
    states: list[EscalationState] = []

    def add(report: ClassMonthReport, source: str, package_hash: str | None) -> None:
        for line in report.log:
            if line.kind != "escalation" or line.voided_by is not None:
                continue
            key = escalation_key(report.header.class_name, line.entry_id, line.occurred_at)
            done = handled.get(key, [])
            states.append(EscalationState(
                key=key, class_name=report.header.class_name, entry_id=line.entry_id,
                occurred_at=line.occurred_at, member=line.member, rule_code=line.rule_code,
                description=line.description, source=source, package_hash=package_hash,
                handled=bool(done), disposition=_disposition_text(done[-1]) if done else "",
                evidence=line.evidence,
                evidence_stored=sum(1 for e in line.evidence if e.sha256 in stored),
            ))

    names = set()
    for p in packages:
        names.add(p.report.header.class_name)
        add(p.report, SOURCE_PACKAGE, p.package_hash)
    for r in local_reports or ():
        if r.header.class_name not in names:
            add(r, SOURCE_LOCAL, None)
    return sorted(states, key=lambda e: (e.occurred_at, e.class_name, e.entry_id))


def list_escalations(db: Database, month: str | None = None, *,
                     include_local: bool = True) -> list[EscalationState]:
    """The 上报处理 list: escalations from received packages (and from classes kept in this
    database), open ones first, then by time."""
    from classgroup_desktop.services.report import build_class_reports

    month = parse_month(month) if month else None
    local: list[ClassMonthReport] = []
    if include_local and month:
        local = build_class_reports(db, month)
    with db.read() as s:
        if include_local and not month:
            local = _local_escalation_reports(db, s)
        states = escalation_states(s, month, local)
    return sorted(states, key=lambda e: (e.handled, e.occurred_at, e.class_name))


def _local_escalation_reports(db: Database, s: Session) -> list[ClassMonthReport]:
    """Local classes' reports for every month that has an escalation (few months, usually)."""
    from classgroup_desktop.services.report import build_class_reports

    months = sorted({f"{t:%Y-%m}" for t in s.scalars(
        select(LogEntryRow.occurred_at).where(LogEntryRow.kind == "escalation"))})
    return [r for m in months for r in build_class_reports(db, m)]


@dataclass(frozen=True)
class Disposition:
    entry_id: int
    escalation: str
    class_name: str
    action: str
    handled_by: str
    handled_at: str
    reported_upward: bool
    package_hash: str | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _log_class_id(s: Session, class_name: str, now: datetime) -> int:
    """The class a disposition is logged under: the class of that name in this database, or an
    archived record of it created for the supervisor's log (it never shows in the summary)."""
    row = s.scalar(select(ClassGroupRow).where(ClassGroupRow.name == class_name))
    if row is None:
        row = ClassGroupRow(name=class_name, archived=True, created_at=now)
        s.add(row)
        s.flush()
    return row.id


def dispose(
    db: Database,
    escalation: str,
    *,
    action: str,
    handled_by: str,
    reported_upward: bool,
    handled_at: date | datetime | str | None = None,
    now: datetime | None = None,
) -> Disposition:
    """Record a 处置 for the escalation ``escalation`` (its key, see the 上报处理 list) as an
    append-only entry of this database's log, in one transaction. The escalation stays
    visible; a later disposition of the same escalation is added beside the earlier one."""
    from classgroup_desktop.services.log import append_entry, resolve_occurred_at
    from classgroup_desktop.services.text_limits import check_text

    action = (action or "").strip()
    handled_by = (handled_by or "").strip()
    if not action:
        raise BadInputError("请写明处置情况（做了什么）。")
    if not handled_by:
        raise BadInputError("请写明处置人。")
    check_text(handled_by, LogEntryRow.recorded_by, "处置人姓名")
    now = (now or datetime.now()).replace(microsecond=0)
    when = resolve_occurred_at(handled_at, now)
    states = {e.key: e for e in list_escalations(db)}
    target = states.get(escalation.strip())
    if target is None:
        raise NotFoundError(
            f"没有上报“{escalation}”。请用 school escalations 查看上报及其编号。")
    upward = "已上报上级主管部门" if reported_upward else "未上报上级"
    cites = f"月报包 {target.package_hash[:12]}…" if target.package_hash else "本机班级记录"
    description = (f"处置上报 {target.key}（{cites}）：{action}。处置人：{handled_by}；{upward}。")
    identity = {
        "escalation": target.key, "package_hash": target.package_hash,
        "action": action, "handled_by": handled_by, "reported_upward": bool(reported_upward),
    }
    with db.session() as s:
        class_id = _log_class_id(s, target.class_name, now)
        new_id = append_entry(
            s, class_id=class_id, kind=DISPOSITION_KIND, member=target.member,
            identity=identity, rule=target.rule_code, description=description,
            occurred_at=when, recorded_at=now, recorded_by=handled_by, voids_entry_id=None,
            evidence=(),
        )
    return Disposition(
        entry_id=new_id, escalation=target.key, class_name=target.class_name, action=action,
        handled_by=handled_by, handled_at=f"{when:%Y-%m-%d %H:%M}",
        reported_upward=bool(reported_upward), package_hash=target.package_hash,
    )


def has_received_packages(db: Database) -> bool:
    """True once this database has received a report package (the supervisor's side)."""
    with db.read() as s:
        return s.scalar(select(ReceivedPackageRow.id).limit(1)) is not None

