"""Building the class monthly report and the school summary from the tables; finalising."""

from __future__ import annotations

from datetime import datetime

import pytest
from helpers.report_data import (
    CLASS,
    MONTH,
    add_audit,
    add_log,
    build_sample,
    make_class,
    parent,
    teacher,
    unknown,
)

from classgroup_desktop.core.errors import BadInputError, ConflictError, NotFoundError
from classgroup_desktop.core.report import BASIS_BEFORE, BASIS_IN_MONTH, BASIS_NONE
from classgroup_desktop.services.report import (
    build_class_report,
    build_school_summary,
    finalise_report,
    finalised_months,
)

NOW = datetime(2026, 4, 2, 9, 0)


@pytest.fixture
def sample(db):
    return build_sample(db)


def test_header_names_school_class_group_teacher_and_month(db, sample):
    h = build_class_report(db, CLASS, MONTH, NOW).header
    assert (h.school, h.class_name, h.wechat_group_name, h.head_teacher, h.month) == (
        "浦东新区实验小学",
        CLASS,
        "三（2）班家校群",
        "李建国",
        "2026-03",
    )
    assert h.generated_at == "2026-04-02 09:00"


def test_membership_at_month_end_comes_from_the_last_audit_of_the_month(db, sample):
    m = build_class_report(db, CLASS, MONTH, NOW).membership
    assert m.basis == BASIS_IN_MONTH and m.audit_taken_at == "2026-03-25 20:30"
    assert (m.total, m.teachers, m.ok, m.rename, m.unknown) == (
        sample["members"],
        2,
        sample["ok"],
        len(sample["renamed"]),
        2,
    )
    assert m.compliance_rate == pytest.approx(sample["ok"] / sample["members"])
    assert [f.student for f in m.families_not_reached] == sample["not_reached"]
    # guardians' phones are masked in the report data itself
    assert all("****" in c for f in m.families_not_reached for c in f.contacts)


def test_change_vs_previous_month_lists_joined_left_renamed(db, sample):
    ch = build_class_report(db, CLASS, MONTH, NOW).change
    assert ch.previous_audit_taken_at == "2026-02-20 19:00"
    assert list(ch.joined) == sample["joined"]
    assert ch.left == ()
    assert [(x.old, x.new) for x in ch.renamed] == [
        (f"{n}妈妈", f"{n}的妈妈") for n in sample["renamed"]
    ]


def test_audits_noncompliant_and_unknown_members_with_what_was_done(db, sample):
    r = build_class_report(db, CLASS, MONTH, NOW)
    assert [a.taken_at for a in r.audits] == ["2026-03-05 20:00", "2026-03-25 20:30"]
    assert [(x.nickname, x.suggestion) for x in r.noncompliant] == [
        (f"{n}的妈妈", f"{n}妈妈") for n in sample["renamed"]
    ]
    unknown = {x.nickname: x.actions for x in r.unknown}
    assert unknown["花开富贵"] == ("03-07 清退（入群-1）", "03-10 上报（监管-3）")
    assert unknown["Lily"] == ()


def test_month_log_has_rule_titles_evidence_voids_and_masked_phones(db, sample):
    log = build_class_report(db, CLASS, MONTH, NOW).log
    assert [e.kind for e in log] == ["reminder", "clear-out", "escalation", "note", "void"]
    reminder, clear_out, _esc, note, void = log
    assert reminder.rule_code == "入群-2" and reminder.rule_title
    assert "139****5678" in reminder.description and "13912345678" not in reminder.description
    assert [ev.file_name for ev in clear_out.evidence] == ["截图0307.png"]
    assert len(clear_out.evidence[0].sha256) == 64
    assert note.voided_by == void.entry_id and void.voids_entry_id == note.entry_id


def test_pending_shows_a_clear_out_not_carried_out(db, sample):
    pending = build_class_report(db, CLASS, MONTH, NOW).pending
    assert any(p.kind == "清退未执行" and p.nickname == "花开富贵" for p in pending)


def test_chart_has_the_compliance_rate_of_each_recent_audit(db, sample):
    chart = build_class_report(db, CLASS, MONTH, NOW).chart
    assert [p.taken_at[:10] for p in chart] == ["2026-02-20", "2026-03-05", "2026-03-25"]
    assert all(0 <= p.rate <= 1 for p in chart)


def test_month_without_audit_uses_the_latest_before_and_says_so(db, sample):
    r = build_class_report(db, CLASS, "2026-04", NOW)
    assert r.membership.basis == BASIS_BEFORE
    assert r.membership.audit_taken_at == "2026-03-25 20:30"
    assert r.audits == () and r.log == ()
    assert r.change.previous_audit_taken_at is None


def test_month_before_any_audit_has_no_membership_figures(db, sample):
    r = build_class_report(db, CLASS, "2026-01", NOW)
    assert r.membership.basis == BASIS_NONE and r.membership.total == 0
    assert r.noncompliant == () and r.unknown == ()


def test_member_who_left_is_listed(db):
    make_class(db, "一班", 3)
    add_audit(db, "一班", datetime(2026, 2, 1), [teacher("李建国"), parent("王子涵")])
    add_audit(db, "一班", datetime(2026, 3, 1), [teacher("李建国")])
    assert build_class_report(db, "一班", MONTH, NOW).change.left == ("王子涵妈妈",)


@pytest.mark.parametrize(
    ("class_name", "month", "error"),
    [
        ("不存在的班", MONTH, NotFoundError),
        (CLASS, "2026-13", BadInputError),
        (CLASS, "三月", BadInputError),
    ],
    ids=["unknown-class", "month-13", "month-in-words"],
)
def test_bad_input_gives_a_user_error(db, sample, class_name, month, error):
    with pytest.raises(error):
        build_class_report(db, class_name, month, NOW)


def test_school_summary_rows_totals_and_escalations(db, sample):
    make_class(db, "三年级一班", 30, offset=100)
    add_audit(db, "三年级一班", datetime(2026, 3, 3), [teacher("李建国"), parent("王子涵")])
    add_log(db, "三年级一班", "reminder", datetime(2026, 3, 4), member="x", rule="宗旨-2")
    s = build_school_summary(db, MONTH, NOW)
    assert [row.class_name for row in s.rows] == ["三年级一班", CLASS]  # by name, never ranked
    two = s.rows[1]
    assert (two.members, two.audits, two.reminders, two.clear_outs, two.escalations) == (
        sample["members"],
        2,
        1,
        1,
        1,
    )
    assert two.families_not_reached == 4 and two.pending >= 1
    assert s.totals.members == sample["members"] + 2
    assert s.totals.reminders == 2
    assert [(e.class_name, e.rule_code) for e in s.escalations] == [(CLASS, "监管-3")]
    assert "二维码" in s.escalations[0].description


def test_finalise_then_change_then_reprint_shows_original_figures_and_the_note(db, sample):
    before = build_class_report(db, CLASS, MONTH, NOW)
    fin = finalise_report(db, CLASS, MONTH, by="李建国", now=NOW)
    assert fin.content_hash == before.content_hash
    assert finalised_months(db, CLASS) == [MONTH]
    # Later: a late log entry for March and a new audit in March.
    add_log(db, CLASS, "reminder", datetime(2026, 3, 28), member="Lily", rule="入群-2")
    add_audit(db, CLASS, datetime(2026, 3, 30), [teacher("李建国")])
    reprint = build_class_report(db, CLASS, MONTH, datetime(2026, 5, 1))
    assert reprint.membership == before.membership  # original figures
    assert reprint.log == before.log
    assert reprint.content_hash == fin.content_hash
    assert reprint.finalisation is not None
    assert reprint.finalisation.finalised_by == "李建国"
    assert reprint.finalisation.updates_since >= 3  # log line, audit line, month-end figures
    fresh = build_class_report(db, CLASS, MONTH, NOW, use_snapshot=False)
    assert fresh.membership.total == 1


def test_reprint_without_changes_has_no_update_note(db, sample):
    finalise_report(db, CLASS, MONTH, now=NOW)
    reprint = build_class_report(db, CLASS, MONTH, datetime(2026, 6, 1))
    assert reprint.finalisation.updates_since == 0
    assert reprint.finalisation.finalised_by == "李建国"  # from the teacher-name setting


def test_a_month_is_finalised_once(db, sample):
    finalise_report(db, CLASS, MONTH, now=NOW)
    with pytest.raises(ConflictError, match="已于"):
        finalise_report(db, CLASS, MONTH, now=NOW)


def test_school_summary_can_be_finalised(db, sample):
    fin = finalise_report(db, None, MONTH, now=NOW)
    add_log(db, CLASS, "escalation", datetime(2026, 3, 29), member="Lily", rule="监管-3")
    again = build_school_summary(db, MONTH)
    assert again.content_hash == fin.content_hash
    assert len(again.escalations) == 1 and again.finalisation.updates_since >= 1


def test_families_not_reached_resolve_same_name_students_by_student_number(db):
    third = make_class(db, "二班", 3)[2]
    with db.session() as s:
        from sqlalchemy import select

        from classgroup_desktop.store.models import StudentRow

        rows = s.scalars(select(StudentRow).order_by(StudentRow.id)).all()
        rows[0].name = rows[1].name = "张伟"
    add_audit(
        db,
        "二班",
        datetime(2026, 3, 2),
        [teacher("李建国")],
        not_reached=["张伟（01）", "张伟（02）", third],
    )
    fam = build_class_report(db, "二班", MONTH, NOW).membership.families_not_reached
    assert [(f.student, f.student_no) for f in fam] == [
        ("张伟（01）", "01"),
        ("张伟（02）", "02"),
        (third, "03"),
    ]
    assert fam[0].contacts == ("妈妈 138****0000",) and fam[1].contacts == ("妈妈 138****0001",)


def test_phone_numbers_in_nicknames_are_masked_everywhere(db):
    make_class(db, "三班", 2)
    phone_nick = "王子涵妈妈13912345678"
    add_audit(db, "三班", datetime(2026, 2, 1), [teacher("李建国"), unknown("卖房13800001111")])
    add_audit(
        db,
        "三班",
        datetime(2026, 3, 1),
        [
            teacher("李建国"),
            parent("王子涵", nickname=phone_nick, status="rename", suggestion="王子涵妈妈"),
        ],
    )
    add_log(db, "三班", "reminder", datetime(2026, 3, 2), member=phone_nick, rule="入群-2")
    r = build_class_report(db, "三班", MONTH, NOW)
    text = str(r.to_dict())
    assert "13912345678" not in text and "13800001111" not in text
    assert r.noncompliant[0].nickname == "王子涵妈妈139****5678"
    assert r.change.left == ("卖房138****1111",)
    assert r.log[0].member == "王子涵妈妈139****5678"
