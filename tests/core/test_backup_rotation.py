"""Which automatic backups are kept: the newest ten, plus one a week for eight weeks."""

from __future__ import annotations

from datetime import datetime, timedelta

from classgroup_desktop.core.backup_rotation import backups_to_keep

NOW = datetime(2026, 12, 3, 16, 20)


def test_newest_ten_are_kept_and_older_same_week_ones_dropped():
    times = [NOW - timedelta(hours=h) for h in range(15)]  # all this week, newest first
    assert backups_to_keep(times, NOW) == set(range(10))


def test_one_backup_a_week_is_kept_for_eight_weeks():
    times = [NOW - timedelta(hours=h) for h in range(10)]
    weekly = [NOW - timedelta(weeks=w, hours=1) for w in range(1, 12)]
    keep = backups_to_keep(times + weekly, NOW)
    kept_weekly = sorted(i - 10 for i in keep if i >= 10)
    assert kept_weekly == list(range(7))  # weeks 1..7 ago; this week is the 8th


def test_two_backups_in_one_second_are_both_counted():
    times = [NOW, NOW, NOW - timedelta(days=90)]
    assert backups_to_keep(times, NOW, latest=2) == {0, 1}
