"""Event log figures: append rate, chain verification, listing, ladder and pending items.

Run: python bench/bench_log.py [N]   (default 2000 entries, a temp SQLite file; prints a table)
"""

from __future__ import annotations

import platform
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classgroup_desktop.services import log, log_chain  # noqa: E402
from classgroup_desktop.services.classes import create_class  # noqa: E402
from classgroup_desktop.services.pending import pending_items  # noqa: E402
from classgroup_desktop.store.db import open_database  # noqa: E402

RULES = ["入群-2", "宗旨-2", "家长-3", "入群-1"]


def main(n: int = 2000) -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "bench.sqlite3")
        create_class(db, "三年级2班")
        shot = Path(tmp) / "shot.png"
        shot.write_bytes(b"\x89PNG" + bytes(200_000))  # a 200 KB screenshot
        start = datetime.now() - timedelta(days=n // 20 + 1)
        t = time.perf_counter()
        for i in range(n):
            kind = "clear-out" if i % 10 == 9 else "reminder"
            log.add_entry(db, "三年级2班", kind, member=f"成员{i % 150}", rule=RULES[i % 4],
                          note="说明" * 10, occurred_at=start + timedelta(hours=i),
                          evidence=[shot] if i % 50 == 0 else ())
        append = time.perf_counter() - t
        rows.append((f"append {n} entries (1 in 50 with a 200 KB screenshot)", append,
                     f"{append / n * 1000:.1f} ms/entry"))
        for label, fn in [
            ("verify_chain (all entries + attachments)", lambda: log_chain.verify_chain(db)),
            ("list_entries (one class)", lambda: log.list_entries(db, "三年级2班")),
            ("ladder_suggestions", lambda: log.ladder_suggestions(db, "三年级2班")),
            ("pending_items (no audits)", lambda: pending_items(db, "三年级2班")),
        ]:
            t = time.perf_counter()
            result = fn()
            elapsed = time.perf_counter() - t
            extra = f"ok={result.ok}" if hasattr(result, "ok") else f"{len(result)} items"
            rows.append((label, elapsed, extra))
        db.dispose()
    print(f"# bench_log  N={n}  {platform.platform()}  Python {platform.python_version()}")
    print(f"{'step':<58}{'seconds':>10}  note")
    for label, seconds, note in rows:
        print(f"{label:<58}{seconds:>10.3f}  {note}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
