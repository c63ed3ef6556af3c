"""Kill test: SIGKILL at random moments while a database is created and while one at revision
0001 (100 classes, 5,000 students) is upgraded to the newest revision; afterwards every file
must open, at the newest revision, with all its rows. Target: 0 bricked, 0 rows lost.

Run: ``python bench/bench_kill.py [--trials 30]``
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.helpers.kill_trials import run_trials  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=30)
    args = parser.parse_args()
    print(f"{platform.python_version()} on {platform.machine()}, {args.trials} trials each")
    print(f"{'work':<26}{'trials':>7}{'killed mid-work':>17}{'bricked':>9}{'rows lost':>11}")
    bad = 0
    with tempfile.TemporaryDirectory(prefix="bench-kill-") as tmp:
        for label, upgrade in (("create new database", False),
                               ("upgrade 0001 -> head", True)):
            outcomes = run_trials(Path(tmp), trials=args.trials, upgrade=upgrade)
            bricked = sum(not o.opened for o in outcomes)
            lost = sum(o.opened and not o.rows_ok for o in outcomes)
            killed = sum(o.killed for o in outcomes)
            bad += bricked + lost
            print(f"{label:<26}{len(outcomes):>7}{killed:>17}{bricked:>9}{lost:>11}")
            for o in outcomes:
                if o.error:
                    print(f"    {o.error}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
