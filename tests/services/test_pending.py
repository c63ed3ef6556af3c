"""Closing the loop: clear-outs not carried out and rename reminders without effect, from
histories of log entries and audits built straight into the tables."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from classgroup_desktop.services import log
from classgroup_desktop.services.classes import create_class
from classgroup_desktop.services.pending import NOT_CLEARED, REMINDER_INEFFECTIVE, pending_items
from classgroup_desktop.services.settings import ESCALATION_LADDER, set_setting
from classgroup_desktop.store.models import AuditMemberRow, AuditRow

CLASS = "三年级2班"
NOW = datetime(2026, 11, 20, 12)


@pytest.fixture
def cdb(db):
    create_class(db, CLASS)
    return db


def audit(db, when: datetime, members: dict[str, str]) -> int:
    with db.session() as s:
        row = AuditRow(
            class_id=1, taken_at=when, source="test", total=len(members), ok=0, rename=0, unknown=0
        )
        s.add(row)
        s.flush()
        for i, (nick, status) in enumerate(members.items(), start=1):
            s.add(
                AuditMemberRow(
                    audit_id=row.id, position=i, nickname=nick, normalized=nick, status=status
                )
            )
        return row.id


def entry(db, kind, member, rule, when: datetime):
    return log.add_entry(db, CLASS, kind, member=member, rule=rule, occurred_at=when, now=NOW)


def kinds(db, at=NOW):
    return [(p.kind, p.nickname) for p in pending_items(db, CLASS, at=at)]


def test_cleared_out_member_still_present_later_is_pending(cdb):
    entry(cdb, "clear-out", "推销小王", "家长-3", NOW - timedelta(days=5))
    audit(cdb, NOW - timedelta(days=2), {"推销小王": "unknown", "张三妈妈": "ok"})
    items = pending_items(cdb, CLASS, at=NOW)
    assert [(p.kind, p.nickname) for p in items] == [(NOT_CLEARED, "推销小王")]
    assert "仍在群内" in items[0].detail


def test_cleared_out_member_gone_from_latest_audit_is_done(cdb):
    entry(cdb, "clear-out", "推销小王", "家长-3", NOW - timedelta(days=5))
    audit(cdb, NOW - timedelta(days=4), {"推销小王": "unknown"})
    audit(cdb, NOW - timedelta(days=1), {"张三妈妈": "ok"})
    assert kinds(cdb) == []


def test_audit_before_the_clear_out_does_not_count(cdb):
    audit(cdb, NOW - timedelta(days=6), {"推销小王": "unknown"})
    entry(cdb, "clear-out", "推销小王", "家长-3", NOW - timedelta(days=5))
    assert kinds(cdb) == []


def test_date_only_clear_out_counts_from_the_end_of_that_day(cdb):
    day = (NOW - timedelta(days=3)).replace(hour=0)
    audit(cdb, day.replace(hour=8), {"推销小王": "unknown"})  # the audit that prompted it
    entry(cdb, "clear-out", "推销小王", "家长-3", day)
    assert kinds(cdb) == []
    audit(cdb, NOW - timedelta(days=1), {"推销小王": "unknown"})
    assert kinds(cdb) == [(NOT_CLEARED, "推销小王")]


def test_voided_or_readmitted_clear_out_is_not_pending(cdb):
    e = entry(cdb, "clear-out", "甲", "入群-1", NOW - timedelta(days=5))
    entry(cdb, "clear-out", "乙", "入群-1", NOW - timedelta(days=5))
    entry(cdb, "readmit", "乙", None, NOW - timedelta(days=4))
    log.void_entry(cdb, e.id, "误操作", now=NOW - timedelta(days=4))
    audit(cdb, NOW - timedelta(days=1), {"甲": "unknown", "乙": "ok"})
    assert kinds(cdb) == []


def test_member_matched_by_nickname_key_ignoring_spaces(cdb):
    entry(cdb, "clear-out", "推销 小王", "家长-3", NOW - timedelta(days=5))
    audit(cdb, NOW - timedelta(days=1), {"推销小王": "unknown"})
    assert kinds(cdb) == [(NOT_CLEARED, "推销 小王")]


def test_rename_reminder_without_effect_after_grace_days(cdb):
    entry(cdb, "reminder", "小明妈", "入群-2", NOW - timedelta(days=5))
    audit(cdb, NOW - timedelta(days=1), {"小明妈": "rename"})
    items = pending_items(cdb, CLASS, at=NOW)
    assert [(p.kind, p.nickname) for p in items] == [(REMINDER_INEFFECTIVE, "小明妈")]
    assert "4 天后" in items[0].detail


def test_rename_reminder_within_grace_days_is_not_yet_pending(cdb):
    entry(cdb, "reminder", "小明妈", "入群-2", NOW - timedelta(days=2))
    audit(cdb, NOW - timedelta(days=1), {"小明妈": "rename"})
    assert kinds(cdb) == []


def test_grace_days_come_from_the_ladder_policy(cdb):
    policy = log.ladder_policy(cdb).to_dict()
    policy["rename_grace_days"] = 1
    set_setting(cdb, ESCALATION_LADDER, policy)
    entry(cdb, "reminder", "小明妈", "入群-2", NOW - timedelta(days=2))
    audit(cdb, NOW - timedelta(days=1), {"小明妈": "rename"})
    assert kinds(cdb) == [(REMINDER_INEFFECTIVE, "小明妈")]


def test_renamed_or_left_member_closes_the_reminder(cdb):
    entry(cdb, "reminder", "小明妈", "入群-2", NOW - timedelta(days=9))
    entry(cdb, "reminder", "李四", "入群-2", NOW - timedelta(days=9))
    audit(cdb, NOW - timedelta(days=1), {"王小明妈妈": "ok", "李四": "ok"})
    assert kinds(cdb) == []


def test_conduct_reminder_is_not_a_rename_reminder(cdb):
    entry(cdb, "reminder", "小明妈", "宗旨-2", NOW - timedelta(days=9))
    audit(cdb, NOW - timedelta(days=1), {"小明妈": "rename"})
    assert kinds(cdb) == []


def test_clear_out_after_the_reminder_replaces_it(cdb):
    entry(cdb, "reminder", "小明妈", "入群-2", NOW - timedelta(days=9))
    entry(cdb, "clear-out", "小明妈", "入群-2", NOW - timedelta(days=3))
    audit(cdb, NOW - timedelta(days=1), {"小明妈": "rename"})
    assert kinds(cdb) == [(NOT_CLEARED, "小明妈")]


def test_no_audits_no_pending(cdb):
    entry(cdb, "clear-out", "甲", "入群-1", NOW - timedelta(days=5))
    assert kinds(cdb) == []


def test_at_ignores_later_audits(cdb):
    entry(cdb, "clear-out", "甲", "入群-1", NOW - timedelta(days=5))
    audit(cdb, NOW - timedelta(days=1), {"甲": "unknown"})
    assert kinds(cdb, at=NOW - timedelta(days=2)) == []
