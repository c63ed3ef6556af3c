"""Report packages (月报包): a teacher exports a finalised month; the school's supervisor imports.

One call builds, renders and packages (``export_package``), so the 月报 view's 导出给学校 and
``report --package`` cannot differ; the PDF inside is the one ``services.report_files`` saves.
``import_packages`` verifies each file (``core.report_package``) and stores what it carries in
the supervisor's database; what it proves and what it cannot is said there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from classgroup_desktop.core.errors import BadInputError, ConflictError, UserError
from classgroup_desktop.core.phone import mask_phones_in
from classgroup_desktop.core.report import ClassMonthReport, parse_month
from classgroup_desktop.core.report_package import (
    PackageRefused,
    VerifiedPackage,
    build_parts,
    escalations_of,
    evidence_part_name,
    verify_parts,
)
from classgroup_desktop.services import report as report_service
from classgroup_desktop.store.db import Database
from classgroup_desktop.store.models import (
    AttachmentRow,
    ReceivedEscalationRow,
    ReceivedPackageRow,
)

__all__ = [
    "ExportResult", "ImportOutcome", "NotFinalisedError", "export_package", "import_packages",
]


class NotFinalisedError(UserError):
    """Exporting a month that is not finalised yet (the faces offer to finalise first)."""


@dataclass(frozen=True)
class ExportResult:
    path: str
    class_name: str
    month: str
    content_hash: str
    finalised_at: str
    pages: int
    escalations: int
    evidence_files: int
    finalised_now: bool

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _pdf(report: ClassMonthReport) -> tuple[bytes, int]:
    from classgroup_desktop.io.report_pdf import pdf_bytes

    return pdf_bytes(report)


def export_package(
    db: Database,
    class_name: str,
    month: str,
    path: str | Path,
    *,
    finalise: bool = False,
    by: str | None = None,
    with_evidence: bool = False,
    now: datetime | None = None,
) -> ExportResult:
    """Write the class's finalised ``month`` as a report package at ``path`` (``.cgpkg``).

    The month must be finalised; ``finalise=True`` finalises it first (``by`` names who), else
    ``NotFinalisedError``. Evidence files of the month's escalations are included only with
    ``with_evidence``; their hashes always are. The file is written whole or not at all.
    """
    from classgroup_desktop import __version__
    from classgroup_desktop.io.report_package import write_package
    from classgroup_desktop.services.log import attachment_content
    from classgroup_desktop.services.report_files import check_target

    month = parse_month(month)
    target = check_target(path)  # before finalising: a wrong folder must not finalise
    finalised_now = False
    if month not in report_service.finalised_months(db, class_name):
        if not finalise:
            raise NotFinalisedError(
                f"“{class_name}”{month} 的月报尚未定稿。导出给学校的必须是定稿的月报："
                "请先定稿（命令行加 --finalise）。"
            )
        report_service.finalise_report(db, class_name, month, by=by, now=now)
        finalised_now = True
    report = report_service.build_class_report(db, class_name, month, now)
    fin = report.finalisation
    assert fin is not None  # finalised above
    pdf, pages = _pdf(report)
    evidence: dict[str, bytes] = {}
    if with_evidence:
        for esc in escalations_of(report):
            for ref in esc["evidence"]:
                evidence[evidence_part_name(ref["sha256"], ref["file_name"])] = \
                    attachment_content(db, ref["sha256"])
    parts = build_parts(report, finalised_at=fin.finalised_at, finalised_by=fin.finalised_by,
                        pdf=pdf, app_version=__version__, evidence=evidence)
    write_package(target, parts)
    return ExportResult(
        path=str(target), class_name=report.header.class_name, month=month,
        content_hash=fin.content_hash, finalised_at=fin.finalised_at, pages=pages,
        escalations=len(escalations_of(report)), evidence_files=len(evidence),
        finalised_now=finalised_now,
    )


# --- importing -----------------------------------------------------------------------------

ACCEPTED = "accepted"  # new: stored
UNCHANGED = "unchanged"  # the same package was imported before: nothing changed
EVIDENCE_ADDED = "evidence_added"  # imported before; this copy brought evidence images
SUPERSEDED_EARLIER = "supersedes"  # stored; replaces an earlier finalisation of the month
OLDER = "older"  # stored, but a later finalisation of the month was received already
REFUSED = "refused"  # altered or inconsistent: not stored
UNREADABLE = "unreadable"  # not a readable zip package: not stored


@dataclass(frozen=True)
class ImportOutcome:
    file: str
    status: str
    message: str
    class_name: str | None = None
    month: str | None = None
    content_hash: str | None = None
    problems: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "problems": list(self.problems)}


def _store(db: Database, pkg: VerifiedPackage, file_name: str, now: datetime) -> ImportOutcome:
    m = pkg.manifest
    base = dict(class_name=m["class_name"], month=m["month"], content_hash=m["content_hash"])
    label = f"“{m['class_name']}”{m['month']}（{m['finalised_at']} 定稿）"
    with db.session() as s:
        known = s.scalar(select(ReceivedPackageRow).where(
            ReceivedPackageRow.package_hash == pkg.package_hash))
        if known is not None:
            # The same finalisation sent again, now with the evidence images the school asked
            # for: keep them (they are checked against the hashes received the first time).
            added = [sha for sha in pkg.evidence if s.get(AttachmentRow, sha) is None]
            if not added:
                return ImportOutcome(file_name, UNCHANGED, f"{label}已导入过，未作改动。",
                                     **base)
            for sha in added:
                s.add(AttachmentRow(sha256=sha, size=len(pkg.evidence[sha]),
                                    content=pkg.evidence[sha]))
            known.evidence_included = True
            return ImportOutcome(file_name, EVIDENCE_ADDED,
                                 f"{label}已导入过；补收证据文件 {len(added)} 个。", **base)
        others = list(s.scalars(select(ReceivedPackageRow).where(
            ReceivedPackageRow.class_name == m["class_name"],
            ReceivedPackageRow.month == m["month"],
            ReceivedPackageRow.school == m["school"])))
        row = ReceivedPackageRow(
            package_hash=pkg.package_hash, school=m["school"], class_name=m["class_name"],
            month=m["month"], content_hash=m["content_hash"], finalised_at=m["finalised_at"],
            finalised_by=m.get("finalised_by"), chain_head=m["chain_head"],
            app_version=str(m.get("app_version", ""))[:50], file_name=file_name[-300:],
            received_at=now, snapshot=pkg.snapshot,
            evidence_included=bool(pkg.evidence),
        )
        for esc in pkg.escalations:
            included = set(pkg.evidence)
            row.escalations.append(ReceivedEscalationRow(
                entry_id=int(esc["entry_id"]), occurred_at=esc["occurred_at"],
                member=mask_phones_in(esc.get("member") or "") or None,
                rule_code=esc.get("rule_code"),
                description=mask_phones_in(esc.get("description") or ""),
                evidence=[{**e, "included": e["sha256"] in included} for e in esc["evidence"]],
            ))
        for sha, body in pkg.evidence.items():
            if s.get(AttachmentRow, sha) is None:
                s.add(AttachmentRow(sha256=sha, size=len(body), content=body))
        s.add(row)
        s.flush()
        current = [o for o in others if o.superseded_by_id is None]
        later = [o for o in current if o.finalised_at > row.finalised_at]
        if later:
            row.superseded_by_id = later[0].id
            return ImportOutcome(
                file_name, OLDER,
                f"{label}已保存，但已收到 {later[0].finalised_at} 的再次定稿，汇总仍用后者。",
                **base)
        for o in current:
            o.superseded_by_id = row.id
        if current:
            earlier = "、".join(o.finalised_at for o in current)
            return ImportOutcome(file_name, SUPERSEDED_EARLIER,
                                 f"{label}已导入，取代 {earlier} 的定稿。", **base)
    return ImportOutcome(file_name, ACCEPTED, f"{label}已导入。", **base)


def import_package(db: Database, path: str | Path, now: datetime | None = None) -> ImportOutcome:
    """Verify and store one package. Never raises for what is in the file: an unreadable file
    or an altered package comes back as an outcome naming the file and what does not match."""
    from classgroup_desktop.io.report_package import read_package

    name = str(path)
    try:
        parts = read_package(path)
    except BadInputError as exc:
        return ImportOutcome(name, UNREADABLE, exc.full_message)
    try:
        pkg = verify_parts(parts)
    except PackageRefused as exc:
        return ImportOutcome(
            name, REFUSED,
            f"文件“{name}”：月报包未通过校验，已拒绝导入：{'；'.join(exc.problems)}。"
            "请让班主任重新导出。",
            problems=tuple(exc.problems))
    try:
        return _store(db, pkg, Path(name).name, now or datetime.now())
    except UserError as exc:
        raise ConflictError(f"文件“{name}”：{exc.message}") from exc


def import_packages(
    db: Database, paths: Sequence[str | Path] | Iterable[str | Path], now: datetime | None = None
) -> list[ImportOutcome]:
    """Import each file (each one transaction); one outcome per file, in order."""
    return [import_package(db, p, now) for p in paths]
