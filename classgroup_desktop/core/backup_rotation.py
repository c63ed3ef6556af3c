"""Which automatic backups to keep (Anki's model): the newest few, plus one a week for a while.

Pure: given the backups' times and now, the times to keep. ``store.backup`` deletes the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

KEEP_LATEST = 10
KEEP_WEEKS = 8


def backups_to_keep(times: Sequence[datetime], now: datetime, *, latest: int = KEEP_LATEST,
                    weeks: int = KEEP_WEEKS) -> set[int]:
    """Indexes into ``times`` (one per backup, newest first; equal times allowed) of the
    backups to keep: the newest ``latest``, plus the newest of each ISO week among the last
    ``weeks`` weeks (this week included). Older ones are dropped."""
    order = sorted(range(len(times)), key=lambda i: (times[i], -i), reverse=True)
    keep = set(order[:latest])
    oldest_week_start = (now - timedelta(days=now.weekday(), weeks=weeks - 1)).replace(
        hour=0, minute=0, second=0, microsecond=0)
    seen_weeks: set[tuple[int, int]] = set()
    for i in order:
        if times[i] < oldest_week_start:
            break
        week = times[i].isocalendar()[:2]
        if week not in seen_weeks:
            seen_weeks.add(week)
            keep.add(i)
    return keep
