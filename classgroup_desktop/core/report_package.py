"""Report packages (月报包): what a teacher hands the school, and how the school checks it. Pure.

A package is a zip of named parts (``io.report_package`` reads and writes the zip):

- ``report.json``: the finalised report's data (the snapshot stored at 定稿);
- ``report.pdf``: the report as printed; its XMP metadata carries the content hash it prints;
- ``escalations.json``: the month's escalations (上报) with their evidence hashes;
- ``evidence/<sha256><ext>``: evidence files, only when the teacher chose to include them;
- ``manifest.json``: the class and school, month, finalisation, content hash, the log's chain
  head at finalisation, the app version, and the SHA-256 of every other part.

What verification proves, and what it cannot. The content hash is recomputed from the report
data; it must equal the manifest's and the hash embedded in the PDF (the same value the PDF
prints: both come from one computation when the PDF is drawn). Every part must match the SHA-256
the manifest lists, so an edited PDF, a swapped PDF from another class or month, an edited figure
in the JSON, or an evidence file replaced is refused, naming the part. Reading the PDF's printed
text back would need a PDF text extractor the app does not ship; the XMP field is written by the
same renderer from the same hash, so comparing it is equivalent for packages this app made.
The package is not signed (schools have no key infrastructure): someone who rewrites the JSON,
re-renders the PDF and recomputes every hash makes a consistent forgery. The chain head in the
manifest is what catches that later: the teacher's own ``log verify --head`` on their machine
must find it in their log.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from classgroup_desktop.core.report import (
    ClassMonthReport,
    content_hash,
    report_from_dict,
)

FORMAT = "classgroup-report-package"
FORMAT_VERSION = 1
SUFFIX = ".cgpkg"

MANIFEST = "manifest.json"
REPORT = "report.json"
PDF = "report.pdf"
ESCALATIONS = "escalations.json"
EVIDENCE_DIR = "evidence/"

PART_LABELS = {
    MANIFEST: "清单（manifest.json）",
    REPORT: "报告数据（report.json）",
    PDF: "报告 PDF（report.pdf）",
    ESCALATIONS: "上报记录（escalations.json）",
}

_XMP_NS = "https://classgroup.invalid/ns/report/1.0/"
_XMP_HASH = re.compile(rb"<cg:ContentHash>([0-9a-f]{64})</cg:ContentHash>")
_EVIDENCE_NAME = re.compile(r"^evidence/([0-9a-f]{64})(\.[A-Za-z0-9]{1,8})?$")


class PackageRefused(Exception):
    """A package that does not check out; ``problems`` says in Chinese what does not match."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def part_label(name: str) -> str:
    if name.startswith(EVIDENCE_DIR):
        return f"证据文件（{name}）"
    return PART_LABELS.get(name, name)


# --- the PDF's embedded hash ---------------------------------------------------------------


def pdf_xmp_metadata(report_hash: str) -> bytes:
    """XMP metadata naming the report's content hash, for the PDF writer to embed."""
    return (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description rdf:about="" xmlns:cg="{_XMP_NS}">'
        f"<cg:ContentHash>{report_hash}</cg:ContentHash>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()


def pdf_content_hash(pdf: bytes) -> str | None:
    """The content hash embedded in a PDF this app wrote (its XMP metadata), else None."""
    found = _XMP_HASH.findall(pdf)
    return found[-1].decode("ascii") if len(set(found)) == 1 else None


# --- building ------------------------------------------------------------------------------


def escalations_of(report: ClassMonthReport) -> list[dict[str, Any]]:
    """The month's escalations (not voided) as stored in a package, with evidence hashes."""
    return [
        {
            "entry_id": line.entry_id,
            "occurred_at": line.occurred_at,
            "member": line.member,
            "rule_code": line.rule_code,
            "rule_title": line.rule_title,
            "description": line.description,
            "recorded_by": line.recorded_by,
            "evidence": [{"file_name": e.file_name, "sha256": e.sha256} for e in line.evidence],
        }
        for line in report.log
        if line.kind == "escalation" and line.voided_by is None
    ]


def evidence_part_name(sha: str, file_name: str) -> str:
    ext = re.search(r"\.[A-Za-z0-9]{1,8}$", file_name)
    return f"{EVIDENCE_DIR}{sha}{ext.group(0).lower() if ext else ''}"


def dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def build_parts(
    report: ClassMonthReport,
    *,
    finalised_at: str,
    finalised_by: str | None,
    pdf: bytes,
    app_version: str,
    evidence: dict[str, bytes],
) -> dict[str, bytes]:
    """Every part of the package for a finalised class report (``report.finalisation`` set).

    ``evidence``: part name → content of the evidence files to include (may be empty).
    """
    data = report.to_dict()
    data.pop("finalisation", None)  # the snapshot as stored at 定稿
    parts: dict[str, bytes] = {
        REPORT: dumps(data),
        PDF: pdf,
        ESCALATIONS: dumps(escalations_of(report)),
        **evidence,
    }
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": app_version,
        "school": report.header.school,
        "class_name": report.header.class_name,
        "month": report.header.month,
        "finalised_at": finalised_at,
        "finalised_by": finalised_by,
        "content_hash": content_hash(report),
        "chain_head": report.chain_head,
        "evidence_included": bool(evidence),
        "files": {name: sha256(body) for name, body in sorted(parts.items())},
    }
    parts[MANIFEST] = dumps(manifest)
    return parts


# --- verifying -----------------------------------------------------------------------------


@dataclass(frozen=True)
class VerifiedPackage:
    """A package whose parts all check out."""

    manifest: dict[str, Any]
    report: ClassMonthReport
    snapshot: dict[str, Any]
    escalations: list[dict[str, Any]]
    evidence: dict[str, bytes]  # sha256 → content (only what the teacher included)

    @property
    def package_hash(self) -> str:
        """Identity of the finalisation it carries (same class, month, data and 定稿 time)."""
        m = self.manifest
        key = "\x1f".join(
            str(m[k]) for k in ("school", "class_name", "month", "content_hash", "finalised_at")
        )
        return sha256(key.encode("utf-8"))


def _load_json(parts: dict[str, bytes], name: str, problems: list[str]) -> Any:
    try:
        return json.loads(parts[name].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        problems.append(f"{part_label(name)}不是有效的 JSON")
        return None


def verify_parts(parts: dict[str, bytes]) -> VerifiedPackage:
    """Check a package's parts against each other; ``PackageRefused`` listing every mismatch."""
    if MANIFEST not in parts:
        raise PackageRefused(["缺少清单（manifest.json），不是本软件导出的月报包"])
    problems: list[str] = []
    manifest = _load_json(parts, MANIFEST, problems)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackageRefused(problems or ["清单（manifest.json）不是本软件的月报包格式"])
    if not isinstance(manifest.get("format_version"), int) or \
            manifest["format_version"] > FORMAT_VERSION:
        raise PackageRefused(["月报包由更新版本的软件导出，请先升级本软件"])
    listed = manifest.get("files")
    if not isinstance(listed, dict):
        raise PackageRefused(["清单（manifest.json）缺少文件校验码"])
    for name in (REPORT, PDF, ESCALATIONS):
        if name not in parts:
            problems.append(f"缺少{part_label(name)}")
    for name in sorted(set(parts) - {MANIFEST}):
        if name not in listed:
            problems.append(f"{part_label(name)}不在清单中（包被加入了文件）")
        elif sha256(parts[name]) != listed[name]:
            problems.append(f"{part_label(name)}与清单中的校验码不符（导出后被改动）")
    for name in sorted(set(listed) - set(parts)):
        if name not in (REPORT, PDF, ESCALATIONS):
            problems.append(f"清单中的{part_label(name)}不在包中")
    if problems:
        raise PackageRefused(problems)

    snapshot = _load_json(parts, REPORT, problems)
    escalations = _load_json(parts, ESCALATIONS, problems)
    if problems:
        raise PackageRefused(problems)
    try:
        report = report_from_dict(snapshot)
        if not isinstance(report, ClassMonthReport):
            raise PackageRefused(["报告数据（report.json）不是班级月报"])
        digest = content_hash(report)
        expected = escalations_of(report)
        _check_shapes(report, manifest)
    except (TypeError, KeyError, ValueError, AttributeError, IndexError, RecursionError):
        raise PackageRefused(["报告数据（report.json）或清单的结构不对"]) from None
    if digest != manifest.get("content_hash"):
        problems.append(
            f"报告数据的内容校验码 {digest[:12]}… 与清单中的 "
            f"{str(manifest.get('content_hash'))[:12]}… 不符"
        )
    printed = pdf_content_hash(parts[PDF])
    if printed is None:
        problems.append("报告 PDF 中没有本软件写入的内容校验码")
    elif printed != digest:
        problems.append(f"报告 PDF 印的校验码 {printed[:12]}… 与报告数据的 {digest[:12]}… 不符")
    h = report.header
    for key, value in (("class_name", h.class_name), ("month", h.month),
                       ("school", h.school), ("chain_head", report.chain_head)):
        if manifest.get(key) != value:
            problems.append(f"清单中的{_FIELD_LABELS[key]}与报告数据不符")
    if escalations != expected:
        problems.append("上报记录（escalations.json）与报告数据中的上报不符")
    known = {e["sha256"] for esc in expected for e in esc["evidence"]}
    evidence: dict[str, bytes] = {}
    for name, body in parts.items():
        if not name.startswith(EVIDENCE_DIR):
            continue
        match = _EVIDENCE_NAME.match(name)
        if not match or match.group(1) != sha256(body) or match.group(1) not in known:
            problems.append(f"{part_label(name)}不是本月上报所附的证据")
        else:
            evidence[match.group(1)] = body
    if problems:
        raise PackageRefused(problems)
    return VerifiedPackage(manifest, report, snapshot, escalations, evidence)


_FIELD_LABELS = {"class_name": "班级", "month": "月份", "school": "学校", "chain_head": "链头"}
_FINALISED_AT = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def _check_shapes(report: ClassMonthReport, manifest: dict[str, Any]) -> None:
    """What the importer stores must have the types and lengths it is stored as (``ValueError``
    otherwise): a package this app wrote always does."""
    h = report.header
    texts = ((h.school, 200), (h.class_name, 100), (manifest.get("app_version"), 50))
    if not all(isinstance(t, str) and len(t) <= n for t, n in texts):
        raise ValueError("text")
    by = manifest.get("finalised_by")
    if by is not None and not (isinstance(by, str) and len(by) <= 100):
        raise ValueError("finalised_by")
    if not _FINALISED_AT.match(str(manifest.get("finalised_at"))):
        raise ValueError("finalised_at")
    chain_ok = report.chain_head == "" or _HEX64.match(str(report.chain_head))
    if not (chain_ok and _HEX64.match(str(manifest.get("content_hash")))):
        raise ValueError("hash")
    for line in report.log:
        if line.kind == "escalation" and not (
            isinstance(line.entry_id, int) and isinstance(line.occurred_at, str)
            and len(line.occurred_at) <= 20 and isinstance(line.description, str)
            and (line.member is None or isinstance(line.member, str))
            and (line.rule_code is None or (isinstance(line.rule_code, str)
                                            and len(line.rule_code) <= 20))
            and all(isinstance(e.sha256, str) and isinstance(e.file_name, str)
                    for e in line.evidence)
        ):
            raise ValueError("escalation")
