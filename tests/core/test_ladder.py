"""The escalation ladder on built histories: suggestions appear, windows and voids count."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.core.ladder import LadderPolicy, evaluate
from classgroup_desktop.core.logchain import LogEntry
from classgroup_desktop.io.resources import default_ladder

T0 = datetime(2026, 11, 1, 9)


def E(i, kind, member, rule=None, day=0, voided_by=None) -> LogEntry:  # noqa: N802
    return LogEntry(
        id=i,
        class_id=1,
        class_name="c",
        kind=kind,
        member=member,
        identity=None,
        rule=rule,
        description="",
        occurred_at=T0 + timedelta(days=day),
        recorded_at=T0,
        recorded_by=None,
        voids_entry_id=None,
        attachments=(),
        prev_hash="",
        entry_hash=str(i),
        voided_by=voided_by,
    )


POLICY = LadderPolicy.from_dict(default_ladder())


def kinds(entries, **kw):
    return [(s.member, s.suggest_kind, s.rule) for s in evaluate(entries, POLICY, **kw)]


def test_two_conduct_reminders_within_30_days_suggest_clear_out():
    h = [E(1, "reminder", "甲", "家长-3", 0), E(2, "reminder", "甲", "宗旨-2", 10)]
    assert kinds(h) == [("甲", "clear-out", "宗旨-2")]


def test_reminders_more_than_30_days_apart_suggest_nothing():
    h = [E(1, "reminder", "甲", "家长-3", 0), E(2, "reminder", "甲", "家长-3", 31)]
    assert kinds(h) == []


def test_rename_reminders_are_not_conduct_reminders():
    h = [E(1, "reminder", "甲", "入群-2", 0), E(2, "reminder", "甲", "入群-2", 1)]
    assert kinds(h) == []


def test_reminders_of_two_members_do_not_add_up():
    h = [E(1, "reminder", "甲", "家长-3", 0), E(2, "reminder", "乙", "家长-3", 1)]
    assert kinds(h) == []


def test_voided_reminder_does_not_count():
    h = [
        E(1, "reminder", "甲", "家长-3", 0, voided_by=3),
        E(2, "reminder", "甲", "家长-3", 1),
        E(3, "void", "甲", None, 2),
    ]
    assert kinds(h) == []


def test_serious_clear_out_suggests_escalation():
    assert kinds([E(1, "clear-out", "乙", "宗旨-3")]) == [("乙", "escalation", "监管-3")]
    assert kinds([E(1, "clear-out", "乙", "监管-3")]) == [("乙", "escalation", "监管-3")]
    assert kinds([E(1, "clear-out", "乙", "入群-1")]) == []


def test_suggestion_is_acted_on_once_the_suggested_entry_exists_later():
    h = [
        E(1, "reminder", "甲", "家长-3", 0),
        E(2, "reminder", "甲", "家长-3", 5),
        E(3, "clear-out", "甲", "家长-3", 6),
    ]
    assert kinds(h) == []
    acted = evaluate(h, POLICY, include_acted=True)
    assert [s.acted_on for s in acted] == [True]


def test_earlier_clear_out_does_not_act_on_a_later_suggestion():
    h = [
        E(1, "clear-out", "甲", "入群-1", 0),
        E(2, "readmit", "甲", None, 1),
        E(3, "reminder", "甲", "家长-3", 2),
        E(4, "reminder", "甲", "家长-3", 3),
    ]
    assert kinds(h) == [("甲", "clear-out", "家长-3")]


def test_at_limits_the_history():
    h = [E(1, "reminder", "甲", "家长-3", 0), E(2, "reminder", "甲", "家长-3", 5)]
    assert kinds(h, at=T0 + timedelta(days=1)) == []


def test_members_grouped_by_key():
    h = [E(1, "reminder", "甲 妈妈", "家长-3", 0), E(2, "reminder", "甲妈妈", "家长-3", 1)]
    assert len(kinds(h, member_key=lambda s: "".join(s.split()))) == 1


def test_policy_round_trips_and_rejects_nonsense():
    assert LadderPolicy.from_dict(POLICY.to_dict()) == POLICY
    assert POLICY.rename_grace_days == 3
    with pytest.raises(BadInputError):
        LadderPolicy.from_dict({"steps": [{"when_kind": "shout", "suggest_kind": "clear-out"}]})
    with pytest.raises(BadInputError):
        LadderPolicy.from_dict({"steps": [{"when_kind": "reminder"}]})


def test_suggestion_text_is_chinese_and_names_member_and_rule():
    s = evaluate([E(1, "clear-out", "乙", "宗旨-3")], POLICY)[0]
    assert s.text.startswith("建议上报 乙（监管-3）")
