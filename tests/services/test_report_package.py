"""Report packages: two teachers export, the supervisor imports, sums up and handles escalations."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from helpers.report_data import MONTH, build_sample, set_school
from sqlalchemy import select, text

from classgroup_desktop.core.report import format_rate
from classgroup_desktop.core.report_package import (
    MANIFEST,
    PDF,
    REPORT,
    dumps,
    pdf_content_hash,
)
from classgroup_desktop.services.log_chain import verify_chain
from classgroup_desktop.services.report import build_class_report, build_school_summary
from classgroup_desktop.services.report_package import (
    ACCEPTED,
    OLDER,
    REFUSED,
    SUPERSEDED_EARLIER,
    UNCHANGED,
    UNREADABLE,
    NotFinalisedError,
    export_package,
    import_packages,
)
from classgroup_desktop.services.school import dispose, list_escalations, list_packages
from classgroup_desktop.store.db import open_database
from classgroup_desktop.store.models import ReceivedPackageRow

A, B = "三年级二班", "四年级一班"
FIN = datetime(2026, 4, 2, 9, 0)


def teacher_db(tmp_path: Path, name: str, students: int = 12):
    db = open_database(tmp_path / f"teacher-{name}.sqlite3")
    build_sample(db, students=students, name=name)
    return db


@pytest.fixture
def packages(tmp_path):
    """Two teachers' databases, each exporting its finalised March as a package."""
    out = {}
    for name, n in ((A, 12), (B, 20)):
        tdb = teacher_db(tmp_path, name, n)
        path = tmp_path / f"{name}.cgpkg"
        result = export_package(tdb, name, MONTH, path, finalise=True, now=FIN)
        out[name] = (path, build_class_report(tdb, name, MONTH, FIN), result)
        tdb.dispose()
    return out


@pytest.fixture
def school_db(db):
    """The supervisor's database: SQLite, and PostgreSQL too when a test server is given."""
    set_school(db, teacher="张主任")
    return db


def rewrite(src: Path, dst: Path, change) -> Path:
    with zipfile.ZipFile(src) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    change(parts)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for n, b in parts.items():
            zf.writestr(n, b)
    dst.write_bytes(buf.getvalue())
    return dst


def edit_total(parts: dict[str, bytes]) -> None:
    """A figure edited in report.json (the membership total), the file otherwise as written."""
    data = json.loads(parts[REPORT])
    data["membership"]["total"] += 5
    parts[REPORT] = dumps(data)


def test_package_holds_report_pdf_chain_head_escalations_version_and_school(packages):
    path, report, result = packages[A]
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read(MANIFEST))
        pdf = zf.read(PDF)
        data = json.loads(zf.read(REPORT))
    assert {MANIFEST, REPORT, PDF, "escalations.json"} <= names
    assert not any(n.startswith("evidence/") for n in names)  # hashes only by default
    assert manifest["content_hash"] == report.finalisation.content_hash == result.content_hash
    assert pdf_content_hash(pdf) == manifest["content_hash"]
    assert manifest["chain_head"] == report.chain_head
    assert manifest["school"] == "浦东新区实验小学" and manifest["class_name"] == A
    assert manifest["app_version"]
    assert result.escalations == 1
    assert "13800000001" not in json.dumps(data, ensure_ascii=False)  # phones masked


def test_unfinalised_month_is_refused_without_finalise(tmp_path):
    tdb = teacher_db(tmp_path, A)
    target = tmp_path / "x.cgpkg"
    with pytest.raises(NotFinalisedError, match="尚未定稿"):
        export_package(tdb, A, MONTH, target)
    assert not target.exists()
    tdb.dispose()


@pytest.mark.parametrize("with_evidence", [False, True], ids=["hashes only", "images too"])
def test_evidence_is_included_only_when_asked(tmp_path, school_db, with_evidence):
    tdb = teacher_db(tmp_path, A)
    from helpers.report_data import add_log

    add_log(tdb, A, "escalation", datetime(2026, 3, 28, 9, 0), rule="监管-3",
            note="转发不实信息", evidence=[("截图.png", b"\x89PNG fake evidence")])
    path = tmp_path / "with.cgpkg"
    result = export_package(tdb, A, MONTH, path, finalise=True, with_evidence=with_evidence,
                            now=FIN)
    tdb.dispose()
    with zipfile.ZipFile(path) as zf:
        images = [n for n in zf.namelist() if n.startswith("evidence/")]
    assert len(images) == result.evidence_files == (1 if with_evidence else 0)
    [out] = import_packages(school_db, [path])
    assert out.status == ACCEPTED
    [esc] = [e for e in list_escalations(school_db, MONTH) if e.evidence]
    assert [r.file_name for r in esc.evidence] == ["截图.png"]
    assert esc.evidence_stored == (1 if with_evidence else 0)
    assert verify_chain(school_db).ok  # evidence received is checked like the log's own


def test_supervisor_summary_lists_both_classes_with_their_finalised_figures(
    packages, school_db
):
    outcomes = import_packages(school_db, [packages[A][0], packages[B][0]])
    assert [o.status for o in outcomes] == [ACCEPTED, ACCEPTED]
    summary = build_school_summary(school_db, MONTH, FIN)
    rows = {r.class_name: r for r in summary.rows}
    assert set(rows) == {A, B}
    for name in (A, B):
        report = packages[name][1]
        assert rows[name].compliance_rate == report.membership.compliance_rate
        assert rows[name].members == report.membership.total
        assert rows[name].clear_outs == 1
    handin = {c.class_name: c for c in summary.handin.classes}
    assert handin[A].content_hash == packages[A][2].content_hash
    assert handin[A].outsiders == packages[A][1].membership.unknown
    assert summary.handin.not_handed_in == ()
    assert {e.class_name for e in summary.handin.escalations} == {A, B}
    assert summary.handin.open_escalations == 2


def test_reimporting_the_same_package_changes_nothing(packages, school_db):
    import_packages(school_db, [packages[A][0]])
    before = build_school_summary(school_db, MONTH, FIN).to_dict()
    [again] = import_packages(school_db, [packages[A][0]])
    assert again.status == UNCHANGED
    assert build_school_summary(school_db, MONTH, FIN).to_dict() == before
    with school_db.read() as s:
        assert len(list(s.scalars(select(ReceivedPackageRow)))) == 1


def test_a_later_finalisation_supersedes_the_earlier_and_the_summary_says_so(
    tmp_path, packages, school_db
):
    import_packages(school_db, [packages[A][0]])
    (tmp_path / "redo").mkdir()
    redo = teacher_db(tmp_path / "redo", A, 14)
    later = tmp_path / "later.cgpkg"
    export_package(redo, A, MONTH, later, finalise=True, now=datetime(2026, 4, 5, 8, 0))
    new_report = build_class_report(redo, A, MONTH)
    redo.dispose()
    [out] = import_packages(school_db, [later])
    assert out.status == SUPERSEDED_EARLIER and "取代 2026-04-02 09:00" in out.message
    summary = build_school_summary(school_db, MONTH, FIN)
    [row] = summary.rows
    assert row.members == new_report.membership.total
    [handin] = summary.handin.classes
    assert "取代 2026-04-02 09:00 的定稿" in handin.note
    # The earlier file arriving again (or late) does not win back.
    [old] = import_packages(school_db, [packages[A][0]])
    assert old.status == UNCHANGED
    assert [p.superseded_by for p in list_packages(school_db)] == ["2026-04-05 08:00", None]


def test_an_older_finalisation_arriving_late_is_kept_but_not_summed(
    tmp_path, packages, school_db
):
    (tmp_path / "redo").mkdir()
    redo = teacher_db(tmp_path / "redo", A, 14)
    later = tmp_path / "later.cgpkg"
    export_package(redo, A, MONTH, later, finalise=True, now=datetime(2026, 4, 5, 8, 0))
    redo.dispose()
    import_packages(school_db, [later])
    [old] = import_packages(school_db, [packages[A][0]])
    assert old.status == OLDER
    [row] = build_school_summary(school_db, MONTH, FIN).rows
    assert row.members != packages[A][1].membership.total


@pytest.mark.parametrize(
    ("what", "change", "named"),
    [
        ("a figure edited in the JSON",
         edit_total,
         "报告数据（report.json）"),
        ("the PDF replaced", lambda p: p.__setitem__(PDF, p[PDF] + b"\n% edited"),
         "报告 PDF（report.pdf）"),
        ("a file added", lambda p: p.__setitem__("extra.txt", b"x"), "extra.txt"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_an_altered_package_is_refused_naming_the_file_and_what_does_not_match(
    tmp_path, packages, school_db, what, change, named
):
    bad = rewrite(packages[A][0], tmp_path / "edited.cgpkg", change)
    [out] = import_packages(school_db, [bad])
    assert out.status == REFUSED
    assert "edited.cgpkg" in out.message and named in out.message
    assert list_packages(school_db) == []


def test_json_edited_and_manifest_rehashed_still_fails_on_the_content_hash(
    tmp_path, packages, school_db
):
    """Someone fixes up the manifest's file hash too: the content hash no longer matches."""
    import hashlib

    def change(p):
        edit_total(p)
        m = json.loads(p[MANIFEST])
        m["files"][REPORT] = hashlib.sha256(p[REPORT]).hexdigest()
        p[MANIFEST] = json.dumps(m).encode()

    bad = rewrite(packages[A][0], tmp_path / "fixed-up.cgpkg", change)
    [out] = import_packages(school_db, [bad])
    assert out.status == REFUSED and "内容校验码" in out.message


def test_unreadable_files_and_zip_bombs_are_reported_not_raised(tmp_path, school_db, monkeypatch):
    from classgroup_desktop.io import report_package as zipio

    text_file = tmp_path / "note.cgpkg"
    text_file.write_text("not a zip")
    bomb = tmp_path / "bomb.cgpkg"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(REPORT, b"\0" * (2 * 1024 * 1024))
    monkeypatch.setattr(zipio, "MAX_PART_BYTES", 1024 * 1024)
    outcomes = import_packages(school_db, [text_file, bomb, tmp_path / "missing.cgpkg"])
    assert [o.status for o in outcomes] == [UNREADABLE] * 3
    assert "不是月报包" in outcomes[0].message and "过大" in outcomes[1].message


def test_an_escalation_from_a_package_is_handled_with_a_disposition_log_verify_covers(
    packages, school_db
):
    import_packages(school_db, [packages[A][0]])
    [esc] = list_escalations(school_db, MONTH)
    assert not esc.handled and esc.package_hash
    d = dispose(school_db, esc.key, action="约谈发布者家长，已删除不实信息", handled_by="张主任",
                reported_upward=True, handled_at="2026-04-03")
    [after] = list_escalations(school_db, MONTH)
    assert after.handled and "张主任" in after.disposition and "已上报上级" in after.disposition
    report = verify_chain(school_db)
    assert report.ok and report.checked == 1
    summary = build_school_summary(school_db, MONTH, FIN)
    assert summary.handin.open_escalations == 0
    assert [r.class_name for r in summary.rows] == [A]  # the log's class record stays out
    # The disposition is in the chain: altering it is caught.
    with school_db.session() as s:
        s.execute(text("UPDATE log_entry SET description = 'x' WHERE id = :i"), {"i": d.entry_id})
    assert not verify_chain(school_db).ok


def test_classes_that_handed_in_before_but_not_this_month_are_listed(
    tmp_path, packages, school_db
):
    import_packages(school_db, [packages[A][0], packages[B][0]])
    summary = build_school_summary(school_db, "2026-04", FIN)
    assert summary.handin.not_handed_in == (A, B)


def test_change_since_previous_month_is_shown_per_class(packages, school_db):
    import_packages(school_db, [packages[A][0]])
    [change] = build_school_summary(school_db, MONTH, FIN).handin.changed
    report = packages[A][1]
    assert change.class_name == A
    assert f"→ {format_rate(report.membership.compliance_rate)}" in change.text
    assert f"新入群 {len(report.change.joined)} 人" in change.text


def test_another_class_pdf_swapped_in_with_the_manifest_fixed_is_refused(
    tmp_path, packages, school_db
):
    """The PDF's embedded content hash is compared with the report data, not only the file
    hash the manifest lists."""
    import hashlib

    with zipfile.ZipFile(packages[B][0]) as zf:
        other_pdf = zf.read(PDF)

    def change(p):
        p[PDF] = other_pdf
        m = json.loads(p[MANIFEST])
        m["files"][PDF] = hashlib.sha256(other_pdf).hexdigest()
        p[MANIFEST] = json.dumps(m).encode()

    bad = rewrite(packages[A][0], tmp_path / "swapped.cgpkg", change)
    [out] = import_packages(school_db, [bad])
    assert out.status == REFUSED and "报告 PDF 印的校验码" in out.message


@pytest.mark.parametrize("what", ["deeply nested JSON", "a 定稿 time that is not one",
                                  "a figure of the wrong type"])
def test_a_consistent_but_malformed_package_is_refused_not_a_crash(
    tmp_path, packages, school_db, what
):
    """Someone rewrites a part and fixes up the manifest's hashes: still refused, never raised."""
    import hashlib

    def change(p):
        m = json.loads(p[MANIFEST])
        if what == "deeply nested JSON":
            p[REPORT] = b"[" * 100_000 + b"]" * 100_000
        elif what == "a 定稿 time that is not one":
            m["finalised_at"] = "x" * 500
        else:
            data = json.loads(p[REPORT])
            data["log"][0]["entry_id"] = {"not": "an id"}
            p[REPORT] = dumps(data)
        m["files"][REPORT] = hashlib.sha256(p[REPORT]).hexdigest()
        p[MANIFEST] = json.dumps(m).encode()

    bad = rewrite(packages[A][0], tmp_path / "odd.cgpkg", change)
    [out] = import_packages(school_db, [bad])
    assert out.status == REFUSED and "odd.cgpkg" in out.message
    assert list_packages(school_db) == []


def test_the_same_package_sent_again_with_evidence_adds_only_the_evidence(tmp_path, school_db):
    from helpers.report_data import add_log

    from classgroup_desktop.services.report_package import EVIDENCE_ADDED

    tdb = teacher_db(tmp_path, A)
    add_log(tdb, A, "escalation", datetime(2026, 3, 28, 9, 0), rule="监管-3",
            note="转发不实信息", evidence=[("截图.png", b"\x89PNG fake evidence")])
    bare, full = tmp_path / "bare.cgpkg", tmp_path / "full.cgpkg"
    export_package(tdb, A, MONTH, bare, finalise=True, now=FIN)
    export_package(tdb, A, MONTH, full, with_evidence=True)
    tdb.dispose()
    import_packages(school_db, [bare])
    before = build_school_summary(school_db, MONTH, FIN).to_dict()
    [out] = import_packages(school_db, [full])
    assert out.status == EVIDENCE_ADDED
    [esc] = [e for e in list_escalations(school_db, MONTH) if e.evidence]
    assert esc.evidence_stored == 1
    after = build_school_summary(school_db, MONTH, FIN).to_dict()
    for data in (before, after):  # the figures are the same; only the evidence came in
        data["handin"].pop("escalations")
    assert after == before
    assert [o.status for o in import_packages(school_db, [full, bare])] == [UNCHANGED] * 2


def test_local_classes_and_packages_are_summed_alike(packages, school_db):
    """A database that keeps a class itself and receives another's package: both rows; the
    local class counts as handed in once its month is finalised."""
    from classgroup_desktop.services.report import finalise_report

    build_sample(school_db, students=8, name="五年级三班")
    import_packages(school_db, [packages[B][0]])
    summary = build_school_summary(school_db, MONTH, FIN)
    sources = {c.class_name: c.source for c in summary.handin.classes}
    assert sources == {"五年级三班": "local", B: "package"}
    assert summary.handin.not_handed_in == ("五年级三班",)
    finalise_report(school_db, "五年级三班", MONTH, now=FIN)
    assert build_school_summary(school_db, MONTH, FIN).handin.not_handed_in == ()
