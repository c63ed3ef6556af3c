"""Pure report rules: masking, rates, months, formula guard, content hash and snapshots."""

from __future__ import annotations

import dataclasses

import pytest

from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.core.report import (
    AuditLine,
    ChartPoint,
    ClassMonthReport,
    EvidenceRef,
    FamilyNotReached,
    Finalisation,
    LogLine,
    Membership,
    MonthChange,
    RenamedMember,
    ReportHeader,
    SchoolRow,
    SchoolSummary,
    compliance_rate,
    content_hash,
    count_differences,
    escape_formula,
    format_rate,
    month_bounds,
    needs_formula_guard,
    parse_month,
    previous_month,
    report_from_dict,
    school_totals,
)


@pytest.mark.parametrize(
    ("ok", "total", "rate", "shown"),
    [(37, 40, 0.925, "92.5%"), (0, 10, 0.0, "0.0%"), (5, 5, 1.0, "100.0%"), (0, 0, None, "—")],
    ids=["most", "none-ok", "all-ok", "empty-group-has-no-rate"],
)
def test_compliance_rate(ok, total, rate, shown):
    assert compliance_rate(ok, total) == rate
    assert format_rate(compliance_rate(ok, total)) == shown


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2026-03", "2026-03"),
        ("2026-3", "2026-03"),
        ("2026年3月", "2026-03"),
        ("2026/12", "2026-12"),
        (" 2026-01 ", "2026-01"),
    ],
)
def test_parse_month_accepts_common_spellings(text, month):
    assert parse_month(text) == month


@pytest.mark.parametrize("text", ["2026-13", "2026", "三月", "", "26-03"])
def test_parse_month_rejects_with_chinese_message(text):
    with pytest.raises(BadInputError, match="YYYY-MM"):
        parse_month(text)


def test_month_bounds_and_previous_month_cross_year():
    start, end = month_bounds("2026-12")
    assert (start.year, start.month, end.year, end.month) == (2026, 12, 2027, 1)
    assert previous_month("2026-01") == "2025-12"


@pytest.mark.parametrize(
    ("text", "guarded"),
    [
        ("=1+1", True),
        ("+86 138", True),
        ("-5", True),
        ("@SUM(A1)", True),
        ("\tx", True),
        ("王小明妈妈", False),
        ("1+1=2", False),
        ("", False),
    ],
)
def test_formula_guard(text, guarded):
    assert needs_formula_guard(text) is guarded
    assert escape_formula(text) == ("'" + text if guarded else text)


def _report(**changes) -> ClassMonthReport:
    base = ClassMonthReport(
        header=ReportHeader(
            "实验小学", "三年级二班", "家校群", "李建国", "2026-03", "2026-04-01 08:00"
        ),
        membership=Membership(
            "in_month",
            "2026-03-25 20:30",
            total=40,
            teachers=2,
            parents=36,
            ok=37,
            rename=1,
            unknown=2,
            compliance_rate=0.925,
            roster_students=40,
            families_not_reached=(FamilyNotReached("周欣怡", "40", ("妈妈 138****0039",)),),
        ),
        change=MonthChange(
            "2026-02-20 19:00",
            joined=("Lily",),
            left=(),
            renamed=(RenamedMember("李子涵妈妈", "李子涵的妈妈"),),
        ),
        audits=(AuditLine(2, "2026-03-25 20:30", "粘贴", 40, 37, 1, 2, 0.925),),
        noncompliant=(),
        unknown=(),
        log=(
            LogLine(
                1,
                "2026-03-07 09:00",
                "clear-out",
                "花开富贵",
                "入群-1",
                "仅限本班",
                "已清退",
                "李建国",
                (EvidenceRef("a.png", "ab" * 32),),
            ),
        ),
        pending=(),
        chart=(ChartPoint("2026-03-25 20:30", 0.925),),
        chain_head="f" * 64,
    )
    return dataclasses.replace(base, **changes)


def test_content_hash_ignores_print_time_and_finalisation_but_not_data():
    r = _report()
    reprinted = dataclasses.replace(
        r,
        header=dataclasses.replace(r.header, generated_at="2027-01-01 00:00"),
        finalisation=Finalisation("2026-04-01 09:00", "李建国", "x"),
    )
    assert content_hash(reprinted) == content_hash(r)
    changed = dataclasses.replace(r, membership=dataclasses.replace(r.membership, ok=36))
    assert content_hash(changed) != content_hash(r)
    assert len(content_hash(r)) == 64


def test_snapshot_round_trip_rebuilds_the_same_report():
    r = _report(finalisation=Finalisation("2026-04-01 09:00", None, "h", 2))
    again = report_from_dict(r.to_dict())
    assert again == r
    assert content_hash(again) == content_hash(r)


def test_count_differences_counts_changed_items_once():
    r = _report()
    assert count_differences(r, r) == 0
    extra = dataclasses.replace(r, log=r.log + (dataclasses.replace(r.log[0], entry_id=9),))
    assert count_differences(r, extra) == 1
    figures = dataclasses.replace(r, membership=dataclasses.replace(r.membership, ok=36, rename=2))
    assert count_differences(r, figures) == 2
    # a new chain head alone (another class logged something) is not an update of this report
    assert count_differences(r, dataclasses.replace(r, chain_head="0" * 64)) == 0


def test_school_totals_weigh_compliance_by_members():
    rows = [
        SchoolRow("一班", None, 40, 0.9, 1, 2, 1, 0, 0, 1),
        SchoolRow("二班", None, 10, 0.5, 2, 1, 0, 1, 1, 0),
        SchoolRow("三班", None, 0, None, 0, 0, 0, 0, 0, 0),
    ]
    t = school_totals(rows)
    assert (t.members, t.families_not_reached, t.audits, t.escalations) == (50, 3, 3, 1)
    assert t.compliance_rate == pytest.approx((36 + 5) / 50)
    summary = SchoolSummary("校", "2026-03", "now", tuple(rows), t, (), "")
    assert report_from_dict(summary.to_dict()) == summary
