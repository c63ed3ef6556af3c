"""Which automatic backups to keep (Anki's model): the newest few, plus one a week for a while.

Pure: given the backups' times and now, the times to keep. ``store.backup`` deletes the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

KEEP_LATEST = 10
KEEP_WEEKS = 8


def backups_to_keep(times: Iterable[datetime], now: datetime, *, latest: int = KEEP_LATEST,
                    weeks: int = KEEP_WEEKS) -> set[datetime]:
    """The newest ``latest`` backups, plus the newest backup of each ISO week among the last
    ``weeks`` weeks (this week included). Anything older is dropped, except that the single
    newest backup is always kept whatever its age."""
    ordered = sorted(set(times), reverse=True)
    keep = set(ordered[:latest])
    oldest_week_start = (now - timedelta(days=now.weekday(), weeks=weeks - 1)).replace(
        hour=0, minute=0, second=0, microsecond=0)
    seen_weeks: set[tuple[int, int]] = set()
    for moment in ordered:
        if moment < oldest_week_start:
            break
        week = moment.isocalendar()[:2]
        if week not in seen_weeks:
            seen_weeks.add(week)
            keep.add(moment)
    return keep
